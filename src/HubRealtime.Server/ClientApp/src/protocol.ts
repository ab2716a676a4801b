// Types and rules of docs/protocol.md (the HubRealtime wire protocol).

export interface RoomInfo {
  roomId: string;
  title: string;
  createdAt: string;
  createdBy: string;
  /** A closed room is read-only (sends and changes fail with room_closed). */
  closed?: boolean;
}

export interface ReactionSummary {
  emoji: string;
  userIds: string[];
}

/** Who made an event: a user, or the system ("#system", empty display name). */
export interface EventActor {
  userId: string;
  displayName: string;
}

/**
 * A chat message: its CURRENT state in snapshots and history pages (later edits, deletes and reactions
 * folded in), as sent when it arrives live.
 */
export interface MessagePayload {
  type: "message";
  clientMessageId: string;
  text: string;
  /** The message it answers. */
  replyToSeq: number | null;
  editedAt: string | null;
  deleted: boolean;
  reactions: ReactionSummary[];
  /** User ids the message mentions (absent or empty in messages stored before mentions existed). */
  mentions?: string[];
}

/** The sender changed the text of message targetSeq. */
export interface EditPayload {
  type: "edit";
  targetSeq: number;
  text: string;
}

/** Message targetSeq was deleted (by its sender or a moderator: the actor). */
export interface DeletePayload {
  type: "delete";
  targetSeq: number;
}

/** The actor added or removed `emoji` on message targetSeq; `reactions` is the target's full list after the change. */
export interface ReactionPayload {
  type: "reaction";
  targetSeq: number;
  emoji: string;
  added: boolean;
  reactions: ReactionSummary[];
}

/** A system notice: noticeType names it (e.g. "breakouts.opened"), notice holds its typed fields. */
export interface NoticePayload {
  type: "notice";
  noticeType: string;
  notice: RoomNoticeBody;
}

export type RoomEventPayload = MessagePayload | EditPayload | DeletePayload | ReactionPayload | NoticePayload;

/** What an event of a room's stream is (a camelCase name on the wire; always its payload's type). */
export type RoomEventKind = RoomEventPayload["type"];

/** One event of a room's stream whose payload is P. */
export interface RoomEventOf<P extends RoomEventPayload> {
  roomId: string;
  seq: number;
  kind: P["type"];
  /** When the event was stored (for a message: when it was sent). */
  time: string;
  actor: EventActor;
  payload: P;
}

/** Any event of a room's stream: one member per kind, so that kind and payload agree. */
export type RoomEvent = { [K in RoomEventKind]: RoomEventOf<Extract<RoomEventPayload, { type: K }>> }[RoomEventKind];

export type RoomMessageEvent = RoomEventOf<MessagePayload>;
export type RoomNoticeEvent = RoomEventOf<NoticePayload>;

// --- Notice bodies (the server's RoomNoticeBodies.cs): `type` is the notice type; absent optional fields are null.

/** One breakout of an opened round; notices of earlier releases carry `members` (e-mails) instead of the count. */
export interface BreakoutRoomNotice {
  roomId: string;
  name: string;
  memberCount: number | null;
  members: string[] | null;
}

/** One closed breakout of a closed round; notices of earlier releases carry `members` (e-mails) instead of the count. */
export interface BreakoutOutcomeNotice {
  roomId: string;
  name: string;
  messageCount: number;
  closedAt: string;
  memberCount: number | null;
  members: string[] | null;
}

export interface BreakoutsDraftNotice {
  type: "breakouts.draft";
  round: number;
}

export interface BreakoutsAssignedNotice {
  type: "breakouts.assigned";
  round: number;
  mode: string;
  cap: number | null;
}

/** Over the notice size limit `rooms` is empty and `roomCount` says how many. */
export interface BreakoutsOpenedNotice {
  type: "breakouts.opened";
  round: number;
  rooms: BreakoutRoomNotice[];
  deadline: string | null;
  warningMinutes: number[];
  roomCount: number | null;
}

/** A participant chose a room of a self-select round before it opened (facilitators' room only). */
export interface BreakoutsChosenNotice {
  type: "breakouts.chosen";
  roomId: string;
  displayName: string;
}

/** fromRoomId is null when they were unassigned; notices of earlier releases name them by email instead. */
export interface BreakoutsMovedNotice {
  type: "breakouts.moved";
  fromRoomId: string | null;
  toRoomId: string;
  displayName: string | null;
  email: string | null;
}

export interface BreakoutsExtendedNotice {
  type: "breakouts.extended";
  deadline: string;
}

export interface BreakoutsWarningNotice {
  type: "breakouts.warning";
  minutesLeft: number;
  deadline: string;
}

export interface BreakoutsClosingNotice {
  type: "breakouts.closing";
}

/** Over the notice size limit `outcomes` is empty and `roomCount` says how many. */
export interface BreakoutsClosedNotice {
  type: "breakouts.closed";
  round: number;
  outcomes: BreakoutOutcomeNotice[];
  roomCount: number | null;
}

export interface BroadcastNotice {
  type: "broadcast";
  text: string;
  fromName: string;
}

/** roomId is the asker's breakout, or the plenary. */
export interface HelpRequestedNotice {
  type: "help.requested";
  email: string;
  displayName: string;
  roomId: string;
  text: string;
  /** Absent in notices stored before requests had ids. */
  requestId?: number;
}

/** A facilitator resolved a help request: it leaves every facilitator's queue. */
export interface HelpResolvedNotice {
  type: "help.resolved";
  requestId: number;
  email: string;
  displayName: string;
  resolvedBy: string;
  resolvedByName: string;
}

/** Lists are empty when they did not fit. */
export interface MeetingRosterNotice {
  type: "meeting.roster";
  added: string[];
  removed: string[];
}

/** A moderator (the actor) muted userId. */
export interface ParticipantMutedNotice {
  type: "participant.muted";
  userId: string;
  muted: boolean;
}

/** A moderator (the actor) unmuted userId. */
export interface ParticipantUnmutedNotice {
  type: "participant.unmuted";
  userId: string;
  muted: boolean;
}

/** A notice type the server does not know, or a payload that does not fit its type: the stored JSON as is. */
export interface OtherNotice {
  type: "other";
  json: string;
}

export type RoomNoticeBody =
  | BreakoutsDraftNotice
  | BreakoutsAssignedNotice
  | BreakoutsOpenedNotice
  | BreakoutsMovedNotice
  | BreakoutsChosenNotice
  | BreakoutsExtendedNotice
  | BreakoutsWarningNotice
  | BreakoutsClosingNotice
  | BreakoutsClosedNotice
  | BroadcastNotice
  | HelpRequestedNotice
  | HelpResolvedNotice
  | MeetingRosterNotice
  | ParticipantMutedNotice
  | ParticipantUnmutedNotice
  | OtherNotice;

export interface RoomSnapshot {
  room: RoomInfo;
  /** The newest events, ascending (messages in their current state). */
  events: RoomEvent[];
  lastSeq: number;
  /** What this user may do in the room, decided by the server at the join (docs/protocol.md, Capabilities). */
  capabilities?: RoomCapabilities;
  /** Messages the room has stored in all (deleted ones included). */
  messageCount?: number;
}

/** The caller's capabilities in a room; later content kinds add named `flags`. */
export interface RoomCapabilities {
  read: boolean;
  /** Send, edit one's own, react: false when closed or muted. */
  write: boolean;
  /** Delete any message, mute: the room's moderators (working-group owners, meeting facilitators). */
  moderate: boolean;
  muted: boolean;
  closed: boolean;
  flags: string[];
}

/** Named capability flags. */
export const CapabilityFlags = { deleteOwn: "delete-own" } as const;

/** Nothing allowed: before the join answered. */
export const NO_CAPABILITIES: RoomCapabilities = { read: false, write: false, moderate: false, muted: false, closed: false, flags: [] };

/** Updates capabilities from a live notice of the room (mute, unmute, closing) about `me`; the server stays the judge. */
export function capabilitiesAfterNotice(c: RoomCapabilities, notice: RoomNoticeBody, me: string): RoomCapabilities {
  switch (notice.type) {
    case "participant.muted":
    case "participant.unmuted": {
      if (notice.userId.toLowerCase() !== me.toLowerCase()) return c;
      const muted = notice.type === "participant.muted";
      return { ...c, muted, write: !muted && !c.closed };
    }
    case "breakouts.closing":
      return { ...c, closed: true, write: false, moderate: false, flags: c.flags.filter((f) => f !== CapabilityFlags.deleteOwn) };
    default:
      return c;
  }
}

export interface SendAck {
  roomId: string;
  seq: number;
  clientMessageId: string;
  sentAt: string;
  duplicate: boolean;
}

/** Answer to GetHistory and GetMissed: events ascending by seq (history: messages in their current state). */
export interface RoomEventPage {
  events: RoomEvent[];
  lastSeq: number;
}

export const HUB_URL = "/hubs/room";
export const ROOMS_URL = "/api/rooms";

export const Methods = {
  joinRoom: "JoinRoom",
  leaveRoom: "LeaveRoom",
  /** A room's live events and presence without being present (read only; docs/protocol.md). */
  watchRoom: "WatchRoom",
  unwatchRoom: "UnwatchRoom",
  sendMessage: "SendMessage",
  getHistory: "GetHistory",
  getMissed: "GetMissed",
} as const;

/** Events the hub pushes (docs/protocol.md; the server defines them once in IRoomClient). */
export const Events = { events: "Events", roomAccessRevoked: "RoomAccessRevoked" } as const;

/** SendMessage's one argument after the room id; replyToSeq set makes it a reply. */
export interface SendMessageRequest {
  clientMessageId: string;
  text: string;
  replyToSeq?: number | null;
  /** User ids of the people the composer completed (at most 20). */
  mentions?: string[];
}

/** Room event stream methods (docs/protocol.md, Chat). */
export const ChatMethods = {
  editMessage: "EditMessage",
  deleteMessage: "DeleteMessage",
  react: "React",
  muteParticipant: "MuteParticipant",
} as const;

/** Longest message text in UTF-16 code units after trimming. */
export const MAX_TEXT_LENGTH = 4000;
/** The character counter appears from here on. */
export const COUNTER_THRESHOLD = 3500;
export const HISTORY_PAGE_SIZE = 50;
export const MISSED_PAGE_SIZE = 200;

const ROOM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Error codes of the protocol, plus two that only the client produces. */
export const ERROR_CODES = [
  "invalid_argument",
  "message_empty",
  "message_too_long",
  "room_not_found",
  "room_exists",
  "not_in_room",
  "unavailable",
  "outcome_unknown",
  "internal",
  "unauthenticated",
  "forbidden",
  "rate_limited",
  "room_closed",
  "muted",
  "message_not_found",
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

// --- Presence and typing (docs/protocol.md, "Presence and typing") ---

export interface PresenceUser {
  userId: string;
  displayName: string;
  /** Open connections (tabs, devices) of this user in the room; at least 1. */
  connections: number;
}

/**
 * Hub event "Presence" and the result of GetPresence: the full list of users in the room at `version` of
 * presence activation `epoch`. Sent to the joining connection once after JoinRoom, to the whole room
 * only after presence restarted (new epoch). Replace the view with it, unless it is older than the view
 * (same epoch, lower version).
 */
export interface PresenceEvent {
  roomId: string;
  users: PresenceUser[];
  epoch: string;
  version: number;
}

/**
 * Hub event "PresenceChanged": who joined, changed (e.g. connection count) or left between `fromVersion`
 * and `version`. Every user touched in between is listed with its final value, so it applies to a view
 * at any version from `fromVersion` to `version` (see applyPresenceChange).
 */
export interface PresenceChangedEvent {
  roomId: string;
  epoch: string;
  fromVersion: number;
  version: number;
  joined: PresenceUser[];
  updated: PresenceUser[];
  /** User ids. */
  left: string[];
}

/** What applyPresenceChange did: applied (or already contained), or a gap: ask GetPresence. */
export type PresenceChangeResult = "applied" | "stale" | "gap";

/**
 * Applies a delta to a view (a map by user id, with the view's epoch and version), per the rule of
 * docs/protocol.md: same epoch and fromVersion <= version < delta.version: apply; delta.version <=
 * version: already in the view ("stale"); otherwise a gap (call GetPresence and start from its result).
 */
export function applyPresenceChange(
  view: { users: Map<string, PresenceUser>; epoch: string; version: number },
  delta: PresenceChangedEvent,
): PresenceChangeResult {
  if (delta.epoch !== view.epoch || delta.fromVersion > view.version) return "gap";
  if (delta.version <= view.version) return "stale";
  for (const u of [...delta.joined, ...delta.updated]) view.users.set(u.userId, u);
  for (const id of delta.left) view.users.delete(id);
  view.version = delta.version;
  return "applied";
}

/** Hub event "Typing": someone else in the room is typing. */
export interface TypingEvent {
  roomId: string;
  userId: string;
  displayName: string;
}

export const PresenceMethods = { typing: "Typing", getPresence: "GetPresence" } as const;
export const PresenceEvents = { presence: "Presence", presenceChanged: "PresenceChanged", typing: "Typing" } as const;

/** The user was removed from a restricted room: its events stop and its calls fail with forbidden. Argument: roomId. */
export const AccessRevokedEvent = "RoomAccessRevoked";


/** What the presence wrappers need of a SignalR HubConnection (structural, so this file imports no SignalR). */
export interface PresenceHub {
  invoke(methodName: string, ...args: unknown[]): Promise<unknown>;
  on(methodName: string, handler: (payload: never) => void): void;
  off(methodName: string, handler: (payload: never) => void): void;
}

/** The full presence list of a joined room (after a gap in the deltas). */
export function getPresence(hub: PresenceHub, roomId: string): Promise<PresenceEvent> {
  return hub.invoke(PresenceMethods.getPresence, roomId) as Promise<PresenceEvent>;
}

