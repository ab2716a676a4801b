// "Who wrote this": the authors of a range of the note, from the `author` the server stamps on every insert.
import type { DeltaJson } from "./note-sync";

/** The distinct authors (user ids) of the contents, in the order their text comes. */
export function authorsOf(contents: DeltaJson): string[] {
  const seen = new Set<string>();
  for (const op of contents.ops) {
    const author = op.attributes?.["author"];
    // The line breaks Quill adds around a selection carry no meaning of their own.
    if (typeof author === "string" && author !== "" && typeof op.insert === "string" && op.insert.replace(/\n/g, "") !== "") seen.add(author);
  }
  return [...seen];
}

/** Their names as the note knows them, the user id when it does not. */
export function authorNames(authors: readonly string[], names: ReadonlyMap<string, string>): string[] {
  return authors.map((id) => names.get(id) ?? id);
}
