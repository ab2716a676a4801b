import { byId, el } from "./dom";
import { formatNumber, t } from "./i18n";
import { applyPresenceChange } from "./protocol";
import type { PresenceChangedEvent, PresenceSnapshot, PresenceUser, TypingEvent } from "./room-events";

/** How long a "Typing" signal shows (the sender repeats it every few seconds while typing). */
const TYPING_SHOWN_MS = 5_000;

/** Deltas kept while a room has no snapshot yet (or one is on its way); more than this are dropped. */
const MAX_WAITING = 1_000;

/** One joined room's list: a snapshot with the deltas since, per docs/protocol.md "Presence and typing". */
interface RoomPresence {
  users: Map<string, PresenceUser>;
  epoch: string;
  version: number;
  /** A GetPresence is on its way: deltas wait for it. */
  fetching: boolean;
  waiting: PresenceChangedEvent[];
}

/** Who is in the room (a "Presence" snapshot kept up to date by "PresenceChanged" deltas) and who is typing. */
export class PresenceView {
  private readonly list = byId<HTMLUListElement>("presence-list");
  private readonly count = byId("presence-count");
  private readonly typingLine = byId("typing-indicator");
  /**
   * The list of every joined room: a meeting's plenary stays joined while the chat is in a breakout,
   * and the server sends no new snapshot when the chat comes back to it.
   */
  private readonly rooms = new Map<string, RoomPresence>();
  /** Rooms whose first snapshot has not come yet: their deltas wait for it. */
  private readonly early = new Map<string, PresenceChangedEvent[]>();
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
    const room = roomId ? this.rooms.get(roomId) : undefined;
    return room ? [...room.users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)) : [];
  }

  /** Another room (or none): typing and mute marks belong to the room left. */
  reset(): void {
    this.muted.clear();
    this.typing.clear();
    this.render();
  }

  /**
   * A full list from the hub event (after joining, or after a presence restart): it starts the view
   * over, and the deltas that waited for it are replayed.
   */
  onPresence(snapshot: PresenceSnapshot): void {
    const known = this.rooms.get(snapshot.roomId);
    const waiting = [...(known?.waiting ?? []), ...(this.early.get(snapshot.roomId) ?? [])];
    this.early.delete(snapshot.roomId);
    const room: RoomPresence = {
      users: new Map(snapshot.users.map((u) => [u.userId, u])),
      epoch: snapshot.epoch,
      version: snapshot.version,
      fetching: false,
      waiting: [],
    };
    this.rooms.set(snapshot.roomId, room);
    this.replay(room, waiting);
    this.changed(snapshot.roomId);
  }

  /**
   * Applies the deltas that waited, in order. Any that still do not follow the fresh snapshot are
   * dropped: if something was really missed, the next delta asks again (a bad delta cannot loop).
   */
  private replay(room: RoomPresence, waiting: PresenceChangedEvent[]): void {
    // Deltas of another epoch predate this view's activation (a newer one comes with a snapshot).
    for (const d of waiting.filter((w) => w.epoch === room.epoch).sort((a, b) => a.version - b.version)) {
      applyPresenceChange(room, d);
    }
  }

  /** What changed in a room: applied when it follows the view, else kept until a snapshot (asked for on a gap). */
  onPresenceChanged(delta: PresenceChangedEvent, fetch: (roomId: string) => Promise<PresenceSnapshot>): void {
    const room = this.rooms.get(delta.roomId);
    if (!room) {
      // The join's snapshot is on its way (or the room was left: forgetExcept drops these).
      const early = this.early.get(delta.roomId) ?? [];
      if (early.length < MAX_WAITING) early.push(delta);
      this.early.set(delta.roomId, early);
      return;
    }
    if (room.fetching) {
      if (room.waiting.length < MAX_WAITING) room.waiting.push(delta);
      return;
    }
    const result = applyPresenceChange(room, delta);
    if (result === "gap") this.fetch(delta.roomId, room, [delta], fetch);
    else if (result === "applied") this.changed(delta.roomId);
  }

  private fetch(roomId: string, room: RoomPresence, waiting: PresenceChangedEvent[], fetch: (roomId: string) => Promise<PresenceSnapshot>): void {
    room.fetching = true;
    room.waiting.push(...waiting);
    if (room.waiting.length > MAX_WAITING) room.waiting.splice(0, room.waiting.length - MAX_WAITING);
    fetch(roomId).then(
      (snapshot) => {
        if (this.rooms.get(roomId) !== room) return;
        if (snapshot.epoch === room.epoch && snapshot.version < room.version) {
          // Older than the view (deltas overtook the reply): keep the view, retry what waited.
          room.fetching = false;
          this.replay(room, room.waiting.splice(0));
          this.changed(roomId);
        } else {
          this.onPresence(snapshot);
        }
      },
      () => {
        // Left the room or the connection dropped: the next delta asks again.
        room.fetching = false;
      },
    );
  }

  private changed(roomId: string): void {
    if (roomId !== this.roomId()) return;
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
    for (const roomId of [...this.rooms.keys()]) if (!keep(roomId)) this.rooms.delete(roomId);
    for (const roomId of [...this.early.keys()]) if (!keep(roomId)) this.early.delete(roomId);
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
