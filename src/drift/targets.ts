/** Words for a target added or removed: what it is and what shipping (or no longer shipping) it takes. */
import { entryOf } from "../model/plist.js";
import type { PlistDocument } from "../model/document.js";
import type { PlistEntry } from "../model/plist.js";
import type { ProductKind, Target } from "../model/target.js";
import { claimedEntitlements } from "./entitlements.js";

const KIND_WORDS: Readonly<Record<ProductKind, string>> = {
  app: "app",
  "app-extension": "app extension",
  "system-extension": "system extension",
  "watch-app": "watch app",
  other: "target",
  unknown: "target",
};

export function kindWord(target: Target): string {
  return KIND_WORDS[target.kind?.value ?? "unknown"];
}

/** ` (com.example.app)` when the bundle identifier is known. */
export function bundleIdSuffix(target: Target): string {
  return target.bundleId ? ` (${target.bundleId.value})` : "";
}

/** Where a target is shown: its `CFBundleIdentifier` key, else its Info.plist or entitlements file. */
export function targetAnchor(target: Target): { document?: PlistDocument; node?: PlistEntry } {
  const identifier = target.infoPlist ? entryOf(target.infoPlist.root, "CFBundleIdentifier") : undefined;
  if (target.infoPlist && identifier) return { document: target.infoPlist, node: identifier };
  return {};
}

export function addedTargetConsequence(target: Target): string {
  const claims = [...claimedEntitlements(target).keys()].filter((key) => key.startsWith("com.apple.developer.") || key === "aps-environment");
  const capabilities = claims.length > 0 ? ` with the capabilities ${claims.slice(0, 5).join(", ")}${claims.length > 5 ? ` and ${claims.length - 5} more` : ""}` : "";
  const base = `it needs its own App ID${capabilities} and its own provisioning profiles before the build can be signed`;
  if (target.kind?.value === "system-extension") return `${base}; users must approve the system extension when the app first activates it`;
  if (target.kind?.value === "app-extension") return `${base}; App Review sees a new extension in the next submission`;
  return base;
}

export function removedTargetConsequence(target: Target): string {
  if (target.kind?.value === "app-extension" || target.kind?.value === "system-extension") return "users who update lose what it provided; its App ID and profiles can be retired once no build needs them";
  return "it is no longer built or shipped from here; its App ID and profiles can be retired once no build needs them";
}
