/**
 * The profile's `Entitlements` dict as an allowlist (TN3125 "Entitlements"; docs/domain/profiles.md §4.4):
 * every key the signature claims must be there; array values must be a subset, element-wise;
 * string values must equal or wildcard-match; `TEAMID.*` and `*` match by prefix. Wildcards mean
 * something only in the profile, never in the signature (see `profile/wildcard-in-signature`).
 */
import { entryOf, isArray, isString, type PlistValue } from "../../model/plist.js";
import type { ProvisioningProfile } from "../../model/profile.js";

/** A profile value (`TEAMID.*`, `*`, `com.example.*`, or exact) allows `claimed`. */
export function wildcardAllows(allowed: string, claimed: string): boolean {
  if (allowed === "*") return true;
  if (allowed.endsWith("*")) return claimed.startsWith(allowed.slice(0, -1));
  return allowed === claimed;
}

/** The strings a profile value allows: an array's strings, or a lone string. */
function allowedStrings(value: PlistValue): string[] | undefined {
  if (isString(value)) return [value.value];
  if (isArray(value)) return value.items.filter(isString).map((item) => item.value);
  return undefined;
}

export type Allowance = "allowed" | "missing-key" | "value-not-allowed";

/** Whether `profile` allows the entitlement `key`, and (for strings) the value `claimed`. */
export function profileAllowsKey(profile: ProvisioningProfile, key: string): boolean {
  return entryOf(profile.entitlements, key) !== undefined;
}

export function profileAllowsString(profile: ProvisioningProfile, key: string, claimed: string): Allowance {
  const entry = entryOf(profile.entitlements, key);
  if (!entry) return "missing-key";
  const allowed = allowedStrings(entry.value);
  if (!allowed) return "value-not-allowed";
  return allowed.some((value) => wildcardAllows(value, claimed)) ? "allowed" : "value-not-allowed";
}

export function profileAllowsBoolean(profile: ProvisioningProfile, key: string, claimed: boolean): Allowance {
  const entry = entryOf(profile.entitlements, key);
  if (!entry) return claimed ? "missing-key" : "allowed";
  if (!claimed) return "allowed";
  // Profiles grant some Boolean entitlements as `*` or a string; only an explicit `<false/>` refuses.
  return entry.value.type === "Boolean" && !entry.value.value ? "value-not-allowed" : "allowed";
}
