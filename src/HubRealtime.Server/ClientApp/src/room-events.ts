// The room event stream as the web client reads it: the typed events and the hub methods and events
// of chat actions and presence (docs/protocol.md, "Room events").
import {
  ChatMethods as ProtocolChatMethods,
  PresenceEvents,
  PresenceMethods,
  type PresenceEvent,
  type RoomEvent,
  type RoomMessageEvent,
  type RoomNoticeEvent,
} from "./protocol";

export type { PresenceUser, TypingEvent, PresenceChangedEvent } from "./protocol";
export type { RoomEvent, RoomMessageEvent, RoomNoticeEvent } from "./protocol";

/** A chat message (kind and payload type agree, so the payload says it). */
export function isMessage(e: RoomEvent): e is RoomMessageEvent {
  return e.payload.type === "message";
}

/** A system notice. */
export function isNotice(e: RoomEvent): e is RoomNoticeEvent {
  return e.payload.type === "notice";
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
