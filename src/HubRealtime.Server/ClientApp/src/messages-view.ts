import { byId, el } from "./dom";
import { formatFullTime, formatMessageTime, t } from "./i18n";
import type { ChatMessage } from "./protocol";

export type OutgoingState = "queued" | "sending" | "sent" | "failed";

export interface Outgoing {
  clientMessageId: string;
  text: string;
  state: OutgoingState;
  /** Localized error text of the last failed attempt. */
  error: string | null;
  /** Sequence from the SendAck, while the message itself has not reached the timeline yet. */
  ackSeq: number | null;
}

export interface OutgoingActions {
  retry(clientMessageId: string): void;
  edit(clientMessageId: string): void;
  discard(clientMessageId: string): void;
}

const BOTTOM_SLACK_PX = 48;
const AVATAR_COLOURS = 8;

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

  /** Appends confirmed messages; follows them only if the reader was already at the bottom. */
  append(messages: readonly ChatMessage[], live: boolean): void {
    if (messages.length === 0) return;
    const stick = this.isAtBottom();
    const fragment = document.createDocumentFragment();
    let ownMessage = false;
    for (const m of messages) {
      fragment.append(this.renderMessage(m));
      if (m.senderId === this.me()) ownMessage = true;
    }
    this.list.append(fragment);
    this.updateEmpty();
    if (stick || ownMessage) {
      this.scrollToBottom();
    } else if (live) {
      this.newMessages.hidden = false;
    }
    if (live) {
      for (const m of messages) {
        if (m.senderId !== this.me()) this.announce(t("message.announce", { name: m.senderName, text: m.text.slice(0, 300) }));
      }
    }
  }

  /** Prepends older messages and keeps what the reader was looking at in place. */
  prepend(messages: readonly ChatMessage[]): void {
    if (messages.length === 0) return;
    const before = this.pane.scrollHeight - this.pane.scrollTop;
    const fragment = document.createDocumentFragment();
    for (const m of messages) fragment.append(this.renderMessage(m));
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

  /** After a language change: times and state labels. */
  relocalize(): void {
    for (const time of this.list.querySelectorAll<HTMLTimeElement>("time[datetime]")) {
      time.textContent = formatMessageTime(time.dateTime);
      time.title = formatFullTime(time.dateTime);
    }
    this.renderOutgoing(this.lastOutgoing, false);
    this.setHistory(!this.loadOlder.hidden, this.loadOlder.disabled);
  }

  announce(text: string): void {
    const line = el("p", undefined, text);
    this.announcer.append(line);
    while (this.announcer.childElementCount > 5) this.announcer.firstElementChild?.remove();
  }

  private updateEmpty(): void {
    this.emptyRoom.hidden = this.list.childElementCount > 0 || this.pendingList.childElementCount > 0;
  }

  private renderMessage(m: ChatMessage): HTMLLIElement {
    const own = m.senderId === this.me();
    const li = el("li", own ? "message message-own" : "message");
    li.dataset["seq"] = String(m.seq);
    li.dataset["clientMessageId"] = m.clientMessageId;
    li.append(avatar(m.senderName, m.senderId), this.body(m.senderName, m.text, m.sentAt, null));
    return li;
  }

  private renderOutgoingItem(o: Outgoing): HTMLLIElement {
    const li = el("li", `message message-own message-${o.state}`);
    li.dataset["clientMessageId"] = o.clientMessageId;
    const stateText =
      o.state === "failed" ? t("message.failed")
      : o.state === "queued" ? t("message.waiting")
      : t("message.sending");
    const body = this.body(t("room.you"), o.text, null, stateText);
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

  private body(sender: string, text: string, sentAt: string | null, state: string | null): HTMLDivElement {
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
    const p = el("p", "message-text", text);
    p.dir = "auto";
    body.append(head, p);
    return body;
  }
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
