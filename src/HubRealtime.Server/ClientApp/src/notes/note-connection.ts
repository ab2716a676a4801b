// One open note over the tab's hub connection (app/hub.ts): OpenNote and its events, the sync engine's
// send and fetch, cursors in and out (throttled), reopening after a reconnect and CloseNote at the end.
import { signal } from "@preact/signals";
import * as hub from "../app/hub";
import { parseHubError } from "../protocol";
import {
  NoteSendError,
  NoteSync,
  type NoteAck,
  type NoteCursorPosition,
  type NoteOp,
  type NoteOpRequest,
  type SendFailure,
} from "./note-sync";
import {
  MAIN_NOTE,
  NOTE_OPS_PAGE,
  NoteEvents,
  NoteMethods,
  type NoteCapabilities,
  type NoteCursorEvent,
  type NoteHistoryPage,
  type NoteInfo,
  type NoteOpsEvent,
  type NoteVersion,
  type NoteSnapshot,
  type NoteStateEvent,
} from "./note-protocol";
import { localNoteStore } from "./note-store";
import { learnColour } from "./note-colours";

/** MoveNoteCursor is sent at most this often (≤ 10/s). */
const CURSOR_INTERVAL_MS = 100;
/** A refused OpenNote (e.g. the room not rejoined yet after a reconnect) is tried again after this. */
const REOPEN_DELAY_MS = 2_000;

/** What a note needs of the hub connection (the tab's, from app/hub.ts). */
export interface NoteHub {
  readonly isConnected: boolean;
  invoke<T>(method: string, ...args: unknown[]): Promise<T>;
}

export interface RemoteCursor {
  userId: string;
  displayName: string;
  color: number;
  cursor: NoteCursorPosition;
}

const FAILURES: Readonly<Record<string, SendFailure>> = {
  invalid_argument: "rejected",
  note_too_large: "rejected",
  note_locked: "blocked",
  forbidden: "blocked",
};

/** OpenNote refusals that pass (the room being rejoined, the service busy). */
const RETRY_OPEN = new Set(["not_in_room", "unavailable"]);

const open = new Set<NoteConnection>();

export class NoteConnection {
  readonly noteId: string;
  readonly sync: NoteSync;
  readonly capabilities = signal<NoteCapabilities>({ read: false, write: false, lock: false });
  readonly locked = signal(false);
  readonly readOnly = signal(false);
  /** OpenNote answered on the current connection. */
  readonly opened = signal(false);
  /** Why the note could not be opened (a hub error code), or null. */
  readonly openError = signal<string | null>(null);
  readonly cursors = signal<ReadonlyMap<string, RemoteCursor>>(new Map());
  /** Display names of the note's authors seen so far (ops, cursors, history), by user id. */
  readonly names = signal<ReadonlyMap<string, string>>(new Map());

  private closed = false;
  private reopenTimer: number | undefined;
  private cursorTimer: number | undefined;
  private lastCursorAt = 0;
  private pendingCursor: { index: number; length: number } | null | undefined = undefined;

  constructor(
    readonly roomId: string,
    private readonly userId: string,
    doc: string = MAIN_NOTE,
    private readonly hubNow: () => NoteHub | null = hub.currentHub,
  ) {
    this.noteId = `${roomId}.${doc}`;
    this.sync = new NoteSync({
      userId,
      store: localNoteStore(userId, this.noteId),
      send: (op) => this.submit(op),
      fetchOps: async (afterRev) => {
        const page = await this.invoke<{ ops: NoteOp[]; lastRev: number }>(NoteMethods.getOps, this.noteId, afterRev, NOTE_OPS_PAGE);
        this.learnNames(page.ops.map((o) => [o.author, o.authorName]));
        return page;
      },
    });
    open.add(this);
    void this.reopen(doc);
  }

  /** This user's selection moved (null: the editor lost it); sent throttled, as a position at the note's rev. */
  moveCursor(range: { index: number; length: number } | null): void {
    this.pendingCursor = range;
    const wait = this.lastCursorAt + CURSOR_INTERVAL_MS - Date.now();
    if (wait <= 0) this.sendCursor();
    else if (this.cursorTimer === undefined) this.cursorTimer = window.setTimeout(() => this.sendCursor(), wait);
  }

  /** A moderator locks or unlocks the note (the NoteState event then updates every editor). */
  lock(locked: boolean): Promise<void> {
    return this.invoke<void>(NoteMethods.lock, this.noteId, locked);
  }

  /** Editing sessions before `beforeRev` (0: from the newest), newest first. */
  async history(beforeRev: number): Promise<NoteHistoryPage> {
    const page = await this.invoke<NoteHistoryPage>(NoteMethods.history, this.noteId, beforeRev);
    this.learnNames(page.sessions.flatMap((s) => s.editors.map((e) => [e.userId, e.displayName] as const)));
    return page;
  }

  /** The note as it was at `rev`. */
  version(rev: number): Promise<NoteVersion> {
    return this.invoke<NoteVersion>(NoteMethods.version, this.noteId, rev);
  }

  /** Makes the note what it was at `rev` (one new revision, which arrives as any other). */
  restore(rev: number): Promise<NoteAck> {
    return this.invoke<NoteAck>(NoteMethods.restore, this.noteId, rev);
  }

  /** The room's notes: main first, then a working group's named notes, oldest first. */
  listNotes(): Promise<NoteInfo[]> {
    return this.invoke<NoteInfo[]>(NoteMethods.list, this.roomId);
  }

  /** A new named note of the room (a working group's); open it with a NoteConnection of its doc. */
  createNote(doc: string, title: string): Promise<NoteInfo> {
    return this.invoke<NoteInfo>(NoteMethods.create, this.roomId, doc, title);
  }

  /** Names learnt elsewhere (this user's own, say). */
  learnNames(pairs: Iterable<readonly [string, string]>): void {
    let next: Map<string, string> | null = null;
    const known = this.names.peek();
    for (const [userId, name] of pairs) {
      if (!userId || !name || known.get(userId) === name) continue;
      next ??= new Map(known);
      next.set(userId, name);
    }
    if (next) this.names.value = next;
  }

  /** The editor is gone: CloseNote, and nothing more from this note. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    window.clearTimeout(this.reopenTimer);
    window.clearTimeout(this.cursorTimer);
    this.sync.dispose();
    const c = this.hubNow();
    if (c?.isConnected) void c.invoke(NoteMethods.close, this.noteId).catch(() => undefined);
  }

  /** OpenNote (first time and after every reconnect), then the engine catches up and resends. */
  async reopen(doc: string = this.noteId.slice(this.roomId.length + 1)): Promise<void> {
    window.clearTimeout(this.reopenTimer);
    if (this.closed) return;
    const c = this.hubNow();
    if (!c?.isConnected) return; // the next `connected` opens it
    let snapshot: NoteSnapshot;
    try {
      snapshot = await c.invoke<NoteSnapshot>(NoteMethods.open, this.roomId, doc);
    } catch (error) {
      if (this.closed) return;
      const hubError = parseHubError(error);
      if (hubError) {
        this.openError.value = hubError.code;
        // not_in_room while the room is being rejoined after a reconnect: try again shortly.
        if (RETRY_OPEN.has(hubError.code)) this.reopenTimer = window.setTimeout(() => void this.reopen(doc), REOPEN_DELAY_MS);
      }
      return;
    }
    if (this.closed) return;
    this.openError.value = null;
    this.capabilities.value = snapshot.capabilities;
    this.locked.value = snapshot.locked;
    this.readOnly.value = snapshot.readOnly;
    const cursors = new Map<string, RemoteCursor>();
    for (const e of snapshot.cursors ?? []) {
      learnColour(e.userId, e.color);
      this.learnNames([[e.userId, e.displayName]]);
      if (e.cursor && e.userId !== this.userId) cursors.set(e.userId, { userId: e.userId, displayName: e.displayName, color: e.color, cursor: e.cursor });
    }
    this.cursors.value = cursors;
    this.opened.value = true;
    await this.sync.open(snapshot);
  }

  onOps(e: NoteOpsEvent): void {
    if (e.noteId !== this.noteId) return;
    this.learnNames(e.ops.map((o) => [o.author, o.authorName]));
    this.sync.receive(e.ops);
  }

  onCursor(e: NoteCursorEvent): void {
    if (e.noteId !== this.noteId || e.userId === this.userId) return;
    learnColour(e.userId, e.color);
    this.learnNames([[e.userId, e.displayName]]);
    const next = new Map(this.cursors.peek());
    if (e.cursor) next.set(e.userId, { userId: e.userId, displayName: e.displayName, color: e.color, cursor: e.cursor });
    else next.delete(e.userId);
    this.cursors.value = next;
  }

  onState(e: NoteStateEvent): void {
    if (e.noteId !== this.noteId) return;
    const wasBlocked = this.locked.peek() || this.readOnly.peek();
    this.locked.value = e.locked;
    this.readOnly.value = e.readOnly;
    // Unlocked: the edits kept while it was locked go now.
    if (wasBlocked && !e.locked && !e.readOnly) void this.sync.resync();
  }

  onLost(): void {
    this.opened.value = false;
    this.sync.disconnect();
  }

  private sendCursor(): void {
    window.clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    const range = this.pendingCursor;
    if (range === undefined || this.closed || !this.opened.peek()) return;
    this.pendingCursor = undefined;
    this.lastCursorAt = Date.now();
    const position = range ? this.sync.cursorAtRev(range.index, range.length) : null;
    void this.invoke(NoteMethods.moveCursor, this.noteId, position).catch(() => undefined);
  }

  private async submit(op: NoteOpRequest): Promise<NoteAck> {
    try {
      return await this.invoke<NoteAck>(NoteMethods.submit, this.noteId, op);
    } catch (error) {
      const code = parseHubError(error)?.code;
      if (code === undefined) throw error; // the connection: the next reconnect resends
      const failure = FAILURES[code] ?? "retry";
      // stale_base, not_in_room or a passing failure: open again (which catches up) and resend.
      if (failure === "retry") this.reopenTimer = window.setTimeout(() => void this.reopen(), REOPEN_DELAY_MS);
      throw new NoteSendError(failure, code);
    }
  }

  private invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    const c = this.hubNow();
    if (!c?.isConnected) return Promise.reject(new Error("not connected"));
    return c.invoke<T>(method, ...args);
  }
}

hub.onHubEvent(NoteEvents.ops, (e: unknown) => {
  for (const c of open) c.onOps(e as NoteOpsEvent);
});
hub.onHubEvent(NoteEvents.cursor, (e: unknown) => {
  for (const c of open) c.onCursor(e as NoteCursorEvent);
});
hub.onHubEvent(NoteEvents.state, (e: unknown) => {
  for (const c of open) c.onState(e as NoteStateEvent);
});
hub.listen({
  // After the room's own listener has sent JoinRoom again (same connection, handled in order).
  connected: () => window.setTimeout(() => {
    for (const c of open) void c.reopen();
  }, 0),
  lost: () => {
    for (const c of open) c.onLost();
  },
});
