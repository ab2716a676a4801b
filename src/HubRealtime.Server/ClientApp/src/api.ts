// HTTP calls to the server: cookie session, antiforgery header on state-changing requests, ProblemDetails errors.

export interface Profile {
  email: string;
  displayName: string;
  agencyId: string | null;
  agencyRole: "member" | "admin";
  isHubAdmin: boolean;
  status: string;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface Me {
  profile: Profile;
  mustChangePassword: boolean;
  mfaEnrolmentRequired: boolean;
}

export interface SignInAnswer {
  status: "signed-in" | "second-factor-required";
  profile?: Profile;
}

/** A failed request: the ProblemDetails `code` (or one made up from the status) and its details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

let xsrf: { token: string; header: string } | null = null;

/** Called when the server says the session must first change its password or enrol MFA (e.g. just made a group owner). */
let onRestricted: (() => void) | null = null;

export function setRestrictedHandler(handler: () => void): void {
  onRestricted = handler;
}

const restrictedCodes = new Set(["mfa_enrolment_required", "password_change_required"]);

/** Called when a call outside the sign-in steps answers 401: the session ended (signed out elsewhere, expired). */
let onUnauthorized: (() => void) | null = null;

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Fetches a fresh antiforgery token (it is bound to the identity: call again after each sign-in step). */
async function refreshAntiforgery(): Promise<void> {
  const answer = await request<{ requestToken: string; headerName: string }>("GET", "/api/auth/antiforgery");
  xsrf = { token: answer.requestToken, header: answer.headerName };
}

function codeForStatus(status: number): string {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "internal";
  return "invalid_argument";
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const changing = method !== "GET" && method !== "HEAD";
  if (changing) {
    if (!xsrf) await refreshAntiforgery();
    if (xsrf) headers[xsrf.header] = xsrf.token;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.json()) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status only
  }
  const code = typeof problem["code"] === "string" ? problem["code"] : codeForStatus(response.status);
  const detail = typeof problem["detail"] === "string" ? problem["detail"]
    : typeof problem["title"] === "string" ? problem["title"] : `HTTP ${response.status}`;
  if (response.status === 403 && restrictedCodes.has(code)) onRestricted?.();
  // The sign-in steps and /me answer 401 as part of their work; anywhere else it means the session is gone.
  if (response.status === 401 && !url.startsWith("/api/auth/")) onUnauthorized?.();
  throw new ApiError(response.status, code, detail, problem);
}

export const get = <T>(url: string): Promise<T> => request<T>("GET", url);
export const post = <T>(url: string, body?: unknown): Promise<T> => request<T>("POST", url, body ?? {});
export const del = <T>(url: string): Promise<T> => request<T>("DELETE", url);

export const seg = encodeURIComponent;

// ---- auth ---------------------------------------------------------------------------------------
export async function me(): Promise<Me | null> {
  try {
    return await get<Me>("/api/auth/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<SignInAnswer> {
  await refreshAntiforgery();
  const answer = await post<SignInAnswer>("/api/auth/sign-in", { email, password });
  await refreshAntiforgery();
  return answer;
}

export async function secondFactor(code: string): Promise<SignInAnswer> {
  const answer = await post<SignInAnswer>("/api/auth/second-factor", { code });
  await refreshAntiforgery();
  return answer;
}

export async function signOut(everywhere: boolean): Promise<void> {
  await post(everywhere ? "/api/auth/sign-out-everywhere" : "/api/auth/sign-out");
  xsrf = null;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<SignInAnswer> {
  const answer = await post<SignInAnswer>("/api/auth/password", { currentPassword, newPassword });
  await refreshAntiforgery();
  return answer;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export const beginMfa = (): Promise<MfaEnrolment> => post<MfaEnrolment>("/api/auth/mfa/begin");

export async function confirmMfa(code: string): Promise<string[]> {
  const answer = await post<{ recoveryCodes: string[] }>("/api/auth/mfa/confirm", { code });
  await refreshAntiforgery();
  return answer.recoveryCodes;
}

// ---- invitations ----------------------------------------------------------------------------------
export interface InvitationInfo {
  agencyId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
}

export const getInvitation = (token: string): Promise<InvitationInfo> => get(`/public/invitations/${seg(token)}`);

export const acceptInvitation = (token: string, displayName: string, password: string): Promise<unknown> =>
  post(`/public/invitations/${seg(token)}/accept`, { displayName, password });

// ---- working groups ---------------------------------------------------------------------------------
export interface GroupInfo {
  groupId: string;
  title: string;
  roomId: string;
  createdAt: string;
  createdBy: string;
}

export interface GroupMember {
  email: string;
  displayName?: string;
  role: string;
}

// ---- administration -----------------------------------------------------------------------------------
export interface AgencyInfo {
  agencyId: string;
  name: string;
  country: string;
  kind: string;
  active: boolean;
  createdAt: string;
}

export interface AgencyMember {
  email: string;
  displayName: string;
  role: "member" | "admin";
  active: boolean;
}

export interface Invitation {
  invitationId: string;
  agencyId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
  invitedBy: string;
}

export interface AuditEntry {
  scope: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface AuditVerification {
  scope: string;
  valid: boolean;
  entriesChecked: number;
  firstInvalidSeq: number | null;
  problem: string | null;
}
