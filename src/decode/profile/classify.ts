/**
 * Which kind of profile this is (docs/domain/profiles.md §4.3). Apple writes no "kind" key; the portal's
 * choice shows only through devices, `ProvisionsAllDevices`, `get-task-allow` and the platform,
 * the same tells BSMobileProvision and fastlane read.
 */
import type { DeveloperCertificateKind, ProfileKind } from "../../model/profile.js";

export interface ProfileKindEvidence {
  /** The raw `Platform` array. */
  readonly platforms: readonly string[];
  readonly provisionedDeviceCount: number;
  readonly provisionsAllDevices: boolean;
  /** `Entitlements.get-task-allow` (iOS family); `undefined` when absent or not a Boolean. */
  readonly getTaskAllow: boolean | undefined;
  /** Kinds of the `DeveloperCertificates` (undefined for entries that are not certificates). */
  readonly certificateKinds: readonly (DeveloperCertificateKind | undefined)[];
  /** The entitlements name the app only by macOS's `com.apple.application-identifier`. */
  readonly macStyleAppId?: boolean;
}

const IOS_FAMILY_PLATFORMS: ReadonlySet<string> = new Set(["iOS", "xrOS", "visionOS", "tvOS", "watchOS"]);

export function classifyProfile(evidence: ProfileKindEvidence): ProfileKind {
  const mac = isMacProfile(evidence);
  if (evidence.provisionsAllDevices) return mac ? "developer-id" : "enterprise";
  if (evidence.provisionedDeviceCount > 0) {
    // macOS has no ad hoc distribution: a Mac profile with devices is always for development.
    if (mac) return "mac-development";
    if (evidence.getTaskAllow === true) return "development";
    if (evidence.getTaskAllow === false) return "ad-hoc";
    return kindFromCertificates(evidence.certificateKinds);
  }
  return mac ? "mac-app-store" : "app-store";
}

/**
 * `Platform` decides when present. Old profiles lack it; then a macOS-style app identifier or a
 * Developer ID certificate (which exists only on macOS) says Mac.
 */
function isMacProfile(evidence: ProfileKindEvidence): boolean {
  if (evidence.platforms.length > 0) {
    return evidence.platforms.includes("OSX") && !evidence.platforms.some((platform) => IOS_FAMILY_PLATFORMS.has(platform));
  }
  return evidence.macStyleAppId === true || evidence.certificateKinds.includes("developer-id");
}

/** With devices but no `get-task-allow`, the certificates are the remaining evidence. */
function kindFromCertificates(kinds: readonly (DeveloperCertificateKind | undefined)[]): ProfileKind {
  const known = kinds.filter((kind) => kind === "development" || kind === "distribution");
  if (known.length === 0) return "unknown";
  if (known.every((kind) => kind === "development")) return "development";
  if (known.every((kind) => kind === "distribution")) return "ad-hoc";
  return "unknown";
}
