import { describe, expect, it } from "vitest";
import { appendSessions, formatSessionTime } from "./note-history";
import type { NoteEditSession } from "./note-protocol";

const session = (fromRev: number, toRev: number, started: string, ended: string, editors: [string, number][]): NoteEditSession => ({
  fromRev,
  toRev,
  started,
  ended,
  editors: editors.map(([userId, revisions]) => ({ userId, displayName: userId.toUpperCase(), revisions })),
});

describe("appendSessions", () => {
  it("joins a session cut by the page boundary, summing each editor's revisions", () => {
    const newer = [session(2001, 2500, "2026-12-04T10:05:00Z", "2026-12-04T10:30:00Z", [["ann", 400], ["bo", 100]])];
    const older = [
      session(1500, 2000, "2026-12-04T09:50:00Z", "2026-12-04T10:04:00Z", [["bo", 300], ["cy", 201]]),
      session(1, 1499, "2026-12-03T09:00:00Z", "2026-12-03T11:00:00Z", [["ann", 1499]]),
    ];
    const all = appendSessions(newer, older);
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ fromRev: 1500, toRev: 2500, started: "2026-12-04T09:50:00Z", ended: "2026-12-04T10:30:00Z" });
    expect(all[0]?.editors.map((e) => [e.userId, e.revisions])).toEqual([["ann", 400], ["bo", 400], ["cy", 201]]);
    expect(all[1]?.fromRev).toBe(1);
  });

  it("keeps sessions apart when their revisions or their times do not touch", () => {
    const newer = [session(11, 20, "2026-12-04T10:30:00Z", "2026-12-04T10:40:00Z", [["ann", 10]])];
    expect(appendSessions(newer, [session(1, 10, "2026-12-04T09:00:00Z", "2026-12-04T10:00:00Z", [["ann", 10]])])).toHaveLength(2);
    expect(appendSessions(newer, [session(1, 9, "2026-12-04T10:25:00Z", "2026-12-04T10:29:00Z", [["ann", 9]])])).toHaveLength(2);
    expect(appendSessions([], newer)).toEqual(newer);
  });
});

describe("formatSessionTime", () => {
  it("writes the range in the given zone", () => {
    const text = formatSessionTime("2026-12-04T10:00:00Z", "2026-12-04T10:25:00Z", "UTC");
    expect(text).toContain("10:00");
    expect(text).toContain("10:25");
    expect(text).toContain("2026");
  });
});
