import "./styles.css";
import { Connection, type ConnectionState } from "./connection";
import { byId } from "./dom";
import {
  LANGUAGES,
  currentLanguage,
  detectLanguage,
  errorMessage,
  formatNumber,
  isLanguageCode,
  onLanguageChange,
  setLanguage,
  t,
} from "./i18n";
import {
  getUserId,
  saveDisplayName,
  saveLastRoom,
  storedDisplayName,
  storedLastRoom,
} from "./identity";
import { MessagesView } from "./messages-view";
import {
  COUNTER_THRESHOLD,
  MAX_TEXT_LENGTH,
  ROOMS_URL,
  checkDisplayName,
  identityQuery,
  isKnownErrorCode,
  isValidRoomId,
  normalizeRoomId,
  parseHubError,
  type RoomInfo,
} from "./protocol";
import { RoomSession } from "./session";

const userId = getUserId();
let connection: Connection | null = null;
let session: RoomSession | null = null;

// ---- elements ---------------------------------------------------------------------------------
const ui = {
  connection: byId("connection"),
  connectionText: byId("connection-text"),
  connectionRetry: byId("connection-retry"),
  reconnect: byId<HTMLButtonElement>("reconnect-button"),
  language: byId<HTMLSelectElement>("language-select"),
  joinView: byId("join-view"),
  joinForm: byId<HTMLFormElement>("join-form"),
  displayName: byId<HTMLInputElement>("display-name"),
  roomId: byId<HTMLInputElement>("room-id"),
  joinButton: byId<HTMLButtonElement>("join-button"),
  createForm: byId<HTMLFormElement>("create-form"),
  createDetails: byId<HTMLDetailsElement>("create-room"),
  createTitle: byId<HTMLInputElement>("create-title"),
  createButton: byId<HTMLButtonElement>("create-button"),
  joinError: byId("join-error"),
  joinErrorText: byId("join-error-text"),
  joinErrorDetail: byId("join-error-detail"),
  userId: byId("user-id"),
  roomView: byId("room-view"),
  roomTitle: byId("room-title"),
  roomIdLabel: byId("room-id-label"),
  meName: byId("me-name"),
  leave: byId<HTMLButtonElement>("leave-button"),
  composer: byId<HTMLFormElement>("composer"),
  text: byId<HTMLTextAreaElement>("composer-text"),
  send: byId<HTMLButtonElement>("send-button"),
  counter: byId("char-counter"),
  composerError: byId("composer-error"),
};

const messages = new MessagesView(
  () => userId,
  {
    retry: (id) => session?.retry(id),
    edit: (id) => session?.edit(id),
    discard: (id) => session?.discard(id),
  },
  () => void session?.loadOlder(),
);

// ---- connection status ------------------------------------------------------------------------
let statusTimer: number | undefined;

function renderConnection(): void {
  const state: ConnectionState = connection?.state ?? "idle";
  const retryAt = connection?.nextRetryAt ?? null;
  ui.connection.dataset["state"] = state;
  // The live region only changes with the state; the countdown sits beside it, outside the live region.
  const text = t(`connection.${state}`);
  if (ui.connectionText.textContent !== text) ui.connectionText.textContent = text;
  const seconds = state === "offline" && retryAt !== null ? Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)) : null;
  ui.connectionRetry.hidden = seconds === null;
  ui.connectionRetry.textContent = seconds === null ? "" : t("connection.retryIn", { seconds: formatNumber(seconds) });
  ui.reconnect.hidden = state !== "offline";
  window.clearTimeout(statusTimer);
  if (seconds !== null) {
    statusTimer = window.setTimeout(renderConnection, 1000);
  }
}

ui.reconnect.addEventListener("click", () => {
  void connection?.reconnectNow();
});

async function connect(displayName: string): Promise<Connection> {
  if (connection && connection.displayName === displayName && connection.state !== "idle") {
    if (connection.isConnected) return connection;
    await connection.dispose();
  } else if (connection) {
    await connection.dispose();
  }
  const c: Connection = new Connection(userId, displayName, {
    state: () => {
      if (connection === c) renderConnection();
    },
    connected: (reconnected) => {
      if (connection !== c) return;
      if (session) void session.resume();
      if (reconnected) messages.announce(t("connection.connected"));
    },
    lost: () => {
      if (connection === c) session?.onConnectionLost();
    },
    messages: (roomId, batch) => {
      if (connection === c) session?.onMessages(roomId, batch);
    },
  });
  connection = c;
  await c.start();
  return c;
}

// ---- join and create --------------------------------------------------------------------------
function showJoinError(text: string | null, detail?: string): void {
  ui.joinError.hidden = text === null;
  ui.joinErrorText.textContent = text ?? "";
  ui.joinErrorDetail.textContent = detail ?? "";
  ui.joinErrorDetail.hidden = !detail;
}

/** Validates the join form; returns the name and room id, or shows what to fix. */
function readJoinForm(): { name: string; roomId: string } | null {
  const name = ui.displayName.value.trim();
  const nameProblem = checkDisplayName(name);
  if (nameProblem) {
    showJoinError(t(nameProblem === "required" ? "validation.nameRequired"
      : nameProblem === "tooLong" ? "validation.nameTooLong" : "validation.nameControl"));
    ui.displayName.setAttribute("aria-invalid", "true");
    ui.displayName.focus();
    return null;
  }
  ui.displayName.removeAttribute("aria-invalid");
  const roomId = normalizeRoomId(ui.roomId.value);
  ui.roomId.value = roomId;
  if (!isValidRoomId(roomId)) {
    showJoinError(t("validation.roomInvalid"));
    ui.roomId.setAttribute("aria-invalid", "true");
    ui.roomId.focus();
    return null;
  }
  ui.roomId.removeAttribute("aria-invalid");
  return { name, roomId };
}

function connectionErrorText(error: unknown): string {
  const hubError = parseHubError(error);
  if (hubError) return errorMessage(hubError.code);
  const message = error instanceof Error ? error.message : String(error);
  // A bad user or name makes the negotiate request fail with 400.
  return /\b400\b/.test(message) ? errorMessage("unauthenticated") : t("error.network");
}

let busy = false;

async function joinRoom(name: string, roomId: string): Promise<void> {
  saveDisplayName(name);
  saveLastRoom(roomId);
  let c: Connection;
  try {
    c = await connect(name);
  } catch (error) {
    showJoinError(connectionErrorText(error));
    return;
  }
  const s = new RoomSession(roomId, c, messages, {
    composerError: showComposerError,
    editText: (text) => {
      ui.text.value = text;
      updateComposer();
      ui.text.focus();
    },
  });
  messages.reset();
  session = s;
  try {
    await s.join();
  } catch (error) {
    session = null;
    await s.leave();
    showJoinError(connectionErrorText(error));
    return;
  }
  c.keepAlive = true;
  enterRoom(s.room, name, roomId);
}

async function withBusy(button: HTMLButtonElement, busyKey: string, idleKey: string, work: () => Promise<void>): Promise<void> {
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
  void withBusy(ui.joinButton, "join.joining", "join.submit", () => joinRoom(form.name, form.roomId));
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
    const created = await createRoom(form.name, form.roomId, title);
    if (created) {
      ui.createTitle.value = "";
      ui.createDetails.open = false;
      await joinRoom(form.name, form.roomId);
    }
  });
});

interface ProblemDetails {
  title?: string;
  detail?: string;
  code?: string;
}

/** POST /api/rooms; shows the ProblemDetails error on failure. */
async function createRoom(name: string, roomId: string, title: string): Promise<RoomInfo | null> {
  let response: Response;
  try {
    response = await fetch(`${ROOMS_URL}?${identityQuery(userId, name)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ roomId, title }),
    });
  } catch {
    showJoinError(t("error.network"));
    return null;
  }
  if (response.ok) {
    return (await response.json()) as RoomInfo;
  }
  let problem: ProblemDetails = {};
  try {
    problem = (await response.json()) as ProblemDetails;
  } catch {
    // not JSON: keep the status only
  }
  const code = problem.code ?? (response.status === 409 ? "room_exists" : response.status >= 500 ? "internal" : "invalid_argument");
  const detail = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
  showJoinError(isKnownErrorCode(code) ? errorMessage(code) : t("error.unknown", { code }), detail);
  return null;
}

// ---- room view --------------------------------------------------------------------------------
function enterRoom(room: RoomInfo | null, name: string, roomId: string): void {
  ui.roomTitle.textContent = room?.title || roomId;
  ui.roomIdLabel.textContent = roomId;
  ui.meName.textContent = name;
  ui.joinView.hidden = true;
  ui.roomView.hidden = false;
  document.body.classList.add("in-room");
  showComposerError(null);
  updateTitle();
  updateComposer();
  messages.scrollToBottom();
  ui.text.focus();
}

ui.leave.addEventListener("click", () => {
  const s = session;
  session = null;
  if (connection) connection.keepAlive = false;
  void s?.leave();
  messages.reset();
  ui.roomView.hidden = true;
  ui.joinView.hidden = false;
  document.body.classList.remove("in-room");
  updateTitle();
  ui.roomId.focus();
});

function updateTitle(): void {
  document.title = session?.room
    ? t("app.documentTitleRoom", { room: session.room.title || session.roomId })
    : t("app.documentTitle");
}

function showComposerError(text: string | null): void {
  ui.composerError.hidden = text === null;
  ui.composerError.textContent = text ?? "";
}

// ---- composer ---------------------------------------------------------------------------------
function composerLength(): number {
  return ui.text.value.trim().length;
}

function updateComposer(): void {
  const length = composerLength();
  const tooLong = length > MAX_TEXT_LENGTH;
  ui.send.disabled = length === 0 || tooLong || session === null;
  ui.counter.hidden = length < COUNTER_THRESHOLD;
  ui.counter.textContent = ui.counter.hidden
    ? ""
    : t("composer.counter", { count: formatNumber(length), max: formatNumber(MAX_TEXT_LENGTH) });
  ui.counter.classList.toggle("over", tooLong);
  ui.text.setAttribute("aria-invalid", String(tooLong));
  if (tooLong) {
    showComposerError(t("composer.tooLong", { max: formatNumber(MAX_TEXT_LENGTH) }));
  } else if (ui.composerError.textContent === t("composer.tooLong", { max: formatNumber(MAX_TEXT_LENGTH) })) {
    showComposerError(null);
  }
}

function sendFromComposer(): void {
  const text = ui.text.value.trim();
  if (!session || text.length === 0 || text.length > MAX_TEXT_LENGTH) return;
  session.send(text);
  ui.text.value = "";
  updateComposer();
  ui.text.focus();
}

ui.text.addEventListener("input", updateComposer);
ui.text.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter is a newline; never interrupt an IME composition (zh, ja, ...).
  if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  sendFromComposer();
});
ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  sendFromComposer();
});

// ---- language ---------------------------------------------------------------------------------
function fillLanguagePicker(): void {
  ui.language.replaceChildren(
    ...LANGUAGES.map((l) => {
      const option = document.createElement("option");
      option.value = l.code;
      option.lang = l.locale;
      option.textContent = l.nativeName;
      return option;
    }),
  );
}

ui.language.addEventListener("change", () => {
  const code = ui.language.value;
  if (isLanguageCode(code)) void setLanguage(code, true);
});

onLanguageChange(() => {
  ui.language.value = currentLanguage().code;
  renderConnection();
  updateComposer();
  updateTitle();
  messages.relocalize();
});

// ---- start ------------------------------------------------------------------------------------
async function boot(): Promise<void> {
  fillLanguagePicker();
  ui.userId.textContent = userId;
  ui.displayName.value = storedDisplayName();
  const fromUrl = new URLSearchParams(window.location.search).get("room");
  ui.roomId.value = normalizeRoomId(fromUrl ?? storedLastRoom() ?? "lobby") || "lobby";
  await setLanguage(detectLanguage(), false);
  document.body.classList.remove("loading");
  (ui.displayName.value ? ui.roomId : ui.displayName).focus();
}

void boot();
