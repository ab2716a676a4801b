// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";

// A stand-in for SignalR: every built hub is kept, its handlers by event name, start() connects it.
const built = vi.hoisted(() => [] as Array<{
  state: string;
  handlers: Map<string, Array<(...args: unknown[]) => void>>;
  stop: ReturnType<typeof vi.fn>;
}>);

vi.mock("@microsoft/signalr", () => {
  const HubConnectionState = { Disconnected: "Disconnected", Connected: "Connected", Reconnecting: "Reconnecting" };
  class HubConnectionBuilder {
    withUrl(): this {
      return this;
    }
    withAutomaticReconnect(): this {
      return this;
    }
    configureLogging(): this {
      return this;
    }
    build(): unknown {
      const handlers = new Map<string, Array<(...args: unknown[]) => void>>();
      const hub = {
        state: HubConnectionState.Disconnected,
        handlers,
        start: vi.fn(() => {
          hub.state = HubConnectionState.Connected;
          return Promise.resolve();
        }),
        stop: vi.fn(() => {
          hub.state = HubConnectionState.Disconnected;
          return Promise.resolve();
        }),
        on: (name: string, f: (...args: unknown[]) => void) => handlers.set(name, [...(handlers.get(name) ?? []), f]),
        invoke: vi.fn(),
        onreconnecting: vi.fn(),
        onreconnected: vi.fn(),
        onclose: vi.fn(),
      };
      built.push(hub);
      return hub;
    }
  }
  return { HubConnectionBuilder, HubConnectionState, LogLevel: { Warning: 3 } };
});

const { closeHub, connectHub, currentHub, listen, onHubEvent } = await import("./hub");

describe("the tab's one hub connection", () => {
  it("is shared by every part, tells every listener, and ends with its user", async () => {
    const heard: string[] = [];
    listen({ connected: () => heard.push("room: connected") });
    listen({ connected: () => heard.push("workspace: connected") });
    // Registered before any connection exists: every connection gets it.
    onHubEvent("RoomActivity", (a) => heard.push(`activity ${String(a)}`));

    // The workspace and a room join ask at once: one connection for both.
    const [a, b] = await Promise.all([connectHub("ann@x"), connectHub("ann@x")]);
    expect(a).toBe(b);
    expect(built).toHaveLength(1);
    expect(currentHub()).toBe(a);
    expect(heard).toEqual(["room: connected", "workspace: connected"]);
    built[0]?.handlers.get("RoomActivity")?.forEach((f) => f("r1"));
    expect(heard).toContain("activity r1");
    expect(await connectHub("ann@x")).toBe(a);
    expect(built).toHaveLength(1);

    // Another user: the old connection stops, and what it still delivers is no longer heard.
    const bo = await connectHub("bo@x");
    expect(bo).not.toBe(a);
    expect(built[0]?.stop).toHaveBeenCalled();
    heard.length = 0;
    built[0]?.handlers.get("RoomActivity")?.forEach((f) => f("stale"));
    built[1]?.handlers.get("RoomActivity")?.forEach((f) => f("r2"));
    expect(heard).toEqual(["activity r2"]);

    await closeHub();
    expect(currentHub()).toBeNull();
    expect(built[1]?.stop).toHaveBeenCalled();
  });
});
