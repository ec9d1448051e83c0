/**
 * Network Extension facts (docs/domain/network-extension.md §2.1–§2.2, TN3134): the entitlement's values, the provider
 * extension points, and which value each provider needs.
 */
import type { PlistDocument } from "../../model/document.js";
import { entryOf, isDict, stringValue, valueOf, type PlistNode } from "../../model/plist.js";

export const NE_DOCS = {
  entitlement: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.developer.networking.networkextension",
  deployment: "https://developer.apple.com/documentation/technotes/tn3134-network-extension-provider-deployment",
  systemExtensionMode: "https://developer.apple.com/documentation/networkextension/neprovider/startsystemextensionmode()",
  exportingDeveloperId: "https://developer.apple.com/forums/thread/737894",
  developerIdProfile: "https://developer.apple.com/forums/thread/795579",
  machService: "https://developer.apple.com/forums/thread/708017",
  installingSystemExtensions: "https://developer.apple.com/documentation/systemextensions/installing-system-extensions-and-drivers",
  systemExtensionInstall: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.developer.system-extension.install",
  profileOnlyValues: "https://developer.apple.com/forums/thread/806186",
  managedCapabilities: "https://developer.apple.com/forums/thread/67613",
  vpnApi: "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.developer.networking.vpn.api",
  tn3125: "https://developer.apple.com/documentation/technotes/tn3125-inside-code-signing-provisioning-profiles",
} as const;

/** Provider values that have a `-systemextension` twin for Developer ID system extensions. */
export const SYSEX_CAPABLE_VALUES = ["packet-tunnel-provider", "app-proxy-provider", "content-filter-provider", "dns-proxy"] as const;

export const SYSEX_SUFFIX = "-systemextension";

/** Documented values plus `hotspot-provider`, which Apple's portal puts in profiles (docs/domain/network-extension.md §2.1). */
export const KNOWN_NE_VALUES: readonly string[] = [
  ...SYSEX_CAPABLE_VALUES,
  ...SYSEX_CAPABLE_VALUES.map((value) => `${value}${SYSEX_SUFFIX}`),
  "dns-settings",
  "app-push-provider",
  "relay",
  "url-filter-provider",
  "hotspot-provider",
];

/** Values the portal lists in catch-all profiles that App Store validation rejects on iOS when signed unused (ITMS-90046). */
export const UPLOAD_REJECTED_ON_IOS: readonly string[] = ["hotspot-provider", "url-filter-provider"];

/** Extension point → the plain entitlement value the provider needs. */
export const PROVIDER_VALUE: Readonly<Record<string, string>> = {
  "com.apple.networkextension.packet-tunnel": "packet-tunnel-provider",
  "com.apple.networkextension.app-proxy": "app-proxy-provider",
  "com.apple.networkextension.filter-data": "content-filter-provider",
  "com.apple.networkextension.filter-control": "content-filter-provider",
  "com.apple.networkextension.filter-packet": "content-filter-provider",
  "com.apple.networkextension.dns-proxy": "dns-proxy",
  "com.apple.networkextension.app-push": "app-push-provider",
  "com.apple.networkextension.url-filter-control": "url-filter-provider",
};

export const KNOWN_EXTENSION_POINTS: readonly string[] = Object.keys(PROVIDER_VALUE);

/** Extension points macOS supports only as system extensions (TN3134: content filter, DNS proxy). */
export const SYSEX_ONLY_ON_MACOS: readonly string[] = [
  "com.apple.networkextension.filter-data",
  "com.apple.networkextension.filter-control",
  "com.apple.networkextension.filter-packet",
  "com.apple.networkextension.dns-proxy",
];

export function isSystemExtensionValue(value: string): boolean {
  return value.endsWith(SYSEX_SUFFIX);
}

/** `packet-tunnel-provider-systemextension` → `packet-tunnel-provider`. */
export function plainValue(value: string): string {
  return isSystemExtensionValue(value) ? value.slice(0, -SYSEX_SUFFIX.length) : value;
}

export function hasSystemExtensionTwin(value: string): boolean {
  return (SYSEX_CAPABLE_VALUES as readonly string[]).includes(plainValue(value));
}

/** A provider a bundle declares: its extension point and the node that declares it. */
export interface DeclaredProvider {
  readonly point: string;
  readonly node: PlistNode;
  /** `appex`: NSExtension / EXAppExtensionAttributes; `sysex`: NetworkExtension.NEProviderClasses. */
  readonly packaging: "appex" | "sysex";
}

/** The NE providers an Info.plist declares (only Network Extension points). */
export function declaredProviders(infoPlist: PlistDocument | undefined): DeclaredProvider[] {
  if (!infoPlist) return [];
  const root = infoPlist.root;
  const found: DeclaredProvider[] = [];
  for (const [container, key] of [["NSExtension", "NSExtensionPointIdentifier"], ["EXAppExtensionAttributes", "EXExtensionPointIdentifier"]] as const) {
    const node = valueOf(valueOf(root, container), key);
    const point = stringValue(node);
    if (node && point && point.startsWith("com.apple.networkextension.")) found.push({ point, node, packaging: "appex" });
  }
  const classes = valueOf(valueOf(root, "NetworkExtension"), "NEProviderClasses");
  if (isDict(classes)) {
    for (const entry of classes.entries) {
      if (entry.key.value.startsWith("com.apple.networkextension.")) found.push({ point: entry.key.value, node: entry, packaging: "sysex" });
    }
  }
  return found;
}

/** The `NEMachServiceName` entry of a system extension's Info.plist. */
export function machServiceEntry(infoPlist: PlistDocument | undefined): ReturnType<typeof entryOf> {
  return entryOf(valueOf(infoPlist?.root, "NetworkExtension"), "NEMachServiceName");
}

