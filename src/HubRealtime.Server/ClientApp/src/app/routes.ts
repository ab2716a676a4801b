// The addresses of the app (#/...): parsed into a typed route, and built back from one.

export type Route =
  | { page: "home" }
  | { page: "room"; roomId: string }
  | { page: "meetings" }
  | { page: "meeting"; meetingId: string; sessionId: string }
  | { page: "groups" }
  | { page: "group"; groupId: string }
  | { page: "agencies" }
  | { page: "agency"; agencyId: string }
  | { page: "audit" }
  | { page: "account" }
  | { page: "password" }
  | { page: "mfa" }
  | { page: "accept"; token: string };

/** The route of a location hash ("#/room/lobby"); anything unknown is the home page. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").map(decodePart);
  const [page = "", arg = "", extra = ""] = parts;
  switch (page) {
    case "room":
      return arg ? { page, roomId: arg } : { page: "home" };
    case "meetings":
    case "audit":
    case "account":
    case "password":
    case "mfa":
      return { page };
    case "meeting":
      return arg ? { page, meetingId: arg, sessionId: extra } : { page: "meetings" };
    case "groups":
      return arg ? { page: "group", groupId: arg } : { page: "groups" };
    case "agencies":
      return arg ? { page: "agency", agencyId: arg } : { page: "agencies" };
    case "accept":
      return arg ? { page, token: arg } : { page: "home" };
    default:
      return { page: "home" };
  }
}

/** The address of a route, for links and navigation. */
export function routeHref(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case "home":
      return "#/";
    case "room":
      return `#/room/${e(route.roomId)}`;
    case "meeting":
      return route.sessionId ? `#/meeting/${e(route.meetingId)}/${e(route.sessionId)}` : `#/meeting/${e(route.meetingId)}`;
    case "group":
      return `#/groups/${e(route.groupId)}`;
    case "agency":
      return `#/agencies/${e(route.agencyId)}`;
    case "accept":
      return `#/accept/${e(route.token)}`;
    default:
      return `#/${route.page}`;
  }
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return ""; // a malformed escape in a pasted address: treat the part as absent
  }
}
