// Types and rules of docs/protocol.md (the HubRealtime wire protocol).

export interface RoomInfo {
  roomId: string;
  title: string;
  createdAt: string;
  createdBy: string;
}

export interface ChatMessage {
  roomId: string;
  seq: number;
  clientMessageId: string;
  senderId: string;
  senderName: string;
  text: string;
  sentAt: string;
}

export interface RoomSnapshot {
  room: RoomInfo;
  messages: ChatMessage[];
  lastSeq: number;
}

export interface SendAck {
  roomId: string;
  seq: number;
  clientMessageId: string;
  sentAt: string;
  duplicate: boolean;
}

export interface MessagePage {
  messages: ChatMessage[];
  lastSeq: number;
}

export const HUB_URL = "/hubs/room";
export const ROOMS_URL = "/api/rooms";

export const Methods = {
  joinRoom: "JoinRoom",
  leaveRoom: "LeaveRoom",
  sendMessage: "SendMessage",
  getHistory: "GetHistory",
  getMissed: "GetMissed",
} as const;

export const Events = { messages: "Messages" } as const;

/** Longest message text in UTF-16 code units after trimming. */
export const MAX_TEXT_LENGTH = 4000;
/** The character counter appears from here on. */
export const COUNTER_THRESHOLD = 3500;
export const MAX_DISPLAY_NAME_LENGTH = 80;
export const MAX_TITLE_LENGTH = 200;
export const HISTORY_PAGE_SIZE = 50;
export const MISSED_PAGE_SIZE = 200;

export const ROOM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const USER_ID_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Error codes of the protocol, plus two that only the client produces. */
export const ERROR_CODES = [
  "invalid_argument",
  "message_empty",
  "message_too_long",
  "room_not_found",
  "room_exists",
  "not_in_room",
  "unavailable",
  "internal",
  "unauthenticated",
  "forbidden",
  "rate_limited",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isKnownErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

export interface ServerError {
  code: string;
  text: string;
}

const HUB_EXCEPTION_MARKER = "HubException: ";

/**
 * Takes the code out of a hub error: SignalR surfaces a HubException as
 * "An unexpected error occurred invoking 'X' on the server. HubException: <code>: <text>".
 * Returns null for anything else (connection closed, transport errors, ...).
 */
export function parseHubError(error: unknown): ServerError | null {
  const message =
    error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const at = message.indexOf(HUB_EXCEPTION_MARKER);
  if (at < 0) {
    return null;
  }
  const rest = message.slice(at + HUB_EXCEPTION_MARKER.length);
  const colon = rest.indexOf(":");
  if (colon <= 0) {
    return { code: "internal", text: rest.trim() };
  }
  return { code: rest.slice(0, colon).trim(), text: rest.slice(colon + 1).trim() };
}

export function normalizeRoomId(value: string): string {
  return value.trim().toLowerCase();
}

export function isValidRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value);
}

export type NameProblem = "required" | "tooLong" | "control" | null;

export function checkDisplayName(value: string): NameProblem {
  const name = value.trim();
  if (name.length === 0) return "required";
  if (name.length > MAX_DISPLAY_NAME_LENGTH) return "tooLong";
  if (CONTROL_CHARS.test(name)) return "control";
  return null;
}

/** A UUID; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
