// Quill as the notes need it, registered once: the `author` attribute kept in the contents (a data attribute,
// with its palette index for the authorship colours), the cursors module, links the server accepts, and the
// toolbar and formats of the protocol's allowed attributes.
import Quill, { Parchment } from "quill";
import QuillCursors from "quill-cursors/core";
import "quill/dist/quill.snow.css";
import "quill-cursors/css";
import { authorColour } from "./note-colours";

/** The protocol's allowed attributes, plus `author` (server-stamped). */
export const NOTE_FORMATS = [
  "bold", "italic", "underline", "strike", "header", "list", "blockquote", "code", "code-block", "link", "align",
  "direction", "author",
];

export const NOTE_TOOLBAR = [
  ["bold", "italic", "underline", "strike"],
  [{ header: 1 }, { header: 2 }, { header: 3 }],
  [{ list: "ordered" }, { list: "bullet" }, "blockquote", "code-block", "link"],
  [{ direction: "rtl" }, { align: "" }, { align: "center" }, { align: "right" }, { align: "justify" }],
];

/** `author` on text: data-author="<user id>", and data-author-colour="<0–11>" for the authorship colours. */
class AuthorAttributor extends Parchment.Attributor {
  override add(node: HTMLElement, value: unknown): boolean {
    if (typeof value !== "string" || value === "") return false;
    node.setAttribute(this.keyName, value);
    node.setAttribute("data-author-colour", String(authorColour(value)));
    return true;
  }

  override remove(node: HTMLElement): void {
    node.removeAttribute(this.keyName);
    node.removeAttribute("data-author-colour");
  }
}

let registered = false;

export function registerNoteFormats(): void {
  if (registered) return;
  registered = true;
  Quill.register({ "formats/author": new AuthorAttributor("author", "data-author", { scope: Parchment.Scope.INLINE }) }, true);
  Quill.register("modules/cursors", QuillCursors, true);
  const link = Quill.import("formats/link") as { PROTOCOL_WHITELIST: string[] };
  link.PROTOCOL_WHITELIST = ["http", "https", "mailto"];
}
