import { describe, expect, it } from "vitest";
import Delta from "quill-delta";
import { NoteSendError, NoteSync, stampAuthor, type NoteOp, type NoteOpRequest, type PendingState, type PendingStore } from "./note-sync";
import { SimServer } from "./note-sim-server";

function memoryStore(): PendingStore & { state: PendingState | null } {
  return {
    state: null,
    load() {
      return this.state ? (JSON.parse(JSON.stringify(this.state)) as PendingState) : null;
    },
    save(state) {
      this.state = JSON.parse(JSON.stringify(state)) as PendingState;
    },
    clear() {
      this.state = null;
    },
  };
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Task = { client: SimClient; run: () => void };

/** One browser tab: the engine, what its editor shows and a connection whose messages a scheduler delivers. */
class SimClient {
  sync: NoteSync;
  editor = new Delta();
  connected = true;
  readonly inbox: NoteOp[][] = [];

  constructor(
    readonly userId: string,
    private readonly server: SimServer,
    private readonly network: Task[],
    readonly store = memoryStore(),
    private readonly pageSize = 3,
  ) {
    this.sync = this.create();
    server.subscribers.add((op) => {
      if (this.connected) this.inbox.push([op]);
    });
  }

  create(): NoteSync {
    const sync = new NoteSync({
      userId: this.userId,
      store: this.store,
      send: (request) => this.call(() => this.server.submit(this.userId, request)),
      fetchOps: (afterRev) => this.call(() => this.server.getOps(afterRev, this.pageSize)),
    });
    sync.onChange((change) => {
      this.editor = change.kind === "apply" ? this.editor.compose(change.delta) : change.document;
    });
    return sync;
  }

  /** A request reaches the server in one task, its answer comes back in another; a drop loses either. */
  private call<T>(serve: () => T): Promise<T> {
    if (!this.connected) return Promise.reject(new Error("disconnected"));
    const epoch = this.epoch;
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      let answer: () => void = () => reject(new Error("disconnected"));
      const request: Task = {
        client: this,
        run: () => {
          // A request of a dropped connection never reaches the server afterwards.
          if (this.epoch !== epoch) return reject(new Error("disconnected"));
          try {
            const value = serve();
            answer = () => resolve(value);
          } catch (error) {
            answer = () => reject(error instanceof Error ? error : new Error(String(error)));
          }
          this.network.push({ client: this, run: () => { answered = true; if (this.epoch === epoch) answer(); else reject(new Error("disconnected")); } });
        },
      };
      this.network.push(request);
      this.pendingCalls.push(() => {
        if (!answered) reject(new Error("disconnected"));
      });
    });
  }

  private pendingCalls: (() => void)[] = [];
  private epoch = 0;

  deliverEvents(): void {
    const batch = this.inbox.shift();
    if (batch && this.connected) this.sync.receive(batch);
  }

  edit(rnd: () => number): void {
    if (this.sync.ready.value) this.type(randomEdit(this.editor, rnd));
  }

  /** An edit in the editor, as Quill reports it, and the author stamps the engine asks for. */
  type(delta: Delta): void {
    const fix = this.sync.localEdit(delta);
    this.editor = this.editor.compose(delta);
    if (fix) this.editor = this.editor.compose(fix);
  }

  disconnect(): void {
    this.connected = false;
    this.epoch++;
    this.inbox.length = 0;
    const calls = this.pendingCalls;
    this.pendingCalls = [];
    for (const fail of calls) fail();
    this.sync.disconnect();
  }

  reconnect(): void {
    this.connected = true;
    void this.sync.resync();
  }

  /** A reload: a new engine from what was stored, opened on the server's snapshot. */
  reload(): void {
    this.disconnect();
    this.sync.dispose();
    this.connected = true;
    this.editor = new Delta();
    this.sync = this.create();
    void this.sync.open(this.server.snapshot());
  }
}

const WORDS = ["a", "bc", "def", "مرحبا", "中文", "x\n", "\n"];
const FORMATS: Record<string, unknown>[] = [{ bold: true }, { italic: true }, { bold: null }, { link: "https://example.org" }];

/** A random edit of a Quill document (which always ends with a newline that is never deleted). */
function randomEdit(document: Delta, rnd: () => number): Delta {
  const length = document.length();
  const at = Math.floor(rnd() * length);
  const kind = rnd();
  if (kind < 0.55 || length <= 1) {
    const word = WORDS[Math.floor(rnd() * WORDS.length)] ?? "a";
    return new Delta().retain(Math.min(at, length - 1)).insert(word, rnd() < 0.3 ? { bold: true } : undefined);
  }
  if (kind < 0.8) {
    const from = Math.min(at, length - 2);
    return new Delta().retain(from).delete(1 + Math.floor(rnd() * Math.min(3, length - 1 - from)));
  }
  if (kind < 0.9) {
    // A block format on a line's newline (possibly Quill's final one, which the note may not have yet).
    const text = document.ops.map((o) => (typeof o.insert === "string" ? o.insert : "")).join("");
    const newline = text.indexOf("\n", at);
    return new Delta().retain(newline).retain(1, { header: 1 + Math.floor(rnd() * 3) });
  }
  const format = FORMATS[Math.floor(rnd() * FORMATS.length)] ?? { bold: true };
  return new Delta().retain(at).retain(Math.min(2, length - at), format);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function runAll(network: Task[]): Promise<void> {
  for (let guard = 0; guard < 100_000; guard++) {
    await settle();
    const task = network.shift();
    if (!task) {
      await settle();
      if (network.length === 0) return;
      continue;
    }
    task.run();
  }
  throw new Error("the network never went quiet");
}

async function drain(clients: SimClient[], network: Task[]): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await runAll(network);
    for (const c of clients) while (c.inbox.length > 0) c.deliverEvents();
    await settle();
    if (network.length === 0 && clients.every((c) => c.inbox.length === 0)) return;
  }
}

function text(delta: Delta): string {
  return delta.ops.map((o) => (typeof o.insert === "string" ? o.insert : "")).join("");
}

function plain(delta: Delta): unknown {
  return JSON.parse(JSON.stringify(delta.ops));
}

async function simulate(seed: number, clientCount: number, steps: number): Promise<{ server: SimServer; clients: SimClient[] }> {
  const rnd = random(seed);
  const server = new SimServer();
  const network: Task[] = [];
  const clients = Array.from({ length: clientCount }, (_, i) => new SimClient(`user${i}`, server, network));
  for (const c of clients) void c.sync.open(server.snapshot());
  for (let step = 0; step < steps; step++) {
    const c = clients[Math.floor(rnd() * clients.length)];
    if (!c) continue;
    const r = rnd();
    if (r < 0.35) c.edit(rnd);
    else if (r < 0.6 && network.length > 0) {
      // Any pending message may go next: requests, answers and events of different clients interleave.
      const [task] = network.splice(Math.floor(rnd() * network.length), 1);
      task?.run();
    } else if (r < 0.85) c.deliverEvents();
    else if (r < 0.9 && c.connected) {
      c.disconnect();
    } else if (r < 0.95 && !c.connected) {
      c.reconnect();
    } else if (r < 0.97) {
      c.reload();
    } else if (r < 0.98 && c.inbox.length > 1) {
      c.inbox.shift(); // a lost event: the next one shows a gap
    }
    await settle();
    for (const each of clients) if (each.sync.ready.value) expect(plain(each.editor)).toEqual(plain(each.sync.document));
  }
  for (const c of clients) if (!c.connected) c.reconnect();
  await drain(clients, network);
  for (const c of clients) void c.sync.resync();
  await drain(clients, network);
  return { server, clients };
}

describe("NoteSync against a simulated server", () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`converges with random interleavings, drops and reloads (seed ${seed})`, async () => {
      const { server, clients } = await simulate(seed, 2 + (seed % 2), 200);
      for (const c of clients) {
        expect(c.sync.saved.value).toBe(true);
        expect(c.sync.rev).toBe(server.rev);
        expect(plain(c.sync.serverDocument)).toEqual(plain(server.document));
        expect(plain(c.editor)).toEqual(plain(c.sync.document));
      }
      for (const c of clients) expect(plain(c.editor)).toEqual(plain(clients[0]?.editor ?? new Delta()));
    });
  }
});

describe("NoteSync", () => {
  it("stamps own inserts with the author and tells the editor", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    const fix = a.sync.localEdit(new Delta().insert("hi", { author: "bob", bold: true }));
    expect(fix?.ops).toEqual([{ retain: 2, attributes: { author: "alice" } }]);
    await drain([a], network);
    expect(server.document.ops).toEqual([{ insert: "hi", attributes: { author: "alice", bold: true } }]);
  });

  it("keeps a line break typed at the very end of a note that has no final newline", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("Agenda"));
    await drain([a], network);
    // Enter at the end: Quill now shows two lines, and so must the note.
    a.type(new Delta().retain(6).insert("\n"));
    await drain([a], network);
    const text = (d: Delta) => d.ops.map((o) => (typeof o.insert === "string" ? o.insert : "")).join("");
    expect(text(a.editor)).toBe("Agenda\n\n");
    expect(text(server.document)).toBe("Agenda\n\n");
  });

  it("breaks ties as the server does: the op stored first comes first", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    const b = new SimClient("bob", server, network);
    void a.sync.open(server.snapshot());
    void b.sync.open(server.snapshot());
    await drain([a, b], network);
    a.type(new Delta().insert("A"));
    b.type(new Delta().insert("B"));
    const [bobsSubmit] = network.splice(network.findIndex((t) => t.client === b), 1);
    bobsSubmit?.run(); // bob's op is stored first
    await drain([a, b], network);
    expect(text(server.document)).toBe("BA");
    expect(plain(a.editor)).toEqual(plain(b.editor));
  });

  it("sends only attributes the server accepts and tells the editor", () => {
    const d = stampAuthor(
      new Delta()
        .insert("a", { link: "example.org", color: "red", bold: null })
        .insert("b", { link: "javascript:alert(1)" })
        .insert("\n", { header: 5, list: "checked", "code-block": "plain" })
        .retain(2, { link: "tel:1", align: "left", italic: null, author: "x", font: "serif" }),
      "u",
    );
    expect(d.ops).toEqual([
      { insert: "a", attributes: { link: "https://example.org", author: "u" } },
      { insert: "b", attributes: { author: "u" } },
      { insert: "\n", attributes: { header: 3, list: "bullet", "code-block": true, author: "u" } },
      { retain: 2, attributes: { link: null, align: null, italic: null } },
    ]);
  });

  it("sends text as the server takes it: \\n line breaks, no controls, no lone surrogates", async () => {
    expect(stampAuthor(new Delta().insert("a\r\nb\rc\u0007d\te\ud800f"), "u").ops).toEqual([
      { insert: "a\nb\nc" + "d\te\ufffdf", attributes: { author: "u" } },
    ]);
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("one\r\ntwo"));
    await drain([a], network);
    expect(plain(a.editor)).toEqual(plain(a.sync.document));
    expect(text(a.editor)).toBe("one\ntwo\n");
  });

  it("counts waiting edits and is saved only when nothing is in flight or buffered", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("a"));
    a.type(new Delta().retain(1).insert("b"));
    expect(a.sync.saved.value).toBe(false);
    expect(a.sync.waiting.value).toBe(2);
    await drain([a], network);
    expect(a.sync.saved.value).toBe(true);
    expect(a.sync.waiting.value).toBe(0);
    expect(server.ops.map((o) => o.seq)).toEqual([1, 2]);
  });

  it("keeps offline edits across a reload and sends them on reconnect", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    const b = new SimClient("bob", server, network);
    void a.sync.open(server.snapshot());
    void b.sync.open(server.snapshot());
    await drain([a, b], network);
    b.type(new Delta().insert("base\n"));
    await drain([a, b], network);
    a.disconnect();
    a.edit(() => 0); // inserts at 0 while offline
    a.type(new Delta().retain(a.editor.length() - 1).insert("!"));
    expect(a.store.state?.buffer).not.toBeNull();
    b.type(new Delta().insert(">> "));
    await drain([b], network);
    a.reload();
    await drain([a, b], network);
    expect(a.sync.saved.value).toBe(true);
    expect(plain(a.editor)).toEqual(plain(b.editor));
    const stored = text(server.document);
    expect(stored).toContain("!");
    expect(stored).toContain(">> ");
    expect(a.store.state).toBeNull();
  });

  it("resends an op whose answer was lost with the same clientId and seq; the duplicate is stored once", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("once"));
    network.shift()?.run(); // the server stores it
    a.disconnect(); // the answer is lost
    a.type(new Delta().retain(4).insert(" more"));
    const seen: NoteOpRequest[] = [];
    const submit = server.submit.bind(server);
    server.submit = (user, request) => {
      seen.push(request);
      return submit(user, request);
    };
    a.reload();
    await drain([a], network);
    expect(text(server.document)).toBe("once more");
    expect(a.sync.saved.value).toBe(true);
    expect(seen.every((r) => r.seq !== 1)).toBe(true); // seen in the ops, so acknowledged without a resend
  });

  it("answers a resend of a stored op with the original rev (duplicate) and settles", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("x"));
    network.shift()?.run();
    a.disconnect();
    server.subscribers.clear(); // the op's event never comes
    a.reconnect();
    await drain([a], network);
    expect(server.ops).toHaveLength(1);
    expect(a.sync.saved.value).toBe(true);
    expect(server.submit("alice", { clientId: a.sync.clientId, seq: 1, baseRev: 0, delta: { ops: [{ insert: "y" }] } })).toEqual({ rev: 1, duplicate: true });
  });

  it("fills a gap with fetchOps when an event's first rev is not rev + 1", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    const b = new SimClient("bob", server, network);
    void a.sync.open(server.snapshot());
    void b.sync.open(server.snapshot());
    await drain([a, b], network);
    for (const word of ["one ", "two ", "three "]) {
      b.type(new Delta().insert(word));
      await drain([b], network);
    }
    expect(a.inbox).toHaveLength(3);
    a.inbox.splice(0, 2);
    a.deliverEvents(); // rev 3 after rev 0
    await drain([a], network);
    expect(a.sync.rev).toBe(3);
    expect(plain(a.editor)).toEqual(plain(b.editor));
  });

  it("moves a remote cursor through later ops and the own pending edits", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    a.type(new Delta().insert("hello world\n"));
    await drain([a], network);
    const at1 = { rev: 1, index: 6, length: 5 }; // "world"
    a.type(new Delta().insert(">> "));
    await drain([a], network);
    expect(a.sync.cursorInEditor(at1)).toEqual({ index: 9, length: 5 });
    a.disconnect();
    a.type(new Delta().retain(3).insert("big "));
    expect(a.sync.cursorInEditor(at1)).toEqual({ index: 13, length: 5 });
    expect(a.sync.cursorInEditor({ rev: 9, index: 0, length: 0 })).toBeNull();
    // The own selection, sent as a position in the note at rev (the pending insert taken out).
    expect(a.sync.cursorAtRev(13, 5)).toEqual({ rev: 2, index: 9, length: 5 });
  });

  it("drops an op the server refuses for good and shows the server's note again", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    server.submit = () => {
      throw new NoteSendError("rejected", "note_too_large");
    };
    a.type(new Delta().insert("too much"));
    await drain([a], network);
    expect(a.sync.rejected.value).toBe("note_too_large");
    expect(a.sync.saved.value).toBe(true);
    expect(plain(a.editor)).toEqual([{ insert: "\n" }]);
  });

  it("drops restored edits made against revisions the server no longer has", async () => {
    const store = memoryStore();
    store.state = { rev: 5, clientId: "restored-client", seq: 2, inflight: null, buffer: { ops: [{ retain: 40 }, { insert: "x" }] }, bufferEdits: 1 };
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network, store);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    expect(a.sync.ready.value).toBe(true);
    expect(a.sync.saved.value).toBe(true);
    expect(plain(a.editor)).toEqual([{ insert: "\n" }]);
  });

  it("keeps edits while the note is locked and sends them after a resync", async () => {
    const server = new SimServer();
    const network: Task[] = [];
    const a = new SimClient("alice", server, network);
    void a.sync.open(server.snapshot());
    await drain([a], network);
    const submit = server.submit.bind(server);
    server.submit = () => {
      throw new NoteSendError("blocked", "note_locked");
    };
    a.type(new Delta().insert("later"));
    await drain([a], network);
    expect(a.sync.saved.value).toBe(false);
    server.submit = submit;
    void a.sync.resync();
    await drain([a], network);
    expect(a.sync.saved.value).toBe(true);
    expect(text(server.document)).toBe("later");
  });
});
