// The one hub connection of the signed-in user in this tab: the workspace (activity, read positions, the
// app-wide meeting watch), the room on show and the meeting pages all use it, so a tab holds one
// connection, not one per part. Each part listens for what it needs; the listeners outlive a connection
// (a new one after a user switch or a fresh start hears them too).
import { Connection, type ConnectionEvents } from "../connection";

type Listener = Partial<ConnectionEvents>;

const listeners = new Set<Listener>();
const handlers: { name: string; handler: (...args: unknown[]) => void }[] = [];
let current: Connection | null = null;
let starting: { userId: string; done: Promise<Connection> } | null = null;

/** Listens to the connection's life (state, connected, lost, events, unauthorized), whichever it is. */
export function listen(listener: Listener): void {
  listeners.add(listener);
}

/** A hub event (e.g. "Presence") from whichever connection is current. */
export function onHubEvent(name: string, handler: (...args: unknown[]) => void): void {
  handlers.push({ name, handler });
  current?.hub.on(name, guarded(current, handler));
}

function guarded(c: Connection, handler: (...args: unknown[]) => void): (...args: unknown[]) => void {
  return (...args) => {
    if (current === c) handler(...args);
  };
}

/** The current connection, or null (signed out, or not started yet). */
export function currentHub(): Connection | null {
  return current;
}

function create(userId: string): Connection {
  const each = (call: (l: Listener) => void) => {
    for (const l of listeners) call(l);
  };
  const c: Connection = new Connection(userId, {
    state: (state, retryAt) => {
      if (current === c) each((l) => l.state?.(state, retryAt));
    },
    connected: (reconnected) => {
      if (current === c) each((l) => l.connected?.(reconnected));
    },
    lost: () => {
      if (current === c) each((l) => l.lost?.());
    },
    events: (roomId, batch) => {
      if (current === c) each((l) => l.events?.(roomId, batch));
    },
    unauthorized: () => {
      if (current === c) each((l) => l.unauthorized?.());
    },
  });
  for (const { name, handler } of handlers) c.hub.on(name, guarded(c, handler));
  // Everyone signed in depends on it (the workspace is on every page): retry after a close.
  c.keepAlive = true;
  return c;
}

/**
 * The user's connection, connected. A connection of another user is closed first; one that is not connected
 * now (offline, reconnecting) is replaced by a fresh start, so that a join does not wait for its back-off.
 * Rejects when the start fails (the caller says why; the connection keeps retrying).
 */
export function connectHub(userId: string): Promise<Connection> {
  if (current?.userId === userId && current.isConnected) return Promise.resolve(current);
  // A start for another user (signed out and in again meanwhile) finishes first; then this user's begins.
  if (starting && starting.userId !== userId) {
    return starting.done.catch(() => undefined).then(() => connectHub(userId));
  }
  if (!starting) {
    const done = (async () => {
      const previous = current;
      const c = create(userId);
      current = c;
      await previous?.dispose();
      await c.start();
      return c;
    })().finally(() => {
      starting = null;
    });
    starting = { userId, done };
  }
  return starting.done;
}

/** Signed out: the connection ends (the listeners stay for the next user). */
export async function closeHub(): Promise<void> {
  const c = current;
  current = null;
  await c?.dispose();
}
