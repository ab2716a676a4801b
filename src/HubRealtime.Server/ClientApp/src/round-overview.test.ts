import { describe, expect, it } from "vitest";
import type { BreakoutView, HelpRequestView } from "./meetings-api";
import type { RoomEvent } from "./protocol";
import { MessageCounts, roundOverview } from "./round-overview";

const actor = { userId: "ann@x", displayName: "Ann" };
const message = (roomId: string, seq: number): RoomEvent => ({
  roomId, seq, kind: "message", time: "2026-12-04T10:00:00Z", actor,
  payload: { type: "message", clientMessageId: `c${seq}`, text: "hi", replyToSeq: null, editedAt: null, deleted: false, reactions: [] },
});
const deletion = (roomId: string, seq: number, target: number): RoomEvent => ({
  roomId, seq, kind: "delete", time: "2026-12-04T10:00:00Z", actor, payload: { type: "delete", targetSeq: target },
});

describe("MessageCounts", () => {
  it("counts on from the snapshot's total with the live messages only, skipping the overlap", () => {
    const counts = new MessageCounts();
    expect(counts.count("r1")).toBeNull();
    // Events of a room not watched are not counted.
    expect(counts.onEvents("r1", [message("r1", 1)])).toBe(false);
    counts.start("r1", { lastSeq: 5, messageCount: 4 });
    expect(counts.onEvents("r1", [message("r1", 5), message("r1", 6), deletion("r1", 7, 6)])).toBe(true);
    expect(counts.count("r1")).toBe(5);
    // A batch seen twice (a reconnect's overlap) counts once.
    expect(counts.onEvents("r1", [message("r1", 6)])).toBe(false);
    expect(counts.count("r1")).toBe(5);
    // A new watch starts over from the server's total.
    counts.start("r1", { lastSeq: 9, messageCount: 7 });
    expect(counts.count("r1")).toBe(7);
    counts.forget("r1");
    expect(counts.count("r1")).toBeNull();
  });
});

describe("roundOverview", () => {
  const b: BreakoutView = {
    round: 1, phase: "open", mode: "manual", myRoomId: null, opensAt: null, deadline: null, warningMinutes: [], selfSelectCap: null, outcomes: [],
    rooms: [
      { roomId: "r1", name: "North", members: ["ann@x", "bo@x"] },
      { roomId: "r2", name: "South", members: ["cy@x"] },
    ],
  };
  const help: HelpRequestView[] = [{ requestId: 1, email: "bo@x", displayName: "Bo", roomId: "r1", text: "", at: "2026-12-04T10:00:00Z" }];
  const names: Record<string, string> = { "ann@x": "Ann", "bo@x": "Bo", "cy@x": "Cy", "fay@x": "Fay" };

  it("shows who is in each room now, its members who are not, its messages and its help requests", () => {
    const rooms = roundOverview(b, help, {
      presentIn: (roomId) => (roomId === "r1"
        ? [{ userId: "fay@x", displayName: "Fay", connections: 1 }, { userId: "ann@x", displayName: "Ann", connections: 2 }]
        : null),
      messagesIn: (roomId) => (roomId === "r1" ? 3 : null),
      nameOf: (email) => names[email] ?? email,
    });
    expect(rooms.map((r) => r.name)).toEqual(["North", "South"]);
    const [north, south] = rooms;
    // Members first, then visitors (the facilitator).
    expect(north?.here).toEqual([
      { userId: "ann@x", displayName: "Ann", member: true },
      { userId: "fay@x", displayName: "Fay", member: false },
    ]);
    expect(north?.away).toEqual([{ userId: "bo@x", displayName: "Bo" }]);
    expect(north?.messages).toBe(3);
    expect(north?.help).toBe(1);
    // No presence known yet: nobody shows as here; the count waits for the watch.
    expect(south).toMatchObject({ here: [], away: [{ userId: "cy@x", displayName: "Cy" }], messages: null, help: 0 });
  });
});
