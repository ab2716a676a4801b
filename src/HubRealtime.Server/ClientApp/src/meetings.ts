// Meetings: the list of my meetings and the meeting page beside the room chat (participant view,
// live countdown, broadcasts, help, outcomes; the facilitator console for facilitators).
// Notices in the room stream say that something changed; the meeting's HTTP view is the truth.
import * as api from "./meetings-api";
import type { Connection } from "./connection";
import { byId, el } from "./dom";
import { apiErrorText, onSubmit, showError } from "./forms";
import { signal } from "@preact/signals";
import { t } from "./i18n";
import { formatClock, formatRange } from "./meeting-format";
import { Methods, type RoomSnapshot } from "./protocol";
import { isNotice, type RoomEvent, type RoomNoticeEvent } from "./room-events";
import { ConsoleView, type HelpRequest } from "./meeting-console";

/** A meeting that could not be opened: the meetings page stands in for it, saying why. */
export const openFailure = signal<{ meetingId: string; sessionId: string; text: string } | null>(null);

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
}

const COUNTDOWN_TICK_MS = 1_000;

export class MeetingPages {
  private readonly panel = byId("meeting-panel");
  private readonly title = byId("meeting-title");
  private readonly schedule = byId("meeting-schedule");
  private readonly sessionField = byId("meeting-session-field");
  private readonly sessionSelect = byId<HTMLSelectElement>("meeting-session");
  private readonly where = byId("meeting-where");
  private readonly chooseBox = byId("choose-box");
  private readonly chooseList = byId<HTMLUListElement>("choose-list");
  private readonly error = byId("meeting-error");
  private readonly helpBox = byId("help-box");
  private roomClosed = false;
  private readonly helpForm = byId<HTMLFormElement>("help-form");
  private readonly helpText = byId<HTMLTextAreaElement>("help-text");
  private readonly helpButton = byId<HTMLButtonElement>("help-button");
  private readonly helpStatus = byId("help-status");
  private readonly outcomesBox = byId("outcomes-box");
  private readonly outcomeList = byId<HTMLUListElement>("outcome-list");
  private readonly banner = byId("meeting-banner");
  private readonly broadcastLine = byId("meeting-broadcast");
  private readonly countdown = byId("meeting-countdown");
  private readonly backButton = byId<HTMLButtonElement>("back-to-plenary");
  /** The facilitator console's state (the FacilitatorConsole component renders it). */
  readonly console: ConsoleView;

  private meeting: api.MeetingView | null = null;
  private sessionId = "";
  /** Rooms joined for their notices (plenary, facilitators' room), apart from the chat. */
  private readonly watched = new Set<string>();
  /** A room the person went to on purpose (a transcript, or a facilitator's visit): no auto-move. */
  private pinned: string | null = null;
  private timer: number | undefined;
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
      nameOf: (email) => this.nameOf(email),
    });
    this.sessionSelect.addEventListener("change", () => {
      if (this.meeting) window.location.hash = `#/meeting/${encodeURIComponent(this.meeting.meetingId)}/${encodeURIComponent(this.sessionSelect.value)}`;
    });
    this.backButton.addEventListener("click", () => {
      this.pinned = null;
      void this.followMeeting();
    });
    onSubmit(this.helpForm, () => this.askForHelp());
  }

  // ---- meeting page -------------------------------------------------------------------------------
  get active(): boolean {
    return this.meeting !== null;
  }

  /** The open chat's room is closed (its capabilities say so): no help form there. */
  setRoomClosed(closed: boolean): void {
    this.roomClosed = closed;
    this.helpBox.hidden = this.meeting?.role !== "participant" || closed;
  }

  /** Shows a meeting (its first session unless one is named) and goes to the room the person belongs in. */
  async show(meetingId: string, sessionId: string): Promise<void> {
    const same = this.meeting?.meetingId === meetingId;
    let view: api.MeetingView;
    try {
      view = await api.meeting(meetingId);
    } catch (error) {
      openFailure.value = { meetingId, sessionId, text: apiErrorText(error) };
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

  /** Leaves the rooms joined for notices and hides the panel. */
  async leave(): Promise<void> {
    const rooms = [...this.watched];
    this.watched.clear();
    this.meeting = null;
    this.sessionId = "";
    window.clearInterval(this.timer);
    this.timer = undefined;
    this.panel.hidden = true;
    this.banner.hidden = true;
    this.backButton.hidden = true;
    this.console.hide();
    document.body.classList.remove("in-meeting");
    const chat = this.host.chatRoomId();
    const c = await this.host.connection().catch(() => null);
    if (!c?.isConnected) return;
    for (const roomId of rooms) {
      if (roomId !== chat) await c.invoke(Methods.leaveRoom, roomId).catch(() => undefined);
    }
  }

  /** Rooms the chat must not leave when it switches (their notices matter). */
  keepsJoined(roomId: string): boolean {
    return this.watched.has(roomId);
  }

  /** After a reconnect: join the notice rooms again and reload (notices may have been missed). */
  async resume(): Promise<void> {
    // Before the first watch (the page is still opening) there is nothing to resume.
    if (!this.meeting || this.watched.size === 0) return;
    await this.watch(true);
    await this.reload();
  }

  /** Live events of any room: act on the meeting's notices. */
  onEvents(roomId: string, batch: readonly RoomEvent[]): void {
    const session = this.session();
    if (!session) return;
    const mine = roomId === session.plenaryRoomId || roomId === session.facilitatorRoomId ||
      session.breakouts.rooms.some((r) => r.roomId === roomId);
    if (!mine) return;
    for (const e of batch) {
      if (!isNotice(e)) continue;
      const key = `${roomId}:${e.seq}`;
      if (this.handled.has(key)) continue;
      this.handled.add(key);
      this.onNotice(roomId, e);
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
      default:
        return null;
    }
  }

  relocalize(): void {
    if (!this.meeting) return;
    this.render();
  }

  // ---- internals ----------------------------------------------------------------------------------
  private session(): api.SessionView | null {
    return this.meeting?.sessions.find((s) => s.sessionId === this.sessionId) ?? null;
  }

  private nameOf(email: string): string {
    const m = this.meeting;
    return m?.participants.find((p) => p.email === email)?.displayName
      ?? m?.facilitators.find((p) => p.email === email)?.displayName
      ?? email;
  }

  /** Joins the plenary and (facilitators) the facilitators' room, to receive their notices. */
  private async watch(again = false): Promise<void> {
    const session = this.session();
    if (!session) return;
    const rooms = [session.plenaryRoomId, session.facilitatorRoomId].filter((r): r is string => !!r);
    const c = await this.host.connection();
    for (const roomId of rooms) {
      if (this.watched.has(roomId) && !again) continue;
      this.watched.add(roomId);
      try {
        const snapshot = await c.invoke<RoomSnapshot>(Methods.joinRoom, roomId);
        if (roomId === session.facilitatorRoomId) {
          for (const e of snapshot.events) if (isNotice(e)) this.takeHelp(roomId, e);
        }
      } catch (error) {
        showError(this.error, apiErrorText(error));
      }
    }
  }

  private takeHelp(roomId: string, e: RoomNoticeEvent): void {
    const n = e.payload.notice;
    if (n.type !== "help.requested") return;
    this.handled.add(`${roomId}:${e.seq}`);
    const request: HelpRequest = {
      seq: e.seq, email: n.email, displayName: n.displayName || n.email,
      roomId: n.roomId || null, text: n.text, at: e.time,
    };
    this.console.addHelp(request);
  }

  private onNotice(roomId: string, e: RoomNoticeEvent): void {
    const n = e.payload.notice;
    switch (n.type) {
      case "broadcast":
        this.lastBroadcast = { text: n.text, fromName: n.fromName };
        this.renderBanner();
        // Facilitators broadcast "choose your room" and the like: the state may have changed without a notice.
        void this.reload();
        return;
      case "help.requested":
        this.takeHelp(roomId, e);
        this.host.announce(this.describeNotice(e)?.text ?? "");
        return;
      case "breakouts.warning":
        this.host.announce(this.describeNotice(e)?.text ?? "");
        void this.reload();
        return;
      case "breakouts.opened":
      case "breakouts.closed":
        // The meeting moves everyone: into their rooms, or back to the plenary.
        this.pinned = null;
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
          showError(this.error, null);
        } catch (error) {
          showError(this.error, apiErrorText(error));
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
      document.body.classList.add("in-meeting");
      this.panel.hidden = false;
    }
  }

  private roomName(roomId: string): string {
    const session = this.session();
    if (!session) return roomId;
    if (roomId === session.plenaryRoomId) return t("meeting.plenaryTitle", { title: session.title });
    const room = session.breakouts.rooms.find((r) => r.roomId === roomId)
      ?? session.breakouts.outcomes.find((o) => o.roomId === roomId);
    return room ? room.name : roomId;
  }

  private render(): void {
    const m = this.meeting;
    const session = this.session();
    if (!m || !session) return;
    this.panel.hidden = false;
    document.body.classList.add("in-meeting");
    this.title.textContent = m.title;
    this.schedule.textContent = `${formatRange(m.startsAt, m.endsAt, m.timeZone)} (${m.timeZone})`;
    this.sessionField.hidden = m.sessions.length < 2;
    this.sessionSelect.replaceChildren(...m.sessions.map((s) => {
      const o = el("option", undefined, s.title);
      o.value = s.sessionId;
      return o;
    }));
    this.sessionSelect.value = session.sessionId;
    const chat = this.host.chatRoomId();
    const b = session.breakouts;
    const inPlenary = chat === session.plenaryRoomId;
    this.backButton.hidden = inPlenary || chat === null;
    this.where.textContent = inPlenary ? t("meeting.inPlenary")
      : chat ? t("meeting.inRoom", { name: this.roomName(chat) }) : "";
    // Self-select: participants pick a room while the round allows it.
    const choosing = m.role === "participant" && b.mode === "selfSelect" && (b.phase === "draft" || b.phase === "open");
    this.chooseBox.hidden = !choosing;
    if (choosing) {
      this.chooseList.replaceChildren(...b.rooms.map((r) => {
        const li = el("li", "room-item");
        const name = el("span", "room-item-name", r.name);
        name.dir = "auto";
        const pick = el("button", "button button-tiny choose-room", r.roomId === b.myRoomId ? t("meeting.chosen") : t("meeting.choose"));
        pick.type = "button";
        pick.disabled = r.roomId === b.myRoomId;
        pick.setAttribute("aria-label", t("meeting.chooseNamed", { name: r.name }));
        pick.addEventListener("click", () => void this.choose(r.roomId));
        li.append(name, pick);
        return li;
      }));
    }
    this.helpBox.hidden = m.role !== "participant" || this.roomClosed;
    this.renderOutcomes(session);
    this.renderBanner();
    if (m.role === "facilitator") this.console.render(m, session);
    else this.console.hide();
  }

  private renderOutcomes(session: api.SessionView): void {
    const outcomes = session.breakouts.outcomes;
    this.outcomesBox.hidden = outcomes.length === 0;
    this.outcomeList.replaceChildren(...outcomes.map((o) => {
      const li = el("li", "room-item outcome");
      li.dataset["roomId"] = o.roomId;
      const name = el("span", "room-item-name", o.name);
      name.dir = "auto";
      const meta = el("span", "muted", t("outcomes.meta", {
        members: o.members.length, messages: o.messageCount,
      }));
      const read = el("button", "button button-tiny read-transcript", t("outcomes.read"));
      read.type = "button";
      read.setAttribute("aria-label", t("outcomes.readNamed", { name: o.name }));
      read.addEventListener("click", () => void this.goTo(o.roomId, true));
      li.append(name, meta, read);
      return li;
    }));
  }

  private renderBanner(): void {
    const session = this.session();
    const b = session?.breakouts;
    const open = b?.phase === "open" && !!b.deadline;
    this.broadcastLine.hidden = this.lastBroadcast === null;
    this.broadcastLine.textContent = this.lastBroadcast
      ? t("notice.broadcast", { name: this.lastBroadcast.fromName, text: this.lastBroadcast.text })
      : "";
    this.countdown.hidden = !open;
    this.banner.hidden = !open && this.lastBroadcast === null;
    window.clearInterval(this.timer);
    this.timer = undefined;
    if (open && b?.deadline) {
      const deadline = Date.parse(b.deadline);
      const tick = (): void => {
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        this.countdown.textContent = left > 0
          ? t("meeting.timeLeft", { time: formatClock(left) })
          : t("meeting.closingNow");
        this.countdown.dataset["secondsLeft"] = String(left);
      };
      tick();
      this.timer = window.setInterval(tick, COUNTDOWN_TICK_MS);
    }
  }

  private async choose(roomId: string): Promise<void> {
    const m = this.meeting;
    if (!m) return;
    showError(this.error, null);
    try {
      await api.choose(m.meetingId, this.sessionId, roomId);
      await this.reload();
    } catch (error) {
      showError(this.error, apiErrorText(error));
    }
  }

  private async askForHelp(): Promise<void> {
    const m = this.meeting;
    if (!m || this.helpButton.disabled) return;
    this.helpButton.disabled = true;
    this.helpStatus.textContent = "";
    showError(this.error, null);
    try {
      await api.help(m.meetingId, this.sessionId, this.helpText.value.trim());
      this.helpText.value = "";
      this.helpStatus.textContent = t("help.sent");
    } catch (error) {
      showError(this.error, apiErrorText(error));
    } finally {
      this.helpButton.disabled = false;
    }
  }
}
