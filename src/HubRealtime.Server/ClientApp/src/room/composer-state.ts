// The composer's state as signals: the room controller sets what the user may do and the
// reply target; the Composer component owns the draft and calls back to send.
import { signal } from "@preact/signals";
import type { Mentionable } from "./rich-text";

export const composer = {
  /** In a room at all (no room: nothing to send to). */
  inRoom: signal(false),
  /** The room is closed: the transcript stays readable, the composer goes. */
  closed: signal(false),
  /** May not read (then no composer), may not write (then a disabled one). */
  canRead: signal(true),
  canWrite: signal(true),
  muted: signal(false),
  /** The message being replied to: its seq, sender and the start of its text. */
  replyTo: signal<{ seq: number; name: string; text: string } | null>(null),
  error: signal<string | null>(null),
  draft: signal(""),
  /** People completed with @ in this draft (their ids are sent if their mention is still in the text). */
  picked: signal<Mentionable[]>([]),
  /** Bumped to move the focus into the message box. */
  focusRequest: signal(0),
};

export interface ComposerActions {
  send(text: string, replyToSeq: number | null, mentions: string[]): void;
  typing(): void;
}

let actions: ComposerActions = { send: () => undefined, typing: () => undefined };

export function setComposerActions(a: ComposerActions): void {
  actions = a;
}

export function composerActions(): ComposerActions {
  return actions;
}

export function focusComposer(): void {
  composer.focusRequest.value++;
}
