import { describe, expect, it } from "vitest";
import { mentionQuery, mentionedIds, mentions, mentionsPerson, safeHref, segments, suggest } from "./rich-text";

const ann = { userId: "ann@a.example", displayName: "Ann Lee" };
const anna = { userId: "anna@b.example", displayName: "Anna" };

describe("links", () => {
  it("links http, https and mailto only", () => {
    expect(segments("see https://example.org/a?b=1 now")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { kind: "text", text: " now" },
    ]);
    expect(segments("mail mailto:x@y.example")[1]).toEqual({ kind: "link", text: "mailto:x@y.example", href: "mailto:x@y.example" });
    expect(segments("javascript:alert(1) and data:text/html,hi and ftp://x.org")).toEqual([
      { kind: "text", text: "javascript:alert(1) and data:text/html,hi and ftp://x.org" },
    ]);
  });

  it("refuses what is not a safe address", () => {
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("http://")).toBeNull();
    expect(safeHref("https://ok.example/x")).toBe("https://ok.example/x");
  });

  it("leaves sentence punctuation outside and keeps balanced parentheses", () => {
    expect(segments("go to http://a.example/x.")[1]).toMatchObject({ text: "http://a.example/x" });
    expect(segments("(see https://a.example/b)")[1]).toMatchObject({ text: "https://a.example/b" });
    expect(segments("https://en.wikipedia.org/wiki/Foo_(bar), ok")[0]).toMatchObject({ text: "https://en.wikipedia.org/wiki/Foo_(bar)" });
  });

  it("keeps a quote or angle bracket out of the address", () => {
    const s = segments('x "https://a.example/"><b>');
    expect(s.find((p) => p.kind === "link")).toMatchObject({ href: "https://a.example/" });
  });
});

describe("mentions", () => {
  it("finds the longest matching name, case-insensitively, on a word boundary", () => {
    expect(segments("hi @ann lee, and @Anna!", [anna, ann])).toEqual([
      { kind: "text", text: "hi " },
      { kind: "mention", text: "@ann lee", userId: ann.userId },
      { kind: "text", text: ", and " },
      { kind: "mention", text: "@Anna", userId: anna.userId },
      { kind: "text", text: "!" },
    ]);
    expect(segments("@Annabel", [anna])).toEqual([{ kind: "text", text: "@Annabel" }]);
    expect(segments("mail ann@Anna", [anna])).toEqual([{ kind: "text", text: "mail ann@Anna" }]);
  });

  it("matches names in any script", () => {
    const arabic = { userId: "r@x.example", displayName: "رنا" };
    expect(mentions("مرحبا @رنا", arabic)).toBe(true);
    expect(mentions("مرحبا رنا", arabic)).toBe(false);
  });

  it("reads the query being typed before the caret", () => {
    expect(mentionQuery("hello @An", 9)).toEqual({ start: 6, query: "An" });
    expect(mentionQuery("hello @Ann L", 12)).toEqual({ start: 6, query: "Ann L" });
    expect(mentionQuery("mail x@y", 8)).toBeNull();
    expect(mentionQuery("no at here", 10)).toBeNull();
  });

  it("suggests names that start with the query, then word starts", () => {
    const bob = { userId: "b", displayName: "Bob Annan" };
    expect(suggest([bob, ann, anna], "ann").map((p) => p.displayName)).toEqual(["Ann Lee", "Anna", "Bob Annan"]);
    expect(suggest([bob, ann, anna], "zz")).toEqual([]);
  });
});

describe("structured mentions", () => {
  const ann = { userId: "ann@x", displayName: "Ann Lee" };
  const bo = { userId: "bo@x", displayName: "Bo" };
  it("sends the ids of completed people still mentioned in the text, once each", () => {
    expect(mentionedIds("@Ann Lee and @Bo, @Ann Lee", [ann, bo, ann])).toEqual(["ann@x", "bo@x"]);
    expect(mentionedIds("only @Bo now", [ann, bo])).toEqual(["bo@x"]);
  });
  it("notifies from the structured field, and from the text for older messages", () => {
    expect(mentionsPerson({ text: "@Ann Lee hi", mentions: ["bo@x"] }, ann)).toBe(false);
    expect(mentionsPerson({ text: "hi", mentions: ["ann@x"] }, ann)).toBe(true);
    expect(mentionsPerson({ text: "@Ann Lee hi" }, ann)).toBe(true);
  });
});
