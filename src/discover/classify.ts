/**
 * What a file is by its name (cheap, nothing read). Property lists named freely (`App.plist`,
 * `Entitlements-Debug.plist`) are judged by content once decoded (`decode/plist-kind.ts`).
 */
import path from "node:path";

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

/**
 * `Info.plist`, `App-Info.plist`, `Info-Debug.plist`, `App.Info.plist`: "Info" as a whole word of the
 * name, words split at `-`, `_` and `.`. A split, not `/(^|[-_.])Info([-_.][^/]*)?\.plist$/i`, which
 * rescans from every "info" in a long hostile name (a zip member name has no 255-byte limit).
 */
function isInfoPlistName(base: string): boolean {
  return base.slice(0, -".plist".length).toLowerCase().split(/[-_.]/).includes("info");
}

/** Ends in `.in` (any case): only such names can be templates, so the rest skip the replacement. */
function isTemplateName(name: string): boolean {
  const length = name.length;
  return length > 3 && name.charCodeAt(length - 3) === 0x2e && (name.charCodeAt(length - 2) | 0x20) === 0x69 && (name.charCodeAt(length - 1) | 0x20) === 0x6e;
}

export function roleByName(fsPath: string): FileRole | undefined {
  // CMake's configure_file templates (`Info.plist.in`, `App.entitlements.in`) are the files the build generates;
  // their `@VAR@` / `${VAR}` placeholders are unknown values (model/plist.ts hasPlaceholder).
  const name = path.basename(fsPath);
  const base = isTemplateName(name) ? name.replace(/\.(plist|entitlements)\.in$/i, ".$1") : name;
  const extension = path.extname(base).toLowerCase();
  if (extension === ".plist") return isInfoPlistName(base) ? "info-plist" : "plist";
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
