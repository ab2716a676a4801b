// The 12-colour palette of the notes: the server gives each user in a note an index (NoteCursor.color);
// authors not seen with one get an index from their id, so every author keeps one colour in this tab.
const NOTE_PALETTE = [
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e377c2", "#8c564b",
  "#ff7f0e", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
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
