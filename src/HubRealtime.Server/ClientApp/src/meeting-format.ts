// How the meeting pages write times: the meeting's range in its own zone, the countdown's clock.
import { currentLanguage } from "./i18n";

/** mm:ss, or h:mm:ss from an hour on. */
export function formatClock(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const two = (n: number): string => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** The meeting's dates in its own time zone, in the chosen language. */
export function formatRange(startsAt: string, endsAt: string, timeZone: string): string {
  try {
    const f = new Intl.DateTimeFormat(currentLanguage().locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    return f.formatRange(new Date(startsAt), new Date(endsAt));
  } catch {
    return `${startsAt} – ${endsAt}`;
  }
}

/** One round of a session's record: its rooms' outcomes, and when it ran. */
export interface RecordRound<T> {
  /** 1, 2, ...; 0 for outcomes stored before rounds were recorded. */
  round: number;
  openedAt: string | null;
  closedAt: string;
  rooms: T[];
}

/** The session's outcomes (oldest first) as rounds, oldest first, each room in the order it was given. */
export function outcomesByRound<T extends { round?: number | undefined; openedAt?: string | null | undefined; closedAt: string }>(outcomes: readonly T[]): RecordRound<T>[] {
  const rounds = new Map<number, RecordRound<T>>();
  for (const o of outcomes) {
    const round = o.round ?? 0;
    let r = rounds.get(round);
    if (!r) {
      r = { round, openedAt: o.openedAt ?? null, closedAt: o.closedAt, rooms: [] };
      rounds.set(round, r);
    }
    r.rooms.push(o);
    if (o.closedAt > r.closedAt) r.closedAt = o.closedAt;
  }
  return [...rounds.values()].sort((a, b) => a.round - b.round);
}

/** When a round ran ("10:00 – 10:20"), in the meeting's zone; just its end when its start is not known. */
export function formatTimeRange(from: string | null, to: string, timeZone: string): string {
  try {
    const f = new Intl.DateTimeFormat(currentLanguage().locale, { timeStyle: "short", timeZone });
    return from ? f.formatRange(new Date(from), new Date(to)) : f.format(new Date(to));
  } catch {
    return from ? `${from} – ${to}` : to;
  }
}
