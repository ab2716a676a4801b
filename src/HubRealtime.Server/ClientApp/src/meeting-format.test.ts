import { describe, expect, it } from "vitest";
import { formatClock, formatRange } from "./meeting-format";

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
