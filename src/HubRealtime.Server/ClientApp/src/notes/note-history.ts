// The history panel's data: pages of editing sessions joined into one list, and a session's time range as
// the reader's locale and time zone write it.
import { currentLanguage } from "../i18n";
import type { NoteEditSession } from "./note-protocol";

/** The server's session gap: revisions further apart than this start a new session. */
const SESSION_GAP_MS = 10 * 60_000;

/**
 * The sessions shown so far (newest first) followed by an older page's. A session cut by the page boundary
 * continues in the next page: when its revisions and times touch, the two halves become one session.
 */
export function appendSessions(shown: readonly NoteEditSession[], older: readonly NoteEditSession[]): NoteEditSession[] {
  const last = shown[shown.length - 1];
  const first = older[0];
  if (!last || !first || first.toRev + 1 !== last.fromRev) return [...shown, ...older];
  const gap = Date.parse(last.started) - Date.parse(first.ended);
  if (!(gap <= SESSION_GAP_MS)) return [...shown, ...older];
  const editors = new Map(last.editors.map((e) => [e.userId, { ...e }]));
  for (const e of first.editors) {
    const known = editors.get(e.userId);
    if (known) known.revisions += e.revisions;
    else editors.set(e.userId, { ...e });
  }
  const joined: NoteEditSession = {
    fromRev: first.fromRev,
    toRev: last.toRev,
    started: first.started,
    ended: last.ended,
    editors: [...editors.values()].sort((a, b) => b.revisions - a.revisions),
  };
  return [...shown.slice(0, -1), joined, ...older.slice(1)];
}

/** "4 Dec 2026, 10:00 – 10:25" in the page's language and the browser's time zone. */
export function formatSessionTime(started: string, ended: string, timeZone?: string): string {
  try {
    const f = new Intl.DateTimeFormat(currentLanguage().locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    return f.formatRange(new Date(started), new Date(ended));
  } catch {
    return `${started} – ${ended}`;
  }
}
