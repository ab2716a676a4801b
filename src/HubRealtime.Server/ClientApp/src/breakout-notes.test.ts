import { describe, expect, it } from "vitest";
import { NOTE_TEMPLATE_MAX, checkNoteTemplate, outcomeNote } from "./breakout-notes";

describe("checkNoteTemplate", () => {
  it("sends lines as \\n without trailing blank lines, and nothing for an empty box", () => {
    expect(checkNoteTemplate("What worked?\r\nWhat did not?\n\n")).toEqual({ ok: true, template: "What worked?\nWhat did not?" });
    expect(checkNoteTemplate("  \n ")).toEqual({ ok: true, template: null });
    expect(checkNoteTemplate("")).toEqual({ ok: true, template: null });
  });

  it("refuses what the server refuses: too long, or control characters but line breaks", () => {
    expect(checkNoteTemplate("q".repeat(NOTE_TEMPLATE_MAX))).toEqual({ ok: true, template: "q".repeat(NOTE_TEMPLATE_MAX) });
    expect(checkNoteTemplate("q".repeat(NOTE_TEMPLATE_MAX + 1))).toEqual({ ok: false, problem: "tooLong" });
    expect(checkNoteTemplate("Tab\there")).toEqual({ ok: false, problem: "control" });
    expect(checkNoteTemplate("bell\u0007")).toEqual({ ok: false, problem: "control" });
    expect(checkNoteTemplate("lone\rreturn")).toEqual({ ok: false, problem: "control" });
  });
});

describe("outcomeNote", () => {
  it("links a room with a note to its page, with the note's final revision", () => {
    expect(outcomeNote({ roomId: "m-m1-s1-r1-2", noteRev: 7 })).toEqual({ rev: 7, href: "#/room/m-m1-s1-r1-2" });
  });

  it("shows nothing for a room whose note nobody wrote in (or an outcome recorded before notes)", () => {
    expect(outcomeNote({ roomId: "m-m1-s1-r1-2", noteRev: 0 })).toBeNull();
    expect(outcomeNote({ roomId: "m-m1-s1-r1-2" })).toBeNull();
  });
});
