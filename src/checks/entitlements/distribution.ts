/**
 * How a target is distributed: `--distribution`/config when given, else what its profile says.
 * Apple writes no "distribution" key; the profile's kind (devices, ProvisionsAllDevices,
 * get-task-allow, platform) is the evidence Xcode's own export uses (docs/domain/profiles.md §4.3).
 */
import type { ProfileKind, ProvisioningProfile } from "../../model/profile.js";
import type { Distribution, Fact, Target } from "../../model/target.js";

const DISTRIBUTION_OF_KIND: Readonly<Record<ProfileKind, Distribution | undefined>> = {
  development: "development",
  "mac-development": "development",
  "ad-hoc": "ad-hoc",
  "app-store": "app-store",
  "mac-app-store": "app-store",
  enterprise: "enterprise",
  "developer-id": "developer-id",
  unknown: undefined,
};

export function distributionOfProfileKind(kind: ProfileKind): Distribution | undefined {
  return DISTRIBUTION_OF_KIND[kind];
}

/**
 * The declared distribution, else the one every profile of the target agrees on (an embedded
 * profile decides alone). Several profiles of different kinds beside a source target say nothing.
 */
export function distributionOf(target: Target): Fact<Distribution> | undefined {
  if (target.distribution) return target.distribution;
  const profiles = target.embeddedProfile ? target.profiles.slice(0, 1) : target.profiles;
  const kinds = new Set(profiles.map((profile) => distributionOfProfileKind(profile.kind)));
  if (kinds.size !== 1) return undefined;
  const [distribution] = kinds;
  if (!distribution) return undefined;
  const profile = profiles[0] as ProvisioningProfile;
  return { value: distribution, source: `${profile.kind} profile ${profile.document.file.path}` };
}

/** Distributions signed with a distribution certificate, where development-only entitlements are refused. */
export function isDistributionBuild(distribution: Distribution | undefined): boolean {
  return distribution === "app-store" || distribution === "ad-hoc" || distribution === "enterprise" || distribution === "developer-id";
}
