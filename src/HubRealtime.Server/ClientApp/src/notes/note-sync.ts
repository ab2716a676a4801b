// The client side of a shared note's operational transform (notes protocol): one op in flight, the edits made
// since composed into a buffer, remote ops transformed past both. No DOM and no hub in here: the connection
// gives it `send` and `fetchOps`, the editor gives it local edits and applies what it emits.
import { batch, signal } from "@preact/signals";
import Delta, { type Op } from "quill-delta";

/** A Delta as it travels: Quill's JSON ({ ops: [...] }). */
export interface DeltaJson {
  ops: Op[];
}

/** One stored revision of a note. */
export interface NoteOp {
  rev: number;
  delta: DeltaJson;
  /** The author's user id. */
  author: string;
  authorName: string;
  clientId: string;
  seq: number;
  at: string;
}

export interface NoteOpRequest {
  clientId: string;
  seq: number;
  baseRev: number;
  delta: DeltaJson;
}

export interface NoteAck {
  rev: number;
  duplicate: boolean;
}

/** Where a remote user's caret or selection is, in the note at `rev`. */
export interface NoteCursorPosition {
  rev: number;
  index: number;
  length: number;
}

/** What the engine keeps across a reload: enough to send the edits not yet stored. */
export interface PendingState {
  rev: number;
  clientId: string;
  seq: number;
  inflight: { seq: number; delta: DeltaJson; edits: number } | null;
  buffer: DeltaJson | null;
  /** How many edits the buffer holds (for the status line). */
  bufferEdits: number;
}

/** Where pending state is kept (localStorage in the app). */
export interface PendingStore {
  load(): PendingState | null;
  save(state: PendingState): void;
  clear(): void;
}

/**
 * Why a submit failed: `retry` (connection trouble or stale base: resend after a resync), `blocked` (locked or
 * read-only: keep the edits, send them when allowed again), `rejected` (the server refuses this op for good).
 */
export type SendFailure = "retry" | "blocked" | "rejected";

export class NoteSendError extends Error {
  constructor(
    readonly failure: SendFailure,
    readonly code: string,
  ) {
    super(code);
  }
}

export interface NoteSyncOptions {
  /** The user's id: own inserts are stamped `author: userId`, as the server does. */
  userId: string;
  send(op: NoteOpRequest): Promise<NoteAck>;
  fetchOps(afterRev: number): Promise<{ ops: NoteOp[]; lastRev: number }>;
  store?: PendingStore;
  /** A new clientId (8–64 chars [A-Za-z0-9_-]). */
  newClientId?: () => string;
}

/** What the editor must do: apply a delta to what it shows, or show a whole document. */
export type EditorChange = { kind: "apply"; delta: Delta } | { kind: "reset"; document: Delta };

/** How many applied ops are kept for moving remote cursors made against older revisions. */
const HISTORY = 500;

function randomClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A link the server accepts (absolute http, https, mailto); a bare address becomes https; else none. */
function serverLink(value: unknown): string | null {
  if (typeof value !== "string") return null;
  let url = value.trim();
  // Control characters are refused by the server (browsers strip them before reading the scheme).
  if (url === "" || Array.from(url).some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === "\u007f")) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `https://${url.replace(/^\/+/, "")}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "mailto:") return url;
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host !== "" ? url : null;
  } catch {
    return null;
  }
}

const FLAGS = new Set(["bold", "italic", "underline", "strike", "blockquote", "code", "code-block"]);
const CHOICES = new Set(["header", "list", "align", "direction", "link"]);

/** One attribute as the server accepts it (NoteAttributeRules), or undefined to leave it out. */
function serverValue(key: string, value: unknown): unknown {
  if (value === null) return null;
  if (FLAGS.has(key)) return value ? true : undefined;
  switch (key) {
    // A pasted <h4>–<h6> is the smallest heading the notes have.
    case "header": return typeof value === "number" && value >= 1 ? Math.min(3, Math.floor(value)) : undefined;
    case "list": return value === "ordered" ? "ordered" : value === "bullet" || value === "checked" || value === "unchecked" ? "bullet" : undefined;
    case "align": return value === "right" || value === "center" || value === "justify" ? value : undefined;
    case "direction": return value === "rtl" ? "rtl" : undefined;
    case "link": return serverLink(value) ?? undefined;
    default: return undefined;
  }
}

/**
 * The attributes of an op as the server takes them: `author` stamped on inserts and left out of retains,
 * values outside the allowed ones made allowed or left out (a retain removes what it cannot set), nulls only in
 * retains. So a paste never makes the server refuse an edit.
 */
function serverAttributes(attributes: Record<string, unknown> | undefined, insert: boolean, userId: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key === "author" || (insert && value === null)) continue;
    const allowed = serverValue(key, value);
    if (allowed !== undefined) out[key] = allowed;
    else if (!insert && CHOICES.has(key)) out[key] = null;
  }
  if (insert) out.author = userId;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Text as the server takes it (NoteTextRules): line breaks are \n only, no control characters but \n and \t,
 * no lone surrogates (U+FFFD instead), so that a pasted Windows text is not refused.
 */
function serverText(text: string): string {
  let out = "";
  for (const ch of text.replace(/\r\n?/g, "\n")) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 && ch !== "\n" && ch !== "\t") continue;
    out += code >= 0xd800 && code <= 0xdfff ? "\ufffd" : ch;
  }
  return out;
}

/** Every insert gets `author: userId`; retains lose `author` (the server's rule); see serverText and serverAttributes. */
export function stampAuthor(delta: Delta, userId: string): Delta {
  const out = new Delta();
  for (const op of delta.ops) {
    if (typeof op.insert === "string") {
      const text = serverText(op.insert);
      if (text !== "") out.insert(text, serverAttributes(op.attributes, true, userId));
    }
    else if (op.retain !== undefined) out.retain(op.retain, serverAttributes(op.attributes, false, userId));
    else if (op.delete !== undefined) out.delete(op.delete);
  }
  return out;
}

/** Quill 2 gives a code block its language ("plain"); the note stores true, which Quill shows as "plain". */
function asStoredFlags(document: Delta): Delta {
  return new Delta(
    document.ops.map((op) =>
      op.attributes?.["code-block"] && op.attributes["code-block"] !== true ? { ...op, attributes: { ...op.attributes, "code-block": true } } : op,
    ),
  );
}

/** The characters a delta reaches in the document it applies to (retains and deletes). */
function reach(delta: Delta): number {
  let n = 0;
  for (const op of delta.ops) {
    if (op.retain !== undefined) n += op.retain as number;
    else if (op.delete !== undefined) n += op.delete;
  }
  return n;
}

/** Whether the note ends with a line break (Quill's documents always do). */
function endsWithNewline(document: Delta): boolean {
  const last = document.ops[document.ops.length - 1];
  return typeof last?.insert === "string" && last.insert.endsWith("\n");
}

/** Quill always shows a final newline: a note that does not end with one is shown with it added. */
function shownDocument(document: Delta): Delta {
  return endsWithNewline(document) ? document : document.concat(new Delta().insert("\n"));
}

export class NoteSync {
  /** No inflight op and no buffer: everything is stored on the server. */
  readonly saved = signal(true);
  /** Local edits not yet acknowledged. */
  readonly waiting = signal(0);
  /** Connected and caught up: edits are being sent. */
  readonly online = signal(false);
  /** The editor shows the note (opened, restored edits moved past what the snapshot holds): edits may start. */
  readonly ready = signal(false);
  /** The server refused an op for good (its code), or null. */
  readonly rejected = signal<string | null>(null);
  /** The last applied server revision. */
  rev = 0;
  clientId: string;

  private seq = 0;
  private inflight: { seq: number; delta: Delta; edits: number } | null = null;
  private buffer: Delta | null = null;
  private bufferEdits = 0;
  /** The note at `rev` (the server's document). */
  private server = new Delta();
  /** What the editor shows: server ∘ inflight ∘ buffer. */
  private local = new Delta();
  /** While restoring: ops up to this rev are already in `server` (the snapshot) and only move the pending edits. */
  private snapshotRev = 0;
  private started = false;
  private blocked = false;
  private disposed = false;
  private filling: Promise<void> | null = null;
  private fillAgain = false;
  private fillFailed = false;
  private readonly history: { rev: number; delta: Delta }[] = [];
  private readonly listeners = new Set<(change: EditorChange) => void>();

  constructor(private readonly options: NoteSyncOptions) {
    const restored = options.store?.load() ?? null;
    this.clientId = restored?.clientId ?? (options.newClientId ?? randomClientId)();
    if (restored) {
      this.rev = restored.rev;
      this.seq = restored.seq;
      const inflight = restored.inflight;
      this.inflight = inflight ? { seq: inflight.seq, delta: new Delta(inflight.delta.ops), edits: inflight.edits } : null;
      this.buffer = restored.buffer ? new Delta(restored.buffer.ops) : null;
      this.bufferEdits = this.buffer ? restored.bufferEdits : 0;
      this.counts();
    }
  }

  /** Called with every change the editor must show. */
  onChange(listener: (change: EditorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the editor should show now (Quill's form: with a final newline). */
  get document(): Delta {
    return shownDocument(this.local);
  }

  /** The note as the server has it at `rev`. */
  get serverDocument(): Delta {
    return this.server;
  }

  /**
   * The note was opened (or reopened): its snapshot. Restored pending edits are first moved past the ops the
   * snapshot holds beyond their base, then everything is caught up and the inflight op is sent again.
   */
  async open(snapshot: { rev: number; document: DeltaJson }): Promise<void> {
    // Reopened after a reconnect: the ops since `rev` move the editor step by step (no jump to a new document).
    if (!this.started) {
      this.server = new Delta(snapshot.document.ops);
      this.snapshotRev = snapshot.rev;
      if (this.rev > snapshot.rev) {
        // Restored edits against revisions the server does not have (its note was reset): they cannot apply.
        this.inflight = null;
        this.buffer = null;
        this.bufferEdits = 0;
        this.counts();
      }
      // Without restored edits the snapshot is the start.
      if (!this.inflight && !this.buffer) this.rev = snapshot.rev;
      if (this.rev === snapshot.rev) this.rebuildLocal();
      this.started = true;
    }
    await this.resync();
  }

  /** The editor is gone (closed, or reloaded): answers still on their way change nothing any more. */
  dispose(): void {
    this.disposed = true;
    this.online.value = false;
    this.listeners.clear();
  }

  /** The connection dropped: nothing sent now would be known to arrive. */
  disconnect(): void {
    this.online.value = false;
  }

  /** Catch up from `rev`, then (re)send the inflight op with the same clientId and seq. */
  async resync(): Promise<void> {
    this.blocked = false;
    this.fillFailed = false;
    await this.fill();
    // The ops could not be read (connection trouble): the next resync tries again.
    if (this.disposed || this.fillFailed || this.rev < this.snapshotRev) return;
    this.online.value = true;
    if (this.inflight) this.transmit();
    else this.flush();
  }

  /**
   * A local edit, made in the editor on what `document` was. Returns the delta the editor must apply on top to
   * carry the server's author stamps (null when nothing differs).
   */
  localEdit(delta: Delta): Delta | null {
    if (delta.ops.length === 0 || !this.ready.peek()) return null;
    const shown = this.document;
    let edit = delta;
    // An edit of Quill's final newline the note does not have yet, or one that ends the note with a line break
    // (Enter at the very end): the final newline becomes part of the edit, else that line break would be taken
    // for the final newline Quill shows anyway, and the new line would vanish.
    if (reach(edit) > this.local.length() || (!endsWithNewline(this.local) && endsWithNewline(this.local.compose(edit)))) {
      edit = new Delta().retain(this.local.length()).insert("\n").compose(edit);
    }
    const stamped = stampAuthor(edit, this.options.userId);
    const wanted = this.local.compose(stamped);
    const got = asStoredFlags(shown.compose(delta));
    this.local = wanted;
    this.buffer = this.buffer ? this.buffer.compose(stamped) : stamped;
    this.bufferEdits++;
    this.counts();
    this.persist();
    this.flush();
    const fix = got.diff(shownDocument(wanted));
    return fix.ops.length > 0 ? fix : null;
  }

  /** The NoteOps event: ops in rev order; a gap is filled with fetchOps. */
  receive(ops: readonly NoteOp[]): void {
    if (!this.started || this.disposed) return;
    const fresh = ops.filter((o) => o.rev > this.rev);
    const first = fresh[0];
    if (!first) return;
    if (first.rev !== this.rev + 1 || this.filling) {
      void this.fill();
      return;
    }
    for (const op of fresh) {
      if (op.rev !== this.rev + 1) {
        void this.fill();
        return;
      }
      this.applyServerOp(op);
    }
    this.afterServerOps();
  }

  /**
   * Where a remote cursor made against `position.rev` is in what the editor shows, or null when this client has
   * not reached that revision or the ops between are no longer kept.
   */
  cursorInEditor(position: NoteCursorPosition): { index: number; length: number } | null {
    if (position.rev > this.rev) return null;
    let start = position.index;
    let end = position.index + position.length;
    if (position.rev < this.rev) {
      const from = this.history.findIndex((h) => h.rev === position.rev + 1);
      if (from < 0) return null;
      for (const h of this.history.slice(from)) {
        start = h.delta.transformPosition(start);
        end = h.delta.transformPosition(end);
      }
    }
    const pending = this.pending();
    start = pending.transformPosition(start);
    end = pending.transformPosition(end);
    const max = Math.max(0, this.document.length() - 1);
    return { index: Math.min(start, max), length: Math.max(0, Math.min(end, max) - Math.min(start, max)) };
  }

  /** This user's selection in the editor, as a position in the note at `rev` (what MoveNoteCursor sends). */
  cursorAtRev(index: number, length: number): NoteCursorPosition {
    const undo = this.pending().invert(this.server);
    const start = undo.transformPosition(index);
    const end = undo.transformPosition(index + length);
    return { rev: this.rev, index: start, length: Math.max(0, end - start) };
  }

  private pending(): Delta {
    const inflight = this.inflight?.delta ?? new Delta();
    return this.buffer ? inflight.compose(this.buffer) : inflight;
  }

  private rebuildLocal(): void {
    this.local = this.server.compose(this.pending());
    this.snapshotRev = this.rev;
    this.emit({ kind: "reset", document: this.document });
    this.ready.value = true;
  }

  private async fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    this.filling = (async () => {
      try {
        do {
          this.fillAgain = false;
          let lastRev: number;
          do {
            const page = await this.options.fetchOps(this.rev);
            if (this.disposed) return;
            lastRev = page.lastRev;
            const before = this.rev;
            for (const op of page.ops) {
              if (op.rev <= this.rev) continue;
              if (op.rev !== this.rev + 1) break;
              this.applyServerOp(op);
            }
            if (this.rev === before) break;
          } while (this.rev < lastRev);
        } while (this.fillAgain);
      } catch {
        // Connection trouble: the next resync reads again.
        this.fillFailed = true;
        this.online.value = false;
      } finally {
        this.filling = null;
      }
      this.afterServerOps();
    })();
    return this.filling;
  }

  /** One server op, in order: the own op is the ack; any other moves the pending edits and the editor. */
  private applyServerOp(op: NoteOp): void {
    const delta = new Delta(op.delta.ops);
    const inSnapshot = op.rev <= this.snapshotRev;
    this.rev = op.rev;
    this.remember(op.rev, delta);
    if (this.inflight && op.clientId === this.clientId && op.seq === this.inflight.seq) {
      // The own op: the editor shows it already.
      this.inflight = null;
      if (!inSnapshot) this.server = this.server.compose(delta);
    } else {
      // Stored ops win ties, as on the server (NoteGrain: stored.Transform(submitted, priority: true)).
      let remote = delta;
      if (this.inflight) {
        const moved = this.inflight.delta.transform(remote, false);
        this.inflight = { ...this.inflight, delta: remote.transform(this.inflight.delta, true) };
        remote = moved;
      }
      if (this.buffer) {
        const moved = this.buffer.transform(remote, false);
        this.buffer = remote.transform(this.buffer, true);
        remote = moved;
      }
      if (!inSnapshot) {
        this.server = this.server.compose(delta);
        this.applyToEditor(remote);
      }
    }
    if (op.rev === this.snapshotRev && inSnapshot) this.rebuildLocal();
  }

  private applyToEditor(delta: Delta): void {
    const before = this.document;
    this.local = this.local.compose(delta);
    const after = this.document;
    // The note gained or lost its final newline: what Quill shows differs by more than the delta.
    if (before.compose(delta).length() !== after.length()) this.emit({ kind: "reset", document: after });
    else this.emit({ kind: "apply", delta });
  }

  private remember(rev: number, delta: Delta): void {
    this.history.push({ rev, delta });
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
  }

  private afterServerOps(): void {
    this.counts();
    this.persist();
    this.flush();
  }

  private counts(): void {
    batch(() => {
      this.waiting.value = (this.inflight?.edits ?? 0) + this.bufferEdits;
      this.saved.value = !this.inflight && !this.buffer;
    });
  }

  /** Sends the buffer as the next inflight op when nothing is in flight. */
  private flush(): void {
    if (this.inflight || !this.buffer || !this.online.value || this.blocked || this.filling) return;
    this.inflight = { seq: ++this.seq, delta: this.buffer, edits: this.bufferEdits };
    this.buffer = null;
    this.bufferEdits = 0;
    this.persist();
    this.transmit();
  }

  private transmit(): void {
    const inflight = this.inflight;
    if (!inflight || !this.online.value || this.blocked || this.disposed) return;
    const request: NoteOpRequest = { clientId: this.clientId, seq: inflight.seq, baseRev: this.rev, delta: { ops: inflight.delta.ops } };
    this.options.send(request).then(
      (ack) => this.onAck(inflight.seq, ack),
      (error: unknown) => this.onSendFailed(inflight.seq, error),
    );
  }

  private onAck(seq: number, ack: NoteAck): void {
    if (this.inflight?.seq !== seq || this.disposed) return; // the ops stream acknowledged it first
    if (ack.rev === this.rev + 1 && !this.filling) {
      // The ack before its NoteOps event: the stored op is the inflight one as transformed here.
      this.applyServerOp({ rev: ack.rev, delta: { ops: this.inflight.delta.ops }, author: this.options.userId, authorName: "", clientId: this.clientId, seq, at: "" });
      this.afterServerOps();
    } else if (ack.rev > this.rev) {
      // Ops before it have not come yet: read them (the own op among them is the ack).
      void this.fill();
    }
  }

  private onSendFailed(seq: number, error: unknown): void {
    if (this.inflight?.seq !== seq || this.disposed) return;
    const failure = error instanceof NoteSendError ? error.failure : "retry";
    if (failure === "rejected") {
      // The op can never be stored: drop the pending edits and show the server's note again.
      this.inflight = null;
      this.buffer = null;
      this.bufferEdits = 0;
      this.rejected.value = error instanceof NoteSendError ? error.code : "rejected";
      this.local = this.server;
      this.emit({ kind: "reset", document: this.document });
      this.counts();
      this.persist();
    } else if (failure === "blocked") {
      this.blocked = true;
    } else {
      this.online.value = false;
    }
  }

  private persist(): void {
    const store = this.options.store;
    if (!store || this.disposed) return;
    if (!this.inflight && !this.buffer) {
      store.clear();
      return;
    }
    store.save({
      rev: this.rev,
      clientId: this.clientId,
      seq: this.seq,
      inflight: this.inflight ? { seq: this.inflight.seq, delta: { ops: this.inflight.delta.ops }, edits: this.inflight.edits } : null,
      buffer: this.buffer ? { ops: this.buffer.ops } : null,
      bufferEdits: this.bufferEdits,
    });
  }

  private emit(change: EditorChange): void {
    for (const l of this.listeners) l(change);
  }
}
