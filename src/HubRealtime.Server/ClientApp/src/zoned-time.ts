// Wall-clock times in a chosen IANA time zone (which may differ from the browser's) turned into
// ISO 8601 instants with that zone's offset, using only Intl.DateTimeFormat.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC, in minutes, at the instant (whole seconds). */
function offsetMinutes(zone: string, instantMs: number): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p["year"] ?? 0, (p["month"] ?? 1) - 1, p["day"] ?? 1, (p["hour"] ?? 0) % 24, p["minute"] ?? 0, p["second"] ?? 0);
  return Math.round((wall - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

export interface ZonedInstant {
  /** e.g. 2026-12-03T10:00:00+04:00 */
  iso: string;
  instant: number;
}

const two = (n: number): string => String(Math.abs(n)).padStart(2, "0");

/**
 * The instant of a datetime-local value ("YYYY-MM-DDTHH:mm[:ss]") read in the zone, or null when the
 * value is malformed or the wall time does not exist there (skipped by a clock change).
 */
export function zonedInstant(local: string, zone: string): ZonedInstant | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wallText = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}`;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls impossible values over (February 30, hour 24) and reads years 0-99 as 19xx: refuse those.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 19) !== wallText) return null;
  try {
    // The offset at the wall time read as UTC is a first guess; near a clock change the second read corrects it.
    let offset = offsetMinutes(zone, wall);
    let instant = wall - offset * 60_000;
    const again = offsetMinutes(zone, instant);
    if (again !== offset) {
      offset = again;
      instant = wall - offset * 60_000;
    }
    if (instant + offsetMinutes(zone, instant) * 60_000 !== wall) return null;
    const sign = offset < 0 ? "-" : "+";
    const iso = `${wallText}${sign}${two(Math.trunc(offset / 60))}:${two(offset % 60)}`;
    return { iso, instant };
  } catch {
    return null;
  }
}

/** The browser's own zone, or UTC. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Used where Intl.supportedValuesOf is missing (older browsers). */
const FALLBACK_ZONES = [
  "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "America/Bogota", "America/Chicago",
  "America/Denver", "America/Los_Angeles", "America/Mexico_City", "America/New_York", "America/Sao_Paulo",
  "Asia/Bangkok", "Asia/Dubai", "Asia/Kolkata", "Asia/Riyadh", "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo",
  "Australia/Sydney", "Europe/Berlin", "Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Paris",
  "Pacific/Auckland",
];

/** IANA zones to choose from, sorted, always with UTC and the browser's zone. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  let zones: string[];
  try {
    zones = intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  const all = new Set(zones.length > 0 ? zones : FALLBACK_ZONES);
  all.add("UTC");
  all.add(browserZone());
  return [...all].sort();
}
