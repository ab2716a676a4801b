// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { NoteEditor } from "./NoteEditor";

afterEach(async () => {
  await act(() => render(null, document.body));
  document.body.replaceChildren();
});

describe("NoteEditor", () => {
  it("renders the editor, its labelled toolbar, the status and the authorship toggle", async () => {
    await act(async () => {
      render(<NoteEditor roomId="lobby" userId="me@example.org" />, document.body);
      await Promise.resolve();
    });
    const editor = document.getElementById("note-editor");
    expect(editor?.classList.contains("ql-editor")).toBe(true);
    expect(editor?.getAttribute("aria-label")).toBe("Shared notes of the room");
    // Not opened (no hub connection here): read-only until the note is shown.
    expect(editor?.getAttribute("contenteditable")).toBe("false");
    const status = document.getElementById("note-status");
    expect(status?.getAttribute("role")).toBe("status");
    expect(status?.dataset.state).toBe("offline");
    expect(status?.textContent).toBe("Offline, no edits waiting");
    const labels = Array.from(document.querySelectorAll(".ql-toolbar button")).map((b) => b.getAttribute("aria-label"));
    expect(labels).toEqual([
      "Bold", "Italic", "Underline", "Strikethrough", "Heading 1", "Heading 2", "Heading 3", "Numbered list",
      "Bulleted list", "Quote", "Code block", "Link", "Right-to-left paragraph", "Default alignment", "Centre",
      "Align right", "Justify",
    ]);
    const toggle = document.getElementById("note-authorship");
    expect(toggle?.getAttribute("aria-pressed")).toBe("false");
    expect(document.querySelector(".note-authors-on")).toBeNull();
    await act(() => toggle?.click());
    expect(toggle?.getAttribute("aria-pressed")).toBe("true");
    expect(document.querySelector(".note-authors-on")).not.toBeNull();
  });
});
