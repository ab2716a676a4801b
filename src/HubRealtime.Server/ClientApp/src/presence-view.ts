import { byId, el } from "./dom";
import { formatNumber, t } from "./i18n";
import { PresenceState } from "./presence-state";
import type { PresenceChangedEvent, PresenceSnapshot, PresenceUser, TypingEvent } from "./room-events";

/** Who is in the room (a "Presence" snapshot kept up to date by "PresenceChanged" deltas) and who is typing. */
export class PresenceView {
  private readonly list = byId<HTMLUListElement>("presence-list");
  private readonly count = byId("presence-count");
  private readonly typingLine = byId("typing-indicator");
  /** The lists of every joined room and who types in them (presence-state.ts has the rules). */
  private readonly state = new PresenceState({ onChange: (roomId) => this.changed(roomId) });
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
    return roomId ? this.state.users(roomId) : [];
  }

  /** Another room (or none): typing and mute marks belong to the room left. */
  reset(): void {
    this.muted.clear();
    this.state.clearTyping();
    this.render();
  }

  /**
   * A full list from the hub event (after joining, or after a presence restart): it starts the view
   * over, and the deltas that waited for it are replayed.
   */
  onPresence(snapshot: PresenceSnapshot): void {
    this.state.applySnapshot(snapshot);
  }

  /** What changed in a room: applied when it follows the view, else kept until a snapshot (asked for on a gap). */
  onPresenceChanged(delta: PresenceChangedEvent, fetch: (roomId: string) => Promise<PresenceSnapshot>): void {
    this.state.applyDelta(delta, fetch);
  }

  private changed(roomId: string): void {
    if (roomId === this.roomId()) this.render();
  }

  onTyping(e: TypingEvent): void {
    if (e.roomId !== this.roomId() || e.userId === this.me()) return;
    this.state.typingStarted(e.roomId, e.userId, e.displayName);
    this.renderTyping();
  }

  /** A message from someone ends their typing. */
  stoppedTyping(userId: string): void {
    const roomId = this.roomId();
    if (roomId && this.state.typingStopped(roomId, userId)) this.renderTyping();
  }

  /** Forgets the rooms no longer joined (after leaving a room or the meeting). */
  forgetExcept(keep: (roomId: string) => boolean): void {
    this.state.forgetExcept(keep);
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
    const roomId = this.roomId();
    const names = roomId ? this.state.typing(roomId).map((u) => u.displayName) : [];
    const text =
      names.length === 0 ? ""
      : names.length === 1 ? t("typing.one", { name: names[0] ?? "" })
      : names.length === 2 ? t("typing.two", { first: names[0] ?? "", second: names[1] ?? "" })
      : t("typing.many");
    if (this.typingLine.textContent !== text) this.typingLine.textContent = text;
    window.clearTimeout(this.timer);
    const next = roomId ? this.state.nextTypingExpiry(roomId) : null;
    if (next !== null) this.timer = window.setTimeout(() => this.renderTyping(), Math.max(50, next - Date.now()));
  }
}

/** Accepts the hub event as one object or as positional arguments. */
export function presenceArgs(a: unknown, b: unknown): PresenceSnapshot | null {
  if (typeof a === "string" && Array.isArray(b)) return { roomId: a, users: b as PresenceUser[], epoch: "", version: 0 };
  if (a && typeof a === "object" && "roomId" in a) {
    const o = a as PresenceSnapshot;
    return {
      roomId: o.roomId,
      users: Array.isArray(o.users) ? o.users : [],
      epoch: typeof o.epoch === "string" ? o.epoch : "",
      version: typeof o.version === "number" ? o.version : 0,
    };
  }
  return null;
}

/** Reads the "PresenceChanged" event (one object); null when it is not one. */
export function presenceChangedArgs(a: unknown): PresenceChangedEvent | null {
  if (!a || typeof a !== "object" || !("roomId" in a)) return null;
  const o = a as PresenceChangedEvent;
  if (typeof o.epoch !== "string" || typeof o.fromVersion !== "number" || typeof o.version !== "number") return null;
  return {
    roomId: o.roomId,
    epoch: o.epoch,
    fromVersion: o.fromVersion,
    version: o.version,
    joined: Array.isArray(o.joined) ? o.joined : [],
    updated: Array.isArray(o.updated) ? o.updated : [],
    left: Array.isArray(o.left) ? o.left : [],
  };
}

export function typingArgs(a: unknown, b: unknown, c: unknown): TypingEvent | null {
  if (typeof a === "string" && typeof b === "string") return { roomId: a, userId: b, displayName: typeof c === "string" ? c : b };
  if (a && typeof a === "object" && "roomId" in a) return a as TypingEvent;
  return null;
}
