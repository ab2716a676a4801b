import { describe, expect, it } from "vitest";
import { authorColour, learnColour, paletteColour } from "./note-colours";

describe("note colours", () => {
  it("gives an author the server's index once known, else a stable one from the id", () => {
    const first = authorColour("someone@example.org");
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(12);
    expect(authorColour("someone@example.org")).toBe(first);
    learnColour("someone@example.org", (first + 5) % 12);
    expect(authorColour("someone@example.org")).toBe((first + 5) % 12);
    learnColour("someone@example.org", 12); // out of the palette: ignored
    expect(authorColour("someone@example.org")).toBe((first + 5) % 12);
  });

  it("maps indexes to the palette", () => {
    expect(paletteColour(1)).toBe("#b3261e");
    expect(paletteColour(99)).toBe(paletteColour(0));
  });
});
