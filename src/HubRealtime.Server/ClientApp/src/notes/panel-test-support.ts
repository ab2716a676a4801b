// What the notes panels' component tests share: the note a fake hub opens, and cleaning up after each test.
import { afterEach } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { NoteConnection } from "./note-connection";

/** The OpenNote answer of a writable, unlocked note. */
export function openedNote(roomId: string, doc: string, rev: number, ops: unknown[]): unknown {
  return {
    noteId: `${roomId}.${doc}`, roomId, doc, rev, document: { ops },
    capabilities: { read: true, write: true, lock: false }, locked: false, readOnly: false, cursors: [],
  };
}

/** Lets the promise chains of a hub answer and the renders after it run. */
export const settle = () => act(async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
});

/** The test's connection, closed with the rendered page after each test. */
export function connectionPerTest(): { current: NoteConnection | null } {
  const holder: { current: NoteConnection | null } = { current: null };
  afterEach(async () => {
    await act(() => render(null, document.body));
    holder.current?.close();
    holder.current = null;
    document.body.replaceChildren();
  });
  return holder;
}
