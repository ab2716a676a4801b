// Keeps a Quill editor and a NoteSync in step: the engine's changes go into the editor (source "api", so
// they are not taken for edits), the user's edits go to the engine, with the author stamps it asks for.
import type Quill from "quill";
import type Delta from "quill-delta";
import type { NoteSync } from "./note-sync";

export interface BindingEvents {
  /** The editor's contents changed (remote cursors move with them). */
  changed(): void;
  /** This user's selection, or null when the editor lost it. */
  selection(range: { index: number; length: number } | null): void;
}

/** Binds them; the returned function unbinds. */
export function bindQuill(quill: Quill, sync: NoteSync, events: BindingEvents): () => void {
  const stop = sync.onChange((change) => {
    if (change.kind === "apply") {
      quill.updateContents(change.delta, "api");
    } else {
      const selection = quill.getSelection();
      quill.setContents(change.document, "api");
      if (selection) quill.setSelection(Math.min(selection.index, quill.getLength() - 1), 0, "silent");
    }
    events.changed();
  });
  const onText = (delta: Delta, _old: Delta, source: string) => {
    if (source !== "user") return;
    // Own inserts carry the author stamp the server gives them, so that the contents stay the server's.
    const fix = sync.localEdit(delta);
    if (fix) quill.updateContents(fix, "silent");
    events.changed();
    const range = quill.getSelection();
    events.selection(range ? { index: range.index, length: range.length } : null);
  };
  const onSelection = (range: { index: number; length: number } | null, _old: unknown, source: string) => {
    if (source === "user" || range === null) events.selection(range ? { index: range.index, length: range.length } : null);
  };
  quill.on("text-change", onText);
  quill.on("selection-change", onSelection);
  return () => {
    stop();
    quill.off("text-change", onText);
    quill.off("selection-change", onSelection);
  };
}
