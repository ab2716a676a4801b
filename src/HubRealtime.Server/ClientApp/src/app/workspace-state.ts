// The workspace's signals: the view from GET /api/me/workspace, kept live by a hub connection of its own
// that watches the listed rooms (RoomActivity) and hears read positions (ReadPositionChanged). The room on
// show is marked read when it opens and as activity arrives while the page is visible.
import { effect, signal } from "@preact/signals";
import * as api from "../api";
import { Connection } from "../connection";
import { roomFrame } from "../room/room-controller";
import {
  WORKSPACE_URL,
  WorkspaceEvents,
  WorkspaceMethods,
  applyActivity,
  applyReadPosition,
  watchedRoomIds,
  type ReadPosition,
  type RoomActivity,
  type WorkspaceView,
} from "../workspace";
import { gate, me, onSignedOut } from "./state";

/** The view, or null before the first answer (and signed out). */
export const workspace = signal<WorkspaceView | null>(null);

/** A read position is sent at most this often per room. */
const MARK_READ_INTERVAL_MS = 1_000;

let connection: Connection | null = null;
let loading: Promise<void> | null = null;
const lastMarked = new Map<string, number>();

function userId(): string {
  return me.value?.profile.email ?? "";
}

async function load(): Promise<void> {
  try {
    const view = await api.get<WorkspaceView>(WORKSPACE_URL);
    const c = connection;
    // Watch first is the protocol's order; watching again after the read repeats nothing on the server.
    if (c?.isConnected) await c.hub.invoke(WorkspaceMethods.watchRooms, watchedRoomIds(view)).catch(() => undefined);
    workspace.value = view;
  } catch {
    // The sidebar keeps what it showed; the next reconnect or route change reads again.
  }
}

/** Reads the workspace again (single flight). */
function reloadWorkspace(): Promise<void> {
  loading ??= load().finally(() => (loading = null));
  return loading;
}

function onActivity(activity: RoomActivity): void {
  const view = workspace.value;
  if (!view) return;
  workspace.value = applyActivity(view, activity, userId());
  if (roomFrame.value?.roomId === activity.roomId && document.visibilityState === "visible") markRead(activity.roomId);
}

function onReadPosition(position: ReadPosition): void {
  const view = workspace.value;
  if (view) workspace.value = applyReadPosition(view, position);
}

/** Moves the read position (throttled per room); the answer and the other tabs' events clear the counts. */
function markRead(roomId: string, seq: number = Number.MAX_SAFE_INTEGER): void {
  const c = connection;
  if (!c?.isConnected) return;
  const now = Date.now();
  if (now - (lastMarked.get(roomId) ?? 0) < MARK_READ_INTERVAL_MS && seq !== Number.MAX_SAFE_INTEGER) return;
  lastMarked.set(roomId, now);
  c.hub.invoke<ReadPosition>(WorkspaceMethods.markRead, roomId, seq).then(onReadPosition, () => undefined);
}

async function start(user: string): Promise<void> {
  if (connection?.userId === user) return;
  const previous = connection;
  const c: Connection = new Connection(user, {
    state: () => undefined,
    connected: () => {
      if (connection !== c) return;
      void reloadWorkspace().then(() => {
        const shown = roomFrame.value?.roomId;
        if (shown) markRead(shown);
      });
    },
    lost: () => undefined,
    events: () => undefined,
    unauthorized: () => undefined,
  });
  c.hub.on(WorkspaceEvents.roomActivity, (a: RoomActivity) => {
    if (connection === c) onActivity(a);
  });
  c.hub.on(WorkspaceEvents.readPositionChanged, (p: ReadPosition) => {
    if (connection === c) onReadPosition(p);
  });
  c.keepAlive = true;
  // Taken before any await, so that a second call for the same user finds it.
  connection = c;
  await previous?.dispose();
  await c.start().catch(() => undefined);
}

effect(() => {
  const ready = gate.value.step === "ready";
  const user = userId();
  if (ready && user) void start(user);
});

// Opening a room reads it; a room the workspace does not list yet (just joined) is read in again.
effect(() => {
  const roomId = roomFrame.value?.roomId;
  if (!roomId) return;
  markRead(roomId);
  const view = workspace.peek();
  if (view && !watchedRoomIds(view).includes(roomId)) void reloadWorkspace();
});

onSignedOut(async () => {
  const c = connection;
  connection = null;
  workspace.value = null;
  lastMarked.clear();
  await c?.dispose();
});
