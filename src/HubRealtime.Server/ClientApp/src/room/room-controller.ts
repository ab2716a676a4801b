// The room the page shows: joining and leaving rooms over the tab's connection (app/hub.ts), the chat's stores
// (messages, presence, composer) and the meeting beside the chat. No markup: JoinPage and RoomView
// render its signals; App calls showRoutePage for the route's page.
import { batch, signal } from "@preact/signals";
import type { Connection } from "../connection";
import * as hub from "../app/hub";
import { errorMessage, onLanguageChange, t } from "../i18n";
import { saveLastRoom, storedLastRoom } from "../identity";
import { connectionState, nextRetryAt, setReconnectAction } from "../app/connection-status";
import type { Route } from "../app/routes";
import * as app from "../app/state";
import * as api from "../api";
import { MessagesView } from "../messages-view";
import {
  getPresence,
  ROOMS_URL,
  isKnownErrorCode,
  normalizeRoomId,
  parseHubError,
  type RoomInfo,
  type RoomCapabilities,
  AccessRevokedEvent,
  CapabilityFlags,
  NO_CAPABILITIES,
  capabilitiesAfterNotice,
} from "../protocol";
import { RoomSession } from "../session";
import { PresenceView, presenceArgs, presenceChangedArgs, typingArgs } from "../presence-view";
import { MeetingPages } from "../meetings";
import { ChatEvents, isNotice, type RoomEvent } from "../room-events";
import { baseTitle, watchAttention } from "./attention";
import { composer, focusComposer, setComposerActions } from "./composer-state";

/** Working groups' rooms are "wg-<groupId>" (docs/protocol.md). */
const WORKING_GROUP_ROOM_PREFIX = "wg-";

let userId = "";
let session: RoomSession | null = null;

// ---- what the components show -------------------------------------------------------------------
/** The room on show (RoomView), or null. */
export interface RoomFrame {
  roomId: string;
  /** The room's own title; a meeting's rooms are named by the meeting (in the page's language). */
  title: string;
  closed: boolean;
  muted: boolean;
}
export const roomFrame = signal<RoomFrame | null>(null);

/** The join form's state (JoinPage). */
export const joinForm = {
  /** The form starts with ?room=, else the last room, else the lobby. */
  roomId: signal(normalizeRoomId(new URLSearchParams(window.location.search).get("room") ?? storedLastRoom() ?? "lobby") || "lobby"),
  error: signal<{ text: string; detail?: string | undefined } | null>(null),
  /** Which action runs (the form's buttons wait for it), or null. */
  busy: signal<"join" | "create" | null>(null),
};


/** The room's message list (rendered by MessageList into #messages-root). */
export const messages = new MessagesView(
  () => ({ userId, displayName: app.profile.value?.displayName ?? "" }),
  {
    retry: (id) => session?.retry(id),
    edit: (id) => session?.edit(id),
    discard: (id) => session?.discard(id),
  },
  () => void session?.loadOlder(),
);

/** Who is in the room (rendered by PresencePanel and TypingLine). */
export const presence = new PresenceView(() => session?.roomId ?? null, () => userId, {
  canModerate: () => capabilities().moderate,
  mute: (id, muted) => session ? session.mute(id, muted) : Promise.reject(new Error("no room")),
});

messages.messageActions = {
  reply: (seq) => setReply(seq),
  edit: (seq, text) => session ? session.editMessage(seq, text) : Promise.reject(new Error("no room")),
  remove: (seq) => session ? session.deleteMessage(seq) : Promise.reject(new Error("no room")),
  react: (seq, emoji, add) => void session?.react(seq, emoji, add).catch(() => undefined),
  canModerate: () => capabilities().moderate,
  canWrite: () => capabilities().write,
  canDeleteOwn: () => capabilities().flags.includes(CapabilityFlags.deleteOwn),
  describeNotice: (e) => meetings.describeNotice(e),
};

function setReply(seq: number | null): void {
  const target = seq === null ? null : messages.message(seq);
  composer.replyTo.value = target && seq !== null
    ? { seq, name: target.actor.displayName, text: target.payload.text.slice(0, 120) }
    : null;
  if (target) focusComposer();
}

setComposerActions({
  send: (text, replyToSeq, mentioned) => {
    if (!session) return;
    session.send(text, replyToSeq, mentioned);
    messages.markAllRead();
  },
  typing: () => session?.typing(),
});

// ---- connection status ------------------------------------------------------------------------
function renderConnection(): void {
  const c = hub.currentHub();
  connectionState.value = c?.state ?? "idle";
  nextRetryAt.value = c?.nextRetryAt ?? null;
}

setReconnectAction(() => void hub.currentHub()?.reconnectNow());

// The tab's one connection (app/hub.ts) is the workspace's too: these are the room's and the meeting's parts.
hub.listen({
  state: () => renderConnection(),
  connected: (reconnected) => {
    if (session) void session.resume();
    void meetings.resume();
    if (reconnected && session) messages.announce(t("connection.connected"));
  },
  lost: () => session?.onConnectionLost(),
  events: (roomId, batch) => {
    session?.onEvents(roomId, batch);
    meetings.onEvents(roomId, batch);
    noticeChangedCapabilities(roomId, batch);
    if (roomId === session?.roomId) for (const e of batch) presence.stoppedTyping(e.actor.userId);
  },
  unauthorized: () => void app.sessionEnded(),
});
hub.onHubEvent(AccessRevokedEvent, (roomId: unknown) => {
  if (typeof roomId === "string") accessRevoked(roomId);
});
hub.onHubEvent(ChatEvents.presence, (a: unknown, b: unknown) => {
  const snapshot = presenceArgs(a, b);
  if (!snapshot) return;
  presence.onPresence(snapshot);
  if (snapshot.roomId === session?.roomId) messages.addPeople(snapshot.users);
});
hub.onHubEvent(ChatEvents.presenceChanged, (a: unknown) => {
  const delta = presenceChangedArgs(a);
  const c = hub.currentHub();
  if (!delta || !c) return;
  presence.onPresenceChanged(delta, (roomId) => getPresence(c.hub, roomId));
  if (delta.roomId === session?.roomId) messages.addPeople([...delta.joined, ...delta.updated]);
});
hub.onHubEvent(ChatEvents.typing, (a: unknown, b: unknown, d: unknown) => {
  const typing = typingArgs(a, b, d);
  if (typing) presence.onTyping(typing);
});

function connect(): Promise<Connection> {
  return hub.connectHub(userId);
}

/** A working group's room lists the group's members, present or not. */
async function loadGroupMembers(roomId: string): Promise<void> {
  if (!roomId.startsWith(WORKING_GROUP_ROOM_PREFIX)) return;
  try {
    const members = await api.get<api.GroupMember[]>(`/api/groups/${api.seg(roomId.slice(WORKING_GROUP_ROOM_PREFIX.length))}/members`);
    if (session?.roomId !== roomId) return;
    presence.members.value = members.map((m) => ({ userId: m.email, displayName: m.displayName || m.email }));
  } catch {
    // Without the list the panel shows who is here, as in any room.
  }
}

// ---- join and create --------------------------------------------------------------------------
function showJoinError(text: string | null, detail?: string): void {
  joinForm.error.value = text === null ? null : { text, detail };
}

function connectionErrorText(error: unknown): string {
  const hubError = parseHubError(error);
  if (hubError) return errorMessage(hubError.code);
  const message = error instanceof Error ? error.message : String(error);
  // An ended session makes the negotiate request fail with 401 (403 while the account is restricted).
  if (/\b401\b/.test(message)) return errorMessage("unauthenticated");
  if (/\b403\b/.test(message)) return errorMessage("forbidden");
  return t("error.network");
}

/** The join form's "Join": the room's address joins it, so it can be linked and gone back to. */
export function openRoom(roomId: string): void {
  saveLastRoom(roomId);
  showJoinError(null);
  app.navigate({ page: "room", roomId });
}

/** The join form's "Create and join": POST /api/rooms, then open it; false (the error shown) when refused. */
export async function createAndOpenRoom(roomId: string, title: string): Promise<boolean> {
  if (joinForm.busy.value) return false;
  showJoinError(null);
  joinForm.busy.value = "create";
  let created: RoomInfo | null;
  try {
    created = await createRoom(roomId, title);
  } finally {
    joinForm.busy.value = null;
  }
  if (created) openRoom(roomId);
  return created !== null;
}

async function joinRoom(roomId: string, title: string | null = null): Promise<boolean> {
  let c: Connection;
  try {
    c = await connect();
  } catch (error) {
    showJoinError(connectionErrorText(error));
    return false;
  }
  const previous = session;
  if (previous) {
    session = null;
    void previous.leave();
  }
  const s = new RoomSession(roomId, c, messages, {
    composerError: showComposerError,
    editText: (text) => {
      composer.draft.value = text;
      focusComposer();
    },
  });
  messages.reset();
  presence.forgetExcept((r) => r === roomId || meetings.watches(r));
  presence.reset();
  setReply(null);
  session = s;
  try {
    await s.join();
  } catch (error) {
    if (session === s) session = null;
    await s.leave();
    showJoinError(connectionErrorText(error));
    if (meetings.active) messages.announce(connectionErrorText(error));
    return false;
  }
  void loadGroupMembers(roomId);
  enterRoom(s.room, roomId, title);
  // A closed room (e.g. a breakout after its round) is read-only; its transcript stays readable.
  applyCapabilities();
  return true;
}

/** POST /api/rooms; shows the ProblemDetails error on failure. */
async function createRoom(roomId: string, title: string): Promise<RoomInfo | null> {
  try {
    return await api.post<RoomInfo>(ROOMS_URL, { roomId, title });
  } catch (error) {
    if (!(error instanceof api.ApiError)) throw error;
    if (error.code === "network") {
      showJoinError(t("error.network"));
    } else {
      const code = error.code;
      showJoinError(isKnownErrorCode(code) || code in AUTH_CODES ? errorMessage(code) : t("error.unknown", { code }), error.detail);
    }
    return null;
  }
}

// ---- the room on show -------------------------------------------------------------------------
function enterRoom(room: RoomInfo | null, roomId: string, title: string | null): void {
  roomFrame.value = { roomId, title: title || room?.title || roomId, closed: false, muted: false };
  showComposerError(null);
  updateTitle();
  messages.scrollToBottom();
  focusComposer();
}

function leaveRoom(): void {
  const s = session;
  session = null;
  void s?.leave();
  void meetings.leave();
  roomFrame.value = null;
  applyCapabilities();
  messages.reset();
  presence.forgetExcept(() => false);
  presence.reset();
  updateTitle();
}

/** The room's "Leave": out of a meeting to the meetings, else to the start page. */
export function leaveClicked(): void {
  const inMeeting = meetings.active;
  leaveRoom();
  app.navigate(inMeeting ? { page: "meetings" } : { page: "home" });
}

function updateTitle(): void {
  baseTitle.value = session?.room ? t("app.documentTitleRoom", { room: session.room.title || session.roomId }) : "";
}

function showComposerError(text: string | null): void {
  composer.error.value = text;
}

/** What the server says this user may do in the current room (nothing outside a room). */
function capabilities(): RoomCapabilities {
  return session?.capabilities ?? NO_CAPABILITIES;
}

/** Shows the room's controls from the server's capabilities: no composer in a closed room, a disabled one when muted. */
function applyCapabilities(): void {
  const c = capabilities();
  batch(() => {
    composer.inRoom.value = session !== null;
    composer.closed.value = session !== null && c.closed;
    composer.canRead.value = c.read;
    composer.canWrite.value = c.write;
    composer.muted.value = c.muted;
    const frame = roomFrame.value;
    if (frame && (frame.closed !== c.closed || frame.muted !== c.muted)) roomFrame.value = { ...frame, closed: c.closed, muted: c.muted };
  });
  meetings.setRoomClosed(session !== null && c.closed);
  messages.refreshTools();
  presence.render();
}

/** A live notice may change what this user may do (muted, unmuted, closing). */
function noticeChangedCapabilities(roomId: string, batch: readonly RoomEvent[]): void {
  const s = session;
  if (!s || s.roomId !== roomId) return;
  let c = s.capabilities;
  for (const e of batch) {
    if (isNotice(e)) c = capabilitiesAfterNotice(c, e.payload.notice, userId);
  }
  if (c !== s.capabilities) {
    s.capabilities = c;
    applyCapabilities();
  }
}

/** Removed from the room (e.g. from its working group): leave its view and say why. */
function accessRevoked(roomId: string): void {
  if (session?.roomId !== roomId) return;
  messages.announce(t("room.accessRevoked"));
  if (meetings.active) {
    // A move between breakouts revokes the old room: the meeting re-reads itself and takes the page
    // where it now belongs (or back to the list when this person left the meeting).
    void meetings.resume();
    return;
  }
  leaveRoom();
  app.navigate({ page: "home" });
  showJoinError(t("room.accessRevoked"));
}

onLanguageChange(updateTitle);

// ---- pages and routing -----------------------------------------------------------------------
const AUTH_CODES: Readonly<Record<string, true>> = { invalid_credentials: true };

/** Signed out or the session ended: leave the room and drop the connection. */
app.onSignedOut(async () => {
  leaveRoom();
  await hub.closeHub();
  userId = "";
});

/** The meeting beside the chat (rendered by MeetingPanel, MeetingBanner and BackToPlenary). */
export const meetings = new MeetingPages({
  connection: () => connect(),
  userId: () => userId,
  // The room's own capabilities decide its controls (closed or not), not the meeting's view of it.
  openChat: async (roomId, title) => {
    if (session?.roomId === roomId) {
      applyCapabilities();
      return true;
    }
    showComposerError(null);
    return joinRoom(roomId, title);
  },
  chatRoomId: () => session?.roomId ?? null,
  announce: (text) => messages.announce(text),
  refreshMessages: () => {
    messages.refreshTools();
    presence.render();
  },
  presentIn: (roomId) => presence.usersIn(roomId),
});

let showing = 0;

/**
 * Follows the route once the session is ready: a room's address joins it, a meeting's opens the meeting
 * (and its room); any other page leaves the room.
 */
export async function followRoute(route: Route, gate: app.Gate): Promise<void> {
  const turn = ++showing;
  const roomPage = route.page === "room" || route.page === "meeting";
  if (!roomPage && (session || meetings.active)) leaveRoom();
  if (route.page === "room" && meetings.active) leaveRoom();
  if (gate.step !== "ready" || !roomPage) return;
  const current = app.me.value;
  if (!current) return;
  if (userId !== current.profile.email && hub.currentHub()) await hub.closeHub();
  if (turn !== showing) return;
  userId = current.profile.email;
  if (route.page === "meeting") {
    await meetings.show(route.meetingId, route.sessionId);
    return;
  }
  if (session?.roomId === route.roomId || joinForm.busy.value) return;
  showJoinError(null);
  joinForm.roomId.value = route.roomId;
  joinForm.busy.value = "join";
  try {
    await joinRoom(route.roomId);
  } finally {
    joinForm.busy.value = null;
  }
  // Another room's address came while this one was joining: go there now.
  const now = app.route.value;
  if (now.page === "room" && now.roomId !== route.roomId) void followRoute(now, app.gate.value);
}

watchAttention(messages, () => session?.room?.title || session?.roomId || "");
