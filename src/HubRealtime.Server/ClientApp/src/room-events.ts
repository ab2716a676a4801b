// The room event stream as the web client reads it: kinds of events, their extra fields and the
// hub methods and events of chat actions and presence (docs/protocol.md, "Room events").
import {
  ChatMethods as ProtocolChatMethods,
  PresenceEvents,
  PresenceMethods,
  RoomEventKind,
  type ChatMessage,
  type PresenceEvent,
} from "./protocol";

export type { ReactionSummary, PresenceUser, TypingEvent, PresenceChangedEvent } from "./protocol";

export const EventKind = RoomEventKind;
export type EventKindValue = RoomEventKind;

/** A room event: protocol.ts's ChatMessage carries the event stream's fields. */
export type RoomEvent = ChatMessage;

const KIND_NAMES: Readonly<Record<string, EventKindValue>> = {
  message: 0, edit: 1, delete: 2, reaction: 3, notice: 4,
};

/** The kind as a number, whether the server sent the enum as a number or as its name. */
export function kindOf(e: RoomEvent): EventKindValue {
  const k = e.kind;
  if (typeof k === "number" && k >= 0 && k <= 4) return k as EventKindValue;
  if (typeof k === "string") return KIND_NAMES[k.toLowerCase()] ?? EventKind.message;
  return EventKind.message;
}

export const ChatMethods = {
  editMessage: ProtocolChatMethods.editMessage,
  deleteMessage: ProtocolChatMethods.deleteMessage,
  react: ProtocolChatMethods.react,
  mute: ProtocolChatMethods.muteParticipant,
  typing: PresenceMethods.typing,
} as const;

export const ChatEvents = PresenceEvents;

export type PresenceSnapshot = PresenceEvent;

/** Emojis offered by the reaction picker (any 1-16 character emoji is accepted by the server). */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "✅", "❓"] as const;

/** A notice's JSON payload, or an empty object if it is not JSON. */
export function noticePayload(e: RoomEvent): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(e.text);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A string field of a notice's payload, or "" when it is missing or not a string. */
export function payloadText(p: Record<string, unknown>, key: string): string {
  const value = p[key];
  return typeof value === "string" ? value : "";
}
