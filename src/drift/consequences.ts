/**
 * What an entitlement change means in Apple's terms, for drift messages: which capability of the App ID it
 * belongs to, whether new provisioning profiles are needed, and whether Apple must approve it first
 * (managed capabilities: rule-catalogue §2.1 and the multicast row of §3, DTS thread 67613).
 */
import { APP_GROUPS_KEY, HOTSPOT_HELPER_KEY, MULTICAST_KEY, NE_KEY, VPN_API_KEY } from "../checks/entitlements/entitlements.js";
import type { Target } from "../model/target.js";

/** Capability names as the developer portal and Xcode's Signing & Capabilities pane show them. */
const CAPABILITY_NAMES: Readonly<Record<string, string>> = {
  [NE_KEY]: "Network Extensions",
  [MULTICAST_KEY]: "Multicast Networking",
  [HOTSPOT_HELPER_KEY]: "Hotspot Helper",
  [VPN_API_KEY]: "Personal VPN",
  [APP_GROUPS_KEY]: "App Groups",
  "keychain-access-groups": "Keychain Sharing",
  "aps-environment": "Push Notifications",
  "com.apple.developer.networking.wifi-info": "Access Wi-Fi Information",
  "com.apple.developer.associated-domains": "Associated Domains",
  "com.apple.developer.system-extension.install": "System Extension",
  "com.apple.developer.icloud-services": "iCloud",
  "com.apple.developer.icloud-container-identifiers": "iCloud",
  "com.apple.developer.ubiquity-kvstore-identifier": "iCloud",
  "com.apple.developer.in-app-payments": "Apple Pay",
  "com.apple.developer.healthkit": "HealthKit",
  "com.apple.developer.homekit": "HomeKit",
  "com.apple.developer.applesignin": "Sign in with Apple",
};

/** Entitlements Apple must grant the team before any profile can include them. */
const MANAGED_KEYS: Readonly<Record<string, string>> = {
  [MULTICAST_KEY]: "request it with Apple's Multicast Networking Entitlement Request form",
  [HOTSPOT_HELPER_KEY]: "request it from Apple (Hotspot Helper request form)",
};

/** Network Extension values that are managed capabilities of their own. */
const MANAGED_NE_VALUES: Readonly<Record<string, string>> = {
  "app-push-provider": "request the app push provider capability from Apple",
};

export function capabilityName(key: string): string | undefined {
  return CAPABILITY_NAMES[key];
}

/** `com.apple.developer.networking.networkextension (Network Extensions)`. */
export function describeEntitlement(key: string): string {
  const name = capabilityName(key);
  return name ? `${key} (${name})` : key;
}

function appId(target: Target): string {
  const bundleId = target.bundleId?.value;
  return bundleId ? `the App ID ${bundleId}` : "the App ID";
}

/** Entitlements the OS grants without a provisioning profile (macOS sandbox and hardened-runtime keys). */
function isUnrestricted(key: string, target: Target): boolean {
  if (key.startsWith("com.apple.security.")) return key !== APP_GROUPS_KEY || target.platform?.value === "macos";
  return key === "get-task-allow" || key === "keychain-access-groups";
}

/** The sentence after "now claims X": what the team must do before this build can be signed and shipped. */
export function addedConsequence(key: string, target: Target): string {
  if (key.startsWith("com.apple.security.temporary-exception.")) {
    return "a sandbox temporary exception: Mac App Store review asks why the app needs it; no profile change";
  }
  if (key === "keychain-access-groups") return "covered by the team's wildcard keychain group in every profile; check that other apps of the team may share these items";
  if (isUnrestricted(key, target)) return "no capability or profile change is needed, but the app may now do more than before: review why";
  const managed = MANAGED_KEYS[key];
  const multicastOnMac = key === MULTICAST_KEY && target.platform?.value === "macos";
  const capability = capabilityName(key) ? `the ${capabilityName(key)} capability` : "the capability that grants it";
  const steps = `enable ${capability} on ${appId(target)} and regenerate its provisioning profiles`;
  if (managed && !multicastOnMac) return `a managed capability: Apple must approve it for your team first (${managed}; allow days), then ${steps}`;
  return `${steps}; builds signed with the current profiles fail to install or upload`;
}

/** The sentence after "adds value V to X". */
export function valueAddedConsequence(key: string, value: string, target: Target): string {
  const managed = key === NE_KEY ? MANAGED_NE_VALUES[value] : undefined;
  if (managed) return `${value} is a managed capability: ${managed} (allow days), then regenerate the provisioning profiles of ${appId(target)}`;
  if (key === APP_GROUPS_KEY) return `register the group in the developer portal, add it to ${appId(target)}'s App Groups and regenerate its provisioning profiles`;
  if (key === "keychain-access-groups") return "covered by the team's wildcard keychain group in every profile; check that the apps sharing this group are meant to";
  if (isUnrestricted(key, target)) return "no profile change is needed";
  return `${appId(target)}'s ${capabilityName(key) ?? "capability"} settings and its provisioning profiles must include it`;
}

export function removedConsequence(key: string): string {
  if (key === NE_KEY) return "a provider that relied on it stops loading once this build ships";
  return "code that relied on it fails once this build ships; the capability can be dropped from the App ID when no build needs it";
}

export function valueRemovedConsequence(key: string, value: string): string {
  if (key === NE_KEY) return `a ${value} provider in the field stops loading once this build ships`;
  if (key === APP_GROUPS_KEY) return "data shared through this group is no longer reachable from this target";
  return "code that relied on it fails once this build ships";
}
