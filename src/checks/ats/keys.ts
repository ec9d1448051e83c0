/**
 * The App Transport Security vocabulary: which key belongs at which level and what type it takes.
 * Source: Apple, "NSAppTransportSecurity" and its sub-key pages
 * (https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity),
 * legacy keys from the 2015–2016 revisions (docs/domain/ats.md §1.4, Appendix A).
 */
import type { PlistValue, PlistValueType } from "../../model/plist.js";

export type AtsLevel = "root" | "domain" | "pinned-domain";

export interface AtsKeySpec {
  readonly type: PlistValueType;
  /** The current key a legacy key stands for. */
  readonly replacedBy?: string;
  /** Documented as obsolete: the system ignores it. */
  readonly obsolete?: boolean;
  /** The documented value when the key is absent (domain-entry keys): writing it changes nothing. */
  readonly default?: boolean | string;
}

export const ATS_ROOT_KEYS: ReadonlyMap<string, AtsKeySpec> = new Map([
  ["NSAllowsArbitraryLoads", { type: "Boolean" }],
  ["NSAllowsArbitraryLoadsForMedia", { type: "Boolean" }],
  ["NSAllowsArbitraryLoadsInWebContent", { type: "Boolean" }],
  ["NSAllowsLocalNetworking", { type: "Boolean" }],
  ["NSExceptionDomains", { type: "Dict" }],
  ["NSPinnedDomains", { type: "Dict" }],
  ["NSRequiresNIAPTLSPackageVersion", { type: "String" }],
]);

export const ATS_DOMAIN_KEYS: ReadonlyMap<string, AtsKeySpec> = new Map([
  ["NSIncludesSubdomains", { type: "Boolean", default: false }],
  ["NSExceptionAllowsInsecureHTTPLoads", { type: "Boolean", default: false }],
  ["NSExceptionMinimumTLSVersion", { type: "String", default: "TLSv1.2" }],
  ["NSExceptionRequiresForwardSecrecy", { type: "Boolean", default: true }],
  ["NSRequiresCertificateTransparency", { type: "Boolean", obsolete: true }],
  ["NSExceptionRequiresNIAPTLSPackageVersion", { type: "String" }],
  ["NSThirdPartyExceptionAllowsInsecureHTTPLoads", { type: "Boolean", replacedBy: "NSExceptionAllowsInsecureHTTPLoads" }],
  ["NSThirdPartyExceptionMinimumTLSVersion", { type: "String", replacedBy: "NSExceptionMinimumTLSVersion" }],
  ["NSThirdPartyExceptionRequiresForwardSecrecy", { type: "Boolean", replacedBy: "NSExceptionRequiresForwardSecrecy" }],
  ["NSTemporaryExceptionAllowsInsecureHTTPLoads", { type: "Boolean", replacedBy: "NSExceptionAllowsInsecureHTTPLoads" }],
  ["NSTemporaryExceptionMinimumTLSVersion", { type: "String", replacedBy: "NSExceptionMinimumTLSVersion" }],
  ["NSTemporaryExceptionRequiresForwardSecrecy", { type: "Boolean", replacedBy: "NSExceptionRequiresForwardSecrecy" }],
]);

export const ATS_PINNED_DOMAIN_KEYS: ReadonlyMap<string, AtsKeySpec> = new Map([
  ["NSIncludesSubdomains", { type: "Boolean" }],
  ["NSPinnedCAIdentities", { type: "Array" }],
  ["NSPinnedLeafIdentities", { type: "Array" }],
]);

export const ATS_KEYS_BY_LEVEL: Readonly<Record<AtsLevel, ReadonlyMap<string, AtsKeySpec>>> = {
  root: ATS_ROOT_KEYS,
  domain: ATS_DOMAIN_KEYS,
  "pinned-domain": ATS_PINNED_DOMAIN_KEYS,
};

export const ATS_LEVEL_NAMES: Readonly<Record<AtsLevel, string>> = {
  root: "NSAppTransportSecurity",
  domain: "an NSExceptionDomains entry",
  "pinned-domain": "an NSPinnedDomains entry",
};

/** Known misspellings seen in the wild whose edit distance is too large to guess (docs/domain/ats.md §1.7). */
export const KNOWN_MISSPELLINGS: ReadonlyMap<string, string> = new Map([
  ["NSAllowsArbitraryLoadsForLocalNetworking", "NSAllowsLocalNetworking"],
  ["NSAllowsArbitraryLoadsInMedia", "NSAllowsArbitraryLoadsForMedia"],
  ["NSAllowsArbitraryLoadsForWebContent", "NSAllowsArbitraryLoadsInWebContent"],
]);

export const TLS_VERSIONS = ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export const WEAK_TLS_VERSIONS: readonly string[] = ["TLSv1.0", "TLSv1.1"];
export const NIAP_VALUES = ["none", "FCP_v2.1", "recommended"] as const;

/** Keys of the minimum-TLS family (current and legacy). */
export const MIN_TLS_KEYS: readonly string[] = ["NSExceptionMinimumTLSVersion", "NSThirdPartyExceptionMinimumTLSVersion", "NSTemporaryExceptionMinimumTLSVersion"];
export const INSECURE_HTTP_KEYS: readonly string[] = ["NSExceptionAllowsInsecureHTTPLoads", "NSThirdPartyExceptionAllowsInsecureHTTPLoads", "NSTemporaryExceptionAllowsInsecureHTTPLoads"];
export const FORWARD_SECRECY_KEYS: readonly string[] = ["NSExceptionRequiresForwardSecrecy", "NSThirdPartyExceptionRequiresForwardSecrecy", "NSTemporaryExceptionRequiresForwardSecrecy"];

/**
 * The value, as the message shows it, when `value` is the documented default of the domain-entry key `key` (or of
 * the current key a legacy one stands for): such an entry behaves the same whether the key is read or ignored.
 * Only domain-entry keys: at the ATS root the mere presence of some keys changes behaviour (§1.6.2).
 */
export function documentedDefaultShown(key: string, value: PlistValue): string | undefined {
  const spec = ATS_DOMAIN_KEYS.get(key);
  const fallback = spec?.replacedBy ? ATS_DOMAIN_KEYS.get(spec.replacedBy)?.default : spec?.default;
  if (fallback === undefined) return undefined;
  if (typeof fallback === "boolean") return value.type === "Boolean" && value.value === fallback ? (fallback ? "YES" : "NO") : undefined;
  return value.type === "String" && value.value === fallback ? `"${fallback}"` : undefined;
}

/** The level where a known key belongs, if it belongs to exactly one other level than `here`. */
export function homeLevelOf(key: string, here: AtsLevel): AtsLevel | undefined {
  for (const level of ["root", "domain", "pinned-domain"] as const) {
    if (level !== here && ATS_KEYS_BY_LEVEL[level].has(key) && !ATS_KEYS_BY_LEVEL[here].has(key)) return level;
  }
  return undefined;
}
