// The page area: the page for the session's gate (sign-in, forced steps) or, once ready, the route.
import { useEffect } from "preact/hooks";
import type { JSX } from "preact";
import { hideLegacyPages, showLegacyPage } from "../legacy";
import { AccountPage } from "../pages/AccountPage";
import type { Route } from "./routes";
import { gate, route, type Gate } from "./state";

/** The component of a page that has one; null while the page is still one of index.html's sections. */
function pageFor(r: Route, g: Gate): JSX.Element | null {
  if (r.page === "accept" || g.step !== "ready") return null;
  switch (r.page) {
    case "account":
      return <AccountPage />;
    default:
      return null;
  }
}

export function Pages() {
  const r = route.value;
  const g = gate.value;
  const page = pageFor(r, g);
  const legacy = page === null;
  useEffect(() => {
    if (legacy) void showLegacyPage(r, g);
    else hideLegacyPages(r);
  }, [r, g, legacy]);
  return page;
}
