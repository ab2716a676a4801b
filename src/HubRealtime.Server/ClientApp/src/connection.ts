import type {
  HubConnection} from "@microsoft/signalr";
import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type IRetryPolicy,
  type RetryContext,
} from "@microsoft/signalr";
import { Events, HUB_URL, type RoomEvent } from "./protocol";

export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "offline";

export interface ConnectionEvents {
  /** State for the status bar; `retryAt` is when the next attempt starts (offline only). */
  state(state: ConnectionState, retryAt: number | null): void;
  /** A (re)established connection: hub groups are per connection, so rejoin rooms here. */
  connected(reconnected: boolean): void;
  /** The connection dropped: nothing sent on it any more is known to arrive. */
  lost(): void;
  /** The `Events` event: newly stored events of a joined room, contiguous and ascending by seq. */
  events(roomId: string, events: RoomEvent[]): void;
  /** The server refused the connection because the session has ended (401): sign in again. */
  unauthorized(): void;
}

/**
 * Longest wait before a reconnection attempt: once the server answers again, the client is back
 * within this (the requirement), however long it was away.
 */
const MAX_RETRY_DELAY_MS = 5_000;
/** Delays of the automatic reconnection; after the table it keeps trying every 4–5 s forever. */
const RETRY_DELAYS_MS = [0, 1_000, 2_000, 4_000];
/** Later attempts wait this plus up to LATE_JITTER_MS, so that clients dropped together spread out. */
const LATE_RETRY_MS = 4_000;
const LATE_JITTER_MS = 1_000;
/** After this many failed attempts the status bar says "offline" (and offers "reconnect now"). */
const OFFLINE_AFTER_ATTEMPTS = 3;

/** The server refused the session (negotiate answered 401). */
function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && /\b401\b/.test(error.message);
}

/** The wait before the next attempt after `previousRetryCount` failed ones: backs off, never over 5 s. */
export function retryDelay(previousRetryCount: number, random: () => number = Math.random): number {
  const delay = RETRY_DELAYS_MS[previousRetryCount] ?? LATE_RETRY_MS + Math.floor(random() * LATE_JITTER_MS);
  return Math.min(delay, MAX_RETRY_DELAY_MS);
}

/**
 * One SignalR connection for the signed-in user (the session cookie authenticates /hubs/room).
 * SignalR's automatic reconnection runs while the connection is merely interrupted; if the
 * connection closes for good (or the first start fails) this class keeps retrying on a timer.
 */
export class Connection {
  readonly hub: HubConnection;
  private currentState: ConnectionState = "idle";
  private retryAt: number | null = null;
  private retryTimer: number | undefined;
  private closedRetries = 0;
  private disposed = false;
  private restarting = false;
  /** The last reconnect attempt was refused with 401. */
  private refused = false;
  /** Keep retrying after a close: only once someone depends on the connection (in a room). */
  keepAlive = false;

  constructor(
    readonly userId: string,
    private readonly events: ConnectionEvents,
  ) {
    const policy: IRetryPolicy = {
      nextRetryDelayInMilliseconds: (context: RetryContext) => {
        // A refused session does not come back by retrying: stop, and onclose says why.
        if (isUnauthorized(context.retryReason)) {
          this.refused = true;
          return null;
        }
        const delay = retryDelay(context.previousRetryCount);
        this.retryAt = Date.now() + delay;
        if (context.previousRetryCount >= OFFLINE_AFTER_ATTEMPTS) {
          this.setState("offline");
        }
        return delay;
      },
    };
    this.hub = new HubConnectionBuilder()
      .withUrl(HUB_URL)
      .withAutomaticReconnect(policy)
      .configureLogging(LogLevel.Warning)
      .build();

    this.hub.on(Events.events, (roomId: string, events: RoomEvent[]) => {
      this.events.events(roomId, events);
    });
    this.hub.onreconnecting(() => {
      this.events.lost();
      this.setState("reconnecting");
    });
    this.hub.onreconnected(() => {
      this.retryAt = null;
      this.setState("connected");
      this.events.connected(true);
    });
    this.hub.onclose((error) => {
      if (this.disposed || this.restarting) {
        return;
      }
      this.events.lost();
      this.setState("offline");
      if (this.refused || isUnauthorized(error)) {
        this.keepAlive = false;
        this.events.unauthorized();
        return;
      }
      if (this.keepAlive) {
        this.scheduleRestart();
      }
    });
    window.addEventListener("online", this.onBrowserOnline);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get nextRetryAt(): number | null {
    return this.currentState === "offline" ? this.retryAt : null;
  }

  get isConnected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  /** Starts the connection; rejects if the first attempt fails (the caller decides what to show). */
  async start(): Promise<void> {
    this.clearTimer();
    this.setState("connecting");
    try {
      await this.hub.start();
    } catch (error) {
      if (this.disposed) throw error;
      this.setState("offline");
      if (isUnauthorized(error)) {
        // Retrying cannot help: the session ended (signed out elsewhere, deactivated, idle timeout).
        this.keepAlive = false;
        this.events.unauthorized();
        throw error;
      }
      if (this.keepAlive) {
        this.scheduleRestart();
      }
      throw error;
    }
    this.closedRetries = 0;
    this.retryAt = null;
    this.setState("connected");
    this.events.connected(false);
  }

  /** "Reconnect now": drops whatever attempt is pending and starts a fresh one. */
  async reconnectNow(): Promise<void> {
    if (this.disposed || this.hub.state === HubConnectionState.Connected) {
      return;
    }
    this.clearTimer();
    if (this.hub.state !== HubConnectionState.Disconnected) {
      this.restarting = true;
      try {
        await this.hub.stop();
      } finally {
        this.restarting = false;
      }
      this.events.lost();
    }
    await this.start().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.keepAlive = false;
    this.clearTimer();
    window.removeEventListener("online", this.onBrowserOnline);
    await this.hub.stop().catch(() => undefined);
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.hub.invoke<T>(method, ...args);
  }

  private readonly onBrowserOnline = (): void => {
    if (this.keepAlive && (this.currentState === "offline" || this.currentState === "reconnecting")) {
      void this.reconnectNow();
    }
  };

  private scheduleRestart(): void {
    this.clearTimer();
    const delay = retryDelay(Math.min(this.closedRetries++, RETRY_DELAYS_MS.length) + 1);
    this.retryAt = Date.now() + delay;
    this.setState("offline");
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = undefined;
      void this.start().catch(() => undefined);
    }, delay);
  }

  private clearTimer(): void {
    if (this.retryTimer !== undefined) {
      window.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private setState(state: ConnectionState): void {
    this.currentState = state;
    this.events.state(state, this.nextRetryAt);
  }
}
