/**
 * Which profile speaks for a target, and how a profile names itself in messages.
 *
 * A built bundle has one embedded profile and it decides. Beside source targets there may be
 * several (one per distribution, as in home-assistant's Configuration/Provisioning); a rule then
 * narrows them to the ones whose App ID matches the bundle ID, and only reports what all of them say.
 */
import { hasPlaceholder } from "../../model/plist.js";
import type { ProvisioningProfile } from "../../model/profile.js";
import type { Target } from "../../model/target.js";

/** `"Name"` as Xcode quotes it, or the file name when the profile has no `Name`. */
export function profileLabel(profile: ProvisioningProfile): string {
  return profile.name ?? profile.document.file.path.split("/").pop() ?? profile.document.file.path;
}

/** Several profiles as one phrase: `"A"` or `"A", "B"`. */
export function profilesLabel(profiles: readonly ProvisioningProfile[]): string {
  return profiles.map((profile) => profileLabel(profile)).join("\", \"");
}

/** `TEAMID.com.example.*` → { prefix: TEAMID, pattern: com.example.* }. */
export function splitAppId(appId: string): { prefix: string; pattern: string } | undefined {
  const dot = appId.indexOf(".");
  if (dot <= 0) return undefined;
  return { prefix: appId.slice(0, dot), pattern: appId.slice(dot + 1) };
}

/** A profile App ID pattern (`com.example.app`, `com.example.*`, `*`) against a bundle ID. */
export function appIdPatternMatches(pattern: string, bundleId: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return bundleId.startsWith(pattern.slice(0, -1));
  return pattern === bundleId;
}

/** The profile's App ID covers `bundleId`; undefined when either side is unknown. */
export function profileMatchesBundleId(profile: ProvisioningProfile, bundleId: string | undefined): boolean | undefined {
  if (!profile.appId || !bundleId || hasPlaceholder(bundleId) || hasPlaceholder(profile.appId)) return undefined;
  const split = splitAppId(profile.appId);
  return split ? appIdPatternMatches(split.pattern, bundleId) : undefined;
}

/**
 * The profiles that may sign this target: the embedded one; else those whose App ID matches the
 * bundle ID (all of them when none match or the bundle ID is unknown).
 */
export function candidateProfiles(target: Target): ProvisioningProfile[] {
  if (target.profiles.length === 0) return [];
  if (target.embeddedProfile) return target.profiles.slice(0, 1);
  const bundleId = target.bundleId?.value;
  const matching = target.profiles.filter((profile) => profileMatchesBundleId(profile, bundleId) === true);
  return matching.length > 0 ? matching : target.profiles;
}

/** The one profile that certainly belongs to the target: embedded, or the only one beside it. */
export function soleProfile(target: Target): ProvisioningProfile | undefined {
  if (target.embeddedProfile || target.profiles.length === 1) return target.profiles[0];
  return undefined;
}
