import { afterEach, describe, expect, it, vi } from "vitest";
import { browserZone, timeZones, zonedInstant } from "./zoned-time";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("zonedInstant", () => {
  it.each([
    ["2026-12-03T10:00", "UTC", "2026-12-03T10:00:00+00:00", "2026-12-03T10:00:00.000Z"],
    ["2026-12-03T10:00", "Asia/Dubai", "2026-12-03T10:00:00+04:00", "2026-12-03T06:00:00.000Z"],
    ["2026-07-01T09:15:30", "America/New_York", "2026-07-01T09:15:30-04:00", "2026-07-01T13:15:30.000Z"],
    ["2026-01-15T09:15", "America/New_York", "2026-01-15T09:15:00-05:00", "2026-01-15T14:15:00.000Z"],
    ["2026-12-03T10:00", "Asia/Kolkata", "2026-12-03T10:00:00+05:30", "2026-12-03T04:30:00.000Z"],
    ["2026-12-03T10:00", "Asia/Kathmandu", "2026-12-03T10:00:00+05:45", "2026-12-03T04:15:00.000Z"],
    ["2026-01-15T08:00", "America/St_Johns", "2026-01-15T08:00:00-03:30", "2026-01-15T11:30:00.000Z"],
    ["2026-12-31T23:30", "Pacific/Auckland", "2026-12-31T23:30:00+13:00", "2026-12-31T10:30:00.000Z"],
  ])("%s in %s is %s", (local, zone, iso, utc) => {
    const result = zonedInstant(local, zone);
    expect(result?.iso).toBe(iso);
    expect(new Date(result?.instant ?? NaN).toISOString()).toBe(utc);
  });

  it("gives the same instant for the same moment written in two zones", () => {
    expect(zonedInstant("2026-12-03T10:00", "Europe/Paris")?.instant).toBe(zonedInstant("2026-12-03T03:00", "America/Chicago")?.instant);
  });

  it("refuses a wall time skipped by a clock change", () => {
    expect(zonedInstant("2026-03-29T02:30", "Europe/Berlin")).toBeNull();
    expect(zonedInstant("2026-03-08T02:30", "America/New_York")).toBeNull();
    // Either side of the gap exists.
    expect(zonedInstant("2026-03-29T01:59", "Europe/Berlin")?.iso).toBe("2026-03-29T01:59:00+01:00");
    expect(zonedInstant("2026-03-29T03:00", "Europe/Berlin")?.iso).toBe("2026-03-29T03:00:00+02:00");
  });

  it.each([
    ["2026-10-25T02:30", "Europe/Berlin", ["+02:00", "+01:00"], Date.UTC(2026, 9, 25, 2, 30)],
    ["2026-11-01T01:30", "America/New_York", ["-04:00", "-05:00"], Date.UTC(2026, 10, 1, 1, 30)],
  ])("reads the repeated wall time %s in %s (clocks turned back) as one of its two instants", (local, zone, offsets, wallAsUtc) => {
    // Which of the two is not specified (today: the later one east of UTC, the earlier one west of it).
    const result = zonedInstant(local, zone);
    const offset = result?.iso.slice(-6) ?? "";
    expect(offsets).toContain(offset);
    const minutes = (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    expect(result?.instant).toBe(wallAsUtc - minutes * 60_000);
  });

  it.each(["", "2026-12-03", "2026-12-03 10:00", "2026-12-03T10", "2026-12-03T10:00:00.000", "2026-12-03T10:00Z", "26-12-03T10:00", "x"])(
    "refuses the malformed value %j",
    (local) => {
      expect(zonedInstant(local, "UTC")).toBeNull();
    },
  );

  it.each(["2026-02-30T10:00", "2026-13-01T10:00", "2026-00-10T10:00", "2026-12-00T10:00", "2026-12-03T24:00", "2026-12-03T10:60", "2026-12-03T10:00:60", "0099-12-03T10:00"])(
    "refuses the impossible date or time %s",
    (local) => {
      expect(zonedInstant(local, "UTC")).toBeNull();
    },
  );

  it("accepts February 29 of a leap year only", () => {
    expect(zonedInstant("2028-02-29T12:00", "UTC")?.iso).toBe("2028-02-29T12:00:00+00:00");
    expect(zonedInstant("2026-02-29T12:00", "UTC")).toBeNull();
  });

  it("refuses an unknown zone", () => {
    expect(zonedInstant("2026-12-03T10:00", "Mars/Olympus_Mons")).toBeNull();
  });
});

describe("browserZone", () => {
  it("is the zone Intl resolves", () => {
    expect(browserZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("is UTC when Intl gives none or fails", () => {
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({ ...resolved, timeZone: "" });
    expect(browserZone()).toBe("UTC");
    spy.mockImplementation(() => {
      throw new RangeError("no zone");
    });
    expect(browserZone()).toBe("UTC");
  });
});

describe("timeZones", () => {
  it("lists Intl's zones sorted, without repeats, with UTC", () => {
    const zones = timeZones();
    expect(zones).toEqual([...zones].sort());
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Paris");
    expect(zones).toContain(browserZone());
  });

  it("always includes the browser's zone", () => {
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({ ...resolved, timeZone: "Antarctica/Troll" });
    vi.spyOn(Intl, "supportedValuesOf").mockReturnValue(["Europe/Paris"]);
    expect(timeZones()).toEqual(["Antarctica/Troll", "Europe/Paris", "UTC"]);
  });

  it("falls back to a short list where Intl cannot list zones", () => {
    vi.spyOn(Intl, "supportedValuesOf").mockImplementation(() => {
      throw new RangeError("timeZone");
    });
    const zones = timeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Asia/Tokyo");
    expect(zones).toEqual([...zones].sort());
    expect(zones.length).toBeLessThan(40);
  });
});
