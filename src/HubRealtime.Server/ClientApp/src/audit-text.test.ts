// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { auditActionText, auditDetails } from "./audit-text";
import { setLanguage } from "./i18n";

describe("audit entries in words", () => {
  afterEach(async () => {
    await setLanguage("en", false);
  });

  it("names every action and keeps an unknown one as stored", async () => {
    await setLanguage("en", false);
    expect(auditActionText("sign-in-failed")).toBe("Failed sign-in");
    expect(auditActionText("breakouts-opened")).toBe("Breakout rooms opened");
    expect(auditActionText("something-new")).toBe("something-new");
  });

  it("reads key=value details, colon details, instants and changes", async () => {
    await setLanguage("en", false);
    expect(auditDetails("title=Case team; role=Owner")).toEqual([
      { label: "Title", value: "Case team" },
      { label: "Role", value: "Owner" },
    ]);
    expect(auditDetails("agency role: member -> admin")).toEqual([{ label: "Agency role", value: "Member → Agency administrator" }]);
    expect(auditDetails("hub admin: False -> True")).toEqual([{ label: "Hub administrator", value: "No → Yes" }]);
    expect(auditDetails("count: 10")).toEqual([{ label: "Count", value: "10" }]);
    const [until] = auditDetails("until 2026-12-03T10:00:00.0000000+00:00");
    expect(until?.label).toBe("Until");
    expect(until?.value).not.toContain("2026-12-03T");
    expect(auditDetails("strange text")).toEqual([{ label: null, value: "strange text" }]);
    expect(auditDetails("")).toEqual([]);
  });

  it("translates labels and values with the language", async () => {
    await setLanguage("fr", false);
    expect(auditActionText("member-joined")).toBe("Membre ajouté");
    expect(auditDetails("role=Facilitator")).toEqual([{ label: "Rôle", value: "Animateur" }]);
  });
});
