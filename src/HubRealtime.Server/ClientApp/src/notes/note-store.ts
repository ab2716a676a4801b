// A note's pending edits in this browser (localStorage), so that a reload while offline loses nothing.
import type { PendingState, PendingStore } from "./note-sync";

const PREFIX = "hubrealtime.note.";

/** One user's pending edits of one note; storage that is missing or full only loses the reload safety. */
export function localNoteStore(userId: string, noteId: string): PendingStore {
  const key = `${PREFIX}${encodeURIComponent(userId)}.${noteId}`;
  return {
    load() {
      try {
        const raw = window.localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as PendingState) : null;
      } catch {
        return null;
      }
    },
    save(state) {
      try {
        window.localStorage.setItem(key, JSON.stringify(state));
      } catch {
        // Storage disabled or full: the edits still go to the server while the page is open.
      }
    },
    clear() {
      try {
        window.localStorage.removeItem(key);
      } catch {
        // Nothing kept, nothing to remove.
      }
    },
  };
}
