// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import Quill from "quill";
import Delta from "quill-delta";
import { NoteSync, type NoteOp } from "./note-sync";
import { SimServer } from "./note-sim-server";
import { bindQuill } from "./quill-binding";
import { NOTE_FORMATS, registerNoteFormats } from "./quill-setup";

/** One tab: a real Quill editor bound to an engine whose messages wait until `flush`. */
class Tab {
  readonly quill: Quill;
  readonly sync: NoteSync;
  readonly queue: (() => void)[] = [];
  connected = true;

  constructor(
    readonly userId: string,
    readonly server: SimServer,
  ) {
    registerNoteFormats();
    const host = document.createElement("div");
    document.body.append(host);
    this.quill = new Quill(host, { formats: NOTE_FORMATS });
    this.sync = new NoteSync({
      userId,
      send: (op) => this.later(() => server.submit(userId, op)),
      fetchOps: (afterRev) => this.later(() => server.getOps(afterRev, 2)),
    });
    bindQuill(this.quill, this.sync, { changed: () => undefined, selection: () => undefined });
    server.subscribers.add((op: NoteOp) => {
      if (this.connected) this.queue.push(() => this.sync.receive([op]));
    });
  }

  private later<T>(serve: () => T): Promise<T> {
    if (!this.connected) return Promise.reject(new Error("offline"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        if (!this.connected) return reject(new Error("offline"));
        try {
          resolve(serve());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** The contents without the author of newlines (Quill keeps `author` on text, a block has none). */
  contents(): unknown {
    return JSON.parse(JSON.stringify(this.quill.getContents().ops));
  }
}

async function flush(tabs: Tab[]): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    await Promise.resolve();
    await Promise.resolve();
    const tab = tabs.find((t) => t.queue.length > 0);
    if (!tab) {
      await new Promise((r) => setTimeout(r, 0));
      if (!tabs.some((t) => t.queue.length > 0)) return;
      continue;
    }
    tab.queue.shift()?.();
  }
}

/** What the engine holds, as Quill can show it: `author` only on text, not on a line's newline. */
function asShown(delta: Delta): unknown {
  return JSON.parse(
    JSON.stringify(
      new Delta(
        delta.ops.map((op) => {
          if (op.insert !== "\n" || !op.attributes) return op;
          const attributes = { ...op.attributes };
          delete attributes.author;
          return Object.keys(attributes).length > 0 ? { insert: "\n", attributes } : { insert: "\n" };
        }),
      ).ops,
    ),
  );
}

describe("Quill bound to NoteSync", () => {
  it("keeps two editors in step, with the authors in the contents", async () => {
    const server = new SimServer();
    const alice = new Tab("alice", server);
    const bob = new Tab("bob", server);
    void alice.sync.open(server.snapshot());
    void bob.sync.open(server.snapshot());
    await flush([alice, bob]);

    alice.quill.insertText(0, "Hello world", "user");
    bob.quill.insertText(0, "مرحبا ", "user");
    bob.quill.formatLine(0, 1, "direction", "rtl", "user");
    await flush([alice, bob]);
    alice.quill.formatText(0, 3, "bold", true, "user");
    bob.quill.insertText(bob.quill.getLength() - 1, "!", "user");
    alice.quill.formatLine(0, 1, "header", 2, "user");
    await flush([alice, bob]);

    expect(alice.contents()).toEqual(bob.contents());
    expect(alice.contents()).toEqual(asShown(alice.sync.document));
    expect(alice.sync.saved.value && bob.sync.saved.value).toBe(true);
    const authors = new Set(alice.quill.getContents().ops.map((o) => o.attributes?.author).filter(Boolean));
    expect(authors).toEqual(new Set(["alice", "bob"]));
    expect(alice.quill.root.querySelector('[data-author="bob"]')?.getAttribute("data-author-colour")).toMatch(/^\d+$/);
    expect(alice.quill.root.querySelector("h2")?.classList.contains("ql-direction-rtl")).toBe(true);
  });

  it("stamps text typed inside another author's words with the typist", async () => {
    const server = new SimServer();
    const alice = new Tab("alice", server);
    const bob = new Tab("bob", server);
    void alice.sync.open(server.snapshot());
    void bob.sync.open(server.snapshot());
    await flush([alice, bob]);
    alice.quill.insertText(0, "abcdef", "user");
    await flush([alice, bob]);
    // Quill continues the formats of the text around the caret: the insert arrives as alice's.
    bob.quill.insertText(3, "X", { author: "alice" }, "user");
    await flush([alice, bob]);
    const x = alice.quill.getContents().ops.find((o) => o.insert === "X");
    expect(x?.attributes?.author).toBe("bob");
    expect(bob.quill.getContents().ops.find((o) => o.insert === "X")?.attributes?.author).toBe("bob");
    // The note has no final newline of its own: Quill shows one.
    expect(text(server.document)).toBe("abcXdef");
  });

  it("turns formats the server refuses into ones it takes, in the editor too", async () => {
    const server = new SimServer();
    const alice = new Tab("alice", server);
    const bob = new Tab("bob", server);
    void alice.sync.open(server.snapshot());
    void bob.sync.open(server.snapshot());
    await flush([alice, bob]);
    alice.quill.insertText(0, "Title\nbody", "user");
    alice.quill.formatLine(0, 1, "header", 5, "user"); // as a pasted <h5>
    alice.quill.formatLine(6, 1, "code-block", true, "user");
    await flush([alice, bob]);
    expect(server.document.ops.find((o) => o.attributes?.header)?.attributes?.header).toBe(3);
    expect(alice.quill.root.querySelector("h3")?.textContent).toBe("Title");
    expect(bob.quill.root.querySelector("h3")?.textContent).toBe("Title");
    expect(alice.contents()).toEqual(bob.contents());
    expect(alice.sync.saved.value).toBe(true);
  });

  it("keeps edits made offline and sends them after a resync", async () => {
    const server = new SimServer();
    const alice = new Tab("alice", server);
    const bob = new Tab("bob", server);
    void alice.sync.open(server.snapshot());
    void bob.sync.open(server.snapshot());
    await flush([alice, bob]);
    alice.connected = false;
    alice.queue.length = 0;
    alice.sync.disconnect();
    alice.quill.insertText(0, "offline ", "user");
    bob.quill.insertText(0, "online ", "user");
    await flush([alice, bob]);
    expect(alice.sync.waiting.value).toBe(1);
    alice.connected = true;
    void alice.sync.resync();
    await flush([alice, bob]);
    expect(alice.contents()).toEqual(bob.contents());
    expect(text(server.document)).toContain("offline ");
    expect(text(server.document)).toContain("online ");
  });
});

function text(delta: Delta): string {
  return delta.ops.map((o) => (typeof o.insert === "string" ? o.insert : "")).join("");
}
