import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import type { Connection } from "./connection";
import { errorMessage, t } from "./i18n";
import type { MessagesView, Outgoing } from "./messages-view";
import {
  HISTORY_PAGE_SIZE,
  MISSED_PAGE_SIZE,
  Methods,
  NO_CAPABILITIES,
  type RoomCapabilities,
  type RoomEvent,
  type RoomEventPage,
  type RoomMessageEvent,
  type RoomSnapshot,
  type SendAck,
  type SendMessageRequest,
} from "./protocol";
import { ChatMethods } from "./room-events";
import { RoomSession, type SessionHost } from "./session";

// RoomSession uses window's timers only: plain Node with a stub (jsdom 31 needs Node 22+).
vi.stubGlobal("window", {
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (id: number | undefined) => clearTimeout(id),
});

const ROOM = "lobby";
const ME = { userId: "me@example.org", displayName: "Me" };
const BOB = { userId: "bob@example.org", displayName: "Bob" };
const CAPABILITIES: RoomCapabilities = { read: true, write: true, moderate: false, muted: false, closed: false, flags: ["delete-own"] };

function message(seq: number, text: string, actor = BOB, clientMessageId = `c-${seq}`): RoomMessageEvent {
  return {
    roomId: ROOM,
    seq,
    kind: "message",
    time: "2026-12-03T12:00:00Z",
    actor,
    payload: { type: "message", clientMessageId, text, replyToSeq: null, editedAt: null, deleted: false, reactions: [] },
  };
}

/** A hub error as SignalR surfaces a HubException. */
const hubError = (code: string, method = "SendMessage"): Error =>
  new Error(`An unexpected error occurred invoking '${method}' on the server. HubException: ${code}: details`);
/** What SignalR rejects calls with when the connection goes away. */
const connectionClosed = (): Error => new Error("Invocation canceled due to the underlying connection being closed.");

/** One room on a pretend server: dense seqs, snapshots of the newest events, idempotent sends. */
class FakeRoom {
  readonly events: RoomMessageEvent[] = [];
  snapshotSize = 50;
  private readonly stored = new Map<string, SendAck>();

  post(text: string, actor = BOB, clientMessageId?: string): RoomMessageEvent {
    const seq = this.events.length + 1;
    const e = message(seq, text, actor, clientMessageId ?? `c-${seq}`);
    this.events.push(e);
    return e;
  }

  get lastSeq(): number {
    return this.events.length;
  }

  handle(method: string, args: unknown[]): unknown {
    switch (method) {
      case Methods.joinRoom:
        return {
          room: { roomId: ROOM, title: "Lobby", createdAt: "2026-12-01T00:00:00Z", createdBy: BOB.userId },
          events: this.events.slice(-this.snapshotSize),
          lastSeq: this.lastSeq,
          capabilities: CAPABILITIES,
        } satisfies RoomSnapshot;
      case Methods.getMissed: {
        const [, after, limit] = args as [string, number, number];
        return { events: this.events.filter((e) => e.seq > after).slice(0, limit), lastSeq: this.lastSeq } satisfies RoomEventPage;
      }
      case Methods.getHistory: {
        const [, before, limit] = args as [string, number, number];
        return { events: this.events.filter((e) => e.seq < before).slice(-limit), lastSeq: this.lastSeq } satisfies RoomEventPage;
      }
      case Methods.sendMessage: {
        const [, request] = args as [string, SendMessageRequest];
        const known = this.stored.get(request.clientMessageId);
        if (known) return { ...known, duplicate: true };
        const e = this.post(request.text, ME, request.clientMessageId);
        const ack: SendAck = { roomId: ROOM, seq: e.seq, clientMessageId: request.clientMessageId, sentAt: e.time, duplicate: false };
        this.stored.set(request.clientMessageId, ack);
        return ack;
      }
      default:
        return undefined;
    }
  }
}

type Handler = (args: unknown[]) => unknown;

/** What RoomSession uses of Connection: invoke, isConnected and userId. */
class FakeConnection {
  readonly userId = ME.userId;
  isConnected = true;
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  private readonly once = new Map<string, Handler[]>();

  constructor(private readonly room: FakeRoom) {}

  /** The next call of `method` runs `handler` (which may throw or return a promise) instead of the room. */
  next(method: string, handler: Handler): void {
    this.once.set(method, [...(this.once.get(method) ?? []), handler]);
  }

  /** The next call of `method` waits until `release` is called, then the room answers. */
  hold(method: string): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.next(method, async (args) => {
      await gate;
      return this.room.handle(method, args);
    });
    return () => release();
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    const handler = this.once.get(method)?.shift() ?? ((a: unknown[]) => this.room.handle(method, a));
    return Promise.resolve().then(() => handler(args)) as Promise<T>;
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

/** What RoomSession uses of MessagesView, recording what would be on screen. */
class FakeView {
  /** The timeline as shown: seqs in screen order. */
  readonly shown: number[] = [];
  readonly appends: Array<{ seqs: number[]; live: boolean }> = [];
  outgoing: Outgoing[] = [];
  /** Every state the outbox was rendered in (texts and states), in order. */
  readonly outgoingStates: string[] = [];
  history = { hasOlder: false, loading: false };

  append(events: readonly RoomEvent[], live: boolean): void {
    if (events.length === 0) return;
    this.appends.push({ seqs: events.map((e) => e.seq), live });
    this.shown.push(...events.map((e) => e.seq));
  }

  prepend(events: readonly RoomEvent[]): void {
    this.shown.unshift(...events.map((e) => e.seq));
  }

  renderOutgoing(items: readonly Outgoing[]): void {
    this.outgoing = items.map((o) => ({ ...o }));
    this.outgoingStates.push(items.map((o) => `${o.text}:${o.state}`).join(","));
  }

  setHistory(hasOlder: boolean, loading: boolean): void {
    this.history = { hasOlder, loading };
  }
}

/** Lets every pending promise callback run (no time passes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) await Promise.resolve();
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Setup {
  room: FakeRoom;
  connection: FakeConnection;
  view: FakeView;
  /** The SessionHost, its two callbacks as mocks. */
  host: { composerError: Mock<SessionHost["composerError"]>; editText: Mock<SessionHost["editText"]> };
  session: RoomSession;
}

function setup(messages = 3): Setup {
  const room = new FakeRoom();
  for (let i = 1; i <= messages; i++) room.post(`bob ${i}`);
  const connection = new FakeConnection(room);
  const view = new FakeView();
  const host = { composerError: vi.fn<SessionHost["composerError"]>(), editText: vi.fn<SessionHost["editText"]>() };
  const session = new RoomSession(ROOM, connection as unknown as Connection, view as unknown as MessagesView, host);
  return { room, connection, view, host, session };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-12-03T12:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("RoomSession.join", () => {
  it("joins the room and shows the snapshot, not as live", async () => {
    const { connection, view, session } = setup(3);
    await session.join();
    expect(connection.callsOf(Methods.joinRoom)).toEqual([[ROOM]]);
    expect(view.appends).toEqual([{ seqs: [1, 2, 3], live: false }]);
    expect(session.room?.title).toBe("Lobby");
    expect(session.capabilities).toEqual(CAPABILITIES);
    expect(connection.callsOf(Methods.getMissed)).toEqual([]);
  });

  it("offers older messages when the snapshot does not start at seq 1", async () => {
    const { room, view, session } = setup(8);
    room.snapshotSize = 5;
    await session.join();
    expect(view.shown).toEqual([4, 5, 6, 7, 8]);
    expect(view.history).toEqual({ hasOlder: true, loading: false });
  });

  it("without capabilities in the answer allows nothing", async () => {
    const { connection, session } = setup(1);
    connection.next(Methods.joinRoom, () => ({ room: { roomId: ROOM, title: "Old", createdAt: "", createdBy: "" }, events: [], lastSeq: 0 }));
    await session.join();
    expect(session.capabilities).toEqual(NO_CAPABILITIES);
  });

  it("is single flight: a second join while one is under way waits for it", async () => {
    const { connection, session } = setup(1);
    const release = connection.hold(Methods.joinRoom);
    const first = session.join();
    const second = session.join();
    release();
    await Promise.all([first, second]);
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(1);
  });

  it("rejects with the hub error and then ignores events", async () => {
    const { connection, view, session } = setup(1);
    connection.next(Methods.joinRoom, () => {
      throw hubError("room_not_found", "JoinRoom");
    });
    await expect(session.join()).rejects.toThrow(/room_not_found/);
    session.onEvents(ROOM, [message(2, "late")]);
    expect(view.shown).toEqual([]);
  });

  it("holds events that arrive during the join and shows each once, in order, after the snapshot", async () => {
    const { room, connection, view, session } = setup(2);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    connection.next(Methods.joinRoom, async (args) => {
      const snapshot = room.handle(Methods.joinRoom, args);
      await gate;
      return snapshot;
    });
    const third = room.post("bob 3");
    const joined = session.join();
    await settle();
    // The snapshot (1..3) is taken; Bob's fourth message is stored after it. Both events overtake the answer.
    const fourth = room.post("bob 4");
    session.onEvents(ROOM, [third]);
    session.onEvents(ROOM, [fourth]);
    expect(view.shown).toEqual([]);
    release();
    await joined;
    expect(view.shown).toEqual([1, 2, 3, 4]);
    expect(view.appends).toEqual([{ seqs: [1, 2, 3], live: false }, { seqs: [4], live: true }]);
    expect(connection.callsOf(Methods.getMissed)).toEqual([]);
  });
});

describe("RoomSession live events", () => {
  it("appends the next events as live", async () => {
    const { room, view, session } = setup(2);
    await session.join();
    session.onEvents(ROOM, [room.post("bob 3"), room.post("bob 4")]);
    expect(view.appends.at(-1)).toEqual({ seqs: [3, 4], live: true });
  });

  it("drops repeated events and events of other rooms", async () => {
    const { room, view, session } = setup(2);
    await session.join();
    const third = room.post("bob 3");
    session.onEvents(ROOM, [third]);
    session.onEvents(ROOM, [third, message(2, "again")]);
    session.onEvents("other-room", [message(4, "elsewhere")]);
    expect(view.shown).toEqual([1, 2, 3]);
  });

  it("fills a gap with GetMissed from the last seen seq, then shows everything in order", async () => {
    const { room, connection, view, session } = setup(2);
    await session.join();
    room.post("bob 3");
    room.post("bob 4");
    session.onEvents(ROOM, [room.post("bob 5")]);
    await settle();
    expect(connection.callsOf(Methods.getMissed)).toEqual([[ROOM, 2, MISSED_PAGE_SIZE]]);
    expect(view.shown).toEqual([1, 2, 3, 4, 5]);
  });

  it("fetches a long gap page by page", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    const total = 2 * MISSED_PAGE_SIZE + 10;
    for (let i = 2; i <= total; i++) room.post(`bob ${i}`);
    session.onEvents(ROOM, [room.events[total - 1] as RoomEvent]);
    await settle();
    const afters = connection.callsOf(Methods.getMissed).map((args) => args[1]);
    expect(afters).toEqual([1, 1 + MISSED_PAGE_SIZE, 1 + 2 * MISSED_PAGE_SIZE]);
    expect(view.shown).toEqual(range(1, total));
  });

  it("a failed GetMissed leaves the gap for the next resume", async () => {
    const { room, connection, view, session } = setup(1);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await session.join();
    room.post("bob 2");
    connection.next(Methods.getMissed, () => {
      throw connectionClosed();
    });
    session.onEvents(ROOM, [room.post("bob 3")]);
    await settle();
    expect(view.shown).toEqual([1]);
    expect(warn).toHaveBeenCalled();
    session.onConnectionLost();
    await session.resume();
    await settle();
    expect(view.shown).toEqual([1, 2, 3]);
    warn.mockRestore();
  });
});

describe("RoomSession resume after a reconnect", () => {
  it("rejoins and fetches what was missed from the last seen seq, without duplicates", async () => {
    const { room, connection, view, host, session } = setup(3);
    room.snapshotSize = 5;
    await session.join();
    session.onConnectionLost();
    // While away, Bob sends more than the rejoin snapshot holds.
    for (let i = 4; i <= 20; i++) room.post(`bob ${i}`);
    await session.resume();
    await settle();
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(2);
    expect(connection.callsOf(Methods.getMissed)[0]).toEqual([ROOM, 3, MISSED_PAGE_SIZE]);
    expect(view.shown).toEqual(range(1, 20));
    expect(host.composerError).toHaveBeenLastCalledWith(null);
  });

  it("after a rejoin whose snapshot overlaps what is shown, appends only the new events", async () => {
    const { room, connection, view, session } = setup(3);
    await session.join();
    session.onConnectionLost();
    room.post("bob 4");
    await session.resume();
    expect(view.shown).toEqual([1, 2, 3, 4]);
    expect(view.appends.at(-1)).toEqual({ seqs: [4], live: true });
    expect(connection.callsOf(Methods.getMissed)).toEqual([]);
  });

  it("shows a hub error and tries joining again 5 s later", async () => {
    const { connection, host, session } = setup(1);
    await session.join();
    session.onConnectionLost();
    connection.next(Methods.joinRoom, () => {
      throw hubError("unavailable", "JoinRoom");
    });
    await session.resume();
    expect(host.composerError).toHaveBeenLastCalledWith(errorMessage("unavailable"));
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(3);
    expect(host.composerError).toHaveBeenLastCalledWith(null);
  });

  it("leaves a dropped connection to the next reconnect (no error, no timer)", async () => {
    const { connection, host, session } = setup(1);
    await session.join();
    session.onConnectionLost();
    connection.next(Methods.joinRoom, () => {
      throw connectionClosed();
    });
    await session.resume();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(2);
    expect(host.composerError).not.toHaveBeenCalled();
  });

  it("does nothing once left", async () => {
    const { connection, session } = setup(1);
    await session.join();
    await session.leave();
    await session.resume();
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(1);
  });
});

describe("RoomSession send", () => {
  it("sends with a client message id and settles when its event arrives", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    view.outgoingStates.splice(0);
    session.send("hello");
    await settle();
    const [[roomId, request]] = connection.callsOf(Methods.sendMessage) as [[string, SendMessageRequest]];
    expect(roomId).toBe(ROOM);
    expect(request.text).toBe("hello");
    expect(request.replyToSeq).toBeNull();
    expect(request.clientMessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(view.outgoing).toMatchObject([{ text: "hello", state: "sent", ackSeq: 2 }]);
    expect(view.outgoingStates).toEqual(["hello:queued", "hello:sending", "hello:sent"]);

    session.onEvents(ROOM, [room.events[1] as RoomEvent]);
    expect(view.outgoing).toEqual([]);
    expect(view.shown).toEqual([1, 2]);
  });

  it("sends a reply with its target", async () => {
    const { connection, session } = setup(1);
    await session.join();
    session.send("answer", 1);
    await settle();
    const [[, request]] = connection.callsOf(Methods.sendMessage) as [[string, SendMessageRequest]];
    expect(request.replyToSeq).toBe(1);
  });

  it("fetches the message itself when its event does not follow the ack within 3 s", async () => {
    const { connection, view, session } = setup(1);
    await session.join();
    session.send("hello");
    await settle();
    expect(view.outgoing).toMatchObject([{ state: "sent" }]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(connection.callsOf(Methods.getMissed)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(connection.callsOf(Methods.getMissed)).toEqual([[ROOM, 1, MISSED_PAGE_SIZE]]);
    expect(view.shown).toEqual([1, 2]);
    expect(view.outgoing).toEqual([]);
  });

  it("sends queued messages one at a time, in order", async () => {
    const { connection, session } = setup(0);
    await session.join();
    const release = connection.hold(Methods.sendMessage);
    session.send("first");
    session.send("second");
    await settle();
    expect(connection.callsOf(Methods.sendMessage)).toHaveLength(1);
    release();
    await settle();
    const texts = connection.callsOf(Methods.sendMessage).map((args) => (args[1] as SendMessageRequest).text);
    expect(texts).toEqual(["first", "second"]);
  });

  it("does not send before the join, and sends the queue once joined", async () => {
    const { connection, view, session } = setup(1);
    session.send("early");
    await settle();
    expect(connection.callsOf(Methods.sendMessage)).toEqual([]);
    expect(view.outgoing.map((o) => o.state)).toEqual(["queued"]);
    await session.join();
    await settle();
    expect(connection.callsOf(Methods.sendMessage)).toHaveLength(1);
  });

  it("a message whose own event arrives before the ack leaves the outbox once", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    const release = connection.hold(Methods.sendMessage);
    session.send("quick");
    await settle();
    // The server stored it and its event comes first (ack still on its way).
    const [[, request]] = connection.callsOf(Methods.sendMessage) as [[string, SendMessageRequest]];
    session.onEvents(ROOM, [room.post("quick", ME, request.clientMessageId)]);
    expect(view.outgoing).toEqual([]);
    connection.next(Methods.sendMessage, () => ({ roomId: ROOM, seq: 2, clientMessageId: request.clientMessageId, sentAt: "", duplicate: false }));
    release();
    await settle();
    expect(view.outgoing).toEqual([]);
    expect(view.shown).toEqual([1, 2]);
  });
});

describe("RoomSession idempotent retry", () => {
  const sentIds = (connection: FakeConnection): string[] =>
    connection.callsOf(Methods.sendMessage).map((args) => (args[1] as SendMessageRequest).clientMessageId);

  it("resends with the same client message id after a reconnect when the first try was lost", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    connection.next(Methods.sendMessage, () => {
      throw connectionClosed();
    });
    session.send("lost once");
    await settle();
    expect(view.outgoing.map((o) => o.state)).toEqual(["queued"]);
    expect(sentIds(connection)).toHaveLength(1);

    session.onConnectionLost();
    await session.resume();
    await settle();
    const ids = sentIds(connection);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(room.events.filter((e) => e.payload.text === "lost once")).toHaveLength(1);
    session.onEvents(ROOM, [room.events[1] as RoomEvent]);
    expect(view.shown).toEqual([1, 2]);
    expect(view.outgoing).toEqual([]);
  });

  it("a message stored before the connection dropped leaves the outbox from the rejoin snapshot, unsent again", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    // The server stores it, but the connection drops before the ack arrives.
    connection.next(Methods.sendMessage, (args) => {
      room.handle(Methods.sendMessage, args);
      throw connectionClosed();
    });
    session.send("maybe stored");
    await settle();
    session.onConnectionLost();
    expect(view.outgoing.map((o) => o.state)).toEqual(["queued"]);
    await session.resume();
    await settle();
    expect(sentIds(connection)).toHaveLength(1);
    expect(view.shown).toEqual([1, 2]);
    expect(view.outgoing).toEqual([]);
  });

  it("outcome_unknown fails the message; retrying it gets the stored ack, never a second copy", async () => {
    const { room, connection, view, session } = setup(1);
    await session.join();
    connection.next(Methods.sendMessage, (args) => {
      room.handle(Methods.sendMessage, args);
      throw hubError("outcome_unknown");
    });
    session.send("unsure");
    await settle();
    expect(view.outgoing).toMatchObject([{ state: "failed", error: errorMessage("outcome_unknown") }]);

    const replies: Array<Promise<SendAck>> = [];
    connection.next(Methods.sendMessage, (args) => {
      const ack = Promise.resolve(room.handle(Methods.sendMessage, args) as SendAck);
      replies.push(ack);
      return ack;
    });
    session.retry(view.outgoing[0]?.clientMessageId ?? "");
    await settle();
    const ids = sentIds(connection);
    expect(ids[1]).toBe(ids[0]);
    await expect(replies[0]).resolves.toMatchObject({ seq: 2, duplicate: true });
    expect(room.events).toHaveLength(2);
    // The event of the first store never came: the ack's seq is fetched.
    await vi.advanceTimersByTimeAsync(3_000);
    await settle();
    expect(view.shown).toEqual([1, 2]);
    expect(view.outgoing).toEqual([]);
  });

  it("a message sending when the connection drops is queued again", async () => {
    const { connection, view, session } = setup(1);
    await session.join();
    connection.hold(Methods.sendMessage);
    session.send("in flight");
    await settle();
    expect(view.outgoing.map((o) => o.state)).toEqual(["sending"]);
    session.onConnectionLost();
    expect(view.outgoing.map((o) => o.state)).toEqual(["queued"]);
  });

  it("not_in_room rejoins and resends", async () => {
    const { connection, view, session } = setup(1);
    await session.join();
    connection.next(Methods.sendMessage, () => {
      throw hubError("not_in_room");
    });
    session.send("after rejoin");
    await settle();
    expect(connection.callsOf(Methods.joinRoom)).toHaveLength(2);
    const ids = connection.callsOf(Methods.sendMessage).map((args) => (args[1] as SendMessageRequest).clientMessageId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(view.outgoing).toMatchObject([{ state: "sent", ackSeq: 2 }]);
  });
});

describe("RoomSession failures", () => {
  it("a refused send is failed with the localized error and the later ones still go", async () => {
    const { connection, view, session } = setup(1);
    await session.join();
    connection.next(Methods.sendMessage, () => {
      throw hubError("message_too_long");
    });
    session.send("too long");
    session.send("fine");
    await settle();
    expect(view.outgoing).toMatchObject([
      { text: "too long", state: "failed", error: errorMessage("message_too_long") },
      { text: "fine", state: "sent" },
    ]);
    expect(errorMessage("message_too_long")).toBe(t("error.message_too_long"));
  });

  it("retry sends a failed message again with the same id", async () => {
    const { connection, view, session } = setup(1);
    await session.join();
    connection.next(Methods.sendMessage, () => {
      throw hubError("unavailable");
    });
    session.send("again");
    await settle();
    const [failed] = view.outgoing;
    expect(failed).toMatchObject({ state: "failed" });
    session.retry(failed?.clientMessageId ?? "");
    await settle();
    const ids = connection.callsOf(Methods.sendMessage).map((args) => (args[1] as SendMessageRequest).clientMessageId);
    expect(ids).toEqual([failed?.clientMessageId, failed?.clientMessageId]);
    expect(view.outgoing).toMatchObject([{ state: "sent", error: null }]);
  });

  it("retry ignores messages that did not fail", async () => {
    const { connection, session, view } = setup(1);
    await session.join();
    connection.hold(Methods.sendMessage);
    session.send("sending");
    await settle();
    session.retry(view.outgoing[0]?.clientMessageId ?? "");
    await settle();
    expect(connection.callsOf(Methods.sendMessage)).toHaveLength(1);
  });

  it("edit puts a failed message back into the composer; discard drops it", async () => {
    const { connection, view, host, session } = setup(1);
    await session.join();
    for (let i = 0; i < 2; i++) {
      connection.next(Methods.sendMessage, () => {
        throw hubError("rate_limited");
      });
    }
    session.send("edit me");
    session.send("drop me");
    await settle();
    const [toEdit, toDrop] = view.outgoing;
    session.edit(toEdit?.clientMessageId ?? "");
    expect(host.editText).toHaveBeenCalledExactlyOnceWith("edit me");
    session.discard(toDrop?.clientMessageId ?? "");
    expect(view.outgoing).toEqual([]);
  });

  it("a refused change shows and throws the localized error; success clears it", async () => {
    const { connection, host, session } = setup(1);
    await session.join();
    connection.next(ChatMethods.editMessage, () => {
      throw hubError("forbidden", "EditMessage");
    });
    await expect(session.editMessage(1, "new text")).rejects.toThrow(errorMessage("forbidden"));
    expect(host.composerError).toHaveBeenLastCalledWith(errorMessage("forbidden"));
    await session.editMessage(1, "new text");
    expect(host.composerError).toHaveBeenLastCalledWith(null);
    expect(connection.callsOf(ChatMethods.editMessage).at(-1)).toEqual([ROOM, 1, "new text"]);
  });

  it("a change lost with the connection shows the network error", async () => {
    const { connection, host, session } = setup(1);
    await session.join();
    connection.next(ChatMethods.deleteMessage, () => {
      throw connectionClosed();
    });
    await expect(session.deleteMessage(1)).rejects.toThrow(t("error.network"));
    expect(host.composerError).toHaveBeenLastCalledWith(t("error.network"));
  });

  it("react and mute call the hub with their arguments", async () => {
    const { connection, session } = setup(1);
    await session.join();
    await session.react(1, "👍", true);
    await session.mute(BOB.userId, true);
    expect(connection.callsOf(ChatMethods.react)).toEqual([[ROOM, 1, "👍", true]]);
    expect(connection.callsOf(ChatMethods.mute)).toEqual([[ROOM, BOB.userId, true]]);
  });
});

describe("RoomSession older pages", () => {
  it("loads a page before the oldest shown message", async () => {
    const { room, connection, view, session } = setup(120);
    room.snapshotSize = 50;
    await session.join();
    await session.loadOlder();
    expect(connection.callsOf(Methods.getHistory)).toEqual([[ROOM, 71, HISTORY_PAGE_SIZE]]);
    expect(view.shown).toEqual(range(21, 120));
    expect(view.history).toEqual({ hasOlder: true, loading: false });
    await session.loadOlder();
    expect(view.shown).toEqual(range(1, 120));
    expect(view.history).toEqual({ hasOlder: false, loading: false });
    await session.loadOlder();
    expect(connection.callsOf(Methods.getHistory)).toHaveLength(2);
  });

  it("an empty page ends the history (older messages were purged)", async () => {
    const { room, connection, view, session } = setup(10);
    room.snapshotSize = 5;
    await session.join();
    connection.next(Methods.getHistory, () => ({ events: [], lastSeq: 10 }));
    await session.loadOlder();
    expect(view.history.hasOlder).toBe(false);
  });

  it("shows the loading state while the page is on its way, and loads one page at a time", async () => {
    const { room, connection, view, session } = setup(10);
    room.snapshotSize = 5;
    await session.join();
    const release = connection.hold(Methods.getHistory);
    const loading = session.loadOlder();
    expect(view.history).toEqual({ hasOlder: true, loading: true });
    await session.loadOlder();
    release();
    await loading;
    expect(connection.callsOf(Methods.getHistory)).toHaveLength(1);
    expect(view.history.loading).toBe(false);
  });

  it("a failed page shows the error", async () => {
    const { room, connection, host, session } = setup(10);
    room.snapshotSize = 5;
    await session.join();
    connection.next(Methods.getHistory, () => {
      throw connectionClosed();
    });
    await session.loadOlder();
    expect(host.composerError).toHaveBeenLastCalledWith(t("error.network"));
  });
});

describe("RoomSession typing and leave", () => {
  it("sends Typing at most every 3 s, and only while joined and connected", async () => {
    const { connection, session } = setup(1);
    session.typing();
    expect(connection.callsOf(ChatMethods.typing)).toEqual([]);
    await session.join();
    session.typing();
    session.typing();
    expect(connection.callsOf(ChatMethods.typing)).toEqual([[ROOM]]);
    vi.advanceTimersByTime(2_999);
    session.typing();
    expect(connection.callsOf(ChatMethods.typing)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    session.typing();
    expect(connection.callsOf(ChatMethods.typing)).toHaveLength(2);
    vi.advanceTimersByTime(3_000);
    connection.isConnected = false;
    session.typing();
    expect(connection.callsOf(ChatMethods.typing)).toHaveLength(2);
  });

  it("leave tells the server (a watch of the room is the meeting's, apart) and then ignores events", async () => {
    const a = setup(1);
    await a.session.join();
    await a.session.leave();
    expect(a.connection.callsOf(Methods.leaveRoom)).toEqual([[ROOM]]);
    a.session.onEvents(ROOM, [a.room.post("after")]);
    expect(a.view.shown).toEqual([1]);
  });

  it("leave cancels the pending ack watch", async () => {
    const { connection, session } = setup(1);
    await session.join();
    session.send("hello");
    await settle();
    await session.leave();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connection.callsOf(Methods.getMissed)).toEqual([]);
  });
});
