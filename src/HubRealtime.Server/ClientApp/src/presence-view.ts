import { signal } from "@preact/signals";
import { PresenceState } from "./presence-state";
import type { PresenceChangedEvent, PresenceSnapshot, PresenceUser, TypingEvent } from "./room-events";

/** Someone listed in the panel: present now, or (in a working group) a member who is not. */
export interface PanelPerson {
  userId: string;
  displayName: string;
  online: boolean;
}

/**
 * Who is in the room (a "Presence" snapshot kept up to date by "PresenceChanged" deltas), who is typing,
 * and, in a working group's room, its members: the PresencePanel component renders it.
 */
export class PresenceView {
  /** Bumped on every change the panel shows. */
  readonly revision = signal(0);
  /** Bumped on a change of any room's list (the facilitator's overview shows every breakout's). */
  readonly roomsRevision = signal(0);
  /** The members of the room's working group (null: not a group's room, or not loaded). */
  readonly members = signal<readonly { userId: string; displayName: string }[] | null>(null);
  /** The lists of every joined room and who types in them (presence-state.ts has the rules). */
  private readonly state = new PresenceState({ onChange: (roomId) => this.changed(roomId) });
  private timer: number | undefined;
  /** Users this moderator muted in the current room (as far as this page knows). */
  private readonly muted = new Set<string>();

  constructor(
    private readonly roomId: () => string | null,
    readonly me: () => string,
    readonly moderation: { canModerate(): boolean; mute(userId: string, muted: boolean): Promise<void> },
  ) {}

  users(): PresenceUser[] {
    const roomId = this.roomId();
    return roomId ? this.state.users(roomId) : [];
  }

  /** The panel's list: who is here, then (in a working group) the members who are not, each by name. */
  people(): PanelPerson[] {
    const here = this.users();
    const online = new Set(here.map((u) => u.userId));
    const present = here.map((u) => ({ userId: u.userId, displayName: u.displayName, online: true }));
    const away = (this.members.value ?? [])
      .filter((m) => !online.has(m.userId))
      .map((m) => ({ userId: m.userId, displayName: m.displayName, online: false }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return [...present, ...away];
  }

  isMuted(userId: string): boolean {
    return this.muted.has(userId);
  }

  async setMuted(userId: string, muted: boolean): Promise<void> {
    await this.moderation.mute(userId, muted);
    if (muted) this.muted.add(userId);
    else this.muted.delete(userId);
    this.render();
  }

  /** Another room (or none): typing and mute marks belong to the room left. */
  reset(): void {
    this.muted.clear();
    this.state.clearTyping();
    this.members.value = null;
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

  /** Who is in a room this connection joined or watches (read in a render, it re-renders on changes). */
  usersIn(roomId: string): PresenceUser[] {
    void this.roomsRevision.value;
    return this.state.users(roomId);
  }

  private changed(roomId: string): void {
    this.roomsRevision.value++;
    if (roomId === this.roomId()) this.render();
  }

  onTyping(e: TypingEvent): void {
    if (e.roomId !== this.roomId() || e.userId === this.me()) return;
    this.state.typingStarted(e.roomId, e.userId, e.displayName);
    this.render();
  }

  /** A message from someone ends their typing. */
  stoppedTyping(userId: string): void {
    const roomId = this.roomId();
    if (roomId && this.state.typingStopped(roomId, userId)) this.render();
  }

  /** Forgets the rooms no longer joined (after leaving a room or the meeting). */
  forgetExcept(keep: (roomId: string) => boolean): void {
    this.state.forgetExcept(keep);
  }

  /** Names of who types now; re-renders when the next of them expires. */
  typingNames(): string[] {
    const roomId = this.roomId();
    window.clearTimeout(this.timer);
    const next = roomId ? this.state.nextTypingExpiry(roomId) : null;
    if (next !== null) this.timer = window.setTimeout(() => this.render(), Math.max(50, next - Date.now()));
    return roomId ? this.state.typing(roomId).map((u) => u.displayName) : [];
  }

  render(): void {
    this.revision.value++;
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
