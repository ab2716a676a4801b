import { describe, expect, it } from "vitest";
import { parseRoute, routeHref, type Route } from "./routes";

describe("parseRoute", () => {
  it.each<[string, Route]>([
    ["", { page: "home" }],
    ["#", { page: "home" }],
    ["#/", { page: "home" }],
    ["#/room/lobby", { page: "room", roomId: "lobby" }],
    ["#/meetings", { page: "meetings" }],
    ["#/meeting/m-1", { page: "meeting", meetingId: "m-1", sessionId: "" }],
    ["#/meeting/m-1/s-2", { page: "meeting", meetingId: "m-1", sessionId: "s-2" }],
    ["#/groups", { page: "groups" }],
    ["#/groups/g-1", { page: "group", groupId: "g-1" }],
    ["#/agencies", { page: "agencies" }],
    ["#/agencies/a-1", { page: "agency", agencyId: "a-1" }],
    ["#/audit", { page: "audit" }],
    ["#/account", { page: "account" }],
    ["#/password", { page: "password" }],
    ["#/mfa", { page: "mfa" }],
    ["#/accept/tok3n", { page: "accept", token: "tok3n" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("accepts an address without the slash after #", () => {
    expect(parseRoute("#room/lobby")).toEqual({ page: "room", roomId: "lobby" });
  });

  it("decodes each part after splitting, so an encoded slash stays in the id", () => {
    expect(parseRoute("#/room/a%2Fb%20c")).toEqual({ page: "room", roomId: "a/b c" });
    expect(parseRoute("#/meeting/m%2F1/s%3F2")).toEqual({ page: "meeting", meetingId: "m/1", sessionId: "s?2" });
  });

  it("ignores parts beyond the ones a page takes", () => {
    expect(parseRoute("#/room/lobby/extra")).toEqual({ page: "room", roomId: "lobby" });
    expect(parseRoute("#/meetings/x")).toEqual({ page: "meetings" });
    expect(parseRoute("#/account/x/y")).toEqual({ page: "account" });
  });

  it("falls back when a page's id is missing", () => {
    expect(parseRoute("#/room")).toEqual({ page: "home" });
    expect(parseRoute("#/room/")).toEqual({ page: "home" });
    expect(parseRoute("#/meeting")).toEqual({ page: "meetings" });
    expect(parseRoute("#/meeting/")).toEqual({ page: "meetings" });
    expect(parseRoute("#/accept")).toEqual({ page: "home" });
  });

  it("treats unknown pages as home (page names are exact and lower case)", () => {
    for (const hash of ["#/nope", "#/Room/lobby", "#/group/g-1", "#/agency/a-1", "#/rooms", "#//room/lobby", "/room/lobby"]) {
      expect(parseRoute(hash), hash).toEqual({ page: "home" });
    }
  });

  it("decodes the page name like any part", () => {
    expect(parseRoute("#/%72oom/lobby")).toEqual({ page: "room", roomId: "lobby" });
  });

  it("treats a part with a malformed escape as absent", () => {
    expect(parseRoute("#/room/%E0%A4%A")).toEqual({ page: "home" });
    expect(parseRoute("#/room/100%")).toEqual({ page: "home" });
    expect(parseRoute("#/meeting/m-1/%ZZ")).toEqual({ page: "meeting", meetingId: "m-1", sessionId: "" });
    expect(parseRoute("#/meeting/%ZZ/s-1")).toEqual({ page: "meetings" });
    expect(parseRoute("#/%ZZ/lobby")).toEqual({ page: "home" });
  });
});

describe("routeHref", () => {
  it("builds the addresses", () => {
    expect(routeHref({ page: "home" })).toBe("#/");
    expect(routeHref({ page: "room", roomId: "lobby" })).toBe("#/room/lobby");
    expect(routeHref({ page: "meeting", meetingId: "m", sessionId: "" })).toBe("#/meeting/m");
    expect(routeHref({ page: "meeting", meetingId: "m", sessionId: "s" })).toBe("#/meeting/m/s");
    expect(routeHref({ page: "group", groupId: "g" })).toBe("#/groups/g");
    expect(routeHref({ page: "agency", agencyId: "a" })).toBe("#/agencies/a");
    expect(routeHref({ page: "accept", token: "t" })).toBe("#/accept/t");
    expect(routeHref({ page: "audit" })).toBe("#/audit");
  });

  it("encodes ids, so nothing in them reads as a separator", () => {
    expect(routeHref({ page: "room", roomId: "a/b c#d?e%" })).toBe("#/room/a%2Fb%20c%23d%3Fe%25");
  });

  const routes: Route[] = [
    { page: "home" },
    { page: "room", roomId: "lobby" },
    { page: "room", roomId: "a/b c#d?e%f" },
    { page: "room", roomId: "сад-花园-حديقة" },
    { page: "meetings" },
    { page: "meeting", meetingId: "m/1", sessionId: "" },
    { page: "meeting", meetingId: "m 1", sessionId: "s#2" },
    { page: "groups" },
    { page: "group", groupId: "g%1" },
    { page: "agencies" },
    { page: "agency", agencyId: "a/1" },
    { page: "audit" },
    { page: "account" },
    { page: "password" },
    { page: "mfa" },
    { page: "accept", token: "abc.DEF_-+/=" },
  ];

  it.each(routes)("round-trips %o", (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
