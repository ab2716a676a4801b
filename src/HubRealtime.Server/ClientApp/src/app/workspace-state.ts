// The workspace's signals: the view from GET /api/me/workspace, kept live by the tab's hub connection
// (app/hub.ts, shared with the room on show), which watches the listed rooms (RoomActivity) and hears read positions (ReadPositionChanged). The room on
// show is marked read when it opens and as activity arrives while the page is visible. It is also the
// app-wide meeting watch: a meeting notice in a watched plenary or facilitators' room reads the view
// again, which drives the help badges and tone and the "go to your room" / "back to the plenary" prompts.
import { effect, signal } from "@preact/signals";
import * as api from "../api";
import * as hub from "./hub";
import { roomFrame } from "../room/room-controller";
import {
  WORKSPACE_URL,
  WorkspaceEvents,
  WorkspaceMethods,
  asksForHelp,
  changesMeetings,
  endedRounds,
  openHelpTotal,
  type MeetingSessionRef,
  applyActivity,
  applyReadPosition,
  watchedRoomIds,
  type ReadPosition,
  type RoomActivity,
  type WorkspaceView,
} from "../workspace";
import { openHelp, playHelpTone } from "../room/help-alert";
import { gate, me, onSignedOut } from "./state";

/** The view, or null before the first answer (and signed out). */
export const workspace = signal<WorkspaceView | null>(null);

/** Rounds this participant was in that ended while they were elsewhere: the way back to the plenary. */
export const endedRoundPrompts = signal<readonly MeetingSessionRef[]>([]);

/** The prompt for this session's ended round is done with (dismissed, or the meeting opened). */
export function dismissEndedRound(meetingId: string, sessionId: string): void {
  const left = endedRoundPrompts.value.filter((p) => p.meetingId !== meetingId || p.sessionId !== sessionId);
  if (left.length !== endedRoundPrompts.value.length) endedRoundPrompts.value = left;
}

function setView(view: WorkspaceView): void {
  const before = workspace.peek();
  const ended = before ? endedRounds(before, view) : [];
  if (ended.length > 0) {
    const known = (p: MeetingSessionRef) => endedRoundPrompts.peek().some((q) => q.meetingId === p.meetingId && q.sessionId === p.sessionId);
    endedRoundPrompts.value = [...endedRoundPrompts.peek(), ...ended.filter((p) => !known(p))];
  }
  workspace.value = view;
}

/** A read position is sent at most this often per room. */
const MARK_READ_INTERVAL_MS = 1_000;

let loading: Promise<void> | null = null;
/** A meeting notice came while a read was on its way: read once more after it. */
let loadAgain = false;
const lastMarked = new Map<string, number>();

function userId(): string {
  return me.value?.profile.email ?? "";
}

async function load(): Promise<void> {
  try {
    const view = await api.get<WorkspaceView>(WORKSPACE_URL);
    const c = hub.currentHub();
    // Watch first is the protocol's order; watching again after the read repeats nothing on the server.
    if (c?.isConnected) await c.hub.invoke(WorkspaceMethods.watchActivity, watchedRoomIds(view)).catch(() => undefined);
    setView(view);
  } catch {
    // The sidebar keeps what it showed; the next reconnect or route change reads again.
  }
}

/** Reads the workspace again (single flight; a call during a read reads once more after it). */
function reloadWorkspace(): Promise<void> {
  if (loading) {
    loadAgain = true;
    return loading;
  }
  loading = (async () => {
    do {
      loadAgain = false;
      await load();
    } while (loadAgain);
  })().finally(() => (loading = null));
  return loading;
}

function onActivity(activity: RoomActivity): void {
  const view = workspace.value;
  if (!view) return;
  if (asksForHelp(view, activity)) playHelpTone();
  workspace.value = applyActivity(view, activity, userId());
  // The meeting changed (a round opened or closed, help asked for or resolved): its state is the server's.
  if (changesMeetings(activity)) void reloadWorkspace();
  if (roomFrame.value?.roomId === activity.roomId && document.visibilityState === "visible") markRead(activity.roomId);
}

function onReadPosition(position: ReadPosition): void {
  const view = workspace.value;
  if (view) workspace.value = applyReadPosition(view, position);
}

/** Moves the read position (throttled per room); the answer and the other tabs' events clear the counts. */
function markRead(roomId: string, seq: number = Number.MAX_SAFE_INTEGER): void {
  const c = hub.currentHub();
  if (!c?.isConnected) return;
  const now = Date.now();
  if (now - (lastMarked.get(roomId) ?? 0) < MARK_READ_INTERVAL_MS && seq !== Number.MAX_SAFE_INTEGER) return;
  lastMarked.set(roomId, now);
  c.hub.invoke<ReadPosition>(WorkspaceMethods.markRead, roomId, seq).then(onReadPosition, () => undefined);
}

// The tab's connection (app/hub.ts), shared with the room on show: watch again and re-read after every start.
hub.listen({
  connected: () => {
    void reloadWorkspace().then(() => {
      const shown = roomFrame.value?.roomId;
      if (shown) markRead(shown);
    });
  },
});
hub.onHubEvent(WorkspaceEvents.roomActivity, (a: unknown) => onActivity(a as RoomActivity));
hub.onHubEvent(WorkspaceEvents.readPositionChanged, (p: unknown) => onReadPosition(p as ReadPosition));

// Signed in: the connection starts (a failed start retries by itself; the sidebar shows what it has).
effect(() => {
  const ready = gate.value.step === "ready";
  const user = userId();
  if (ready && user) void hub.connectHub(user).catch(() => undefined);
});

// Opening a room reads it; a room the workspace does not list yet (just joined) is read in again.
effect(() => {
  const roomId = roomFrame.value?.roomId;
  if (!roomId) return;
  markRead(roomId);
  const view = workspace.peek();
  if (view && !watchedRoomIds(view).includes(roomId)) void reloadWorkspace();
});

// The facilitator's open help requests over every live meeting, wherever they are in the app.
effect(() => {
  const view = workspace.value;
  openHelp.value = view ? openHelpTotal(view) : 0;
});

onSignedOut(() => {
  workspace.value = null;
  endedRoundPrompts.value = [];
  lastMarked.clear();
});
