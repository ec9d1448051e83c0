/**
 * Whether `NSAllowsArbitraryLoads` is in effect. Apple: on iOS 10+/macOS 10.12+ it is ignored when
 * `NSAllowsArbitraryLoadsForMedia`, `NSAllowsArbitraryLoadsInWebContent` or `NSAllowsLocalNetworking`
 * is present with any value; older systems know only the global key. So the verdict depends on the
 * lowest OS the target supports.
 * https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity
 */
import { isBoolean, type PlistEntry } from "../../model/plist.js";
import type { Platform } from "../../model/target.js";
import { compareVersions, isVersion } from "../versions.js";
import type { AtsView } from "./view.js";

export const NEUTRALISING_KEYS = ["NSAllowsArbitraryLoadsForMedia", "NSAllowsArbitraryLoadsInWebContent", "NSAllowsLocalNetworking"] as const;

/** The first OS version that honours the narrower keys (and so ignores the global one). */
const NEUTRALISING_FLOOR: Partial<Record<Platform, { name: string; version: string }>> = {
  ios: { name: "iOS", version: "10.0" },
  tvos: { name: "tvOS", version: "10.0" },
  macos: { name: "macOS", version: "10.12" },
};

export type ArbitraryLoadsVerdict =
  | { readonly kind: "effective"; readonly entry: PlistEntry; readonly onlyBelow?: string }
  | { readonly kind: "neutralised"; readonly entry: PlistEntry; readonly by: readonly string[] };

export function arbitraryLoadsVerdict(ats: AtsView, platform: Platform | undefined, deploymentTarget: string | undefined): ArbitraryLoadsVerdict | undefined {
  const entry = ats.dict.byKey.get("NSAllowsArbitraryLoads");
  if (!entry || !isBoolean(entry.value) || !entry.value.value) return undefined;
  const by = NEUTRALISING_KEYS.filter((key) => ats.dict.byKey.has(key));
  if (by.length === 0) return { kind: "effective", entry };
  const floor = platform ? NEUTRALISING_FLOOR[platform] : undefined;
  if (floor && isVersion(deploymentTarget) && compareVersions(deploymentTarget, floor.version) < 0) {
    return { kind: "effective", entry, onlyBelow: `${floor.name} ${floor.version.replace(/\.0$/, "")}` };
  }
  return { kind: "neutralised", entry, by };
}
