import { describe, expect, it } from "vitest";
import { authorNames, authorsOf } from "./note-authors";

describe("authorsOf", () => {
  it("lists each author of the selected text once, in text order, ignoring bare line breaks", () => {
    const contents = {
      ops: [
        { insert: "Hello ", attributes: { author: "bo@x", bold: true } },
        { insert: "world", attributes: { author: "ann@x" } },
        { insert: "\n", attributes: { author: "cy@x" } },
        { insert: "again", attributes: { author: "bo@x" } },
        { insert: "unknown" },
      ],
    };
    expect(authorsOf(contents)).toEqual(["bo@x", "ann@x"]);
  });

  it("names them, falling back to the user id", () => {
    expect(authorNames(["bo@x", "ann@x"], new Map([["ann@x", "Ann"]]))).toEqual(["bo@x", "Ann"]);
  });
});
