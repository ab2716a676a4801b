// The room's shared note: a Quill 2 editor kept in step by NoteSync over the tab's hub connection, with the
// others' cursors (quill-cursors), authorship colours on demand, a saved/saving/offline status and a read-only
// mode with its reason.
import { useEffect, useRef, useState } from "preact/hooks";
import { effect } from "@preact/signals";
import Quill from "quill";
import type QuillCursors from "quill-cursors/core";
import { connectionState } from "../app/connection-status";
import { currentLanguage, errorMessage, t } from "../i18n";
import { parseHubError } from "../protocol";
import { NoteConnection } from "./note-connection";
import { MAIN_NOTE } from "./note-protocol";
import { NoteHistory } from "./NoteHistory";
import { NoteExport } from "./NoteExport";
import { NotePicker, keepsNamedNotes } from "./NotePicker";
import { authorNames, authorsOf } from "./note-authors";
import * as app from "../app/state";
import { paletteColour } from "./note-colours";
import { NOTE_FORMATS, NOTE_TOOLBAR, registerNoteFormats } from "./quill-setup";
import { bindQuill } from "./quill-binding";

type NoteState = "saved" | "saving" | "offline" | "readonly";

/** The labels of the toolbar's buttons (Quill draws icons only). */
function labelToolbar(toolbar: HTMLElement): void {
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", t("notes.toolbarLabel"));
  for (const button of Array.from(toolbar.querySelectorAll("button"))) {
    const format = Array.from(button.classList).find((c) => c.startsWith("ql-"))?.slice(3) ?? "";
    const value = button.value;
    const label = toolLabel(format, value);
    if (label) {
      button.setAttribute("aria-label", label);
      button.title = label;
    }
  }
}

function toolLabel(format: string, value: string): string | null {
  switch (format) {
    case "bold": return t("notes.tool.bold");
    case "italic": return t("notes.tool.italic");
    case "underline": return t("notes.tool.underline");
    case "strike": return t("notes.tool.strike");
    case "header": return t("notes.tool.heading", { level: Number(value) });
    case "list": return value === "ordered" ? t("notes.tool.ordered") : t("notes.tool.bullet");
    case "blockquote": return t("notes.tool.blockquote");
    case "code-block": return t("notes.tool.codeBlock");
    case "link": return t("notes.tool.link");
    case "direction": return t("notes.tool.rtl");
    case "align":
      if (value === "center") return t("notes.tool.alignCenter");
      if (value === "right") return t("notes.tool.alignRight");
      if (value === "justify") return t("notes.tool.alignJustify");
      return t("notes.tool.alignDefault");
    default: return null;
  }
}

interface Props {
  roomId: string;
  userId: string;
  /** Which of the room's notes (a working group's may keep named ones). */
  doc?: string;
  /** Another note of the room was chosen. */
  onDoc?: (doc: string) => void;
}

export function NoteEditor({ roomId, userId, doc = MAIN_NOTE, onDoc }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState<{ connection: NoteConnection; quill: Quill; authorsLine: HTMLElement } | null>(null);
  const [authorship, setAuthorship] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  /** The authors (user ids) of the selected text; empty without a selection. */
  const [selectedAuthors, setSelectedAuthors] = useState<string[]>([]);
  const language = currentLanguage().code;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    registerNoteFormats();
    const mount = document.createElement("div");
    element.replaceChildren(mount);
    const quill = new Quill(mount, {
      theme: "snow",
      formats: NOTE_FORMATS,
      readOnly: true,
      modules: {
        toolbar: NOTE_TOOLBAR,
        cursors: { transformOnTextChange: false, hideDelayMs: 3000 },
        history: { userOnly: true },
      },
    });
    quill.root.id = "note-editor";
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    const connection = new NoteConnection(roomId, userId, doc);
    const sync = connection.sync;
    const cursors = quill.getModule("cursors") as QuillCursors;

    const showCursors = () => {
      const shown = connection.cursors.peek();
      for (const c of cursors.cursors()) if (!shown.has(c.id)) cursors.removeCursor(c.id);
      for (const remote of shown.values()) {
        cursors.createCursor(remote.userId, remote.displayName, paletteColour(remote.color));
        const range = sync.cursorInEditor(remote.cursor);
        if (range) cursors.moveCursor(remote.userId, range);
        else cursors.removeCursor(remote.userId);
      }
    };

    const stop = bindQuill(quill, sync, {
      changed: showCursors,
      selection: (range) => connection.moveCursor(range),
    });
    const unwatch = connection.cursors.subscribe(() => showCursors());
    // Who wrote the selected text: recomputed as the selection or the contents change.
    const showAuthors = () => {
      const range = quill.getSelection();
      const authors = range && range.length > 0 ? authorsOf(quill.getContents(range.index, range.length)) : [];
      setSelectedAuthors((before) => (before.join("\n") === authors.join("\n") ? before : authors));
    };
    quill.on("selection-change", showAuthors);
    quill.on("text-change", showAuthors);
    // The "Written by" line sits under the toolbar, which Quill owns: a plain element placed after it.
    const authorsLine = document.createElement("p");
    authorsLine.id = "note-selection-authors";
    authorsLine.className = "note-selection-authors muted";
    authorsLine.setAttribute("aria-live", "polite");
    authorsLine.hidden = true;
    (quill.getModule("toolbar") as { container?: HTMLElement }).container?.after(authorsLine);
    const me = app.me.peek()?.profile;
    if (me) connection.learnNames([[userId, me.displayName]]);
    setNote({ connection, quill, authorsLine });
    return () => {
      quill.off("selection-change", showAuthors);
      quill.off("text-change", showAuthors);
      setSelectedAuthors([]);
      unwatch();
      stop();
      connection.close();
      cursors.destroy();
      element.replaceChildren();
      setNote(null);
    };
  }, [roomId, userId, doc]);

  // The toolbar's labels follow the page's language.
  useEffect(() => {
    const toolbar = note?.quill.getModule("toolbar") as { container?: HTMLElement } | undefined;
    if (toolbar?.container) labelToolbar(toolbar.container);
    note?.quill.root.setAttribute("aria-label", t("notes.editorLabel"));
  }, [note, language]);

  const connection = note?.connection ?? null;
  const sync = connection?.sync ?? null;
  const canWrite = connection?.capabilities.value.write ?? false;
  const locked = connection?.locked.value ?? false;
  const readOnly = connection?.readOnly.value ?? false;
  const writable = canWrite && !locked && !readOnly;
  const ready = sync?.ready.value ?? false;

  // Editable once the note is shown, while this user may write and it is neither locked nor read-only.
  useEffect(() => {
    if (!note) return;
    const c = note.connection;
    return effect(() => note.quill.enable(c.sync.ready.value && c.capabilities.value.write && !c.locked.value && !c.readOnly.value));
  }, [note]);

  const names = connection?.names.value;
  useEffect(() => {
    if (!note) return;
    const line = note.authorsLine;
    line.hidden = selectedAuthors.length === 0;
    line.textContent = selectedAuthors.length === 0 ? "" : t("notes.writtenBy", { names: authorNames(selectedAuthors, names ?? new Map<string, string>()).join(", ") });
  }, [note, selectedAuthors, names, language]);

  const waiting = sync?.waiting.value ?? 0;
  const saved = sync?.saved.value ?? true;
  const state: NoteState = !writable && ready ? "readonly" : connectionState.value !== "connected" ? "offline" : saved ? "saved" : "saving";
  const statusText = {
    readonly: t("notes.status.readonly"),
    offline: t("notes.status.offline", { n: waiting }),
    saving: t("notes.status.saving"),
    saved: t("notes.status.saved"),
  }[state];
  const reason = locked ? t("notes.readonly.locked") : readOnly ? t("notes.readonly.readOnly") : ready && !canWrite ? t("notes.readonly.noWrite") : null;
  const mayLock = connection?.capabilities.value.lock ?? false;
  const [lockError, setLockError] = useState<string | null>(null);
  const toggleLock = () => {
    if (!connection) return;
    setLockError(null);
    connection.lock(!locked).catch((e: unknown) => setLockError(parseHubError(e)?.code ?? "network"));
  };
  const rejected = sync?.rejected.value ?? null;
  const openError = connection?.openError.value ?? null;

  return (
    <div class={authorship ? "note-editor-frame note-authors-on" : "note-editor-frame"}>
      {connection && onDoc && keepsNamedNotes(roomId) && (
        <NotePicker connection={connection} doc={doc} canCreate={canWrite && !readOnly} onDoc={onDoc} />
      )}
      <div class="note-bar">
        <span id="note-status" class="note-status muted" role="status" data-state={state} data-rev={sync?.rev ?? 0}>{statusText}</span>
        <button
          id="note-authorship"
          class="button button-small"
          type="button"
          aria-pressed={authorship}
          onClick={() => setAuthorship(!authorship)}
        >
          {t("notes.authorship")}
        </button>
        {ready && (
          <button
            id="note-history-button"
            class="button button-small"
            type="button"
            aria-expanded={historyOpen}
            aria-controls="note-history"
            onClick={() => setHistoryOpen(!historyOpen)}
          >
            {t("notes.history.open")}
          </button>
        )}
        {mayLock && ready && (
          <button id="note-lock" class="button button-small" type="button" aria-pressed={locked} onClick={toggleLock}>
            {locked ? t("notes.unlock") : t("notes.lock")}
          </button>
        )}
      </div>
      {ready && <div class="note-bar note-bar-secondary"><NoteExport roomId={roomId} doc={doc} /></div>}
      {lockError && <p class="note-error" role="alert">{errorMessage(lockError)}</p>}
      {reason && <p id="note-readonly-reason" class="note-reason muted">{reason}</p>}
      {rejected && <p class="note-error" role="alert">{t("notes.rejected", { reason: errorMessage(rejected) })}</p>}
      {openError && !ready && <p class="note-error" role="alert">{t("notes.openFailed", { reason: errorMessage(openError) })}</p>}
      {!ready && !openError && <p class="muted note-loading">{t("notes.loading")}</p>}
      {historyOpen && connection && (
        <NoteHistory connection={connection} canRestore={writable} onClose={() => setHistoryOpen(false)} />
      )}
      <div ref={host} class="note-host" />
    </div>
  );
}
