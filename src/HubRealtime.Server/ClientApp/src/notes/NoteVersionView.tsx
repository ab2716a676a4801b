// A version of the note, read only, in a Quill of the live editor's formats (so headings, lists and the
// authorship colours look the same).
import { useEffect, useRef } from "preact/hooks";
import Quill from "quill";
import { t } from "../i18n";
import type { DeltaJson } from "./note-sync";
import { NOTE_FORMATS, registerNoteFormats } from "./quill-setup";

export function NoteVersionView({ rev, document }: { rev: number; document: DeltaJson }) {
  const host = useRef<HTMLDivElement>(null);
  const quill = useRef<Quill | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    registerNoteFormats();
    const mount = window.document.createElement("div");
    element.replaceChildren(mount);
    const q = new Quill(mount, { theme: "snow", formats: NOTE_FORMATS, readOnly: true, modules: { toolbar: false } });
    q.root.setAttribute("role", "textbox");
    q.root.setAttribute("aria-readonly", "true");
    q.root.setAttribute("aria-multiline", "true");
    quill.current = q;
    return () => {
      quill.current = null;
      element.replaceChildren();
    };
  }, []);

  useEffect(() => {
    const q = quill.current;
    if (!q) return;
    q.setContents(document.ops, "api");
    q.root.setAttribute("aria-label", t("notes.history.versionLabel", { rev }));
  }, [rev, document]);

  return <div id="note-version" class="note-host note-version" data-rev={rev} ref={host} />;
}
