import { afterEach, describe, expect, it, vi } from "vitest";
import {
  NO_CAPABILITIES,
  applyPresenceChange,
  capabilitiesAfterNotice,
  isKnownErrorCode,
  isValidRoomId,
  newUuid,
  normalizeRoomId,
  parseHubError,
  type PresenceChangedEvent,
  type PresenceUser,
  type RoomCapabilities,
} from "./protocol";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parseHubError", () => {
  it("takes code and text out of a HubException as SignalR surfaces it", () => {
    const error = new Error("An unexpected error occurred invoking 'SendMessage' on the server. HubException: rate_limited: Wait: then retry.");
    expect(parseHubError(error)).toEqual({ code: "rate_limited", text: "Wait: then retry." });
  });

  it("reads a string as well as an Error", () => {
    expect(parseHubError("HubException: muted: You are muted.")).toEqual({ code: "muted", text: "You are muted." });
  });

  it("is internal when the exception has no code", () => {
    expect(parseHubError(new Error("HubException: something broke"))).toEqual({ code: "internal", text: "something broke" });
    expect(parseHubError(new Error("HubException: :odd"))).toEqual({ code: "internal", text: ":odd" });
  });

  it("is null for anything else (connection and transport errors)", () => {
    expect(parseHubError(new Error("Invocation canceled due to the underlying connection being closed."))).toBeNull();
    expect(parseHubError(undefined)).toBeNull();
    expect(parseHubError({ message: "HubException: x: y" })).toBeNull();
  });
});

describe("error codes", () => {
  it("knows the protocol's codes only", () => {
    expect(isKnownErrorCode("not_in_room")).toBe(true);
    expect(isKnownErrorCode("outcome_unknown")).toBe(true);
    expect(isKnownErrorCode("Not_In_Room")).toBe(false);
    expect(isKnownErrorCode("teapot")).toBe(false);
  });
});

describe("room ids", () => {
  it("normalizes to trimmed lower case", () => {
    expect(normalizeRoomId("  Lobby-1 ")).toBe("lobby-1");
  });

  it.each(["a", "lobby", "room-42", "0", "a".repeat(64)])("accepts %s", (id) => {
    expect(isValidRoomId(id)).toBe(true);
  });

  it.each(["", "-a", "a-", "Lobby", "a_b", "a b", "a.b", "a".repeat(65), "é"])("refuses %j", (id) => {
    expect(isValidRoomId(id)).toBe(false);
  });
});

describe("newUuid", () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("is a fresh version 4 UUID", () => {
    const a = newUuid();
    expect(a).toMatch(UUID_V4);
    expect(newUuid()).not.toBe(a);
  });

  it("falls back to getRandomValues where randomUUID is missing (insecure context)", () => {
    vi.stubGlobal("crypto", { getRandomValues: (b: Uint8Array) => b.fill(0xff) });
    try {
      expect(newUuid()).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("capabilitiesAfterNotice", () => {
  const open: RoomCapabilities = { read: true, write: true, moderate: true, muted: false, closed: false, flags: ["delete-own", "other"] };
  const me = "Me@Example.org";

  it("a mute of me stops writing; an unmute gives it back", () => {
    const muted = capabilitiesAfterNotice(open, { type: "participant.muted", userId: "me@example.org", muted: true }, me);
    expect(muted).toEqual({ ...open, muted: true, write: false });
    expect(capabilitiesAfterNotice(muted, { type: "participant.unmuted", userId: "ME@EXAMPLE.ORG", muted: false }, me)).toEqual(open);
  });

  it("an unmute in a closed room does not give writing back", () => {
    const closedMuted = { ...open, closed: true, write: false, muted: true };
    expect(capabilitiesAfterNotice(closedMuted, { type: "participant.unmuted", userId: me, muted: false }, me).write).toBe(false);
  });

  it("a mute of someone else changes nothing", () => {
    expect(capabilitiesAfterNotice(open, { type: "participant.muted", userId: "bob@example.org", muted: true }, me)).toBe(open);
  });

  it("a closing breakout becomes read-only, without moderation or deleting one's own", () => {
    expect(capabilitiesAfterNotice(open, { type: "breakouts.closing" }, me)).toEqual({
      read: true, write: false, moderate: false, muted: false, closed: true, flags: ["other"],
    });
  });

  it("other notices change nothing", () => {
    expect(capabilitiesAfterNotice(NO_CAPABILITIES, { type: "broadcast", text: "hi", fromName: "F" }, me)).toBe(NO_CAPABILITIES);
  });
});

describe("applyPresenceChange", () => {
  const u = (userId: string): PresenceUser => ({ userId, displayName: userId, connections: 1 });
  const view = (version: number) => ({ users: new Map([["a", u("a")]]), epoch: "e", version });
  const delta = (fromVersion: number, version: number, epoch = "e"): PresenceChangedEvent =>
    ({ roomId: "r", epoch, fromVersion, version, joined: [u("b")], updated: [], left: ["a"] });

  it("applies a delta from any version up to the view's", () => {
    for (const from of [3, 5]) {
      const v = view(5);
      expect(applyPresenceChange(v, delta(from, 7))).toBe("applied");
      expect([...v.users.keys()]).toEqual(["b"]);
      expect(v.version).toBe(7);
    }
  });

  it("skips a delta the view contains", () => {
    const v = view(7);
    expect(applyPresenceChange(v, delta(5, 7))).toBe("stale");
    expect([...v.users.keys()]).toEqual(["a"]);
  });

  it("reports a gap for a later start or another epoch, changing nothing", () => {
    const v = view(5);
    expect(applyPresenceChange(v, delta(6, 7))).toBe("gap");
    expect(applyPresenceChange(v, delta(0, 9, "other"))).toBe("gap");
    expect(v.version).toBe(5);
    expect([...v.users.keys()]).toEqual(["a"]);
  });
});
