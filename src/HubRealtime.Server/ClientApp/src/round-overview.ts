// The facilitator's live overview of a running round: per breakout room, who is in it right now (presence of
// the watched room), who of its members is not, its message count and its open help requests. No framework:
// the console renders what roundOverview returns; MessageCounts keeps the counts from the watches' snapshots
// and the live events.
import type { BreakoutView, HelpRequestView } from "./meetings-api";
import type { PresenceUser, RoomEvent } from "./protocol";
import { isMessage } from "./room-events";

/** Message totals of watched rooms: the snapshot's count, then every live message after its sequence. */
export class MessageCounts {
  private readonly rooms = new Map<string, { messages: number; lastSeq: number }>();

  /** A watch's snapshot (again after a reconnect): the count starts over from the server's total. */
  start(roomId: string, snapshot: { lastSeq: number; messageCount?: number }): void {
    this.rooms.set(roomId, { messages: snapshot.messageCount ?? 0, lastSeq: snapshot.lastSeq });
  }

  /** Live events of a room; the overlap with the snapshot (seq <= its lastSeq) is skipped. True when a count moved. */
  onEvents(roomId: string, batch: readonly RoomEvent[]): boolean {
    const room = this.rooms.get(roomId);
    if (!room) return false;
    let moved = false;
    for (const e of batch) {
      if (e.seq <= room.lastSeq) continue;
      room.lastSeq = e.seq;
      if (isMessage(e)) {
        room.messages++;
        moved = true;
      }
    }
    return moved;
  }

  count(roomId: string): number | null {
    return this.rooms.get(roomId)?.messages ?? null;
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}

export interface OverviewPerson { userId: string; displayName: string }

export interface OverviewRoom {
  roomId: string;
  name: string;
  /** In the room now: its members first, then visitors (facilitators, moved people not yet counted). */
  here: (OverviewPerson & { member: boolean })[];
  /** Members of the room who are not in it now. */
  away: OverviewPerson[];
  /** Messages in the room (null until its watch answered). */
  messages: number | null;
  /** Open help requests from the room. */
  help: number;
}

export interface OverviewSource {
  /** Who is in a watched room now (null: no presence known yet). */
  presentIn(roomId: string): readonly PresenceUser[] | null;
  messagesIn(roomId: string): number | null;
  nameOf(email: string): string;
}

/** The overview of the round's rooms, in the order the facilitator drafted them. */
export function roundOverview(b: BreakoutView, help: readonly HelpRequestView[], source: OverviewSource): OverviewRoom[] {
  return b.rooms.map((r) => {
    const present = source.presentIn(r.roomId) ?? [];
    const members = new Set(r.members);
    const hereIds = new Set(present.map((u) => u.userId));
    const here = present
      .map((u) => ({ userId: u.userId, displayName: u.displayName || source.nameOf(u.userId), member: members.has(u.userId) }))
      .sort((a, c) => Number(c.member) - Number(a.member) || a.displayName.localeCompare(c.displayName));
    return {
      roomId: r.roomId,
      name: r.name,
      here,
      away: r.members.filter((m) => !hereIds.has(m)).map((m) => ({ userId: m, displayName: source.nameOf(m) })),
      messages: source.messagesIn(r.roomId),
      help: help.filter((h) => h.roomId === r.roomId).length,
    };
  });
}
