// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import type { MeetingView } from "./meetings-api";
import type { RoomEvent } from "./protocol";

const rooms = Array.from({ length: 95 }, (_, i) => ({ roomId: `m-m1-s1-r1-${i + 1}`, name: `Room ${i + 1}`, members: [`p${i}@x`] }));
const meetingView = (phase: "open" | "closed"): MeetingView => ({
  meetingId: "m1", title: "Big meeting", startsAt: "2026-12-04T08:00:00Z", endsAt: "2026-12-04T12:00:00Z", timeZone: "UTC",
  role: "facilitator", facilitators: [{ email: "fay@x", displayName: "Fay" }],
  participants: rooms.map((r, i) => ({ email: r.members[0] ?? "", displayName: `P${i}` })),
  sessions: [{
    sessionId: "s1", title: "Main", plenaryRoomId: "m-m1-s1", facilitatorRoomId: "m-m1-s1-f", helpRequests: [],
    breakouts: {
      round: 1, phase, mode: "manual", rooms: phase === "open" ? rooms : [], myRoomId: null, opensAt: null,
      deadline: "2026-12-04T09:00:00Z", warningMinutes: [], selfSelectCap: null, outcomes: [],
    },
  }],
});
let current = meetingView("open");
vi.mock("./meetings-api", () => ({ meeting: vi.fn(() => Promise.resolve(structuredClone(current))) }));

const { MAX_OVERVIEW_ROOMS, MeetingPages } = await import("./meetings");

const message = (roomId: string, seq: number): RoomEvent => ({
  roomId, seq, kind: "message", time: "2026-12-04T08:30:00Z", actor: { userId: "p0@x", displayName: "P0" },
  payload: { type: "message", clientMessageId: `c${seq}`, text: "idea", replyToSeq: null, editedAt: null, deleted: false, reactions: [] },
});

describe("the facilitator's live overview", () => {
  it("watches the open round's rooms up to the bound, counts their messages live and lets them go when it closes", async () => {
    const calls: [string, string][] = [];
    const invoke = vi.fn((method: string, roomId: string) => {
      calls.push([method, roomId]);
      return Promise.resolve(method === "WatchRoom" ? { room: {}, events: [], lastSeq: 5, messageCount: 2 } : undefined);
    });
    let chat: string | null = null;
    const pages = new MeetingPages({
      connection: () => Promise.resolve({ isConnected: true, invoke } as never),
      userId: () => "fay@x",
      openChat: (roomId) => {
        chat = roomId;
        return Promise.resolve(true);
      },
      chatRoomId: () => chat,
      announce: () => undefined,
      refreshMessages: () => undefined,
      presentIn: (roomId) => (roomId === rooms[0]?.roomId ? [{ userId: "p0@x", displayName: "P0", connections: 1 }] : []),
    });
    await pages.show("m1", "s1");
    const watched = () => calls.filter(([m]) => m === "WatchRoom").map(([, r]) => r);
    // The plenary and the facilitators' room, then the breakouts up to the bound (a connection holds 100 rooms).
    await vi.waitFor(() => expect(watched()).toHaveLength(2 + MAX_OVERVIEW_ROOMS));
    expect(watched()).not.toContain(rooms[94]?.roomId);

    const overview = pages.console.host.overview();
    expect(overview).toHaveLength(95);
    expect(overview[0]).toMatchObject({ name: "Room 1", messages: 2, here: [{ userId: "p0@x", member: true }] });
    expect(overview[94]?.messages).toBeNull();

    // A live message of a watched room counts; the overlap with its snapshot does not.
    pages.onEvents(rooms[0]?.roomId ?? "", [message(rooms[0]?.roomId ?? "", 5), message(rooms[0]?.roomId ?? "", 6)]);
    expect(pages.console.host.overview()[0]?.messages).toBe(3);

    // The round closes: every overview watch ends; the plenary and the facilitators' room stay watched.
    current = meetingView("closed");
    pages.onEvents("m-m1-s1", [{
      roomId: "m-m1-s1", seq: 9, kind: "notice", time: "2026-12-04T09:00:00Z", actor: { userId: "", displayName: "" },
      payload: { type: "notice", noticeType: "breakouts.closed", notice: { type: "breakouts.closed", round: 1, outcomes: [], roomCount: null } },
    }]);
    const unwatched = () => calls.filter(([m]) => m === "UnwatchRoom").map(([, r]) => r);
    await vi.waitFor(() => expect(unwatched()).toHaveLength(MAX_OVERVIEW_ROOMS));
    expect(unwatched()).not.toContain("m-m1-s1");
    expect(pages.console.host.overview()).toEqual([]);
  });
});
