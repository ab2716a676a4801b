import type { RoomEvent } from "./protocol";

/** One event of an ordered stream: `seq` is dense per stream, from 1 (room events; note ops and poll events next). */
export interface Sequenced {
  readonly seq: number;
}

/**
 * The confirmed events of one ordered stream (a room's messages today) as the protocol orders them:
 * dense `seq`, shown ascending, nothing twice, nothing skipped. Pure logic (no DOM, no network) so the
 * rules stay in one place, whatever the kind of stream.
 */
export class Timeline<T extends Sequenced = RoomEvent> {
  /** Highest sequence shown; everything from `oldestSeq` to here is shown, without gaps. */
  lastSeen = 0;
  /** Lowest sequence shown; 0 while nothing is shown. */
  oldestSeq = 0;
  /** Newest sequence the server has told us about (lastSeq of an answer, or a message beyond a gap). */
  knownLastSeq = 0;
  private started = false;
  /** Messages that arrived beyond a gap, waiting for the gap to be filled. */
  private readonly ahead = new Map<number, T>();

  get isStarted(): boolean {
    return this.started;
  }

  /** True while messages are known to exist after `lastSeen` (a gap): call GetMissed(lastSeen). */
  get needsFill(): boolean {
    return this.started && this.knownLastSeq > this.lastSeen;
  }

  /** True when older messages than the ones shown may exist. */
  get hasOlder(): boolean {
    return this.started && this.oldestSeq > 1;
  }

  /**
   * Applies a JoinRoom snapshot. The first one sets the starting point (its newest messages);
   * a later one (after a reconnect) continues from what is already shown.
   * Returns the messages to append, ascending.
   */
  applySnapshot(messages: readonly T[], lastSeq: number): T[] {
    if (!this.started) {
      this.started = true;
      // The first snapshot is the rooms's current state up to lastSeq: its rows need not be dense
      // (edit, delete and reaction events are folded into the messages they act on).
      const rows = [...messages].sort((a, b) => a.seq - b.seq);
      const first = rows[0];
      const last = rows[rows.length - 1];
      this.oldestSeq = first ? first.seq : lastSeq + 1;
      this.lastSeen = Math.max(lastSeq, last?.seq ?? 0);
      this.noteLastSeq(this.lastSeen);
      return rows;
    }
    this.noteLastSeq(lastSeq);
    return this.ingest(messages);
  }

  noteLastSeq(lastSeq: number): void {
    if (lastSeq > this.knownLastSeq) {
      this.knownLastSeq = lastSeq;
    }
  }

  /**
   * Takes live or missed messages: drops those already shown, appends the next ones in order and
   * holds back those beyond a gap. Returns the messages to append, ascending.
   */
  ingest(messages: readonly T[]): T[] {
    if (!this.started) {
      throw new Error("Timeline.ingest before the first snapshot");
    }
    for (const m of messages) {
      if (m.seq > this.lastSeen && !this.ahead.has(m.seq)) {
        this.ahead.set(m.seq, m);
        this.noteLastSeq(m.seq);
      }
    }
    const appended: T[] = [];
    for (let next = this.ahead.get(this.lastSeen + 1); next; next = this.ahead.get(this.lastSeen + 1)) {
      this.ahead.delete(next.seq);
      this.lastSeen = next.seq;
      appended.push(next);
    }
    return appended;
  }

  /** Takes a GetHistory page (older messages). Returns the ones to prepend, ascending. */
  prepend(messages: readonly T[]): T[] {
    // History rows are the current state of messages: folded events leave holes in the seqs.
    const seen = new Set<number>();
    const result = messages
      .filter((m) => m.seq < this.oldestSeq && !seen.has(m.seq) && seen.add(m.seq))
      .sort((a, b) => a.seq - b.seq);
    const first = result[0];
    if (first) {
      this.oldestSeq = first.seq;
    }
    return result;
  }

  /** Marks the history as complete (GetHistory returned nothing older). */
  markHistoryComplete(): void {
    this.oldestSeq = Math.min(this.oldestSeq, 1);
  }
}
