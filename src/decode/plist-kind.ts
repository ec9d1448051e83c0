/**
 * The kind of a property list named freely (`App.plist`, `Entitlements-Debug.plist`), judged by its
 * content: a cheap look at the raw bytes before decoding, then the keys of the decoded root.
 */
import { isDict, type PlistValue } from "../model/plist.js";

/** Keys only an Info.plist has (a root dict with one of them is an Info.plist). */
const INFO_PLIST_MARKERS = ["CFBundleIdentifier", "CFBundleExecutable", "NSAppTransportSecurity", "CFBundlePackageType"];
const ENTITLEMENT_KEY = /^(com\.apple\.|application-identifier$|aps-environment$|keychain-access-groups$|get-task-allow$|beta-reports-active$|team-identifier$)/;

/** Cheap pre-check on raw bytes (XML or binary: keys are stored as ASCII either way). */
export function mayBeInteresting(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4 * 1024 * 1024)).toString("latin1");
  return text.includes("CFBundle") || text.includes("NSAppTransportSecurity") || text.includes("com.apple.") || text.includes("application-identifier");
}

/** The kind of a property list judged by its keys. */
export function classifyPlistContent(root: PlistValue): "info-plist" | "entitlements" | undefined {
  if (!isDict(root) || root.entries.length === 0) return undefined;
  if (INFO_PLIST_MARKERS.some((key) => root.byKey.has(key))) return "info-plist";
  if ([...root.byKey.keys()].every((key) => ENTITLEMENT_KEY.test(key))) return "entitlements";
  return undefined;
}
