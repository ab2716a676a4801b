import { describe, expect, it } from "vitest";
import { Timeline } from "./timeline";

interface Item {
  seq: number;
  tag?: string;
}

const items = (...seqs: number[]): Item[] => seqs.map((seq) => ({ seq }));
const seqs = (list: readonly Item[]): number[] => list.map((m) => m.seq);

/** A timeline started from a snapshot of `shown` (ascending) with lastSeq `last`. */
function started(shown: number[], last = shown[shown.length - 1] ?? 0): Timeline<Item> {
  const t = new Timeline<Item>();
  t.applySnapshot(items(...shown), last);
  return t;
}

describe("Timeline before the first snapshot", () => {
  it("is not started and needs nothing", () => {
    const t = new Timeline<Item>();
    expect(t.isStarted).toBe(false);
    expect(t.needsFill).toBe(false);
    expect(t.hasOlder).toBe(false);
    expect(t.lastSeen).toBe(0);
    expect(t.oldestSeq).toBe(0);
  });

  it("refuses live events", () => {
    expect(() => new Timeline<Item>().ingest(items(1))).toThrow(/before the first snapshot/);
  });

  it("does not need a fill even when a later seq was noted", () => {
    const t = new Timeline<Item>();
    t.noteLastSeq(7);
    expect(t.knownLastSeq).toBe(7);
    expect(t.needsFill).toBe(false);
  });
});

describe("Timeline.applySnapshot (first)", () => {
  it("returns the rows ascending and starts from them", () => {
    const t = new Timeline<Item>();
    const shown = t.applySnapshot(items(12, 10, 11), 12);
    expect(seqs(shown)).toEqual([10, 11, 12]);
    expect(t.isStarted).toBe(true);
    expect(t.oldestSeq).toBe(10);
    expect(t.lastSeen).toBe(12);
    expect(t.knownLastSeq).toBe(12);
    expect(t.needsFill).toBe(false);
    expect(t.hasOlder).toBe(true);
  });

  it("does not sort the caller's array in place", () => {
    const rows = items(3, 1, 2);
    new Timeline<Item>().applySnapshot(rows, 3);
    expect(seqs(rows)).toEqual([3, 1, 2]);
  });

  it("accepts holes left by folded events and takes lastSeq as last seen", () => {
    // Events 4 and 6 were an edit and a reaction folded into message 3: lastSeq is beyond the last row.
    const t = new Timeline<Item>();
    const shown = t.applySnapshot(items(2, 3, 5), 6);
    expect(seqs(shown)).toEqual([2, 3, 5]);
    expect(t.lastSeen).toBe(6);
    expect(t.needsFill).toBe(false);
    // The next live event is 7, and it is shown at once.
    expect(seqs(t.ingest(items(7)))).toEqual([7]);
  });

  it("takes a row beyond lastSeq as last seen", () => {
    const t = started([1, 2, 3], 2);
    expect(t.lastSeen).toBe(3);
    expect(t.knownLastSeq).toBe(3);
  });

  it("of an empty room has no older messages", () => {
    const t = new Timeline<Item>();
    expect(t.applySnapshot([], 0)).toEqual([]);
    expect(t.oldestSeq).toBe(1);
    expect(t.lastSeen).toBe(0);
    expect(t.hasOlder).toBe(false);
    expect(seqs(t.ingest(items(1)))).toEqual([1]);
  });

  it("without rows (all purged) starts after lastSeq with nothing older to page", () => {
    const t = new Timeline<Item>();
    expect(t.applySnapshot([], 40)).toEqual([]);
    expect(t.oldestSeq).toBe(41);
    expect(t.lastSeen).toBe(40);
    expect(t.hasOlder).toBe(true);
    expect(t.needsFill).toBe(false);
  });

  it("starting at seq 1 has no older messages", () => {
    expect(started([1, 2]).hasOlder).toBe(false);
  });
});

describe("Timeline.ingest", () => {
  it("appends the next events in order", () => {
    const t = started([1, 2]);
    expect(seqs(t.ingest(items(3, 4)))).toEqual([3, 4]);
    expect(t.lastSeen).toBe(4);
  });

  it("orders a batch that arrives out of order", () => {
    const t = started([1]);
    expect(seqs(t.ingest(items(4, 2, 3)))).toEqual([2, 3, 4]);
    expect(t.needsFill).toBe(false);
  });

  it("drops events already shown (at or below last seen)", () => {
    const t = started([1, 2, 3]);
    expect(t.ingest(items(1, 2, 3))).toEqual([]);
    expect(t.lastSeen).toBe(3);
  });

  it("shows a repeated seq once, keeping the first copy", () => {
    const t = started([1]);
    const shown = t.ingest([{ seq: 2, tag: "first" }, { seq: 2, tag: "second" }]);
    expect(shown).toEqual([{ seq: 2, tag: "first" }]);
    expect(t.ingest([{ seq: 2, tag: "third" }])).toEqual([]);
  });

  it("holds events beyond a gap and asks for a fill", () => {
    const t = started([1, 2]);
    expect(t.ingest(items(5, 6))).toEqual([]);
    expect(t.lastSeen).toBe(2);
    expect(t.knownLastSeq).toBe(6);
    expect(t.needsFill).toBe(true);
  });

  it("releases the held events once the gap is filled", () => {
    const t = started([1, 2]);
    t.ingest(items(5, 6));
    expect(seqs(t.ingest(items(3)))).toEqual([3]);
    expect(t.needsFill).toBe(true);
    expect(seqs(t.ingest(items(4)))).toEqual([4, 5, 6]);
    expect(t.lastSeen).toBe(6);
    expect(t.needsFill).toBe(false);
  });

  it("does not duplicate a held event that comes again with the fill", () => {
    const t = started([1]);
    t.ingest([{ seq: 3, tag: "live" }]);
    const shown = t.ingest([{ seq: 2 }, { seq: 3, tag: "missed" }]);
    expect(shown).toEqual([{ seq: 2 }, { seq: 3, tag: "live" }]);
  });

  it("keeps waiting for a gap that a page did not fill", () => {
    const t = started([1]);
    t.ingest(items(4));
    expect(t.ingest(items(3))).toEqual([]);
    expect(t.needsFill).toBe(true);
    expect(seqs(t.ingest(items(2)))).toEqual([2, 3, 4]);
  });
});

describe("Timeline.noteLastSeq", () => {
  it("only moves forward", () => {
    const t = started([1, 2, 3]);
    t.noteLastSeq(9);
    t.noteLastSeq(5);
    expect(t.knownLastSeq).toBe(9);
  });

  it("makes a known newer seq (e.g. a send ack) a gap to fill", () => {
    const t = started([1, 2, 3]);
    t.noteLastSeq(4);
    expect(t.needsFill).toBe(true);
    t.ingest(items(4));
    expect(t.needsFill).toBe(false);
  });
});

describe("Timeline.applySnapshot (after a reconnect)", () => {
  it("continues from what is shown: only the new events are appended", () => {
    const t = started([1, 2, 3]);
    const shown = t.applySnapshot(items(2, 3, 4, 5), 5);
    expect(seqs(shown)).toEqual([4, 5]);
    expect(t.oldestSeq).toBe(1);
    expect(t.lastSeen).toBe(5);
  });

  it("asks for a fill when the snapshot starts beyond last seen", () => {
    const t = started([1, 2, 3]);
    expect(t.applySnapshot(items(8, 9, 10), 10)).toEqual([]);
    expect(t.knownLastSeq).toBe(10);
    expect(t.needsFill).toBe(true);
    // GetMissed(3) returns 4..7: everything is then shown in order.
    expect(seqs(t.ingest(items(4, 5, 6, 7)))).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(t.needsFill).toBe(false);
  });

  it("asks for a fill when lastSeq is beyond the rows (folded events)", () => {
    const t = started([1, 2]);
    expect(seqs(t.applySnapshot(items(1, 2, 3), 4))).toEqual([3]);
    expect(t.lastSeen).toBe(3);
    expect(t.needsFill).toBe(true);
  });

  it("with nothing new changes nothing", () => {
    const t = started([1, 2, 3]);
    expect(t.applySnapshot(items(1, 2, 3), 3)).toEqual([]);
    expect(t.needsFill).toBe(false);
  });
});

describe("Timeline.prepend (older pages)", () => {
  it("returns the older rows ascending and moves the oldest seq", () => {
    const t = started([50, 51, 52]);
    const older = t.prepend(items(47, 45, 49));
    expect(seqs(older)).toEqual([45, 47, 49]);
    expect(t.oldestSeq).toBe(45);
    expect(t.hasOlder).toBe(true);
  });

  it("drops rows already shown and repeated rows", () => {
    const t = started([10, 11, 12]);
    expect(seqs(t.prepend(items(8, 9, 9, 10, 11)))).toEqual([8, 9]);
    expect(t.oldestSeq).toBe(8);
    expect(t.prepend(items(9, 10))).toEqual([]);
    expect(t.oldestSeq).toBe(8);
  });

  it("does not change last seen", () => {
    const t = started([10, 11]);
    t.prepend(items(5));
    expect(t.lastSeen).toBe(11);
    expect(t.needsFill).toBe(false);
  });

  it("reaching seq 1 ends the history", () => {
    const t = started([3, 4]);
    t.prepend(items(1, 2));
    expect(t.hasOlder).toBe(false);
  });

  it("an empty page leaves the oldest seq; markHistoryComplete ends the history", () => {
    const t = started([30, 31]);
    expect(t.prepend([])).toEqual([]);
    expect(t.oldestSeq).toBe(30);
    expect(t.hasOlder).toBe(true);
    t.markHistoryComplete();
    expect(t.oldestSeq).toBe(1);
    expect(t.hasOlder).toBe(false);
  });

  it("markHistoryComplete never raises the oldest seq", () => {
    const t = new Timeline<Item>();
    t.markHistoryComplete();
    expect(t.oldestSeq).toBe(0);
  });
});
