// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { effect } from "@preact/signals";
import { errorMessage, setLanguage, t, tKnown } from "./i18n";

const n = (locale: string, value: number) => new Intl.NumberFormat(locale).format(value);

describe("ICU messages", () => {
  afterEach(async () => {
    await setLanguage("en", false);
  });

  it("uses English plural forms", async () => {
    await setLanguage("en", false);
    expect(t("console.memberCount", { count: 1 })).toBe("1 person");
    expect(t("console.memberCount", { count: 2 })).toBe("2 people");
    expect(t("outcomes.meta", { members: 1, messages: 1200 })).toBe("1 person · 1,200 messages");
  });

  it("uses the four Russian forms", async () => {
    await setLanguage("ru", false);
    expect(t("console.memberCount", { count: 1 })).toBe("1 человек");
    expect(t("console.memberCount", { count: 3 })).toBe("3 человека");
    expect(t("console.memberCount", { count: 5 })).toBe("5 человек");
    expect(t("console.memberCount", { count: 21 })).toBe("21 человек");
    expect(t("notice.warning", { minutes: 2 })).toBe("До закрытия комнат осталось 2 минуты.");
  });

  it("uses the six Arabic forms, with Arabic digits where the locale has them", async () => {
    await setLanguage("ar", false);
    expect(t("console.memberCount", { count: 0 })).toBe("لا أحد");
    expect(t("console.memberCount", { count: 1 })).toBe("شخص واحد");
    expect(t("console.memberCount", { count: 2 })).toBe("شخصان");
    expect(t("console.memberCount", { count: 3 })).toBe(`${n("ar", 3)} أشخاص`);
    expect(t("console.memberCount", { count: 11 })).toBe(`${n("ar", 11)} شخصًا`);
    expect(t("console.memberCount", { count: 100 })).toBe(`${n("ar", 100)} شخص`);
    expect(document.documentElement.dir).toBe("rtl");
  });

  it("keeps tags and markup in arguments as text", async () => {
    await setLanguage("en", false);
    expect(t("error.unknown", { code: "<b>x</b>" })).toContain("<b>x</b>");
  });

  it("re-runs whatever read a string when the language changes", async () => {
    await setLanguage("en", false);
    const seen: string[] = [];
    const stop = effect(() => {
      seen.push(t("nav.signOut"));
    });
    await setLanguage("fr", false);
    stop();
    expect(seen).toEqual(["Sign out", "Se déconnecter"]);
  });

  it("isolates names where direction can mix", async () => {
    await setLanguage("en", false);
    expect(t("typing.one", { name: "Bob" })).toBe("Bob is typing…");
    expect(t("typing.one", { name: "رنا" })).toBe("\u2068رنا\u2069 is typing…");
    await setLanguage("ar", false);
    expect(t("typing.one", { name: "(Interpol)" })).toContain("\u2068(Interpol)\u2069");
    expect(t("console.defaultRoomName", { n: "1" })).not.toContain("\u2068");
  });

  it("falls back for keys made at run time", async () => {
    await setLanguage("en", false);
    expect(tKnown("role.nonsense", "raw")).toBe("raw");
    expect(errorMessage("no_such_code")).toBe(t("error.unknown", { code: "no_such_code" }));
  });
});
