// A server for the notes tests that stores ops as the real one does (NoteGrain): the submitted delta is
// transformed past every op after its baseRev, the stored op first (`stored.transform(submitted, true)`: stored
// ops win ties), author-stamped and appended; a resend of a (clientId, seq) answers the original rev.
import Delta from "quill-delta";
import { NoteSendError, stampAuthor, type NoteAck, type NoteOp, type NoteOpRequest } from "./note-sync";

export class SimServer {
  readonly ops: NoteOp[] = [];
  document = new Delta();
  private readonly stored = new Map<string, number>();
  readonly subscribers = new Set<(op: NoteOp) => void>();

  get rev(): number {
    return this.ops.length;
  }

  submit(userId: string, request: NoteOpRequest): NoteAck {
    const key = `${request.clientId}:${request.seq}`;
    const original = this.stored.get(key);
    if (original !== undefined) return { rev: original, duplicate: true };
    if (request.baseRev > this.rev) throw new NoteSendError("retry", "stale_base");
    let delta = new Delta(request.delta.ops);
    for (const op of this.ops.slice(request.baseRev)) delta = new Delta(op.delta.ops).transform(delta, true);
    delta = stampAuthor(delta, userId);
    let reach = 0;
    for (const o of delta.ops) reach += typeof o.retain === "number" ? o.retain : (o.delete ?? 0);
    if (reach > this.document.length()) throw new NoteSendError("rejected", "invalid_argument");
    this.document = this.document.compose(delta);
    const op: NoteOp = { rev: this.rev + 1, delta: { ops: delta.ops }, author: userId, authorName: userId, clientId: request.clientId, seq: request.seq, at: "" };
    this.ops.push(op);
    this.stored.set(key, op.rev);
    for (const s of this.subscribers) s(op);
    return { rev: op.rev, duplicate: false };
  }

  getOps(afterRev: number, limit: number): { ops: NoteOp[]; lastRev: number } {
    return { ops: this.ops.slice(afterRev, afterRev + limit), lastRev: this.rev };
  }

  snapshot(): { rev: number; document: { ops: Delta["ops"] } } {
    return { rev: this.rev, document: { ops: this.document.ops } };
  }
}
