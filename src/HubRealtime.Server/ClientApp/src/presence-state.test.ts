import { describe, expect, it, vi, type Mock } from "vitest";
import { MAX_WAITING, PresenceState, TYPING_SHOWN_MS, type PresenceFetch } from "./presence-state";
import type { PresenceChangedEvent, PresenceSnapshot, PresenceUser } from "./room-events";

const ROOM = "lobby";
const EPOCH = "e1";

const user = (userId: string, displayName = userId.toUpperCase(), connections = 1): PresenceUser => ({ userId, displayName, connections });

const snapshot = (users: PresenceUser[], version: number, epoch = EPOCH, roomId = ROOM): PresenceSnapshot => ({ roomId, users, epoch, version });

function delta(fromVersion: number, version: number, change: Partial<Pick<PresenceChangedEvent, "joined" | "updated" | "left" | "epoch" | "roomId">>): PresenceChangedEvent {
  return { roomId: ROOM, epoch: EPOCH, fromVersion, version, joined: [], updated: [], left: [], ...change };
}

const ids = (state: PresenceState, roomId = ROOM): string[] => state.users(roomId).map((u) => u.userId);

/** A GetPresence whose answer the test gives (or refuses) when it wants. */
function deferredFetch(): { fetch: Mock<PresenceFetch>; answer(s: PresenceSnapshot): Promise<void>; fail(): Promise<void> } {
  let resolve: (s: PresenceSnapshot) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const fetch = vi.fn<PresenceFetch>(() => new Promise<PresenceSnapshot>((res, rej) => {
    resolve = res;
    reject = rej;
  }));
  // Let the promise callbacks run.
  const settle = async (): Promise<void> => {
    await Promise.resolve();
    await Promise.resolve();
  };
  return {
    fetch,
    async answer(s) {
      resolve(s);
      await settle();
    },
    async fail() {
      reject(new Error("not_in_room"));
      await settle();
    },
  };
}

const noFetch: PresenceFetch = () => Promise.reject(new Error("no GetPresence expected"));

describe("PresenceState snapshots", () => {
  it("lists a room's users sorted by display name", () => {
    const state = new PresenceState();
    state.applySnapshot(snapshot([user("c", "Carol"), user("a", "alice"), user("b", "Bob")], 3));
    expect(state.users(ROOM).map((u) => u.displayName)).toEqual(["alice", "Bob", "Carol"]);
  });

  it("knows nobody in a room without a snapshot", () => {
    expect(new PresenceState().users(ROOM)).toEqual([]);
  });

  it("replaces the list with a newer snapshot and reports the change", () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    state.applySnapshot(snapshot([user("a"), user("b")], 1));
    state.applySnapshot(snapshot([user("c")], 1, "e2"));
    expect(ids(state)).toEqual(["c"]);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenLastCalledWith(ROOM);
  });

  it("keeps each joined room's list apart", () => {
    const state = new PresenceState();
    state.applySnapshot(snapshot([user("a")], 1, EPOCH, "plenary"));
    state.applySnapshot(snapshot([user("b")], 1, EPOCH, "breakout-1"));
    expect(ids(state, "plenary")).toEqual(["a"]);
    expect(ids(state, "breakout-1")).toEqual(["b"]);
  });

  it("forgetExcept drops the rooms no longer joined", () => {
    const state = new PresenceState();
    state.applySnapshot(snapshot([user("a")], 1, EPOCH, "plenary"));
    state.applySnapshot(snapshot([user("b")], 1, EPOCH, "breakout-1"));
    state.forgetExcept((r) => r === "plenary");
    expect(ids(state, "plenary")).toEqual(["a"]);
    expect(ids(state, "breakout-1")).toEqual([]);
  });
});

describe("PresenceState deltas", () => {
  it("applies a delta that follows the list: joined, updated, left", () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    state.applySnapshot(snapshot([user("a"), user("b")], 4));
    onChange.mockClear();
    const outcome = state.applyDelta(delta(4, 5, { joined: [user("c")], updated: [user("a", "A", 2)], left: ["b"] }), noFetch);
    expect(outcome).toBe("applied");
    expect(state.users(ROOM)).toEqual([user("a", "A", 2), user("c")]);
    expect(onChange).toHaveBeenCalledOnce();
  });

  it("applies a delta from an older version that covers the list's version", () => {
    // Correct for any view from fromVersion to version (docs/protocol.md).
    const state = new PresenceState();
    state.applySnapshot(snapshot([user("a"), user("b")], 6));
    expect(state.applyDelta(delta(4, 8, { joined: [user("b")], left: ["a"] }), noFetch)).toBe("applied");
    expect(ids(state)).toEqual(["b"]);
    // Now at version 8: a delta from 8 follows.
    expect(state.applyDelta(delta(8, 9, { joined: [user("c")] }), noFetch)).toBe("applied");
    expect(ids(state)).toEqual(["b", "c"]);
  });

  it("skips a delta already contained in the list", () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    state.applySnapshot(snapshot([user("a")], 5));
    onChange.mockClear();
    expect(state.applyDelta(delta(3, 5, { left: ["a"] }), noFetch)).toBe("stale");
    expect(ids(state)).toEqual(["a"]);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("keeps deltas that overtake the join's snapshot and replays them in version order", () => {
    const state = new PresenceState();
    expect(state.applyDelta(delta(6, 7, { left: ["a"] }), noFetch)).toBe("waiting");
    expect(state.applyDelta(delta(5, 6, { joined: [user("c")] }), noFetch)).toBe("waiting");
    expect(ids(state)).toEqual([]);
    state.applySnapshot(snapshot([user("a"), user("b")], 5));
    expect(ids(state)).toEqual(["b", "c"]);
    // At version 7 now: a delta up to 7 is stale.
    expect(state.applyDelta(delta(6, 7, { joined: [user("z")] }), noFetch)).toBe("stale");
  });

  it("drops waiting deltas the snapshot already contains, and deltas of another epoch", () => {
    const state = new PresenceState();
    state.applyDelta(delta(1, 2, { joined: [user("old")] }), noFetch);
    state.applyDelta(delta(0, 9, { joined: [user("other-epoch")], epoch: "e0" }), noFetch);
    state.applySnapshot(snapshot([user("a")], 3));
    expect(ids(state)).toEqual(["a"]);
  });

  it("drops a waiting delta that still does not follow the snapshot, without asking again", () => {
    const fetch = vi.fn(noFetch);
    const state = new PresenceState();
    state.applyDelta(delta(8, 9, { joined: [user("late")] }), fetch);
    state.applySnapshot(snapshot([user("a")], 5));
    expect(ids(state)).toEqual(["a"]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("forgets the early deltas of a room no longer joined", () => {
    const state = new PresenceState();
    state.applyDelta(delta(1, 2, { joined: [user("b")] }), noFetch);
    state.forgetExcept(() => false);
    state.applySnapshot(snapshot([user("a")], 1));
    expect(ids(state)).toEqual(["a"]);
  });

  it("keeps at most MAX_WAITING early deltas per room", () => {
    const state = new PresenceState();
    for (let v = 1; v <= MAX_WAITING; v++) state.applyDelta(delta(v - 1, v, { joined: [user(`u${v}`)] }), noFetch);
    // One more is dropped: its user never shows.
    state.applyDelta(delta(MAX_WAITING, MAX_WAITING + 1, { joined: [user("dropped")] }), noFetch);
    state.applySnapshot(snapshot([], 0));
    const shown = ids(state);
    expect(shown).toHaveLength(MAX_WAITING);
    expect(shown).not.toContain("dropped");
  });
});

describe("PresenceState gaps", () => {
  it("asks GetPresence once on a gap and starts over from its answer", async () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 2));
    onChange.mockClear();

    expect(state.applyDelta(delta(4, 5, { joined: [user("x")] }), server.fetch)).toBe("fetching");
    expect(server.fetch).toHaveBeenCalledExactlyOnceWith(ROOM);
    // Meanwhile deltas wait; no second GetPresence.
    expect(state.applyDelta(delta(5, 6, { joined: [user("y")] }), server.fetch)).toBe("waiting");
    expect(server.fetch).toHaveBeenCalledOnce();
    expect(ids(state)).toEqual(["a"]);
    expect(onChange).not.toHaveBeenCalled();

    await server.answer(snapshot([user("a"), user("b")], 5));
    // The answer at 5 already contains 4→5; 5→6 follows it.
    expect(ids(state)).toEqual(["a", "b", "y"]);
    expect(onChange).toHaveBeenCalledWith(ROOM);
    // Back to normal: the next delta applies directly.
    expect(state.applyDelta(delta(6, 7, { left: ["a"] }), server.fetch)).toBe("applied");
    expect(ids(state)).toEqual(["b", "y"]);
  });

  it("takes a delta of another epoch as a gap (presence restarted)", async () => {
    const state = new PresenceState();
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 9));
    expect(state.applyDelta(delta(0, 1, { joined: [user("b")], epoch: "e2" }), server.fetch)).toBe("fetching");
    await server.answer(snapshot([user("b")], 1, "e2"));
    expect(ids(state)).toEqual(["b"]);
    expect(state.applyDelta(delta(1, 2, { joined: [user("c")], epoch: "e2" }), noFetch)).toBe("applied");
  });

  it("keeps the list when the answer is older than it, and replays the deltas that waited", async () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 10));
    state.applyDelta(delta(12, 13, { joined: [user("b")] }), server.fetch);
    state.applyDelta(delta(10, 12, { joined: [user("c")] }), server.fetch);
    onChange.mockClear();

    await server.answer(snapshot([user("stale")], 8));
    expect(ids(state)).toEqual(["a", "b", "c"]);
    expect(onChange).toHaveBeenCalledWith(ROOM);
    expect(state.applyDelta(delta(13, 14, { left: ["a"] }), noFetch)).toBe("applied");
  });

  it("asks again on the next gap after a failed GetPresence", async () => {
    const state = new PresenceState();
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 1));
    state.applyDelta(delta(3, 4, {}), server.fetch);
    await server.fail();
    expect(ids(state)).toEqual(["a"]);
    expect(state.applyDelta(delta(4, 5, {}), server.fetch)).toBe("fetching");
    expect(server.fetch).toHaveBeenCalledTimes(2);
  });

  it("ignores an answer for a room left meanwhile", async () => {
    const onChange = vi.fn();
    const state = new PresenceState({ onChange });
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 1));
    state.applyDelta(delta(3, 4, {}), server.fetch);
    state.forgetExcept(() => false);
    onChange.mockClear();
    await server.answer(snapshot([user("b")], 4));
    expect(ids(state)).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("ignores an answer overtaken by a new snapshot", async () => {
    const state = new PresenceState();
    const server = deferredFetch();
    state.applySnapshot(snapshot([user("a")], 1));
    state.applyDelta(delta(3, 4, {}), server.fetch);
    state.applySnapshot(snapshot([user("fresh")], 1, "e2"));
    await server.answer(snapshot([user("b")], 4));
    expect(ids(state)).toEqual(["fresh"]);
  });
});

describe("PresenceState typing", () => {
  function clocked(): { state: PresenceState; clock: { now: number } } {
    const clock = { now: 1_000_000 };
    return { state: new PresenceState({ now: () => clock.now }), clock };
  }
  const typing = (state: PresenceState, roomId = ROOM): string[] => state.typing(roomId).map((u) => u.displayName);

  it("shows a typing user for TYPING_SHOWN_MS after their last signal", () => {
    const { state, clock } = clocked();
    state.typingStarted(ROOM, "b", "Bob");
    expect(state.typing(ROOM)).toEqual([{ userId: "b", displayName: "Bob" }]);
    expect(state.nextTypingExpiry(ROOM)).toBe(clock.now + TYPING_SHOWN_MS);
    clock.now += TYPING_SHOWN_MS - 1;
    expect(typing(state)).toEqual(["Bob"]);
    clock.now += 1;
    expect(typing(state)).toEqual([]);
    expect(state.nextTypingExpiry(ROOM)).toBeNull();
  });

  it("a repeated signal extends the time shown", () => {
    const { state, clock } = clocked();
    state.typingStarted(ROOM, "b", "Bob");
    clock.now += 4_000;
    state.typingStarted(ROOM, "b", "Bob");
    clock.now += 4_000;
    expect(typing(state)).toEqual(["Bob"]);
    clock.now += 1_000;
    expect(typing(state)).toEqual([]);
  });

  it("lists typers in the order they started and expires each on its own", () => {
    const { state, clock } = clocked();
    state.typingStarted(ROOM, "b", "Bob");
    clock.now += 2_000;
    state.typingStarted(ROOM, "c", "Carol");
    expect(typing(state)).toEqual(["Bob", "Carol"]);
    expect(state.nextTypingExpiry(ROOM)).toBe(clock.now - 2_000 + TYPING_SHOWN_MS);
    clock.now += 3_000;
    expect(typing(state)).toEqual(["Carol"]);
    expect(state.nextTypingExpiry(ROOM)).toBe(clock.now - 3_000 + TYPING_SHOWN_MS);
  });

  it("a message ends typing", () => {
    const { state } = clocked();
    state.typingStarted(ROOM, "b", "Bob");
    expect(state.typingStopped(ROOM, "b")).toBe(true);
    expect(state.typingStopped(ROOM, "b")).toBe(false);
    expect(typing(state)).toEqual([]);
  });

  it("someone who left the room is no longer typing", () => {
    const { state } = clocked();
    state.applySnapshot(snapshot([user("a"), user("b", "Bob"), user("c", "Carol")], 1));
    state.typingStarted(ROOM, "b", "Bob");
    state.typingStarted(ROOM, "c", "Carol");
    state.applyDelta(delta(1, 2, { left: ["b"] }), noFetch);
    expect(typing(state)).toEqual(["Carol"]);
    state.applySnapshot(snapshot([user("a")], 1, "e2"));
    expect(typing(state)).toEqual([]);
  });

  it("typing is per room; clearTyping and forgetExcept drop it", () => {
    const { state } = clocked();
    state.typingStarted("plenary", "b", "Bob");
    state.typingStarted("breakout-1", "c", "Carol");
    expect(typing(state, "plenary")).toEqual(["Bob"]);
    expect(typing(state, "breakout-1")).toEqual(["Carol"]);
    state.forgetExcept((r) => r === "plenary");
    expect(typing(state, "breakout-1")).toEqual([]);
    expect(typing(state, "plenary")).toEqual(["Bob"]);
    state.clearTyping();
    expect(typing(state, "plenary")).toEqual([]);
  });
});
