// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { NoteConnection, type NoteHub } from "./note-connection";
import { connectionPerTest, openedNote, settle } from "./panel-test-support";
import { NotePicker } from "./NotePicker";
import type { NoteInfo } from "./note-protocol";

/** ListNotes and CreateNote of a working group's room. */
class NotesListHub implements NoteHub {
  isConnected = true;
  readonly created: unknown[][] = [];
  notes: NoteInfo[] = [
    { noteId: "wg-a.main", doc: "main", title: "", createdAt: null, createdBy: null },
    { noteId: "wg-a.plan", doc: "plan", title: "Plan", createdAt: "2026-12-01T09:00:00Z", createdBy: "ann@x" },
  ];

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    const answer = (): unknown => {
      switch (method) {
        case "OpenNote":
          return openedNote("wg-a", "main", 0, []);
        case "ListNotes":
          return this.notes;
        case "CreateNote": {
          this.created.push(args);
          const note = { noteId: `wg-a.${String(args[1])}`, doc: args[1] as string, title: args[2] as string, createdAt: null, createdBy: "me@x" };
          this.notes = [...this.notes, note];
          return note;
        }
        default:
          return undefined;
      }
    };
    return Promise.resolve(answer() as T);
  }
}

const held = connectionPerTest();

describe("NotePicker", () => {
  it("lists the notes, main as Shared notes, and creates a note with a unique slug of its title", async () => {
    const hub = new NotesListHub();
    held.current = new NoteConnection("wg-a", "me@x", "main", () => hub);
    const c = held.current;
    const chosen: string[] = [];
    await act(async () => {
      render(<NotePicker connection={c} doc="main" canCreate onDoc={(d) => chosen.push(d)} />, document.body);
      await Promise.resolve();
    });
    await settle();
    const picker = document.getElementById("note-picker") as HTMLSelectElement;
    expect(Array.from(picker.options).map((o) => [o.value, o.textContent])).toEqual([["main", "Shared notes"], ["plan", "Plan"]]);

    picker.value = "plan";
    await act(() => {
      picker.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(chosen).toEqual(["plan"]);

    await act(() => document.getElementById("note-new")?.click());
    const title = document.getElementById("note-new-title") as HTMLInputElement;
    title.value = "Plan";
    await act(() => {
      title.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(() => document.getElementById("note-new-create")?.click());
    await settle();
    expect(hub.created).toEqual([["wg-a", "plan-2", "Plan"]]);
    expect(chosen).toEqual(["plan", "plan-2"]);
  });
});
