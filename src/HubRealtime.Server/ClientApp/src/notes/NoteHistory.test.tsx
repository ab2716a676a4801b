// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { NoteConnection, type NoteHub } from "./note-connection";
import { connectionPerTest, openedNote, settle } from "./panel-test-support";
import { NoteHistory } from "./NoteHistory";
import type { NoteHistoryPage } from "./note-protocol";

const editor = (userId: string, displayName: string, revisions: number) => ({ userId, displayName, revisions });

/** The history methods of the hub: two pages of sessions, versions by revision, restore recorded. */
class HistoryHub implements NoteHub {
  isConnected = true;
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly pages: Record<number, NoteHistoryPage> = {
    0: {
      sessions: [
        { fromRev: 30, toRev: 40, started: "2026-12-04T10:00:00Z", ended: "2026-12-04T10:20:00Z", editors: [editor("ann@x", "Ann", 11)] },
        { fromRev: 11, toRev: 29, started: "2026-12-03T09:00:00Z", ended: "2026-12-03T09:30:00Z", editors: [editor("bo@x", "Bo", 19)] },
      ],
      lastRev: 40,
      nextBeforeRev: 11,
    },
    11: {
      sessions: [{ fromRev: 1, toRev: 10, started: "2026-12-01T09:00:00Z", ended: "2026-12-01T09:05:00Z", editors: [editor("cy@x", "Cy", 10)] }],
      lastRev: 40,
      nextBeforeRev: 0,
    },
  };

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    const answer = (): unknown => {
      switch (method) {
        case "OpenNote":
          return openedNote("lobby", "main", 40, [{ insert: "Now\n" }]);
        case "GetNoteHistory":
          return this.pages[args[1] as number];
        case "GetNoteVersion":
          return { noteId: "lobby.main", rev: args[1], document: { ops: [{ insert: `At ${String(args[1])}`, attributes: { author: "bo@x" } }, { insert: "\n" }] }, at: null };
        case "RestoreNote":
          return { rev: 41, duplicate: false };
        default:
          return undefined;
      }
    };
    return Promise.resolve(answer() as T);
  }

  named(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

const held = connectionPerTest();

describe("NoteHistory", () => {
  it("lists sessions newest first, shows more, shows a version and restores it after confirming", async () => {
    const hub = new HistoryHub();
    held.current = new NoteConnection("lobby", "me@x", "main", () => hub);
    const c = held.current;
    await act(async () => {
      render(<NoteHistory connection={c} canRestore onClose={() => undefined} />, document.body);
      await Promise.resolve();
    });
    await settle();
    const sessions = () => Array.from(document.querySelectorAll<HTMLButtonElement>("#note-history .note-session"));
    expect(sessions().map((s) => s.dataset.toRev)).toEqual(["40", "29"]);
    expect(sessions()[0]?.textContent).toContain("Ann");
    expect(c.names.value.get("bo@x")).toBe("Bo");

    await act(() => document.getElementById("note-history-more")?.click());
    await settle();
    expect(hub.named("GetNoteHistory")).toEqual([["lobby.main", 0], ["lobby.main", 11]]);
    expect(sessions().map((s) => s.dataset.toRev)).toEqual(["40", "29", "10"]);
    expect(document.getElementById("note-history-more")).toBeNull();

    await act(() => sessions()[1]?.click());
    await settle();
    const version = document.getElementById("note-version");
    expect(version?.dataset.rev).toBe("29");
    expect(version?.querySelector(".ql-editor")?.textContent).toBe("At 29");
    expect(version?.querySelector(".ql-editor")?.getAttribute("contenteditable")).toBe("false");

    await act(() => document.getElementById("note-restore")?.click());
    expect(hub.named("RestoreNote")).toEqual([]);
    await act(() => document.getElementById("note-restore-confirm")?.click());
    await settle();
    expect(hub.named("RestoreNote")).toEqual([["lobby.main", 29]]);
  });

  it("offers no restore to a reader", async () => {
    const hub = new HistoryHub();
    held.current = new NoteConnection("lobby", "me@x", "main", () => hub);
    const c = held.current;
    await act(async () => {
      render(<NoteHistory connection={c} canRestore={false} onClose={() => undefined} />, document.body);
      await Promise.resolve();
    });
    await settle();
    await act(() => document.querySelector<HTMLButtonElement>(".note-session")?.click());
    await settle();
    expect(document.getElementById("note-version")?.dataset.rev).toBe("40");
    expect(document.getElementById("note-restore")).toBeNull();
  });
});
