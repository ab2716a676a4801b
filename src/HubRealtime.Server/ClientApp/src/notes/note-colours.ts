// The 12-colour palette of the notes: the server gives each user in a note an index (NoteCursor.color);
// authors not seen with one get an index from their id. Each is dark enough for white text (cursor names,
// contrast ≥ 5:1) and, at 24 %, a light background for the authorship colours. Keep styles.css in step.
const NOTE_PALETTE = [
  "#1f5fa8", "#b3261e", "#2e7d32", "#6a3d9a", "#ad1457", "#795548",
  "#b34d00", "#00796b", "#6d6a00", "#546e7a", "#303f9f", "#33691e",
] as const;

const known = new Map<string, number>();

/** The index the server gave this user (0–11). */
export function learnColour(userId: string, color: number): void {
  if (Number.isInteger(color) && color >= 0 && color < NOTE_PALETTE.length) known.set(userId, color);
}

/** The palette index of an author. */
export function authorColour(userId: string): number {
  const given = known.get(userId);
  if (given !== undefined) return given;
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return Math.abs(hash) % NOTE_PALETTE.length;
}

/** The CSS colour of a palette index (out of range: the first). */
export function paletteColour(index: number): string {
  return NOTE_PALETTE[index] ?? NOTE_PALETTE[0];
}
