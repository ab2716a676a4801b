// The meeting beside the room chat (participant view, live countdown, broadcasts, help, outcomes; the
// facilitator console, with its live overview of a running round, for facilitators): which room to be in,
// and the state the MeetingPanel, MeetingBanner and BackToPlenary components render. The list of meetings
// is MeetingsPage.
// Notices in the room stream say that something changed; the meeting's HTTP view is the truth.
import * as api from "./meetings-api";
import type { Connection } from "./connection";
import { apiErrorText } from "./forms";
import { signal } from "@preact/signals";
import { t } from "./i18n";
import { navigate, route } from "./app/state";
import type { Route } from "./app/routes";
import { Methods, type PresenceUser, type RoomSnapshot } from "./protocol";
import { isNotice, type RoomEvent, type RoomNoticeEvent } from "./room-events";
import { ConsoleView } from "./meeting-console";
import { MessageCounts, roundOverview } from "./round-overview";

/**
 * Breakout rooms a facilitator's page watches for the live overview: a connection holds at most 100 rooms
 * (joined or watched; docs/protocol.md), and the chat, the plenary and the facilitators' room need theirs.
 */
export const MAX_OVERVIEW_ROOMS = 90;

/**
 * A meeting that could not be opened: for that visit of its address (the route object), the meetings
 * page stands in for it, saying why. Coming to the address again (a link, the back button) tries again.
 */
export const openFailure = signal<{ route: Route; text: string } | null>(null);

export interface MeetingHost {
  connection(): Promise<Connection>;
  userId(): string;
  /** Opens the chat of a room in the room view; rooms for which keepJoined is true stay joined on leaving. */
  openChat(roomId: string, title: string, readOnly: boolean): Promise<boolean>;
  /** The room the chat shows, or null. */
  chatRoomId(): string | null;
  announce(text: string): void;
  /** The moderator right or the meeting state changed: re-render message tools. */
  refreshMessages(): void;
  /** Who is in a joined or watched room now. */
  presentIn(roomId: string): readonly PresenceUser[];
}

export class MeetingPages {
  /** Bumped on every change the meeting's components show. */
  readonly revision = signal(0);
  /** Why the last action or reload of the meeting failed (#meeting-error), or null. */
  readonly error = signal<string | null>(null);
  /** The facilitator console's state (the FacilitatorConsole component renders it). */
  readonly console: ConsoleView;
  private roomClosed = false;
  /** The panel shows once the meeting has rendered (or its room opened), until the meeting is left. */
  private shown = false;

  private meeting: api.MeetingView | null = null;
  private sessionId = "";
  /** Rooms watched for their notices (plenary, facilitators' room), apart from the chat: not present there. */
  private readonly watched = new Set<string>();
  /** Breakout rooms a facilitator watches for the live overview (also in `watched`), and their message counts. */
  private readonly overviewRooms = new Set<string>();
  private readonly counts = new MessageCounts();
  /** A room the person went to on purpose (a transcript, or a facilitator's visit): no auto-move. */
  private pinned: string | null = null;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
  private lastBroadcast: { text: string; fromName: string } | null = null;
  private readonly handled = new Set<string>();

  constructor(private readonly host: MeetingHost) {
    this.console = new ConsoleView({
      meetingId: () => this.meeting?.meetingId ?? "",
      sessionId: () => this.sessionId,
      reload: (b) => this.reload(b),
      visit: (roomId) => void this.goTo(roomId, true),
      nameOf: (email) => this.displayName(email),
      overview: () => {
        const session = this.session();
        if (this.meeting?.role !== "facilitator" || session?.breakouts.phase !== "open") return [];
        return roundOverview(session.breakouts, session.helpRequests ?? [], {
          presentIn: (roomId) => this.host.presentIn(roomId),
          messagesIn: (roomId) => this.counts.count(roomId),
          nameOf: (email) => this.displayName(email),
        });
      },
    });
  }

  // ---- meeting page -------------------------------------------------------------------------------
  get active(): boolean {
    return this.meeting !== null;
  }

  /** The open chat's room is closed (its capabilities say so): no help form there. */
  setRoomClosed(closed: boolean): void {
    this.roomClosed = closed;
    this.changed();
  }

  /** Shows a meeting (its first session unless one is named) and goes to the room the person belongs in. */
  async show(meetingId: string, sessionId: string): Promise<void> {
    const same = this.meeting?.meetingId === meetingId;
    const visit = route.value;
    let view: api.MeetingView;
    try {
      view = await api.meeting(meetingId);
    } catch (error) {
      openFailure.value = { route: visit, text: apiErrorText(error) };
      return;
    }
    openFailure.value = null;
    const session = view.sessions.find((s) => s.sessionId === sessionId) ?? view.sessions[0];
    if (!session) return;
    if (!same || session.sessionId !== this.sessionId) {
      await this.leave();
      this.pinned = null;
      this.lastBroadcast = null;
    }
    // Moved by a facilitator (or placed anew): follow the meeting again rather than a room chosen before.
    if (same && this.session()?.breakouts.myRoomId !== session.breakouts.myRoomId) this.pinned = null;
    this.meeting = view;
    this.sessionId = session.sessionId;
    await this.watch();
    this.render();
    await this.followMeeting();
    this.host.refreshMessages();
  }

  /** Stops watching the notice rooms and hides the panel. */
  async leave(): Promise<void> {
    const rooms = [...this.watched];
    this.watched.clear();
    this.forgetOverview();
    this.meeting = null;
    this.sessionId = "";
    this.shown = false;
    this.console.hide();
    this.changed();
    const c = await this.host.connection().catch(() => null);
    if (!c?.isConnected) return;
    // Only the watch ends: the chat's join of the same room, if any, goes on.
    for (const roomId of rooms) await c.invoke(Methods.unwatchRoom, roomId).catch(() => undefined);
  }

  /** Rooms the meeting watches (the chat keeps their presence state when it switches). */
  watches(roomId: string): boolean {
    return this.watched.has(roomId);
  }

  /** After a reconnect: watch the notice rooms again and reload (notices may have been missed). */
  async resume(): Promise<void> {
    // Before the first watch (the page is still opening) there is nothing to resume.
    if (!this.meeting || this.watched.size === 0) return;
    // Watches are per connection: the overview's rooms are watched afresh (their counts from new snapshots).
    for (const roomId of this.overviewRooms) this.watched.delete(roomId);
    this.forgetOverview();
    await this.watch(true);
    await this.reload();
  }

  /** Live events of any room: act on the meeting's notices. */
  onEvents(roomId: string, batch: readonly RoomEvent[]): void {
    const session = this.session();
    if (!session) return;
    if (this.counts.onEvents(roomId, batch)) this.console.changed();
    // A breakout watched only for the overview: its notices (broadcasts, warnings) are the plenary's too.
    if (this.overviewRooms.has(roomId) && roomId !== this.host.chatRoomId()) return;
    const mine = roomId === session.plenaryRoomId || roomId === session.facilitatorRoomId ||
      session.breakouts.rooms.some((r) => r.roomId === roomId);
    if (!mine) return;
    for (const e of batch) {
      if (!isNotice(e)) continue;
      const key = `${roomId}:${e.seq}`;
      if (this.handled.has(key)) continue;
      this.handled.add(key);
      this.onNotice(e);
    }
  }

  /** The line a notice shows in the chat timeline. */
  describeNotice(e: RoomNoticeEvent): { text: string; prominent: boolean } | null {
    const n = e.payload.notice;
    switch (n.type) {
      case "broadcast":
        return { text: t("notice.broadcast", { name: n.fromName || e.actor.displayName, text: n.text }), prominent: true };
      case "breakouts.opened":
        return { text: t("notice.opened"), prominent: false };
      case "breakouts.closed":
        return { text: t("notice.closed"), prominent: false };
      case "breakouts.closing":
        return { text: t("notice.closing"), prominent: false };
      case "breakouts.extended":
        return { text: t("notice.extended"), prominent: false };
      case "breakouts.warning":
        return { text: t("notice.warning", { minutes: n.minutesLeft }), prominent: true };
      case "breakouts.moved":
        // Notices of earlier releases name the person by e-mail only: no name then, as before.
        return { text: t("notice.moved", { name: n.displayName ?? "" }), prominent: false };
      case "meeting.roster":
        return { text: t("notice.roster"), prominent: false };
      case "help.requested":
        return { text: t("notice.help", { name: n.displayName || n.email, text: n.text }), prominent: true };
      case "help.resolved":
        return { text: t("notice.helpResolved", { by: n.resolvedByName || n.resolvedBy, name: n.displayName || n.email }), prominent: false };
      default:
        return null;
    }
  }

  // ---- for the components ------------------------------------------------------------------------
  /** What the panel shows: the meeting and its session, while the panel is up. */
  showing(): { meeting: api.MeetingView; session: api.SessionView } | null {
    const meeting = this.meeting;
    const session = this.session();
    return this.shown && meeting && session ? { meeting, session } : null;
  }

  /** The meeting's session whose breakouts the banner counts down, shown or not yet. */
  bannerSession(): api.SessionView | null {
    return this.session();
  }

  /** The last broadcast of this session, for the banner. */
  broadcast(): { text: string; fromName: string } | null {
    return this.lastBroadcast;
  }

  isRoomClosed(): boolean {
    return this.roomClosed;
  }

  chatRoomId(): string | null {
    return this.host.chatRoomId();
  }

  /** The session picker: another session is another address. */
  chooseSession(sessionId: string): void {
    if (this.meeting) navigate({ page: "meeting", meetingId: this.meeting.meetingId, sessionId });
  }

  backToPlenary(): void {
    this.pinned = null;
    void this.followMeeting();
  }

  /** A closed room's transcript, read in the chat (the person stays there until they go back). */
  readTranscript(roomId: string): void {
    void this.goTo(roomId, true);
  }

  /** The room's display name (the plenary by the session's title). */
  roomName(roomId: string): string {
    const session = this.session();
    if (!session) return roomId;
    if (roomId === session.plenaryRoomId) return t("meeting.plenaryTitle", { title: session.title });
    const room = session.breakouts.rooms.find((r) => r.roomId === roomId)
      ?? session.breakouts.outcomes.find((o) => o.roomId === roomId);
    return room ? room.name : roomId;
  }

  /** Self-select: this participant takes a room. */
  async choose(roomId: string): Promise<void> {
    const m = this.meeting;
    if (!m) return;
    this.error.value = null;
    try {
      await api.choose(m.meetingId, this.sessionId, roomId);
      await this.reload();
    } catch (error) {
      this.error.value = apiErrorText(error);
    }
  }

  /** Sends a help request to the facilitators; true when it went. */
  async askForHelp(text: string): Promise<boolean> {
    const m = this.meeting;
    if (!m) return false;
    this.error.value = null;
    try {
      await api.help(m.meetingId, this.sessionId, text);
      return true;
    } catch (error) {
      this.error.value = apiErrorText(error);
      return false;
    }
  }

  // ---- internals ----------------------------------------------------------------------------------
  private session(): api.SessionView | null {
    return this.meeting?.sessions.find((s) => s.sessionId === this.sessionId) ?? null;
  }

  /** A person of the meeting by name (their e-mail when not known). */
  displayName(email: string): string {
    const m = this.meeting;
    return m?.participants.find((p) => p.email === email)?.displayName
      ?? m?.facilitators.find((p) => p.email === email)?.displayName
      ?? email;
  }

  /**
   * Watches the plenary and (facilitators) the facilitators' room for their notices: WatchRoom, not
   * JoinRoom, so that the person is present only in the room whose chat they have open.
   */
  private async watch(again = false): Promise<void> {
    const session = this.session();
    if (!session) return;
    const rooms = [session.plenaryRoomId, session.facilitatorRoomId].filter((r): r is string => !!r);
    const c = await this.host.connection();
    for (const roomId of rooms) {
      if (this.watched.has(roomId) && !again) continue;
      this.watched.add(roomId);
      try {
        // Watched for the live notices; the help queue itself is the meeting's state (SessionView.helpRequests).
        const snapshot = await c.invoke<RoomSnapshot>(Methods.watchRoom, roomId);
        for (const e of snapshot.events) if (isNotice(e)) this.handled.add(`${roomId}:${e.seq}`);
      } catch (error) {
        this.error.value = apiErrorText(error);
      }
    }
  }

  private onNotice(e: RoomNoticeEvent): void {
    const n = e.payload.notice;
    switch (n.type) {
      case "broadcast":
        this.lastBroadcast = { text: n.text, fromName: n.fromName };
        this.changed();
        // Facilitators broadcast "choose your room" and the like: the state may have changed without a notice.
        void this.reload();
        return;
      case "help.requested":
        // The tone and the badges are the app-wide meeting watch's (app/workspace-state.ts), on every page.
        this.host.announce(this.describeNotice(e)?.text ?? "");
        void this.reload();
        return;
      case "help.resolved":
        // Resolved by any facilitator: the queue is the meeting's, re-read it.
        void this.reload();
        return;
      case "breakouts.warning":
        this.host.announce(this.describeNotice(e)?.text ?? "");
        void this.reload();
        return;
      case "breakouts.opened":
      case "breakouts.closed":
        // The meeting moves everyone: into their rooms, or back to the plenary.
        this.pinned = null;
        // A broadcast belongs to its round ("five more minutes"): it goes when the round ends.
        if (n.type === "breakouts.closed") this.lastBroadcast = null;
        this.host.announce(this.describeNotice(e)?.text ?? "");
        void this.reload();
        return;
      case "breakouts.moved":
        // The notice names people by display name only; show() unpins when this person's own room changed.
        void this.reload();
        return;
      case "meeting.roster":
        // People came or went: the roster, the rooms and who may see what may all differ.
        void this.reload();
        return;
      default:
        // By name, so that breakouts notices this build cannot read ("other") still reload the meeting.
        if (e.payload.noticeType.startsWith("breakouts.")) void this.reload();
    }
  }

  /** Reloads the meeting (single flight, coalesced) and follows it; a view from an action may be given. */
  private reload(breakouts?: api.BreakoutView): Promise<void> {
    const session = this.session();
    if (breakouts && session) {
      session.breakouts = breakouts;
      this.render();
    }
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        const id = this.meeting?.meetingId;
        if (!id) return;
        try {
          const view = await api.meeting(id);
          if (this.meeting?.meetingId !== id) return;
          this.meeting = view;
          this.error.value = null;
        } catch (error) {
          this.error.value = apiErrorText(error);
          return;
        }
        this.render();
        await this.followMeeting();
      } while (this.reloadAgain);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** The room the meeting wants this person in: their open breakout, else the plenary. */
  private target(): string | null {
    const session = this.session();
    if (!session) return null;
    if (this.pinned) return this.pinned;
    const b = session.breakouts;
    if (this.meeting?.role === "participant" && b.phase === "open" && b.myRoomId) return b.myRoomId;
    return session.plenaryRoomId;
  }

  private async followMeeting(): Promise<void> {
    const target = this.target();
    if (target && target !== this.host.chatRoomId()) await this.goTo(target, false);
    this.render();
  }

  private async goTo(roomId: string, pin: boolean): Promise<void> {
    const session = this.session();
    if (!session) return;
    if (pin) this.pinned = roomId === session.plenaryRoomId ? null : roomId;
    const closed = session.breakouts.outcomes.some((o) => o.roomId === roomId);
    const ok = await this.host.openChat(roomId, this.roomName(roomId), closed);
    if (!ok && pin) this.pinned = null;
    this.render();
    if (ok) {
      this.shown = true;
      this.changed();
    }
  }

  private render(): void {
    const m = this.meeting;
    const session = this.session();
    if (!m || !session) return;
    this.shown = true;
    if (m.role === "facilitator") this.console.render(m, session);
    else this.console.hide();
    this.changed();
    void this.syncOverview();
  }

  /**
   * A facilitator in an open round watches every breakout room (WatchRoom: presence and events, not present
   * there) for the console's live overview; the watches end with the round. Participants watch none: the
   * server refuses them other breakouts.
   */
  private async syncOverview(): Promise<void> {
    const session = this.session();
    const open = this.meeting?.role === "facilitator" && session?.breakouts.phase === "open";
    const want = new Set(open ? session.breakouts.rooms.slice(0, MAX_OVERVIEW_ROOMS).map((r) => r.roomId) : []);
    const gone = [...this.overviewRooms].filter((r) => !want.has(r));
    const fresh = [...want].filter((r) => !this.overviewRooms.has(r));
    if (gone.length === 0 && fresh.length === 0) return;
    const c = await this.host.connection().catch(() => null);
    if (!c?.isConnected) return;
    for (const roomId of gone) {
      // Another sync (each render runs one) may have let it go while this one waited for the connection.
      if (!this.overviewRooms.has(roomId)) continue;
      this.overviewRooms.delete(roomId);
      this.watched.delete(roomId);
      this.counts.forget(roomId);
      await c.invoke(Methods.unwatchRoom, roomId).catch(() => undefined);
    }
    // All at once (the server runs a few calls of a connection in parallel): the overview fills in quickly.
    await Promise.all(fresh.filter((roomId) => !this.overviewRooms.has(roomId)).map(async (roomId) => {
      this.overviewRooms.add(roomId);
      this.watched.add(roomId);
      try {
        const snapshot = await c.invoke<RoomSnapshot>(Methods.watchRoom, roomId);
        if (this.overviewRooms.has(roomId)) this.counts.start(roomId, snapshot);
      } catch {
        // Closed or gone meanwhile: the next reload decides again.
        this.overviewRooms.delete(roomId);
        this.watched.delete(roomId);
      }
      this.console.changed();
    }));
  }

  private forgetOverview(): void {
    for (const roomId of this.overviewRooms) this.counts.forget(roomId);
    this.overviewRooms.clear();
  }

  private changed(): void {
    this.revision.value++;
  }
}
