// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import Delta from "quill-delta";
import { NoteConnection, type NoteHub } from "./note-connection";
import { SimServer } from "./note-sim-server";
import type { NoteOpRequest } from "./note-sync";

/** The notes part of the hub as the protocol describes it, over the simulated server; it records every call. */
class NotesHub implements NoteHub {
  isConnected = true;
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** A hub error code SubmitNoteOp answers with, or null. */
  refuse: string | null = null;
  connection: NoteConnection | null = null;

  constructor(
    readonly server: SimServer,
    readonly userId: string,
  ) {
    server.subscribers.add((op) => queueMicrotask(() => this.connection?.onOps({ noteId: "lobby.main", ops: [op] })));
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    if (!this.isConnected) return Promise.reject(new Error("disconnected"));
    const answer = (): unknown => {
      switch (method) {
        case "OpenNote":
          return {
            noteId: `${String(args[0])}.${String(args[1])}`, roomId: args[0], doc: args[1], rev: this.server.rev,
            document: { ops: this.server.document.ops }, capabilities: { read: true, write: true, lock: false },
            locked: false, readOnly: false,
            cursors: [
              { noteId: "lobby.main", userId: "bob", displayName: "Bob", color: 3, cursor: { rev: 0, index: 0, length: 0 } },
              { noteId: "lobby.main", userId: this.userId, displayName: "Me", color: 1, cursor: { rev: 0, index: 0, length: 0 } },
            ],
          };
        case "SubmitNoteOp":
          if (this.refuse) throw new Error(`An unexpected error occurred invoking 'SubmitNoteOp' on the server. HubException: ${this.refuse}: no`);
          return this.server.submit(this.userId, args[1] as NoteOpRequest);
        case "GetNoteOps":
          return this.server.getOps(args[1] as number, args[2] as number);
        default:
          return undefined;
      }
    };
    return new Promise<T>((resolve, reject) => {
      try {
        resolve(answer() as T);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  named(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function connect(server: SimServer, userId = "me@example.org"): { hub: NotesHub; note: NoteConnection } {
  const hub = new NotesHub(server, userId);
  const note = new NoteConnection("lobby", userId, "main", () => hub);
  hub.connection = note;
  return { hub, note };
}

afterEach(() => {
  vi.useRealTimers();
  window.localStorage.clear();
});

describe("NoteConnection", () => {
  it("opens the room's main note and sends edits as SubmitNoteOp(noteId, op)", async () => {
    const server = new SimServer();
    const { hub, note } = connect(server);
    await settle();
    expect(hub.named("OpenNote")).toEqual([["lobby", "main"]]);
    expect(hub.named("GetNoteOps")[0]).toEqual(["lobby.main", 0, 500]);
    expect(note.sync.ready.value).toBe(true);
    note.sync.localEdit(new Delta().insert("hi"));
    await settle();
    const [noteId, op] = hub.named("SubmitNoteOp")[0] ?? [];
    expect(noteId).toBe("lobby.main");
    expect(op).toMatchObject({ seq: 1, baseRev: 0, delta: { ops: [{ insert: "hi", attributes: { author: "me@example.org" } }] } });
    expect((op as NoteOpRequest).clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(note.sync.saved.value).toBe(true);
    note.close();
  });

  it("shows the others' cursors, not its own, and drops one that is cleared; ignores other notes", async () => {
    const server = new SimServer();
    const { note } = connect(server);
    await settle();
    expect([...note.cursors.value.keys()]).toEqual(["bob"]);
    note.onCursor({ noteId: "other.main", userId: "carol", displayName: "Carol", color: 2, cursor: { rev: 0, index: 0, length: 0 } });
    note.onCursor({ noteId: "lobby.main", userId: "dan", displayName: "Dan", color: 4, cursor: { rev: 0, index: 0, length: 0 } });
    expect([...note.cursors.value.keys()]).toEqual(["bob", "dan"]);
    note.onCursor({ noteId: "lobby.main", userId: "bob", displayName: "Bob", color: 3, cursor: null });
    expect([...note.cursors.value.keys()]).toEqual(["dan"]);
    note.close();
  });

  it("sends MoveNoteCursor at most ten times a second, the last position last", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const server = new SimServer();
    const { hub, note } = connect(server);
    await settle();
    note.sync.localEdit(new Delta().insert("hello"));
    await settle();
    for (let i = 0; i < 5; i++) note.moveCursor({ index: 0, length: i });
    expect(hub.named("MoveNoteCursor")).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(hub.named("MoveNoteCursor")).toEqual([
      ["lobby.main", { rev: 1, index: 0, length: 0 }],
      ["lobby.main", { rev: 1, index: 0, length: 4 }],
    ]);
    note.moveCursor(null);
    vi.advanceTimersByTime(100);
    expect(hub.named("MoveNoteCursor").at(-1)).toEqual(["lobby.main", null]);
    note.close();
  });

  it("keeps edits refused as locked and sends them when NoteState unlocks the note", async () => {
    const server = new SimServer();
    const { hub, note } = connect(server);
    await settle();
    hub.refuse = "note_locked";
    note.onState({ noteId: "lobby.main", locked: true, readOnly: false });
    note.sync.localEdit(new Delta().insert("kept"));
    await settle();
    expect(note.sync.saved.value).toBe(false);
    expect(note.locked.value).toBe(true);
    hub.refuse = null;
    note.onState({ noteId: "lobby.main", locked: false, readOnly: false });
    await settle();
    expect(note.sync.saved.value).toBe(true);
    expect(server.document.ops[0]?.insert).toBe("kept");
    note.close();
  });

  it("resends after a reconnect and keeps pending edits across a reload (localStorage)", async () => {
    const server = new SimServer();
    const first = connect(server);
    await settle();
    first.hub.isConnected = false;
    first.note.onLost();
    first.note.sync.localEdit(new Delta().insert("offline"));
    await settle();
    expect(first.note.sync.waiting.value).toBe(1);
    first.note.close(); // the tab reloads
    const second = connect(server);
    await settle();
    expect(second.note.sync.clientId).toBe(first.note.sync.clientId);
    expect(second.note.sync.saved.value).toBe(true);
    expect(server.document.ops[0]?.insert).toBe("offline");
    second.hub.isConnected = false;
    second.note.onLost();
    second.note.sync.localEdit(new Delta().retain(7).insert("!"));
    second.hub.isConnected = true;
    await second.note.reopen();
    await settle();
    expect(second.hub.named("OpenNote")).toHaveLength(2);
    expect(server.document.ops.map((o) => (typeof o.insert === "string" ? o.insert : "")).join("")).toBe("offline!");
    second.note.close();
    expect(second.hub.named("CloseNote")).toEqual([["lobby.main"]]);
  });
});
