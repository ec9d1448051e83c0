/**
 * Reading a target's entitlements: the claimed set (signed entitlements win over source files),
 * single keys with the document that holds them, and Apple's well-known keys.
 */
import type { PlistDocument } from "../../model/document.js";
import { booleanValue, entryOf, hasPlaceholder, isArray, isString, type PlistArray, type PlistEntry, type PlistString } from "../../model/plist.js";
import { effectiveEntitlements, isIosFamily, type Target } from "../../model/target.js";

export const NE_KEY = "com.apple.developer.networking.networkextension";
export const MULTICAST_KEY = "com.apple.developer.networking.multicast";
export const VPN_API_KEY = "com.apple.developer.networking.vpn.api";
export const APP_GROUPS_KEY = "com.apple.security.application-groups";
export const SANDBOX_KEY = "com.apple.security.app-sandbox";
export const NETWORK_CLIENT_KEY = "com.apple.security.network.client";
export const NETWORK_SERVER_KEY = "com.apple.security.network.server";
export const SYSTEM_EXTENSION_INSTALL_KEY = "com.apple.developer.system-extension.install";
export const HOTSPOT_HELPER_KEY = "com.apple.developer.networking.HotspotHelper";

/** One entitlement as claimed: the entry and the document it is in. */
export interface ClaimedEntry {
  readonly document: PlistDocument;
  readonly entry: PlistEntry;
}

/** One string of an entitlement's value (an array element, or the lone string). */
export interface ClaimedString {
  readonly document: PlistDocument;
  readonly node: PlistString;
  readonly value: string;
}

/**
 * True when the target's entitlements are known well enough to say one is missing: a signature, or a source file no
 * build step rewrites. With `CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES` a script adds to the file before signing
 * (home-assistant's push provider gets `app-push-provider` that way), so an absence in source proves nothing.
 */
export function hasKnownEntitlements(target: Target): boolean {
  if (!target.signedEntitlements && target.entitlementsModifiedByBuild) return false;
  return effectiveEntitlements(target).length > 0;
}

/** Human list of where the claimed entitlements come from, for messages. */
export function entitlementsSource(target: Target): string {
  const documents = effectiveEntitlements(target);
  if (documents.length === 0) return "no entitlements file";
  return documents.map((document) => document.file.path).join(", ");
}

/** The first entry for `key` among the target's claimed entitlements. */
export function claimedEntry(target: Target, key: string): ClaimedEntry | undefined {
  for (const document of effectiveEntitlements(target)) {
    const entry = entryOf(document.root, key);
    if (entry) return { document, entry };
  }
  return undefined;
}

/** Every claimed entry for `key` (one per document that sets it). */
export function claimedEntries(target: Target, key: string): ClaimedEntry[] {
  const found: ClaimedEntry[] = [];
  for (const document of effectiveEntitlements(target)) {
    const entry = entryOf(document.root, key);
    if (entry) found.push({ document, entry });
  }
  return found;
}

/** The strings of `key` across the claimed documents (array elements, or a lone string). */
export function claimedStrings(target: Target, key: string): ClaimedString[] {
  // No intermediate arrays: a dozen rules ask this of every target (10,000 on a large tree).
  const found: ClaimedString[] = [];
  for (const document of effectiveEntitlements(target)) {
    const value = entryOf(document.root, key)?.value;
    if (value === undefined) continue;
    if (isString(value)) found.push({ document, node: value, value: value.value });
    else if (isArray(value)) for (const node of value.items) if (isString(node)) found.push({ document, node, value: node.value });
  }
  return found;
}

/** True when any claimed document sets `key` to `<true/>`. */
export function claimsTrue(target: Target, key: string): boolean {
  for (const document of effectiveEntitlements(target)) if (booleanValue(entryOf(document.root, key)?.value) === true) return true;
  return false;
}

/** True when any string among the values still holds a `$(VAR)` (so the set is not fully known). */
export function anyPlaceholder(values: readonly ClaimedString[]): boolean {
  return values.some((value) => hasPlaceholder(value.value));
}

/** macOS proper: a Mac Catalyst build counts as iOS for entitlement values but runs on macOS. */
export function isMacTarget(target: Target): boolean {
  return target.platform?.value === "macos";
}

/** iOS, iPadOS, tvOS, visionOS, watchOS, not built for Mac Catalyst. */
export function isIosFamilyDevice(target: Target): boolean {
  return isIosFamily(target.platform?.value) && !target.catalyst;
}

/**
 * An array-valued entitlement in one document, for rules that check its values: undefined when the key is
 * absent or a whole `$(VAR)` (unknown); `array` undefined when the value has another type.
 */
export function arrayEntitlement(document: PlistDocument, key: string): { entry: PlistEntry; array?: PlistArray } | undefined {
  const entry = entryOf(document.root, key);
  if (!entry || (entry.value.type === "String" && hasPlaceholder(entry.value.value))) return undefined;
  return isArray(entry.value) ? { entry, array: entry.value } : { entry };
}
