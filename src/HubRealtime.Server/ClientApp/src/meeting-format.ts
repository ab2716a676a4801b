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
