// Who is in each joined room and who is typing there: the rules of docs/protocol.md, "Presence and
// typing", as plain data (no DOM, no framework). A view renders from it and re-renders on `onChange`.
import { applyPresenceChange } from "./protocol";
import type { PresenceChangedEvent, PresenceSnapshot, PresenceUser } from "./room-events";

/** How long a "Typing" signal shows (the sender repeats it every few seconds while typing). */
export const TYPING_SHOWN_MS = 5_000;

/** Deltas kept per room while its snapshot is awaited; beyond this the oldest are dropped. */
export const MAX_WAITING = 1_000;

/** Asks the server for a room's full list (GetPresence). */
export type PresenceFetch = (roomId: string) => Promise<PresenceSnapshot>;

/** What `applyDelta` did with a delta. */
export type PresenceDeltaOutcome =
  /** The list changed (onChange was called). */
  | "applied"
  /** Already contained in the list: nothing changed. */
  | "stale"
  /** Kept for later: no snapshot yet, or a GetPresence is on its way. */
  | "waiting"
  /** A gap: a GetPresence was started; the delta waits for its answer. */
  | "fetching";

/** Someone typing in a room. */
export interface TypingUser {
  userId: string;
  displayName: string;
}

export interface PresenceStateOptions {
  /** The clock for typing expiry (default Date.now). */
  now?: () => number;
  /** Called after a room's list changed: a snapshot, an applied delta, or a GetPresence answer. */
  onChange?: (roomId: string) => void;
}

/** One joined room's list: a snapshot with the deltas since. */
interface RoomPresence {
  users: Map<string, PresenceUser>;
  epoch: string;
  version: number;
  /** A GetPresence is on its way: deltas wait for it. */
  fetching: boolean;
  waiting: PresenceChangedEvent[];
}

/**
 * The presence lists of every joined room (a meeting's plenary stays joined while the chat is in a
 * breakout, and the server sends no new snapshot when the chat comes back to it) and the typing users
 * per room. Lists follow the protocol's rule: a `Presence` snapshot starts a room over, `PresenceChanged`
 * deltas apply when they follow it, wait while a snapshot is awaited, and a gap asks GetPresence.
 */
export class PresenceState {
  private readonly rooms = new Map<string, RoomPresence>();
  /** Rooms whose first snapshot has not come yet: their deltas wait for it. */
  private readonly early = new Map<string, PresenceChangedEvent[]>();
  private readonly typers = new Map<string, Map<string, { name: string; until: number }>>();
  private readonly now: () => number;
  private readonly onChange: (roomId: string) => void;

  constructor(options: PresenceStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange ?? (() => undefined);
  }

  /** The users in a room, sorted by display name; empty before its first snapshot. */
  users(roomId: string): PresenceUser[] {
    const room = this.rooms.get(roomId);
    return room ? [...room.users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)) : [];
  }

  /**
   * A full list (the "Presence" event after joining or after a presence restart, or a GetPresence
   * answer): the room starts over from it, and the deltas that waited for it are replayed.
   */
  applySnapshot(snapshot: PresenceSnapshot): void {
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
    replay(room, waiting);
    this.changed(snapshot.roomId);
  }

  /**
   * A "PresenceChanged" delta: applied when it follows the room's list, else kept until a snapshot
   * (on a gap, `fetch` is called once and its answer starts the room over).
   */
  applyDelta(delta: PresenceChangedEvent, fetch: PresenceFetch): PresenceDeltaOutcome {
    const room = this.rooms.get(delta.roomId);
    if (!room) {
      // The join's snapshot is on its way (or the room was left: forgetExcept drops these).
      const early = this.early.get(delta.roomId) ?? [];
      if (early.length < MAX_WAITING) early.push(delta);
      this.early.set(delta.roomId, early);
      return "waiting";
    }
    if (room.fetching) {
      if (room.waiting.length < MAX_WAITING) room.waiting.push(delta);
      return "waiting";
    }
    const result = applyPresenceChange(room, delta);
    if (result === "gap") {
      this.fetch(delta.roomId, room, delta, fetch);
      return "fetching";
    }
    if (result === "applied") this.changed(delta.roomId);
    return result;
  }

  /** Forgets the rooms no longer joined (their lists, waiting deltas and typing users). */
  forgetExcept(keep: (roomId: string) => boolean): void {
    for (const roomId of [...this.rooms.keys()]) if (!keep(roomId)) this.rooms.delete(roomId);
    for (const roomId of [...this.early.keys()]) if (!keep(roomId)) this.early.delete(roomId);
    for (const roomId of [...this.typers.keys()]) if (!keep(roomId)) this.typers.delete(roomId);
  }

  /** A "Typing" event: the user shows as typing for TYPING_SHOWN_MS from now (callers drop their own). */
  typingStarted(roomId: string, userId: string, displayName: string): void {
    let room = this.typers.get(roomId);
    if (!room) {
      room = new Map<string, { name: string; until: number }>();
      this.typers.set(roomId, room);
    }
    room.set(userId, { name: displayName, until: this.now() + TYPING_SHOWN_MS });
  }

  /** A message from the user ends their typing. Returns whether they were shown as typing. */
  typingStopped(roomId: string, userId: string): boolean {
    return this.typers.get(roomId)?.delete(userId) ?? false;
  }

  /** Forgets everyone's typing, in every room. */
  clearTyping(): void {
    this.typers.clear();
  }

  /** Who is typing in a room now, in the order they started (expired entries are dropped). */
  typing(roomId: string): TypingUser[] {
    const room = this.typers.get(roomId);
    if (!room) return [];
    const now = this.now();
    for (const [id, v] of room) if (v.until <= now) room.delete(id);
    return [...room].map(([userId, v]) => ({ userId, displayName: v.name }));
  }

  /** When the next typing entry of a room expires (a time of `now()`), or null when nobody types. */
  nextTypingExpiry(roomId: string): number | null {
    const room = this.typers.get(roomId);
    return room && room.size > 0 ? Math.min(...[...room.values()].map((v) => v.until)) : null;
  }

  private fetch(roomId: string, room: RoomPresence, delta: PresenceChangedEvent, fetch: PresenceFetch): void {
    room.fetching = true;
    room.waiting.push(delta);
    if (room.waiting.length > MAX_WAITING) room.waiting.splice(0, room.waiting.length - MAX_WAITING);
    fetch(roomId).then(
      (snapshot) => {
        if (this.rooms.get(roomId) !== room) return;
        if (snapshot.epoch === room.epoch && snapshot.version < room.version) {
          // Older than the list (deltas overtook the reply): keep the list, retry what waited.
          room.fetching = false;
          replay(room, room.waiting.splice(0));
          this.changed(roomId);
        } else {
          this.applySnapshot(snapshot);
        }
      },
      () => {
        // Left the room or the connection dropped: the next delta asks again.
        room.fetching = false;
      },
    );
  }

  private changed(roomId: string): void {
    // Someone who left is no longer typing.
    const typers = this.typers.get(roomId);
    const room = this.rooms.get(roomId);
    if (typers && room) {
      for (const id of [...typers.keys()]) if (!room.users.has(id)) typers.delete(id);
    }
    this.onChange(roomId);
  }
}

/**
 * Applies the deltas that waited, in version order. Any that still do not follow the fresh list are
 * dropped: if something was really missed, the next delta asks again (a bad delta cannot loop).
 */
function replay(room: RoomPresence, waiting: PresenceChangedEvent[]): void {
  // Deltas of another epoch predate this activation (a newer one comes with a snapshot).
  for (const d of waiting.filter((w) => w.epoch === room.epoch).sort((a, b) => a.version - b.version)) {
    applyPresenceChange(room, d);
  }
}
