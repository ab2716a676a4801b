// The facilitator console's state for one session: the meeting and session it shows, with its open
// help requests (kept by the meeting grain). The FacilitatorConsole component renders it (with the
// draft, assign, open, extend, move, close, broadcast and people forms). The server is the source of
// truth: every action answers with (or is followed by a notice that triggers a reload of) the session's state.
import { signal } from "@preact/signals";
import type * as api from "./meetings-api";
import type { OverviewRoom } from "./round-overview";

export interface ConsoleHost {
  meetingId(): string;
  sessionId(): string;
  /** The state changed on the server: reload and re-render. */
  reload(breakouts?: api.BreakoutView): Promise<void>;
  /** Opens a room's chat (a facilitator may join any room). */
  visit(roomId: string): void;
  nameOf(email: string): string;
  /** The live overview of the running round's rooms (empty outside an open round). */
  overview(): OverviewRoom[];
}

export class ConsoleView {
  /** Bumped on every change the console shows. */
  readonly revision = signal(0);
  meeting: api.MeetingView | null = null;
  session: api.SessionView | null = null;
  constructor(readonly host: ConsoleHost) {}

  /** The session's open help requests, as the meeting (the server) has them: the same for every facilitator. */
  get help(): readonly api.HelpRequestView[] {
    return this.session?.helpRequests ?? [];
  }

  hide(): void {
    this.meeting = null;
    this.session = null;
    this.revision.value++;
  }

  render(meeting: api.MeetingView, session: api.SessionView): void {
    this.meeting = meeting;
    this.session = session;
    this.changed();
  }

  /** Something the console shows changed (e.g. a room's message count). */
  changed(): void {
    this.revision.value++;
  }

  /** A member of a breakout room, by name (and country, for participants). */
  person(email: string): { displayName: string; country: string | null } {
    const p = this.meeting?.participants.find((x) => x.email === email);
    return { displayName: p?.displayName ?? this.host.nameOf(email), country: p?.country ?? null };
  }
}
