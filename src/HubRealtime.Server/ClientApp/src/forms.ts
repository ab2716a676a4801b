// Small helpers shared by the pages: API error wording, the password check, form lists.
import { ApiError } from "./api";
import { errorMessage, formatFullTime, t, type MessageKey } from "./i18n";

/** A message a person can act on for a failed API call. */
export function apiErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t("error.network");
  if (error.code === "network") return t("error.network");
  if (error.code === "locked_out") {
    const until = typeof error.extra["lockedUntil"] === "string" ? error.extra["lockedUntil"] : null;
    return until ? t("error.locked_out_until", { time: formatFullTime(until) }) : errorMessage("locked_out");
  }
  if (error.code === "invalid_argument" && error.detail) return t("error.invalid_input", { detail: error.detail });
  return errorMessage(error.code);
}

/** The local check of the password policy (the server has the last word): 12–256 characters. */
export function passwordProblem(password: string, confirm: string): MessageKey | null {
  if (password.length < 12 || password.length > 256) return "error.password_policy";
  if (password !== confirm) return "password.mismatch";
  return null;
}

/** Items separated by line breaks, commas or semicolons, trimmed, without empty ones. */
export function splitList(value: string): string[] {
  return value.split(/[\n,;]+/).map((s) => s.trim()).filter((s) => s.length > 0);
}
