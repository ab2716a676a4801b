// App-wide state as signals: where we are (route), who is signed in (me), and which step the session
// needs first (gate). Components read these; only the functions here write them.
import { signal, computed } from "@preact/signals";
import * as api from "../api";
import { parseRoute, routeHref, type Route } from "./routes";

export const route = signal<Route>(parseRoute(window.location.hash));

/** What the page shows before any route: the session decides (sign-in, forced steps) or the route does. */
export type Gate =
  | { step: "loading" }
  | { step: "signin"; error: api.ApiError | null }
  | { step: "password" }
  | { step: "mfa" }
  | { step: "ready" };

export const gate = signal<Gate>({ step: "loading" });
export const me = signal<api.Me | null>(null);
export const profile = computed(() => me.value?.profile ?? null);

/** After accepting an invitation, the sign-in page fills in this e-mail and says the account is ready. */
export const acceptedEmail = signal<string | null>(null);

export function navigate(to: Route | string): void {
  const href = typeof to === "string" ? to : routeHref(to);
  if (window.location.hash === href) route.value = parseRoute(href);
  else window.location.hash = href;
}

// Navigating does not re-read the session: a network blip then would send a signed-in reader to the sign-in
// page. An ended session shows itself instead: any call answering 401, or the hub refusing the connection.
window.addEventListener("hashchange", () => {
  route.value = parseRoute(window.location.hash);
  // The invitation page needs no session, so none was read: leaving it is the first time one is needed.
  if (gate.value.step === "loading" && route.value.page !== "accept") void refreshSession();
});

const signedOutListeners: Array<() => Promise<void> | void> = [];

/** Work to undo when the session ends (leave rooms, close the connection). */
export function onSignedOut(listener: () => Promise<void> | void): void {
  signedOutListeners.push(listener);
}

/** Sets the gate only when it changes, so pages that depend on it do not show themselves again. */
function setGate(next: Gate): void {
  const now = gate.value;
  const same = now.step === next.step && (now.step !== "signin" || (next.step === "signin" && now.error === next.error));
  if (!same) gate.value = next;
}

let turn = 0;

/** Asks the server who we are and what the session must do first; sets me and gate. */
export async function refreshSession(): Promise<void> {
  const mine = ++turn;
  if (route.value.page === "accept") return; // the invitation page needs no session
  const wasSignedIn = me.value !== null;
  let current: api.Me | null;
  try {
    current = await api.me();
  } catch (error) {
    if (mine !== turn) return;
    // Restricted sessions still read /me; anything else here is the network or the server. A reader who is
    // signed in stays where they are (the connection's banner says it is offline); otherwise sign-in says why.
    if (me.value) return;
    setGate({ step: "signin", error: error instanceof api.ApiError ? error : null });
    return;
  }
  if (mine !== turn) return;
  if (!current) {
    if (me.value) await endSession();
    // A session that ended under a signed-in reader says so, whichever of the paths that noticed it got here first.
    setGate({ step: "signin", error: wasSignedIn ? new api.ApiError(401, "unauthenticated", "") : null });
    return;
  }
  if (me.value && me.value.profile.email !== current.profile.email) await endSession();
  me.value = current;
  if (current.mustChangePassword) setGate({ step: "password" });
  else if (current.mfaEnrolmentRequired) setGate({ step: "mfa" });
  else setGate({ step: "ready" });
}

async function endSession(): Promise<void> {
  for (const listener of signedOutListeners) await listener();
  me.value = null;
}

/** Signed out here (or everywhere): leave everything and show the sign-in page at home. */
export async function signedOut(): Promise<void> {
  ++turn; // a session read in flight must not call this a session that ended
  await endSession();
  gate.value = { step: "signin", error: null };
  navigate({ page: "home" });
}

/** The server no longer accepts the session: back to the sign-in page, saying why. */
export async function sessionEnded(): Promise<void> {
  ++turn; // a session read in flight would answer for the ended session
  await endSession();
  gate.value = { step: "signin", error: new api.ApiError(401, "unauthenticated", "") };
}

// Back to the tab: the session may have changed meanwhile (another tab enrolled MFA, a role was taken away).
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && gate.value.step === "ready") void refreshSession();
});

// A role that needs MFA can arrive mid-session (made a group owner): the gate shows the forced step.
api.setRestrictedHandler(() => void refreshSession());
api.setUnauthorizedHandler(() => void refreshSession());
