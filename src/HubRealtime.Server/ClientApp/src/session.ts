import type { Connection } from "./connection";
import { errorMessage, t } from "./i18n";
import type { MessagesView, Outgoing } from "./messages-view";
import {
  HISTORY_PAGE_SIZE,
  MISSED_PAGE_SIZE,
  Methods,
  newUuid,
  parseHubError,
  type RoomEvent,
  type RoomEventPage,
  type RoomInfo,
  type RoomSnapshot,
  type RoomCapabilities,
  NO_CAPABILITIES,
  type SendAck,
  type SendMessageRequest,
} from "./protocol";
import { Timeline } from "./timeline";
import { ChatMethods, isMessage } from "./room-events";

/** The server throttles Typing too; the client sends at most one per this interval. */
const TYPING_INTERVAL_MS = 3_000;

/** How long an ack may run ahead of its Events event before we fetch the gap ourselves. */
const ACK_WITHOUT_EVENT_MS = 3_000;

export interface SessionHost {
  /** The composer should show this error (or clear it with null). */
  composerError(text: string | null): void;
  /** Put this text into the composer for editing. */
  editText(text: string): void;
}

/**
 * One joined room on one connection: join and rejoin, ordering and dedupe by seq, gap filling,
 * history paging and the outbox of messages not yet acknowledged.
 */
export class RoomSession {
  room: RoomInfo | null = null;
  /** From the join snapshot, then updated from the room's notices (capabilitiesAfterNotice). */
  capabilities: RoomCapabilities = NO_CAPABILITIES;
  private readonly timeline = new Timeline();
  private readonly outbox: Outgoing[] = [];
  /** Joined on the current connection. */
  private joined = false;
  /** Events that arrive while JoinRoom is in flight wait here. */
  private buffered: RoomEvent[][] | null = null;
  private joining: Promise<void> | null = null;
  private filling: Promise<void> | null = null;
  private pumping = false;
  private loadingOlder = false;
  private closed = false;
  private ackTimer: number | undefined;
  private rejoinTimer: number | undefined;
  /** clientMessageIds of this user's messages shown in the timeline. */
  private readonly ownShown = new Set<string>();

  constructor(
    readonly roomId: string,
    private readonly connection: Connection,
    private readonly view: MessagesView,
    private readonly host: SessionHost,
  ) {}

  /** Joins (first time or after a reconnect); rejects with the hub error on failure. */
  join(): Promise<void> {
    this.joining ??= this.doJoin().finally(() => {
      this.joining = null;
    });
    return this.joining;
  }

  private async doJoin(): Promise<void> {
    this.buffered = [];
    let snapshot: RoomSnapshot;
    try {
      snapshot = await this.connection.invoke<RoomSnapshot>(Methods.joinRoom, this.roomId);
    } catch (error) {
      this.buffered = null;
      throw error;
    }
    if (this.closed) return;
    this.room = snapshot.room;
    // The server decides what this user may do here; the page shows controls from it.
    this.capabilities = snapshot.capabilities ?? NO_CAPABILITIES;
    this.joined = true;
    const first = !this.timeline.isStarted;
    this.show(this.timeline.applySnapshot(snapshot.events, snapshot.lastSeq), !first);
    const waiting = this.buffered ?? [];
    this.buffered = null;
    for (const batch of waiting) this.take(batch);
    this.refreshHistory();
    this.settleOutbox();
    await this.fill();
    this.view.renderOutgoing(this.outbox, false);
    void this.pump();
  }

  /** The `Events` event. */
  onEvents(roomId: string, events: RoomEvent[]): void {
    if (roomId !== this.roomId || this.closed) return;
    if (this.buffered) {
      this.buffered.push(events);
      return;
    }
    if (!this.timeline.isStarted) return;
    this.take(events);
    if (this.timeline.needsFill) void this.fill();
  }

  /** The connection dropped: joins are per connection. */
  onConnectionLost(): void {
    this.joined = false;
    for (const o of this.outbox) {
      if (o.state === "sending") o.state = "queued";
    }
    this.view.renderOutgoing(this.outbox, false);
  }

  /** A new or re-established connection: join again, fill the gap, resend the outbox. */
  async resume(): Promise<void> {
    if (this.closed) return;
    try {
      await this.join();
    } catch (error) {
      const hubError = parseHubError(error);
      if (hubError) {
        // e.g. unavailable: the connection is fine, try joining again shortly.
        this.host.composerError(errorMessage(hubError.code));
        window.clearTimeout(this.rejoinTimer);
        this.rejoinTimer = window.setTimeout(() => void this.resume(), 5_000);
        return;
      }
      // Otherwise the connection dropped again; the next `connected` resumes.
      return;
    }
    this.host.composerError(null);
  }

  send(text: string, replyToSeq: number | null = null, mentions: string[] = []): void {
    this.outbox.push({ clientMessageId: newUuid(), text, state: "queued", error: null, ackSeq: null, replyToSeq, mentions });
    this.view.renderOutgoing(this.outbox, true);
    void this.pump();
  }

  retry(clientMessageId: string): void {
    const o = this.outbox.find((x) => x.clientMessageId === clientMessageId);
    if (!o || o.state !== "failed") return;
    o.state = "queued";
    o.error = null;
    this.view.renderOutgoing(this.outbox, false);
    void this.pump();
  }

  edit(clientMessageId: string): void {
    const o = this.removeOutgoing(clientMessageId);
    if (o) this.host.editText(o.text);
  }

  discard(clientMessageId: string): void {
    this.removeOutgoing(clientMessageId);
  }

  /** Edits an own message; rejects with the localized error. */
  editMessage(seq: number, text: string): Promise<void> {
    return this.call(ChatMethods.editMessage, this.roomId, seq, text);
  }

  /** Deletes an own message (or any, as a moderator); rejects with the localized error. */
  deleteMessage(seq: number): Promise<void> {
    return this.call(ChatMethods.deleteMessage, this.roomId, seq);
  }

  react(seq: number, emoji: string, add: boolean): Promise<void> {
    return this.call(ChatMethods.react, this.roomId, seq, emoji, add);
  }

  /** Moderators: mutes or unmutes a user in this room. */
  mute(userId: string, muted: boolean): Promise<void> {
    return this.call(ChatMethods.mute, this.roomId, userId, muted);
  }

  /** Tells the room that this user is typing (throttled here and by the server). */
  typing(): void {
    const now = Date.now();
    if (!this.joined || !this.connection.isConnected || now - this.lastTyping < TYPING_INTERVAL_MS) return;
    this.lastTyping = now;
    void this.connection.invoke(ChatMethods.typing, this.roomId).catch(() => undefined);
  }

  private lastTyping = 0;

  private async call(method: string, ...args: unknown[]): Promise<void> {
    try {
      await this.connection.invoke(method, ...args);
      this.host.composerError(null);
    } catch (error) {
      const hubError = parseHubError(error);
      const text = hubError ? errorMessage(hubError.code) : t("error.network");
      this.host.composerError(text);
      throw new Error(text, { cause: error });
    }
  }

  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.joined || !this.timeline.hasOlder) return;
    this.loadingOlder = true;
    this.refreshHistory();
    try {
      const page = await this.connection.invoke<RoomEventPage>(
        Methods.getHistory, this.roomId, this.timeline.oldestSeq, HISTORY_PAGE_SIZE);
      if (this.closed) return;
      const older = this.timeline.prepend(page.events);
      if (older.length === 0) this.timeline.markHistoryComplete();
      this.view.prepend(older);
    } catch (error) {
      const hubError = parseHubError(error);
      this.host.composerError(hubError ? errorMessage(hubError.code) : t("error.network"));
    } finally {
      this.loadingOlder = false;
      this.refreshHistory();
    }
  }

  /** Leaves the room (best effort: the connection may be down). */
  async leave(): Promise<void> {
    this.closed = true;
    window.clearTimeout(this.ackTimer);
    window.clearTimeout(this.rejoinTimer);
    // A meeting's plenary is watched apart from the chat (WatchRoom): leaving here ends only the presence.
    if (this.joined && this.connection.isConnected) {
      await this.connection.invoke(Methods.leaveRoom, this.roomId).catch(() => undefined);
    }
    this.joined = false;
  }

  private take(events: readonly RoomEvent[]): void {
    const appended = this.timeline.ingest(events);
    if (appended.length === 0) return;
    this.show(appended, true);
    this.settleOutbox();
    this.refreshHistory();
  }

  private show(events: readonly RoomEvent[], live: boolean): void {
    for (const e of events) {
      if (isMessage(e) && e.actor.userId === this.connection.userId) this.ownShown.add(e.payload.clientMessageId);
    }
    this.view.append(events, live);
  }

  /** GetMissed until everything the server told us about is shown. Single flight. */
  private fill(): Promise<void> {
    // `.finally` runs asynchronously, so it always clears the promise that was stored here.
    this.filling ??= this.runFill().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  private async runFill(): Promise<void> {
    try {
      while (this.joined && !this.closed && this.timeline.needsFill) {
        const page = await this.connection.invoke<RoomEventPage>(
          Methods.getMissed, this.roomId, this.timeline.lastSeen, MISSED_PAGE_SIZE);
        this.timeline.noteLastSeq(page.lastSeq);
        const before = this.timeline.lastSeen;
        this.take(page.events);
        if (this.timeline.lastSeen === before) break; // nothing more to get now
      }
    } catch (error) {
      // Connection trouble: the next resume fills the gap again.
      console.warn("HubRealtime: GetMissed failed", error);
    }
  }

  /** Drops outbox entries whose message is now in the timeline. */
  private settleOutbox(): void {
    const before = this.outbox.length;
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const o = this.outbox[i];
      if (o && o.ackSeq !== null && o.ackSeq <= this.timeline.lastSeen) this.outbox.splice(i, 1);
    }
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const o = this.outbox[i];
      if (o && this.ownShown.has(o.clientMessageId)) this.outbox.splice(i, 1);
    }
    if (this.outbox.length !== before) this.view.renderOutgoing(this.outbox, false);
  }

  /** Sends queued messages one at a time, in order, each with its own stable clientMessageId. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.closed || !this.joined || !this.connection.isConnected) return;
        const o = this.outbox.find((x) => x.state === "queued");
        if (!o) return;
        o.state = "sending";
        this.view.renderOutgoing(this.outbox, false);
        try {
          const request: SendMessageRequest = { clientMessageId: o.clientMessageId, text: o.text, replyToSeq: o.replyToSeq ?? null };
          if (o.mentions && o.mentions.length > 0) request.mentions = o.mentions;
          const ack = await this.connection.invoke<SendAck>(Methods.sendMessage, this.roomId, request);
          if (!this.outbox.includes(o)) continue; // its message already arrived
          o.state = "sent";
          o.ackSeq = ack.seq;
          this.timeline.noteLastSeq(ack.seq);
          this.settleOutbox();
          this.view.renderOutgoing(this.outbox, false);
          this.watchAck();
        } catch (error) {
          const hubError = parseHubError(error);
          if (!hubError) {
            // The connection went away mid-call: resend with the same id after the reconnect.
            o.state = "queued";
            this.view.renderOutgoing(this.outbox, false);
            return;
          }
          if (hubError.code === "not_in_room") {
            o.state = "queued";
            this.joined = false;
            void this.resume();
            return;
          }
          o.state = "failed";
          o.error = errorMessage(hubError.code);
          this.view.renderOutgoing(this.outbox, false);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** An ack whose event does not come soon: fetch the gap (GetMissed) ourselves. */
  private watchAck(): void {
    window.clearTimeout(this.ackTimer);
    this.ackTimer = window.setTimeout(() => {
      if (this.timeline.needsFill) void this.fill();
    }, ACK_WITHOUT_EVENT_MS);
  }

  private removeOutgoing(clientMessageId: string): Outgoing | undefined {
    const i = this.outbox.findIndex((x) => x.clientMessageId === clientMessageId && x.state === "failed");
    if (i < 0) return undefined;
    const [o] = this.outbox.splice(i, 1);
    this.view.renderOutgoing(this.outbox, false);
    return o;
  }

  private refreshHistory(): void {
    this.view.setHistory(this.timeline.hasOlder, this.loadingOlder);
  }
}
