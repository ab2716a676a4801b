import { byId, el } from "./dom";
import { formatNumber, t } from "./i18n";
import type { PresenceSnapshot, PresenceUser, TypingEvent } from "./room-events";

/** How long a "Typing" signal shows (the sender repeats it every few seconds while typing). */
const TYPING_SHOWN_MS = 5_000;

/** Who is in the room (the latest "Presence" snapshot) and who is typing. */
export class PresenceView {
  private readonly list = byId<HTMLUListElement>("presence-list");
  private readonly count = byId("presence-count");
  private readonly typingLine = byId("typing-indicator");
  /**
   * The latest snapshot of every joined room: a meeting's plenary stays joined while the chat is in a
   * breakout, and the server sends no new snapshot when the chat comes back to it.
   */
  private readonly snapshots = new Map<string, PresenceUser[]>();
  private readonly typing = new Map<string, { name: string; until: number }>();
  private timer: number | undefined;
  /** Users this moderator muted in the current room (as far as this page knows). */
  private readonly muted = new Set<string>();

  constructor(
    private readonly roomId: () => string | null,
    private readonly me: () => string,
    private readonly moderation: { canModerate(): boolean; mute(userId: string, muted: boolean): Promise<void> },
  ) {}

  private get users(): PresenceUser[] {
    const roomId = this.roomId();
    return (roomId ? this.snapshots.get(roomId) : undefined) ?? [];
  }

  /** Another room (or none): typing and mute marks belong to the room left. */
  reset(): void {
    this.muted.clear();
    this.typing.clear();
    this.render();
  }

  onPresence(snapshot: PresenceSnapshot): void {
    this.snapshots.set(snapshot.roomId, [...snapshot.users].sort((a, b) => a.displayName.localeCompare(b.displayName)));
    if (snapshot.roomId !== this.roomId()) return;
    // Someone who left is no longer typing.
    for (const id of [...this.typing.keys()]) {
      if (!this.users.some((u) => u.userId === id)) this.typing.delete(id);
    }
    this.render();
  }

  onTyping(e: TypingEvent): void {
    if (e.roomId !== this.roomId() || e.userId === this.me()) return;
    this.typing.set(e.userId, { name: e.displayName, until: Date.now() + TYPING_SHOWN_MS });
    this.renderTyping();
  }

  /** A message from someone ends their typing. */
  stoppedTyping(userId: string): void {
    if (this.typing.delete(userId)) this.renderTyping();
  }

  /** Forgets the rooms no longer joined (after leaving a room or the meeting). */
  forgetExcept(keep: (roomId: string) => boolean): void {
    for (const roomId of [...this.snapshots.keys()]) if (!keep(roomId)) this.snapshots.delete(roomId);
  }

  render(): void {
    this.count.textContent = this.users.length > 0 ? `(${formatNumber(this.users.length)})` : "";
    this.list.replaceChildren(
      ...this.users.map((u) => {
        const li = el("li", "presence-user");
        li.dataset["userId"] = u.userId;
        const dot = el("span", "presence-dot");
        dot.setAttribute("aria-hidden", "true");
        const name = el("span", "presence-name", u.userId === this.me() ? t("presence.you", { name: u.displayName }) : u.displayName);
        name.dir = "auto";
        li.append(dot, name);
        if (u.userId !== this.me() && this.moderation.canModerate()) li.append(this.muteButton(u));
        return li;
      }),
    );
    this.renderTyping();
  }

  private muteButton(u: PresenceUser): HTMLButtonElement {
    const muted = this.muted.has(u.userId);
    const b = el("button", "button button-tiny mute-button", muted ? t("presence.unmute") : t("presence.mute"));
    b.type = "button";
    b.setAttribute("aria-pressed", String(muted));
    b.setAttribute("aria-label", t(muted ? "presence.unmuteNamed" : "presence.muteNamed", { name: u.displayName }));
    b.addEventListener("click", () => {
      b.disabled = true;
      void this.moderation.mute(u.userId, !muted).then(() => {
        if (muted) this.muted.delete(u.userId);
        else this.muted.add(u.userId);
        this.render();
        this.list.querySelector<HTMLButtonElement>(`li[data-user-id="${CSS.escape(u.userId)}"] .mute-button`)?.focus();
      }, () => {
        b.disabled = false;
      });
    });
    return b;
  }

  private renderTyping(): void {
    const now = Date.now();
    for (const [id, v] of this.typing) if (v.until <= now) this.typing.delete(id);
    const names = [...this.typing.values()].map((v) => v.name);
    const text =
      names.length === 0 ? ""
      : names.length === 1 ? t("typing.one", { name: names[0] ?? "" })
      : names.length === 2 ? t("typing.two", { first: names[0] ?? "", second: names[1] ?? "" })
      : t("typing.many");
    if (this.typingLine.textContent !== text) this.typingLine.textContent = text;
    window.clearTimeout(this.timer);
    if (this.typing.size > 0) {
      const next = Math.min(...[...this.typing.values()].map((v) => v.until)) - now;
      this.timer = window.setTimeout(() => this.renderTyping(), Math.max(50, next));
    }
  }
}

/** Accepts the hub event as one object or as positional arguments. */
export function presenceArgs(a: unknown, b: unknown): PresenceSnapshot | null {
  if (typeof a === "string" && Array.isArray(b)) return { roomId: a, users: b as PresenceUser[] };
  if (a && typeof a === "object" && "roomId" in a) {
    const o = a as PresenceSnapshot;
    return { roomId: o.roomId, users: Array.isArray(o.users) ? o.users : [] };
  }
  return null;
}

export function typingArgs(a: unknown, b: unknown, c: unknown): TypingEvent | null {
  if (typeof a === "string" && typeof b === "string") return { roomId: a, userId: b, displayName: typeof c === "string" ? c : b };
  if (a && typeof a === "object" && "roomId" in a) return a as TypingEvent;
  return null;
}
