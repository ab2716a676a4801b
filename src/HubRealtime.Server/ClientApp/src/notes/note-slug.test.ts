import { describe, expect, it } from "vitest";
import { slugOf, uniqueDoc } from "./note-slug";

describe("slugOf", () => {
  it("keeps a–z, 0–9 and single hyphens", () => {
    expect(slugOf("Budget 2027 – Draft!")).toBe("budget-2027-draft");
    expect(slugOf("Réunion d'équipe")).toBe("reunion-d-equipe");
  });

  it("cuts to 32 characters and never ends in a hyphen", () => {
    const slug = slugOf("a very long title of a note that goes on and on");
    expect(slug.length).toBeLessThanOrEqual(32);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("gives a name to titles with nothing to keep", () => {
    expect(slugOf("会议记录")).toBe("note");
  });
});

describe("uniqueDoc", () => {
  it("adds a number when the doc is taken, within 32 characters", () => {
    expect(uniqueDoc("Main", ["main"])).toBe("main-2");
    expect(uniqueDoc("Plan", ["main", "plan", "plan-2"])).toBe("plan-3");
    const long = "x".repeat(40);
    const doc = uniqueDoc(long, ["x".repeat(32)]);
    expect(doc).toBe(`${"x".repeat(30)}-2`);
  });
});
