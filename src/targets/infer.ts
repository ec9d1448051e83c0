/**
 * Facts about a target read from its own files: platform and deployment target from the Info.plist
 * (or entitlements), product kind from the Info.plist. Every fact says where it came from.
 */
import type { PlistDocument } from "../model/document.js";
import { hasPlaceholder, isArray, isDict, stringValue, valueOf } from "../model/plist.js";
import type { Fact, Platform, ProductKind } from "../model/target.js";

/** `CFBundleSupportedPlatforms` values → platform. */
const SUPPORTED_PLATFORMS: Readonly<Record<string, Platform>> = {
  iPhoneOS: "ios",
  iPhoneSimulator: "ios",
  MacOSX: "macos",
  AppleTVOS: "tvos",
  AppleTVSimulator: "tvos",
  WatchOS: "watchos",
  WatchSimulator: "watchos",
  XROS: "visionos",
  XRSimulator: "visionos",
};

/** `UIDeviceFamily` numbers → platform (1 iPhone, 2 iPad, 3 TV, 4 Watch, 6 Mac Catalyst, 7 Vision). */
const DEVICE_FAMILY: Readonly<Record<number, Platform>> = { 1: "ios", 2: "ios", 3: "tvos", 4: "watchos", 7: "visionos" };

function known(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" && !hasPlaceholder(value) ? value.trim() : undefined;
}

/** Keys only the iOS family reads (UIKit app lifecycle). */
const IOS_ONLY_KEYS = ["UILaunchStoryboardName", "UIApplicationSceneManifest", "UISupportedInterfaceOrientations", "UIRequiredDeviceCapabilities", "UILaunchScreen"];

export function platformFromInfoPlist(document: PlistDocument): Fact<Platform> | undefined {
  const root = document.root;
  const where = document.file.path;
  const supported = valueOf(root, "CFBundleSupportedPlatforms");
  if (isArray(supported)) {
    for (const item of supported.items) {
      const platform = SUPPORTED_PLATFORMS[stringValue(item) ?? ""];
      if (platform) return { value: platform, source: `CFBundleSupportedPlatforms in ${where}` };
    }
  }
  const family = valueOf(root, "UIDeviceFamily");
  const firstFamily = isArray(family) ? family.items[0] : family;
  if (firstFamily?.type === "Integer") {
    const platform = DEVICE_FAMILY[Number(firstFamily.value)];
    if (platform) return { value: platform, source: `UIDeviceFamily in ${where}` };
  }
  if (valueOf(root, "LSRequiresIPhoneOS")) return { value: "ios", source: `LSRequiresIPhoneOS in ${where}` };
  if (valueOf(root, "WKApplication") || valueOf(root, "WKWatchKitApp")) return { value: "watchos", source: `WKApplication in ${where}` };
  if (valueOf(root, "MinimumOSVersion")) return { value: "ios", source: `MinimumOSVersion in ${where}` };
  for (const key of IOS_ONLY_KEYS) if (valueOf(root, key)) return { value: "ios", source: `${key} in ${where}` };
  // Last: iOS apps also set LSMinimumSystemVersion, for running on Apple silicon Macs.
  if (valueOf(root, "LSMinimumSystemVersion")) return { value: "macos", source: `LSMinimumSystemVersion in ${where}` };
  return undefined;
}

export function deploymentTargetFromInfoPlist(document: PlistDocument): Fact<string> | undefined {
  for (const key of ["MinimumOSVersion", "LSMinimumSystemVersion"]) {
    const value = known(stringValue(valueOf(document.root, key)));
    if (value) return { value, source: `${key} in ${document.file.path}` };
  }
  return undefined;
}

/** App Sandbox and Hardened Runtime keys exist only on macOS. */
export function platformFromEntitlements(documents: readonly PlistDocument[]): Fact<Platform> | undefined {
  for (const document of documents) {
    if (!isDict(document.root)) continue;
    for (const key of document.root.byKey.keys()) {
      if (key === "com.apple.security.app-sandbox" || key.startsWith("com.apple.security.cs.") || key === "com.apple.developer.system-extension.install") {
        return { value: "macos", source: `${key} in ${document.file.path}` };
      }
    }
  }
  return undefined;
}

export function productKindFromInfoPlist(document: PlistDocument): Fact<ProductKind> | undefined {
  const root = document.root;
  const where = document.file.path;
  const packageType = known(stringValue(valueOf(root, "CFBundlePackageType")));
  if (packageType === "SYSX") return { value: "system-extension", source: `CFBundlePackageType SYSX in ${where}` };
  if (isDict(valueOf(root, "NSExtension")) || isDict(valueOf(root, "EXAppExtensionAttributes"))) return { value: "app-extension", source: `NSExtension in ${where}` };
  if (packageType === "XPC!") return { value: "app-extension", source: `CFBundlePackageType XPC! in ${where}` };
  if (isDict(valueOf(root, "NetworkExtension")) && isDict(valueOf(valueOf(root, "NetworkExtension"), "NEProviderClasses"))) {
    return { value: "system-extension", source: `NetworkExtension.NEProviderClasses in ${where}` };
  }
  if (valueOf(root, "WKApplication") || valueOf(root, "WKWatchKitApp")) return { value: "watch-app", source: `WKApplication in ${where}` };
  if (packageType === "APPL") return { value: "app", source: `CFBundlePackageType APPL in ${where}` };
  if (packageType === "FMWK" || packageType === "BNDL") return { value: "other", source: `CFBundlePackageType ${packageType} in ${where}` };
  return undefined;
}

export function bundleIdFromInfoPlist(document: PlistDocument): Fact<string> | undefined {
  const value = stringValue(valueOf(document.root, "CFBundleIdentifier"));
  return value !== undefined && value.trim() !== "" ? { value: value.trim(), source: `CFBundleIdentifier in ${document.file.path}` } : undefined;
}
