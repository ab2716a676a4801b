import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IRetryPolicy, RetryContext } from "@microsoft/signalr";
import { Connection, retryDelay, type ConnectionEvents } from "./connection";

/** The issue: "reconnect backs off but never waits more than 5 s once the server answers again". */
const CAP_MS = 5_000;

// A stand-in for SignalR: the test drives the hub's state, its start() and its callbacks.
const signalr = vi.hoisted(() => {
  const fake = {
    policy: null as IRetryPolicy | null,
    hub: null as null | {
      state: string;
      start: ReturnType<typeof vi.fn>;
      stop: ReturnType<typeof vi.fn>;
      closed: Array<(error?: Error) => void>;
    },
  };
  return fake;
});

vi.mock("@microsoft/signalr", () => {
  const HubConnectionState = {
    Disconnected: "Disconnected",
    Connecting: "Connecting",
    Connected: "Connected",
    Disconnecting: "Disconnecting",
    Reconnecting: "Reconnecting",
  };
  class HubConnectionBuilder {
    withUrl(): this {
      return this;
    }
    withAutomaticReconnect(policy: IRetryPolicy): this {
      signalr.policy = policy;
      return this;
    }
    configureLogging(): this {
      return this;
    }
    build(): unknown {
      const closed: Array<(error?: Error) => void> = [];
      const hub = {
        state: HubConnectionState.Disconnected,
        start: vi.fn(() => Promise.resolve()),
        stop: vi.fn(() => Promise.resolve()),
        closed,
        on: vi.fn(),
        invoke: vi.fn(),
        onreconnecting: vi.fn(),
        onreconnected: vi.fn(),
        onclose: (f: (error?: Error) => void) => closed.push(f),
      };
      signalr.hub = hub;
      return hub;
    }
  }
  return { HubConnectionBuilder, HubConnectionState, LogLevel: { Warning: 3 } };
});

// Plain Node (jsdom 31 needs Node 22+): Connection uses only these of `window`; timers go to the
// (fake) global timers at call time.
vi.stubGlobal("window", {
  addEventListener: vi.fn(),
  removeEventListener: vi.fn(),
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (id: number | undefined) => clearTimeout(id),
});

/** The Connection's listener, with its calls kept for the asserts. */
function events() {
  const states: Array<[string, number | null]> = [];
  const connected = vi.fn<ConnectionEvents["connected"]>();
  const lost = vi.fn<ConnectionEvents["lost"]>();
  const listener: ConnectionEvents = {
    state: (s, retryAt) => states.push([s, retryAt]),
    connected,
    lost,
    events: vi.fn(),
    unauthorized: vi.fn(),
  };
  return { listener, states, connected, lost };
}

const context = (previousRetryCount: number, retryReason = new Error("WebSocket closed with status code: 1006")): RetryContext =>
  ({ previousRetryCount, elapsedMilliseconds: previousRetryCount * 1_000, retryReason });

describe("retryDelay", () => {
  it("retries at once, then backs off", () => {
    const delays = [0, 1, 2, 3].map((n) => retryDelay(n, () => 0));
    expect(delays).toEqual([0, 1_000, 2_000, 4_000]);
  });

  it("keeps trying every 4–5 s after the table, jittered", () => {
    expect(retryDelay(4, () => 0)).toBe(4_000);
    expect(retryDelay(4, () => 0.5)).toBe(4_500);
    expect(retryDelay(100, () => 0.999999)).toBe(4_999);
  });

  it("never waits more than 5 s, however many attempts failed", () => {
    for (const random of [() => 0, () => 0.5, () => 0.9999999999]) {
      for (let n = 0; n <= 1_000; n++) expect(retryDelay(n, random)).toBeLessThanOrEqual(CAP_MS);
    }
  });

  it("never shrinks as attempts fail (without jitter)", () => {
    const delays = Array.from({ length: 20 }, (_, n) => retryDelay(n, () => 0));
    for (let n = 1; n < delays.length; n++) expect(delays[n]).toBeGreaterThanOrEqual(delays[n - 1] ?? 0);
  });

  it("jitters with Math.random by default", () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0.25);
    try {
      expect(retryDelay(10)).toBe(4_250);
      expect(random).toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
  });
});

describe("Connection reconnect policy", () => {
  let connection: Connection;
  let ev: ReturnType<typeof events>;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-03T12:00:00Z"));
    ev = events();
    connection = new Connection("me@example.org", ev.listener);
  });

  afterEach(async () => {
    await connection.dispose();
    vi.useRealTimers();
  });

  const policy = (): IRetryPolicy => {
    if (!signalr.policy) throw new Error("no retry policy was configured");
    return signalr.policy;
  };
  const hub = (): NonNullable<typeof signalr.hub> => {
    if (!signalr.hub) throw new Error("no hub was built");
    return signalr.hub;
  };

  it("gives SignalR's automatic reconnection waits of at most 5 s", () => {
    for (let n = 0; n <= 200; n++) {
      const delay = policy().nextRetryDelayInMilliseconds(context(n));
      expect(delay).not.toBeNull();
      expect(delay).toBeLessThanOrEqual(CAP_MS);
    }
  });

  it("says offline after three failed attempts, with the next attempt at most 5 s away", () => {
    policy().nextRetryDelayInMilliseconds(context(2));
    expect(connection.state).not.toBe("offline");
    policy().nextRetryDelayInMilliseconds(context(3));
    expect(connection.state).toBe("offline");
    const retryAt = connection.nextRetryAt;
    expect(retryAt).not.toBeNull();
    expect((retryAt ?? Infinity) - Date.now()).toBeLessThanOrEqual(CAP_MS);
  });

  it("stops reconnecting when the session was refused (401)", () => {
    expect(policy().nextRetryDelayInMilliseconds(context(0, new Error("Unauthorized: Status code '401'")))).toBeNull();
  });

  it("after the connection closed, restarts within 5 s every time until the server answers", async () => {
    connection.keepAlive = true;
    const h = hub();
    // The server is down: every start fails, for many attempts.
    h.start.mockRejectedValue(new Error("Failed to complete negotiation with the server: Error: Bad Gateway"));
    for (const close of h.closed) close(new Error("WebSocket closed with status code: 1006"));
    expect(connection.state).toBe("offline");
    expect(ev.lost).toHaveBeenCalledOnce();

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      const [state, retryAt] = ev.states[ev.states.length - 1] ?? ["", null];
      expect(state).toBe("offline");
      const wait = (retryAt ?? Infinity) - Date.now();
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(h.start).toHaveBeenCalledTimes(attempt - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.start).toHaveBeenCalledTimes(attempt);
    }
    // Backed off (the first restart is quicker than the later ones), and capped.
    expect(waits[0]).toBeLessThan(waits[waits.length - 1] ?? 0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(CAP_MS);

    // The server answers again: the next attempt, at most 5 s later, connects.
    h.start.mockResolvedValue(undefined);
    await vi.advanceTimersByTimeAsync(CAP_MS);
    expect(h.start).toHaveBeenCalledTimes(13);
    expect(connection.state).toBe("connected");
    expect(ev.connected).toHaveBeenCalledExactlyOnceWith(false);
  });

  it("does not restart after a close unless someone depends on the connection", async () => {
    for (const close of hub().closed) close(new Error("WebSocket closed with status code: 1006"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hub().start).not.toHaveBeenCalled();
    expect(connection.state).toBe("offline");
  });
});
