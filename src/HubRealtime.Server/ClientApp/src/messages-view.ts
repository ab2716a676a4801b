import { byId, el } from "./dom";
import { formatFullTime, formatMessageTime, formatNumber, t } from "./i18n";
import { QUICK_REACTIONS, isMessage, isNotice, type RoomEvent, type RoomMessageEvent, type RoomNoticeEvent } from "./room-events";

export type OutgoingState = "queued" | "sending" | "sent" | "failed";

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

const BOTTOM_SLACK_PX = 48;
const AVATAR_COLOURS = 8;

interface Shown {
  li: HTMLLIElement;
  /** Held in its current state: edits, deletes and reactions change its payload in place. */
  event: RoomMessageEvent;
}

/** Renders the message list, the pending (outgoing) list and the scroll behaviour. */
export class MessagesView {
  private readonly pane = byId("message-pane");
  private readonly list = byId<HTMLOListElement>("message-list");
  private readonly pendingList = byId<HTMLOListElement>("pending-list");
  private readonly newMessages = byId<HTMLButtonElement>("new-messages");
  private readonly loadOlder = byId<HTMLButtonElement>("load-older");
  private readonly historyStart = byId("history-start");
  private readonly emptyRoom = byId("empty-room");
  private readonly announcer = byId("announcer");
  private lastOutgoing: readonly Outgoing[] = [];
  /** Messages shown, by seq: edits, deletes and reactions find their target here. */
  private readonly shown = new Map<number, Shown>();
  messageActions: MessageActions | null = null;

  constructor(
    private readonly me: () => string,
    private readonly actions: OutgoingActions,
    onLoadOlder: () => void,
  ) {
    this.pane.addEventListener("scroll", () => {
      if (this.isAtBottom()) {
        this.newMessages.hidden = true;
      }
    });
    this.newMessages.addEventListener("click", () => {
      this.scrollToBottom();
      this.newMessages.hidden = true;
    });
    this.loadOlder.addEventListener("click", onLoadOlder);
  }

  reset(): void {
    this.list.replaceChildren();
    this.pendingList.replaceChildren();
    this.shown.clear();
    this.lastOutgoing = [];
    this.newMessages.hidden = true;
    this.loadOlder.hidden = true;
    this.historyStart.hidden = true;
    this.emptyRoom.hidden = true;
  }

  isAtBottom(): boolean {
    return this.pane.scrollHeight - this.pane.scrollTop - this.pane.clientHeight <= BOTTOM_SLACK_PX;
  }

  scrollToBottom(): void {
    this.pane.scrollTop = this.pane.scrollHeight;
  }

  /** A shown message (for the reply bar). */
  message(seq: number): RoomMessageEvent | null {
    return this.shown.get(seq)?.event ?? null;
  }

  /** Appends confirmed events in order; follows them only if the reader was already at the bottom. */
  append(events: readonly RoomEvent[], live: boolean): void {
    if (events.length === 0) return;
    const stick = this.isAtBottom();
    const fragment = document.createDocumentFragment();
    let ownMessage = false;
    for (const e of events) {
      if (isMessage(e) || isNotice(e)) {
        const li = this.renderEvent(e);
        if (!li) continue;
        fragment.append(li);
        if (e.actor.userId === this.me()) ownMessage = true;
        if (live && isMessage(e) && e.actor.userId !== this.me()) {
          this.announce(t("message.announce", { name: e.actor.displayName, text: e.payload.text.slice(0, 300) }));
        }
      } else {
        // Appended first so that an action on a message of the same batch finds it.
        this.list.append(fragment);
        this.applyAction(e);
      }
    }
    this.list.append(fragment);
    this.updateEmpty();
    if (stick || ownMessage) {
      this.scrollToBottom();
    } else if (live) {
      this.newMessages.hidden = false;
    }
  }

  /** Prepends older messages (current state) and keeps what the reader was looking at in place. */
  prepend(events: readonly RoomEvent[]): void {
    if (events.length === 0) return;
    const before = this.pane.scrollHeight - this.pane.scrollTop;
    const fragment = document.createDocumentFragment();
    for (const e of events) {
      if (!isMessage(e) && !isNotice(e)) continue;
      const li = this.renderEvent(e);
      if (li) fragment.append(li);
    }
    this.list.prepend(fragment);
    this.pane.scrollTop = this.pane.scrollHeight - before;
    this.updateEmpty();
  }

  setHistory(hasOlder: boolean, loading: boolean): void {
    this.loadOlder.hidden = !hasOlder;
    this.loadOlder.disabled = loading;
    this.loadOlder.textContent = t(loading ? "room.loadingOlder" : "room.loadOlder");
    this.loadOlder.setAttribute("aria-busy", String(loading));
    this.historyStart.hidden = hasOlder || this.list.childElementCount === 0;
  }

  /** Re-renders the (short) list of messages not yet confirmed by the server. */
  renderOutgoing(items: readonly Outgoing[], scroll: boolean): void {
    this.lastOutgoing = items;
    const stick = scroll || this.isAtBottom();
    this.pendingList.replaceChildren(...items.map((o) => this.renderOutgoingItem(o)));
    this.updateEmpty();
    if (stick) this.scrollToBottom();
  }

  /** After a language change: times, labels and state texts. */
  relocalize(): void {
    for (const s of this.shown.values()) this.rerender(s);
    this.renderOutgoing(this.lastOutgoing, false);
    this.setHistory(!this.loadOlder.hidden, this.loadOlder.disabled);
  }

  /** After the moderator right changed: the delete buttons. */
  refreshTools(): void {
    for (const s of this.shown.values()) this.rerender(s);
  }

  announce(text: string): void {
    const line = el("p", undefined, text);
    this.announcer.append(line);
    while (this.announcer.childElementCount > 5) this.announcer.firstElementChild?.remove();
  }

  private updateEmpty(): void {
    this.emptyRoom.hidden = this.list.childElementCount > 0 || this.pendingList.childElementCount > 0;
  }

  /** Edit, delete or reaction: changes the target message in place (if it is shown). */
  private applyAction(e: RoomEvent): void {
    const change = e.payload;
    if (change.type === "message" || change.type === "notice") return;
    const target = change.targetSeq;
    const s = this.shown.get(target);
    if (!s) return; // older than what is shown: history brings its current state
    const m = s.event.payload;
    if (change.type === "edit") {
      if (m.deleted) return;
      m.text = change.text;
      m.editedAt = e.time;
    } else if (change.type === "delete") {
      m.deleted = true;
      m.text = "";
    } else {
      // The event carries the target's full list after the change.
      m.reactions = change.reactions.map((r) => ({ emoji: r.emoji, userIds: [...r.userIds] }));
    }
    this.rerender(s);
    if (change.type !== "reaction") {
      // Replies quote the target: show its new text (or that it was deleted).
      for (const r of this.shown.values()) if (r.event.payload.replyToSeq === target) this.rerender(r);
    }
  }

  private rerender(s: Shown): void {
    const before = s.li;
    const focused = document.activeElement instanceof HTMLElement && before.contains(document.activeElement)
      ? document.activeElement.dataset["tool"] ?? null
      : null;
    const fresh = this.renderEvent(s.event); // also points s.li at the fresh element
    if (!fresh) return;
    before.replaceWith(fresh);
    if (focused) fresh.querySelector<HTMLElement>(`[data-tool="${CSS.escape(focused)}"]`)?.focus();
  }

  private renderEvent(m: RoomMessageEvent | RoomNoticeEvent): HTMLLIElement | null {
    if (isNotice(m)) return this.renderNotice(m);
    const own = m.actor.userId === this.me();
    const p = m.payload;
    const li = el("li", own ? "message message-own" : "message");
    li.dataset["seq"] = String(m.seq);
    li.dataset["clientMessageId"] = p.clientMessageId;
    if (p.deleted) li.classList.add("message-deleted");
    const body = this.body(m.actor.displayName, p.deleted ? null : p.text, m.time, null);
    const head = body.querySelector(".message-head");
    if (p.editedAt && !p.deleted) {
      const edited = el("span", "message-edited", t("message.edited"));
      edited.title = formatFullTime(p.editedAt);
      head?.append(edited);
    }
    if (p.replyToSeq) body.insertBefore(this.quote(p.replyToSeq), body.querySelector(".message-text, .message-deleted-text"));
    if (!p.deleted) {
      const reactions = this.renderReactions(m);
      if (reactions) body.append(reactions);
      head?.append(this.renderTools(m, own));
    }
    li.append(avatar(m.actor.displayName, m.actor.userId), body);
    const old = this.shown.get(m.seq);
    if (old) old.li = li;
    else this.shown.set(m.seq, { li, event: m });
    return li;
  }

  private renderNotice(m: RoomNoticeEvent): HTMLLIElement | null {
    const described = this.messageActions?.describeNotice(m) ?? null;
    if (!described) return null;
    const li = el("li", described.prominent ? "notice-line notice-prominent" : "notice-line");
    li.dataset["seq"] = String(m.seq);
    li.dataset["notice"] = m.payload.noticeType;
    const p = el("p", "notice-text", described.text);
    p.dir = "auto";
    const time = el("time", "message-time", formatMessageTime(m.time));
    time.dateTime = m.time;
    li.append(p, time);
    return li;
  }

  /** The quoted message a reply answers: its sender and the start of its text. */
  private quote(seq: number): HTMLElement {
    const q = el("blockquote", "message-quote");
    const target = this.shown.get(seq)?.event;
    if (!target) {
      q.append(el("span", "muted", t("message.replyToOlder")));
      return q;
    }
    q.append(el("span", "message-quote-sender", t("message.replyTo", { name: target.actor.displayName })));
    const text = el("span", "message-quote-text", target.payload.deleted ? t("message.deleted") : target.payload.text.slice(0, 200));
    text.dir = "auto";
    q.append(text);
    return q;
  }

  private renderReactions(m: RoomMessageEvent): HTMLElement | null {
    const list = m.payload.reactions.filter((r) => r.userIds.length > 0);
    if (list.length === 0) return null;
    const box = el("div", "message-reactions");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", t("message.reactions"));
    for (const r of list) {
      const mine = r.userIds.includes(this.me());
      const chip = el("button", mine ? "reaction reaction-mine" : "reaction");
      chip.type = "button";
      chip.dataset["tool"] = `reaction:${r.emoji}`;
      chip.dataset["emoji"] = r.emoji;
      chip.setAttribute("aria-pressed", String(mine));
      chip.setAttribute("aria-label", t("message.reactionLabel", { emoji: r.emoji, count: formatNumber(r.userIds.length) }));
      chip.append(el("span", "reaction-emoji", r.emoji), el("span", "reaction-count", formatNumber(r.userIds.length)));
      chip.addEventListener("click", () => this.messageActions?.react(m.seq, r.emoji, !mine));
      box.append(chip);
    }
    return box;
  }

  /** Reply, react, edit and delete: plain buttons, so the keyboard reaches them in reading order. */
  private renderTools(m: RoomMessageEvent, own: boolean): HTMLElement {
    const tools = el("div", "message-tools");
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", t("message.tools", { name: m.actor.displayName }));
    const a = this.messageActions;
    if (!a) return tools;
    const write = a.canWrite();
    if (write) tools.append(tool("reply", t("message.reply"), () => a.reply(m.seq)));
    const picker = el("div", "reaction-picker");
    picker.hidden = true;
    picker.setAttribute("role", "group");
    picker.setAttribute("aria-label", t("message.pickReaction"));
    const reactButton = tool("react", t("message.react"), () => {
      picker.hidden = !picker.hidden;
      reactButton.setAttribute("aria-expanded", String(!picker.hidden));
      if (!picker.hidden) picker.querySelector<HTMLButtonElement>("button")?.focus();
    });
    reactButton.setAttribute("aria-expanded", "false");
    for (const emoji of QUICK_REACTIONS) {
      const mine = m.payload.reactions.some((r) => r.emoji === emoji && r.userIds.includes(this.me()));
      const b = tool(`pick:${emoji}`, emoji, () => {
        picker.hidden = true;
        a.react(m.seq, emoji, !mine);
      });
      b.classList.add("reaction-pick");
      b.setAttribute("aria-label", t("message.reactWith", { emoji }));
      picker.append(b);
    }
    picker.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        picker.hidden = true;
        reactButton.focus();
      }
    });
    if (write) tools.append(reactButton);
    if (own && write) tools.append(tool("edit", t("message.editOwn"), () => this.startEdit(m)));
    if ((own && a.canDeleteOwn()) || a.canModerate()) {
      const del = tool("delete", own ? t("message.delete") : t("message.deleteAsModerator"), () => this.confirmDelete(m, tools, del));
      tools.append(del);
    }
    if (write) tools.append(picker);
    return tools;
  }

  private confirmDelete(m: RoomMessageEvent, tools: HTMLElement, del: HTMLButtonElement): void {
    const a = this.messageActions;
    if (!a || tools.querySelector(".confirm-delete")) return;
    const box = el("span", "confirm-delete");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", t("message.confirmDelete"));
    box.append(el("span", "confirm-delete-text", t("message.confirmDelete")));
    const yes = tool("confirm-delete", t("message.deleteYes"), () => {
      yes.disabled = true;
      void a.remove(m.seq).catch(() => {
        box.remove();
        del.focus();
      });
    });
    yes.classList.add("button-danger");
    const no = tool("cancel-delete", t("message.cancel"), () => {
      box.remove();
      del.focus();
    });
    box.append(yes, no);
    del.after(box);
    yes.focus();
  }

  /** Inline editor in place of the text: Enter saves, Escape cancels. */
  private startEdit(m: RoomMessageEvent): void {
    const s = this.shown.get(m.seq);
    const a = this.messageActions;
    if (!s || !a) return;
    const p = s.li.querySelector(".message-text");
    if (!p || s.li.querySelector(".message-edit")) return;
    const form = el("form", "message-edit");
    const area = el("textarea", "message-edit-text");
    area.value = m.payload.text;
    area.dir = "auto";
    area.rows = 2;
    area.setAttribute("aria-label", t("message.editLabel"));
    const save = el("button", "button button-small button-primary", t("message.save"));
    save.type = "submit";
    const cancel = el("button", "button button-small", t("message.cancel"));
    cancel.type = "button";
    const close = (): void => {
      form.remove();
      p.removeAttribute("hidden");
      s.li.querySelector<HTMLButtonElement>('[data-tool="edit"]')?.focus();
    };
    cancel.addEventListener("click", close);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text || text === m.payload.text) {
        close();
        return;
      }
      save.disabled = true;
      void a.edit(m.seq, text).then(close, () => {
        save.disabled = false;
        area.focus();
      });
    });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    const buttons = el("div", "message-actions");
    buttons.append(save, cancel);
    form.append(area, buttons);
    p.setAttribute("hidden", "");
    p.after(form);
    area.focus();
  }

  private renderOutgoingItem(o: Outgoing): HTMLLIElement {
    const li = el("li", `message message-own message-${o.state}`);
    li.dataset["clientMessageId"] = o.clientMessageId;
    const stateText =
      o.state === "failed" ? t("message.failed")
      : o.state === "queued" ? t("message.waiting")
      : t("message.sending");
    const body = this.body(t("room.you"), o.text, null, stateText);
    if (o.replyToSeq) body.insertBefore(this.quote(o.replyToSeq), body.querySelector(".message-text"));
    if (o.state === "failed") {
      const box = el("div", "message-error");
      box.setAttribute("role", "alert");
      box.append(el("span", "message-error-text", o.error ?? t("message.failed")));
      const actions = el("div", "message-actions");
      actions.append(
        button(t("message.retry"), "button button-small button-primary", () => this.actions.retry(o.clientMessageId)),
        button(t("message.edit"), "button button-small", () => this.actions.edit(o.clientMessageId)),
        button(t("message.discard"), "button button-small", () => this.actions.discard(o.clientMessageId)),
      );
      box.append(actions);
      body.append(box);
    }
    li.append(avatar(this.meName(), this.me()), body);
    return li;
  }

  private meName(): string {
    return byId("me-name").textContent ?? "";
  }

  /** Sender, time, state and the text (null: the deleted placeholder). */
  private body(sender: string, text: string | null, sentAt: string | null, state: string | null): HTMLDivElement {
    const body = el("div", "message-body");
    const head = el("div", "message-head");
    const name = el("span", "message-sender", sender);
    name.dir = "auto";
    head.append(name);
    if (sentAt) {
      const time = el("time", "message-time", formatMessageTime(sentAt));
      time.dateTime = sentAt;
      time.title = formatFullTime(sentAt);
      head.append(time);
    }
    if (state) {
      head.append(el("span", "message-state", state));
    }
    if (text === null) {
      body.append(head, el("p", "message-deleted-text", t("message.deleted")));
      return body;
    }
    const p = el("p", "message-text", text);
    p.dir = "auto";
    body.append(head, p);
    return body;
  }
}

function tool(name: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = button(label, "button button-tiny", onClick);
  b.dataset["tool"] = name;
  return b;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", className, label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function avatar(name: string, id: string): HTMLSpanElement {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  const a = el("span", `avatar avatar-c${Math.abs(hash) % AVATAR_COLOURS}`, initial(name));
  a.setAttribute("aria-hidden", "true");
  return a;
}

function initial(name: string): string {
  const first = [...name.trim()][0] ?? "?";
  return first.toLocaleUpperCase();
}
