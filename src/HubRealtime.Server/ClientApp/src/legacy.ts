// The pages not yet moved to components: join and room (with the meeting's parts beside the chat).
// They live in index.html's sections; App shows one of them for the route (showLegacyPage).
import { Connection } from "./connection";
import { byId } from "./dom";
import { errorMessage, onLanguageChange, t, type MessageKey } from "./i18n";
import { saveLastRoom, storedLastRoom } from "./identity";
import { connectionState, nextRetryAt, setReconnectAction } from "./app/connection-status";
import type { Route } from "./app/routes";
import * as app from "./app/state";
import * as api from "./api";
import { MessagesView } from "./messages-view";
import {
  getPresence,
  ROOMS_URL,
  isKnownErrorCode,
  isValidRoomId,
  normalizeRoomId,
  parseHubError,
  type RoomInfo,
  type RoomCapabilities,
  AccessRevokedEvent,
  CapabilityFlags,
  NO_CAPABILITIES,
  capabilitiesAfterNotice,
} from "./protocol";
import { RoomSession } from "./session";

/** Working groups' rooms are "wg-<groupId>" (docs/protocol.md). */
const WORKING_GROUP_ROOM_PREFIX = "wg-";
import { PresenceView, presenceArgs, presenceChangedArgs, typingArgs } from "./presence-view";
import { MeetingPages } from "./meetings";
import { ChatEvents, isNotice, type RoomEvent } from "./room-events";
import { baseTitle, watchAttention } from "./room/attention";
import { composer, focusComposer, setComposerActions } from "./room/composer-state";
import { batch } from "@preact/signals";

let userId = "";
let connection: Connection | null = null;
let session: RoomSession | null = null;

// ---- elements ---------------------------------------------------------------------------------
const ui = {
  joinView: byId("join-view"),
  joinForm: byId<HTMLFormElement>("join-form"),
  roomId: byId<HTMLInputElement>("room-id"),
  joinButton: byId<HTMLButtonElement>("join-button"),
  createForm: byId<HTMLFormElement>("create-form"),
  createDetails: byId<HTMLDetailsElement>("create-room"),
  createTitle: byId<HTMLInputElement>("create-title"),
  createButton: byId<HTMLButtonElement>("create-button"),
  joinError: byId("join-error"),
  joinErrorText: byId("join-error-text"),
  joinErrorDetail: byId("join-error-detail"),
  roomView: byId("room-view"),
  roomTitle: byId("room-title"),
  roomIdLabel: byId("room-id-label"),
  leave: byId<HTMLButtonElement>("leave-button"),
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
  send: (text, replyToSeq) => {
    if (!session) return;
    session.send(text, replyToSeq);
    messages.markAllRead();
  },
  typing: () => session?.typing(),
});

// ---- connection status ------------------------------------------------------------------------
function renderConnection(): void {
  connectionState.value = connection?.state ?? "idle";
  nextRetryAt.value = connection?.nextRetryAt ?? null;
}

setReconnectAction(() => void connection?.reconnectNow());

async function connect(): Promise<Connection> {
  if (connection && connection.userId === userId && connection.state !== "idle") {
    if (connection.isConnected) return connection;
    await connection.dispose();
  } else if (connection) {
    await connection.dispose();
  }
  const c: Connection = new Connection(userId, {
    state: () => {
      if (connection === c) renderConnection();
    },
    connected: (reconnected) => {
      if (connection !== c) return;
      if (session) void session.resume();
      void meetings.resume();
      if (reconnected) messages.announce(t("connection.connected"));
    },
    lost: () => {
      if (connection === c) session?.onConnectionLost();
    },
    events: (roomId, batch) => {
      if (connection !== c) return;
      session?.onEvents(roomId, batch);
      meetings.onEvents(roomId, batch);
      noticeChangedCapabilities(roomId, batch);
      if (roomId === session?.roomId) for (const e of batch) presence.stoppedTyping(e.actor.userId);
    },
    unauthorized: () => {
      if (connection === c) void app.sessionEnded();
    },
  });
  c.hub.on(AccessRevokedEvent, (roomId: unknown) => {
    if (connection === c && typeof roomId === "string") accessRevoked(roomId);
  });
  c.hub.on(ChatEvents.presence, (a: unknown, b: unknown) => {
    const snapshot = presenceArgs(a, b);
    if (!snapshot || connection !== c) return;
    presence.onPresence(snapshot);
    if (snapshot.roomId === session?.roomId) messages.addPeople(snapshot.users);
  });
  c.hub.on(ChatEvents.presenceChanged, (a: unknown) => {
    const delta = presenceChangedArgs(a);
    if (!delta || connection !== c) return;
    presence.onPresenceChanged(delta, (roomId) => getPresence(c.hub, roomId));
    if (delta.roomId === session?.roomId) messages.addPeople([...delta.joined, ...delta.updated]);
  });
  c.hub.on(ChatEvents.typing, (a: unknown, b: unknown, d: unknown) => {
    const typing = typingArgs(a, b, d);
    if (typing && connection === c) presence.onTyping(typing);
  });
  connection = c;
  await c.start();
  return c;
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
  ui.joinError.hidden = text === null;
  ui.joinErrorText.textContent = text ?? "";
  ui.joinErrorDetail.textContent = detail ?? "";
  ui.joinErrorDetail.hidden = !detail;
}

/** Validates the join form; returns the room id, or shows what to fix. */
function readJoinForm(): { roomId: string } | null {
  const roomId = normalizeRoomId(ui.roomId.value);
  ui.roomId.value = roomId;
  if (!isValidRoomId(roomId)) {
    showJoinError(t("validation.roomInvalid"));
    ui.roomId.setAttribute("aria-invalid", "true");
    ui.roomId.focus();
    return null;
  }
  ui.roomId.removeAttribute("aria-invalid");
  return { roomId };
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

let busy = false;

async function joinRoom(roomId: string, remember = true, title: string | null = null): Promise<boolean> {
  if (remember) saveLastRoom(roomId);
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
  c.keepAlive = true;
  void loadGroupMembers(roomId);
  // A closed room (e.g. a breakout after its round) is read-only; its transcript stays readable.
  applyCapabilities();
  enterRoom(s.room, roomId, title);
  presence.render();
  return true;
}

async function withBusy(button: HTMLButtonElement, busyKey: MessageKey, idleKey: MessageKey, work: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  ui.joinButton.disabled = true;
  ui.createButton.disabled = true;
  button.textContent = t(busyKey);
  button.setAttribute("aria-busy", "true");
  try {
    await work();
  } finally {
    busy = false;
    ui.joinButton.disabled = false;
    ui.createButton.disabled = false;
    button.textContent = t(idleKey);
    button.removeAttribute("aria-busy");
  }
}

ui.joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = readJoinForm();
  if (!form) return;
  showJoinError(null);
  void withBusy(ui.joinButton, "join.joining", "join.submit", async () => { await joinRoom(form.roomId); });
});

ui.createForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = readJoinForm();
  if (!form) return;
  const title = ui.createTitle.value.trim();
  if (!title) {
    showJoinError(t("validation.titleRequired"));
    ui.createTitle.focus();
    return;
  }
  showJoinError(null);
  void withBusy(ui.createButton, "create.creating", "create.submit", async () => {
    const created = await createRoom(form.roomId, title);
    if (created) {
      ui.createTitle.value = "";
      ui.createDetails.open = false;
      await joinRoom(form.roomId);
    }
  });
});

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

// ---- room view --------------------------------------------------------------------------------
function enterRoom(room: RoomInfo | null, roomId: string, title: string | null): void {
  ui.roomTitle.textContent = title || room?.title || roomId;
  ui.roomIdLabel.textContent = roomId;
  hideViews();
  ui.roomView.hidden = false;
  document.body.classList.add("in-room");
  showComposerError(null);
  updateTitle();
  messages.scrollToBottom();
  focusComposer();
}

function leaveRoom(): void {
  const s = session;
  session = null;
  if (connection) connection.keepAlive = false;
  void s?.leave();
  void meetings.leave();
  applyCapabilities();
  messages.reset();
  presence.forgetExcept(() => false);
  presence.reset();
  ui.roomView.hidden = true;
  document.body.classList.remove("in-room");
  updateTitle();
}

ui.leave.addEventListener("click", () => {
  const inMeeting = meetings.active;
  leaveRoom();
  if (inMeeting) {
    window.location.hash = "#/meetings";
    return;
  }
  if (window.location.hash.startsWith("#/room/")) {
    window.location.hash = "#/";
    return;
  }
  showView(ui.joinView);
  ui.roomId.focus();
});

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
  });
  ui.roomView.classList.toggle("room-closed", session !== null && c.closed);
  ui.roomView.classList.toggle("room-muted", session !== null && c.muted && !c.closed);
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
  showView(ui.joinView);
  showJoinError(t("room.accessRevoked"));
}

// ---- language ---------------------------------------------------------------------------------
onLanguageChange(() => {
  updateTitle();
  // A meeting's room is named by the page ("Session one · plenary"), so in the page's language.
  if (session && meetings.active) ui.roomTitle.textContent = meetings.roomName(session.roomId);
});

// ---- pages and routing -----------------------------------------------------------------------
const AUTH_CODES: Readonly<Record<string, true>> = { invalid_credentials: true };
const views = ["join-view", "room-view"].map((id) => byId(id));

function hideViews(): void {
  for (const v of views) v.hidden = true;
}

/** A page with a component is showing: hide every section, leaving the room if the page is elsewhere. */
export function hideLegacyPages(route: Route): void {
  showing++;
  if (route.page !== "room" && route.page !== "meeting" && (session || meetings.active)) leaveRoom();
  hideViews();
}

function showView(view: HTMLElement): void {
  for (const v of views) v.hidden = v !== view;
}

/** Signed out or the session ended: leave the room and drop the connection. */
app.onSignedOut(async () => {
  leaveRoom();
  await connection?.dispose();
  connection = null;
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
    return joinRoom(roomId, false, title);
  },
  chatRoomId: () => session?.roomId ?? null,
  announce: (text) => messages.announce(text),
  refreshMessages: () => {
    messages.refreshTools();
    presence.render();
  },
});

let showing = 0;

/** Shows the legacy page for the route once the session is ready (App shows the gate's pages). */
export async function showLegacyPage(route: Route, gate: app.Gate): Promise<void> {
  const turn = ++showing;
  if (route.page !== "room" && route.page !== "meeting" && (session || meetings.active)) leaveRoom();
  if (route.page === "room" && meetings.active) leaveRoom();
  if (gate.step !== "ready") {
    hideViews();
    return;
  }
  const current = app.me.value;
  if (!current) return;
  if (userId !== current.profile.email && connection) {
    await connection.dispose();
    connection = null;
  }
  if (turn !== showing) return;
  userId = current.profile.email;
  switch (route.page) {
    case "meeting":
      await meetings.show(route.meetingId, route.sessionId);
      return;
    case "room":
      if (session?.roomId !== route.roomId) {
        showView(ui.joinView);
        await withBusy(ui.joinButton, "join.joining", "join.submit", async () => { await joinRoom(route.roomId, false); });
      }
      return;
    case "home":
      if (!session) {
        showView(ui.joinView);
        ui.roomId.focus();
      }
  }
}

watchAttention(messages, () => session?.room?.title || session?.roomId || "");

// The join form starts with ?room=, else the last room, else the lobby.
const fromUrl = new URLSearchParams(window.location.search).get("room");
ui.roomId.value = normalizeRoomId(fromUrl ?? storedLastRoom() ?? "lobby") || "lobby";
