// Downloads of the note as Markdown, HTML or plain text: plain links, the session cookie authenticates a GET,
// and the server names the file (Content-Disposition).
import { seg } from "../api";
import { t } from "../i18n";

const FORMATS = [
  { format: "markdown", extension: "md" },
  { format: "html", extension: "html" },
  { format: "text", extension: "txt" },
] as const;

/** The export endpoint of one note. */
function exportUrl(roomId: string, doc: string, format: string): string {
  return `/api/rooms/${seg(roomId)}/notes/${seg(doc)}/export?format=${seg(format)}`;
}

export function NoteExport({ roomId, doc }: { roomId: string; doc: string }) {
  const label = (format: (typeof FORMATS)[number]["format"]) =>
    format === "markdown" ? t("notes.export.markdown") : format === "html" ? t("notes.export.html") : t("notes.export.text");
  return (
    <span class="note-export" role="group" aria-label={t("notes.export.label")}>
      <span class="muted">{t("notes.export.label")}</span>
      {FORMATS.map(({ format, extension }) => (
        <a
          key={format}
          id={`note-export-${format}`}
          class="button button-small"
          href={exportUrl(roomId, doc, format)}
          data-extension={extension}
          download
        >
          {label(format)}
        </a>
      ))}
    </span>
  );
}
