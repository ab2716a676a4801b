import type { Profile } from "../api";

/** Where an administrator's "Agencies" link goes: every agency for the hub, their own for an agency admin. */
export function adminHome(profile: Profile | null): string | null {
  if (!profile) return null;
  if (profile.isHubAdmin) return "#/agencies";
  if (profile.agencyRole === "admin" && profile.agencyId) return `#/agencies/${encodeURIComponent(profile.agencyId)}`;
  return null;
}
