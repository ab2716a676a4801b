// Breakout notes on the meeting pages: the template a round's notes start from (checked as the server
// checks it, so the form says what is wrong before sending) and the link from the record to a room's note.
import { routeHref } from "./app/routes";

/** The longest note template the server takes (characters after line breaks become \n). */
export const NOTE_TEMPLATE_MAX = 4000;

export type NoteTemplateCheck =
  | { ok: true; template: string | null }
  | { ok: false; problem: "tooLong" | "control" };

/** The template as it will be sent (null: none), or why the server would refuse it. */
export function checkNoteTemplate(text: string): NoteTemplateCheck {
  const template = text.replace(/\r\n/g, "\n").trimEnd();
  if (template.length === 0) return { ok: true, template: null };
  if (template.length > NOTE_TEMPLATE_MAX) return { ok: false, problem: "tooLong" };
  // eslint-disable-next-line no-control-regex -- exactly what the server refuses: control characters but \n
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(template)) return { ok: false, problem: "control" };
  return { ok: true, template };
}

/** A closed room's note in the session record: its final revision and the room's page, or null when nobody wrote in it. */
export function outcomeNote(outcome: { roomId: string; noteRev?: number | null }): { rev: number; href: string } | null {
  const rev = outcome.noteRev ?? 0;
  return rev > 0 ? { rev, href: routeHref({ page: "room", roomId: outcome.roomId }) } : null;
}
