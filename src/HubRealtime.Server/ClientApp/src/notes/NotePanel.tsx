// The room's notes beside the chat; on a narrow screen the two share the space behind "Chat | Notes" tabs.
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import * as app from "../app/state";
import type { NoteEditor as Editor } from "./NoteEditor";
import { MAIN_NOTE } from "./note-protocol";

type EditorComponent = typeof Editor;
/** The editor (Quill and its styles) loads with the first room shown, not with the app. */
let loadEditor: Promise<EditorComponent> | null = null;

/** Which of the two a narrow screen shows (wide screens show both). */
export const roomTab = signal<"chat" | "notes">("chat");

export function RoomTabs() {
  const tab = roomTab.value;
  const choose = (next: "chat" | "notes") => () => (roomTab.value = next);
  return (
    <div class="room-tabs" role="tablist" aria-label={t("notes.tabsLabel")}>
      <button id="room-tab-chat" type="button" role="tab" aria-selected={tab === "chat"} aria-controls="room-main" onClick={choose("chat")}>
        {t("notes.tabChat")}
      </button>
      <button id="room-tab-notes" type="button" role="tab" aria-selected={tab === "notes"} aria-controls="note-panel" onClick={choose("notes")}>
        {t("notes.tabNotes")}
      </button>
    </div>
  );
}

export function NotePanel({ roomId }: { roomId: string }) {
  const userId = app.me.value?.profile.email ?? "";
  const [NoteEditor, setEditor] = useState<EditorComponent | null>(null);
  const [failed, setFailed] = useState(false);
  const [shown, setShown] = useState<{ roomId: string; doc: string }>({ roomId, doc: MAIN_NOTE });
  // Another room starts on its main note.
  const doc = shown.roomId === roomId ? shown.doc : MAIN_NOTE;
  useEffect(() => {
    let live = true;
    loadEditor ??= import("./NoteEditor").then((m) => m.NoteEditor);
    loadEditor.then(
      (component) => live && setEditor(() => component),
      () => {
        loadEditor = null;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <section id="note-panel" class="room-notes" aria-labelledby="note-heading">
      <h2 id="note-heading" class="side-heading">{t("notes.title")}</h2>
      {failed && <p class="note-error" role="alert">{t("error.network")}</p>}
      {NoteEditor && userId && (
        <NoteEditor key={`${roomId}:${userId}:${doc}`} roomId={roomId} userId={userId} doc={doc} onDoc={(next) => setShown({ roomId, doc: next })} />
      )}
    </section>
  );
}
