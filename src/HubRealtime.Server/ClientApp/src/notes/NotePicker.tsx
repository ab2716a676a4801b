// A working group's notes: which one the editor shows (main as "Shared notes"), and a new named note from a
// title (its doc a unique slug of the title).
import { effect } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, t } from "../i18n";
import { parseHubError } from "../protocol";
import type { NoteConnection } from "./note-connection";
import { MAIN_NOTE, type NoteInfo } from "./note-protocol";
import { uniqueDoc } from "./note-slug";

const codeOf = (error: unknown): string => parseHubError(error)?.code ?? "network";

/** Only a working group's room keeps named notes. */
export const keepsNamedNotes = (roomId: string): boolean => roomId.startsWith("wg-");

interface Props {
  connection: NoteConnection;
  doc: string;
  canCreate: boolean;
  onDoc: (doc: string) => void;
}

export function NotePicker({ connection, doc, canCreate, onDoc }: Props) {
  const [notes, setNotes] = useState<NoteInfo[]>([]);
  const [creating, setCreating] = useState(false);
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleField = useRef<HTMLInputElement>(null);

  // Listed once the note is open (the room joined on this connection), again after a reconnect.
  useEffect(
    () =>
      effect(() => {
        if (!connection.opened.value) return;
        connection.listNotes().then(setNotes, (e: unknown) => setError(codeOf(e)));
      }),
    [connection],
  );

  useEffect(() => {
    if (creating) titleField.current?.focus();
  }, [creating]);

  const create = async (e: Event) => {
    e.preventDefault();
    const name = title.trim();
    if (!name || busy) return;
    setBusy(true);
    setError(null);
    try {
      const fresh = await connection.listNotes();
      const created = await connection.createNote(uniqueDoc(name, fresh.map((n) => n.doc)), name);
      setCreating(false);
      setTitle("");
      onDoc(created.doc);
    } catch (err) {
      setError(codeOf(err));
    } finally {
      setBusy(false);
    }
  };

  const shown = notes.some((n) => n.doc === doc) ? notes : [...notes, { noteId: connection.noteId, doc, title: doc, createdAt: null, createdBy: null }];
  return (
    <div class="note-picker-bar">
      <label class="note-picker-label">
        <span class="visually-hidden">{t("notes.picker.label")}</span>
        <select id="note-picker" value={doc} onChange={(e) => onDoc(e.currentTarget.value)}>
          {shown.map((n) => (
            <option key={n.doc} value={n.doc}>{n.doc === MAIN_NOTE ? t("notes.picker.main") : n.title || n.doc}</option>
          ))}
        </select>
      </label>
      {canCreate && !creating && (
        <button id="note-new" class="button button-small" type="button" onClick={() => setCreating(true)}>{t("notes.picker.new")}</button>
      )}
      {creating && (
        <form class="note-new-form" onSubmit={(e) => void create(e)}>
          <label>
            <span class="visually-hidden">{t("notes.picker.newTitle")}</span>
            <input
              id="note-new-title"
              ref={titleField}
              type="text"
              maxLength={200}
              required
              placeholder={t("notes.picker.newTitle")}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          </label>
          <button id="note-new-create" class="button button-small button-primary" type="submit" disabled={busy || title.trim() === ""}>
            {t("notes.picker.create")}
          </button>
          <button class="button button-small" type="button" onClick={() => setCreating(false)}>{t("notes.history.confirmNo")}</button>
        </form>
      )}
      {error && <p class="note-error" role="alert">{errorMessage(error)}</p>}
    </div>
  );
}
