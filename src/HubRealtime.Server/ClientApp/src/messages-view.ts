// What the room's message list shows, as signals: the session writes confirmed events, the outbox and
// the history state here; the MessageList component renders them. One signal per shown event, so an
// edit, delete or reaction re-renders that one message and the replies that quote it, nothing else.
import { announce } from "./ui/Announcer";
import { batch, signal, type Signal } from "@preact/signals";
import { t } from "./i18n";
import { isMessage, isNotice, type RoomEvent, type RoomMessageEvent, type RoomNoticeEvent } from "./room-events";
import { mentionsPerson, type Mentionable } from "./room/rich-text";

type OutgoingState = "queued" | "sending" | "sent" | "failed";

export interface Outgoing {
  clientMessageId: string;
  text: string;
  state: OutgoingState;
  /** Localized error text of the last failed attempt. */
  error: string | null;
  /** Sequence from the SendAck, while the message itself has not reached the timeline yet. */
  ackSeq: number | null;
  /** The message this one replies to, if any. */
  replyToSeq?: number | null;
  /** User ids it mentions. */
  mentions?: string[];
}

export interface OutgoingActions {
  retry(clientMessageId: string): void;
  edit(clientMessageId: string): void;
  discard(clientMessageId: string): void;
}

/** What a person can do to confirmed messages; the promises reject with the error to show. */
export interface MessageActions {
  reply(seq: number): void;
  edit(seq: number, text: string): Promise<void>;
  remove(seq: number): Promise<void>;
  react(seq: number, emoji: string, add: boolean): void;
  /** Moderators may delete any message. */
  canModerate(): boolean;
  /** Reply, react and edit one's own (the room is open and the user not muted). */
  canWrite(): boolean;
  /** Delete one's own messages (open room, muted or not). */
  canDeleteOwn(): boolean;
  /** Text for a notice event (null: not shown). */
  describeNotice(event: RoomNoticeEvent): { text: string; prominent: boolean } | null;
}

export type ShownEvent = RoomMessageEvent | RoomNoticeEvent;

/** The scrolling pane, as the list component offers it. */
interface Pane {
  isAtBottom(): boolean;
  /** scrollHeight - scrollTop: what stays equal when older messages are put above. */
  fromBottom(): number;
}

/** What the list must do to its scroll position once the change is on screen. */
export type ScrollIntent = { kind: "bottom" } | { kind: "keep"; fromBottom: number } | null;

export class MessagesView {
  /** Seqs of the shown messages and notices, ascending. */
  readonly order = signal<readonly number[]>([]);
  readonly outgoing = signal<readonly Outgoing[]>([]);
  readonly history = signal({ hasOlder: false, loading: false });
  /** A live message arrived below what the reader is looking at. */
  readonly unseen = signal(false);
  /** Seq of the first message that arrived while the reader was away (tab hidden or scrolled up): the
   *  "new" divider goes above it. Stays until the reader writes or leaves the room. */
  readonly unreadFrom = signal<number | null>(null);
  /** Messages of others, and mentions of me, that arrived while the reader was away: the title badge. */
  readonly unread = signal({ messages: 0, mentions: 0 });
  /** Everyone seen in the room (senders, presence), for @mentions: userId → display name. */
  readonly people = signal<ReadonlyMap<string, string>>(new Map());
  /** A live message mentioned me (for the notification). */
  onMention: ((event: RoomMessageEvent) => void) | null = null;
  /** Bumped when what the user may do changed (muted, moderator, closed): message tools re-render. */
  readonly toolsRevision = signal(0);
  /** For the list: applied after the next render, then cleared. */
  scrollIntent: ScrollIntent = null;
  pane: Pane | null = null;
  messageActions: MessageActions | null = null;
  private readonly bySeq = new Map<number, Signal<ShownEvent>>();

  constructor(
    readonly me: () => Mentionable,
    readonly actions: OutgoingActions,
    readonly onLoadOlder: () => void,
  ) {}

  reset(): void {
    batch(() => {
      this.bySeq.clear();
      this.order.value = [];
      this.outgoing.value = [];
      this.unseen.value = false;
      this.history.value = { hasOlder: false, loading: false };
      this.unreadFrom.value = null;
      this.unread.value = { messages: 0, mentions: 0 };
      this.people.value = new Map();
    });
  }

  /** People known from elsewhere (the presence list) join those seen sending. */
  addPeople(people: Iterable<Mentionable>): void {
    let next: Map<string, string> | null = null;
    for (const p of people) {
      if (this.people.value.get(p.userId) === p.displayName) continue;
      next ??= new Map(this.people.value);
      next.set(p.userId, p.displayName);
    }
    if (next) this.people.value = next;
  }

  /** Everyone who can be mentioned, without me. */
  mentionable(): Mentionable[] {
    const me = this.me().userId;
    return [...this.people.value].filter(([id]) => id !== me).map(([userId, displayName]) => ({ userId, displayName }));
  }

  /** The reader is back (tab visible and at the bottom): the title badge goes. */
  markRead(): void {
    const u = this.unread.value;
    if (u.messages !== 0 || u.mentions !== 0) this.unread.value = { messages: 0, mentions: 0 };
  }

  /** The reader wrote: what came before is read, so the divider goes too. */
  markAllRead(): void {
    this.unreadFrom.value = null;
    this.markRead();
  }

  /** The shown event with this seq, as a signal (undefined: not shown, e.g. older than the history loaded). */
  event(seq: number): Signal<ShownEvent> | undefined {
    return this.bySeq.get(seq);
  }

  /** A shown message (for the reply bar). */
  message(seq: number): RoomMessageEvent | null {
    const e = this.bySeq.get(seq)?.value;
    return e && isMessage(e) ? e : null;
  }

  scrollToBottom(): void {
    this.scrollIntent = { kind: "bottom" };
    this.unseen.value = false;
    this.toolsRevision.value++; // a render, so the list applies the intent
  }

  /** Appends confirmed events in order; follows them only if the reader was already at the bottom. */
  append(events: readonly RoomEvent[], live: boolean): void {
    if (events.length === 0) return;
    const stick = this.pane?.isAtBottom() ?? true;
    const away = live && (!stick || document.visibilityState === "hidden");
    const me = this.me();
    const added: number[] = [];
    const senders: Mentionable[] = [];
    let own = false;
    let unread = 0;
    let mentioned = 0;
    batch(() => {
      for (const e of events) {
        if (isMessage(e) || isNotice(e)) {
          if (this.bySeq.has(e.seq)) continue;
          this.bySeq.set(e.seq, signal<ShownEvent>(e));
          added.push(e.seq);
          if (e.actor.userId === me.userId) own = true;
          if (!isMessage(e)) continue;
          senders.push({ userId: e.actor.userId, displayName: e.actor.displayName });
          if (live && e.actor.userId !== me.userId) {
            this.announce(t("message.announce", { name: e.actor.displayName, text: e.payload.text.slice(0, 300) }));
            const mine = mentionsPerson(e.payload, me);
            if (mine) this.onMention?.(e);
            if (away) {
              unread++;
              if (mine) mentioned++;
              if (this.unreadFrom.value === null) this.unreadFrom.value = e.seq;
            }
          }
        } else {
          this.applyAction(e);
        }
      }
      if (added.length > 0) this.order.value = [...this.order.value, ...added];
      if (senders.length > 0) this.addPeople(senders);
      if (unread > 0) {
        const u = this.unread.value;
        this.unread.value = { messages: u.messages + unread, mentions: u.mentions + mentioned };
      }
      if (stick || own) {
        this.scrollIntent = { kind: "bottom" };
      } else if (live && added.length > 0) {
        this.unseen.value = true;
      }
    });
  }

  /** Prepends older messages (current state) and keeps what the reader was looking at in place. */
  prepend(events: readonly RoomEvent[]): void {
    const added: number[] = [];
    const senders: Mentionable[] = [];
    for (const e of events) {
      if ((!isMessage(e) && !isNotice(e)) || this.bySeq.has(e.seq)) continue;
      this.bySeq.set(e.seq, signal<ShownEvent>(e));
      added.push(e.seq);
      if (isMessage(e)) senders.push({ userId: e.actor.userId, displayName: e.actor.displayName });
    }
    if (added.length === 0) return;
    this.addPeople(senders);
    this.scrollIntent = { kind: "keep", fromBottom: this.pane?.fromBottom() ?? 0 };
    this.order.value = [...added, ...this.order.value];
  }

  setHistory(hasOlder: boolean, loading: boolean): void {
    const h = this.history.value;
    if (h.hasOlder !== hasOlder || h.loading !== loading) this.history.value = { hasOlder, loading };
  }

  /** The (short) list of messages not yet confirmed by the server; the session mutates its items, so copy them. */
  renderOutgoing(items: readonly Outgoing[], scroll: boolean): void {
    const stick = scroll || (this.pane?.isAtBottom() ?? true);
    if (stick) this.scrollIntent = { kind: "bottom" };
    this.outgoing.value = items.map((o) => ({ ...o }));
  }

  /** After what the user may do changed: the tools of every message. */
  refreshTools(): void {
    this.toolsRevision.value++;
  }

  /** Says the text to screen readers (the polite live region). */
  announce(text: string): void {
    announce(text);
  }

  /** Edit, delete or reaction: replaces the target's state (if it is shown). */
  private applyAction(e: RoomEvent): void {
    const change = e.payload;
    if (change.type === "message" || change.type === "notice") return;
    const s = this.bySeq.get(change.targetSeq);
    const target = s?.value;
    if (!s || !target || !isMessage(target)) return; // older than what is shown: history brings its current state
    const m = target.payload;
    if (change.type === "edit") {
      if (m.deleted) return;
      s.value = { ...target, payload: { ...m, text: change.text, editedAt: e.time } };
    } else if (change.type === "delete") {
      s.value = { ...target, payload: { ...m, deleted: true, text: "" } };
    } else {
      // The event carries the target's full list after the change.
      s.value = { ...target, payload: { ...m, reactions: change.reactions.map((r) => ({ emoji: r.emoji, userIds: [...r.userIds] })) } };
    }
  }
}
