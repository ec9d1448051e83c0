/**
 * What a file is, first by name (cheap), then, for property lists named freely (`App.plist`,
 * `Entitlements-Debug.plist`), by content.
 */
import path from "node:path";
import { isDict, type PlistValue } from "../model/plist.js";

export type FileRole =
  /** Named like an Info.plist: always read, parse errors reported. */
  | "info-plist"
  /** `.entitlements` / `.xcent`: always read. */
  | "entitlements"
  /** Another `.plist`: read when its bytes mention a marker, classified by content, errors reported only when it looks like one of ours. */
  | "plist"
  | "profile"
  | "ipa"
  | "pbxproj"
  | "app-config"
  | "cordova-config"
  /** `pubspec.yaml` / `package.json` of a Flutter, React Native, Capacitor or Cordova app (plugin evidence). */
  | "package-manifest"
  | "source";

const SOURCE_EXTENSIONS = new Set([".swift", ".m", ".mm", ".c", ".cc", ".cpp", ".h", ".hpp"]);

export function roleByName(fsPath: string): FileRole | undefined {
  const base = path.basename(fsPath);
  const extension = path.extname(base).toLowerCase();
  if (extension === ".plist") return /(^|[-_.])Info([-_.][^/]*)?\.plist$/i.test(base) ? "info-plist" : "plist";
  if (extension === ".entitlements" || extension === ".xcent") return "entitlements";
  if (extension === ".mobileprovision" || extension === ".provisionprofile") return "profile";
  if (extension === ".ipa") return "ipa";
  if (base === "project.pbxproj" && path.extname(path.dirname(fsPath)) === ".xcodeproj") return "pbxproj";
  if (base === "app.json" || base === "app.config.json") return "app-config";
  // Android's generated res/xml/config.xml has the same shape but never reaches iOS.
  if (base === "config.xml") return /[\\/]res[\\/]xml[\\/]config\.xml$/.test(fsPath) ? undefined : "cordova-config";
  if (base === "pubspec.yaml" || base === "package.json") return "package-manifest";
  if (SOURCE_EXTENSIONS.has(extension)) return "source";
  return undefined;
}

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
