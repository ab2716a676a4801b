import { describe, expect, it } from "vitest";
import { formatClock, formatRange, formatTimeRange, outcomesByRound } from "./meeting-format";

describe("formatClock", () => {
  it("writes minutes and seconds under an hour", () => {
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(59)).toBe("00:59");
    expect(formatClock(61)).toBe("01:01");
    expect(formatClock(3599)).toBe("59:59");
  });

  it("adds the hours from an hour on", () => {
    expect(formatClock(3600)).toBe("1:00:00");
    expect(formatClock(2 * 3600 + 5 * 60 + 7)).toBe("2:05:07");
  });
});

describe("formatRange", () => {
  it("writes the range in the meeting's own zone", () => {
    const text = formatRange("2026-03-01T06:00:00Z", "2026-03-01T08:30:00Z", "Asia/Dubai");
    expect(text).toContain("10:00");
    expect(text).toContain("12:30");
  });

  it("falls back to the raw instants for an unknown zone", () => {
    expect(formatRange("a", "b", "Not/AZone")).toBe("a – b");
  });
});

describe("outcomesByRound", () => {
  const room = (name: string, round: number | undefined, closedAt: string, openedAt: string | null = null) => ({ name, round, closedAt, openedAt });

  it("groups the rooms by round, oldest round first, keeping the rooms' order", () => {
    const rounds = outcomesByRound([
      room("A", 1, "2026-03-01T10:20:00Z", "2026-03-01T10:00:00Z"),
      room("B", 1, "2026-03-01T10:20:00Z", "2026-03-01T10:00:00Z"),
      room("C", 2, "2026-03-01T11:15:00Z", "2026-03-01T11:00:00Z"),
    ]);
    expect(rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(rounds[0]?.rooms.map((r) => r.name)).toEqual(["A", "B"]);
    expect(rounds[1]?.rooms.map((r) => r.name)).toEqual(["C"]);
    expect(rounds[1]?.openedAt).toBe("2026-03-01T11:00:00Z");
  });

  it("puts outcomes without a round together, first, and ends a round at its last closing", () => {
    const rounds = outcomesByRound([
      room("Old", undefined, "2026-03-01T09:00:00Z"),
      room("A", 1, "2026-03-01T10:20:00Z"),
      room("B", 1, "2026-03-01T10:21:00Z"),
    ]);
    expect(rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(rounds[0]?.openedAt).toBeNull();
    expect(rounds[1]?.closedAt).toBe("2026-03-01T10:21:00Z");
  });

  it("is empty without outcomes", () => {
    expect(outcomesByRound([])).toEqual([]);
  });
});

describe("formatTimeRange", () => {
  it("writes a round's times in the meeting's zone", () => {
    const text = formatTimeRange("2026-03-01T06:00:00Z", "2026-03-01T06:20:00Z", "Asia/Dubai");
    expect(text).toContain("10:00");
    expect(text).toContain("10:20");
  });

  it("writes just the end when the start is not known", () => {
    expect(formatTimeRange(null, "2026-03-01T06:20:00Z", "Asia/Dubai")).toContain("10:20");
  });
});
