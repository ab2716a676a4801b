import { describe, expect, it } from "vitest";
import type { RoomEvent } from "./protocol";
import { ChatEvents, ChatMethods, QUICK_REACTIONS, isMessage, isNotice } from "./room-events";

const base = { roomId: "lobby", seq: 1, time: "2026-12-03T12:00:00Z", actor: { userId: "bob@example.org", displayName: "Bob" } };

const events: Record<string, RoomEvent> = {
  message: { ...base, kind: "message", payload: { type: "message", clientMessageId: "c", text: "hi", replyToSeq: null, editedAt: null, deleted: false, reactions: [] } },
  edit: { ...base, kind: "edit", payload: { type: "edit", targetSeq: 1, text: "hi!" } },
  delete: { ...base, kind: "delete", payload: { type: "delete", targetSeq: 1 } },
  reaction: { ...base, kind: "reaction", payload: { type: "reaction", targetSeq: 1, emoji: "👍", added: true, reactions: [{ emoji: "👍", userIds: ["bob@example.org"] }] } },
  notice: {
    ...base,
    actor: { userId: "#system", displayName: "" },
    kind: "notice",
    payload: { type: "notice", noticeType: "broadcast", notice: { type: "broadcast", text: "Break in 5", fromName: "Facilitator" } },
  },
};

describe("room event guards", () => {
  it.each(Object.entries(events))("a %s event", (kind, e) => {
    expect(isMessage(e)).toBe(kind === "message");
    expect(isNotice(e)).toBe(kind === "notice");
  });

  it("go by the payload's type", () => {
    const e = events["message"] as RoomEvent;
    expect(isMessage({ ...e, payload: { type: "delete", targetSeq: 1 } } as RoomEvent)).toBe(false);
  });
});

describe("hub names of chat actions and presence (docs/protocol.md)", () => {
  it("methods", () => {
    expect(ChatMethods).toEqual({
      editMessage: "EditMessage",
      deleteMessage: "DeleteMessage",
      react: "React",
      mute: "MuteParticipant",
      typing: "Typing",
    });
  });

  it("events", () => {
    expect(ChatEvents).toEqual({ presence: "Presence", presenceChanged: "PresenceChanged", typing: "Typing" });
  });
});

describe("QUICK_REACTIONS", () => {
  it("are distinct emojis of 1 to 16 UTF-16 code units without spaces (the server's rule)", () => {
    expect(new Set(QUICK_REACTIONS).size).toBe(QUICK_REACTIONS.length);
    for (const emoji of QUICK_REACTIONS) {
      expect(emoji.length).toBeGreaterThanOrEqual(1);
      expect(emoji.length).toBeLessThanOrEqual(16);
      expect(emoji).toMatch(/\p{Extended_Pictographic}/u);
      expect(emoji).not.toMatch(/\s/);
    }
  });
});
