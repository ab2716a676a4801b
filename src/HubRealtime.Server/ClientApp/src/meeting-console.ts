// The facilitator console's state for one session: the meeting and session it shows, and the help
// queue gathered from the facilitators' room. The FacilitatorConsole component renders it (with the
// draft, assign, open, extend, move, close, broadcast and people forms). The server is the source of
// truth: every action answers with (or is followed by a notice that triggers a reload of) the session's state.
import { signal } from "@preact/signals";
import type * as api from "./meetings-api";

export interface ConsoleHost {
  meetingId(): string;
  sessionId(): string;
  /** The state changed on the server: reload and re-render. */
  reload(breakouts?: api.BreakoutView): Promise<void>;
  /** Opens a room's chat (a facilitator may join any room). */
  visit(roomId: string): void;
  nameOf(email: string): string;
}

export interface HelpRequest {
  seq: number;
  email: string;
  displayName: string;
  roomId: string | null;
  text: string;
  at: string;
}

export class ConsoleView {
  /** Bumped on every change the console shows. */
  readonly revision = signal(0);
  meeting: api.MeetingView | null = null;
  session: api.SessionView | null = null;
  private readonly queue: HelpRequest[] = [];

  constructor(readonly host: ConsoleHost) {}

  get help(): readonly HelpRequest[] {
    return this.queue;
  }

  hide(): void {
    this.queue.length = 0;
    this.meeting = null;
    this.session = null;
    this.revision.value++;
  }

  /** A "help.requested" notice of the facilitators' room (live or from its history). */
  addHelp(request: HelpRequest): void {
    if (this.queue.some((h) => h.seq === request.seq)) return;
    this.queue.push(request);
    this.queue.sort((a, b) => a.seq - b.seq);
    this.revision.value++;
  }

  render(meeting: api.MeetingView, session: api.SessionView): void {
    this.meeting = meeting;
    this.session = session;
    this.revision.value++;
  }

  /** A member of a breakout room, by name (and country, for participants). */
  person(email: string): { displayName: string; country: string | null } {
    const p = this.meeting?.participants.find((x) => x.email === email);
    return { displayName: p?.displayName ?? this.host.nameOf(email), country: p?.country ?? null };
  }
}
