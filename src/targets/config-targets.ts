/**
 * Targets from app configs that generate the native project: Expo (`app.json`) and Cordova
 * (`config.xml`). Both describe one iOS app.
 */
import path from "node:path";
import type { PlistDocument } from "../model/document.js";
import { newTarget, type Distribution, type Target } from "../model/target.js";

export function appConfigTarget(
  configPath: string,
  origin: "expo" | "cordova",
  documents: { readonly infoPlist?: PlistDocument; readonly entitlements?: PlistDocument; readonly bundleIdentifier?: string; readonly name?: string },
  defaults: { readonly distribution?: Distribution },
): Target {
  const target = newTarget({ id: `${origin}:${configPath}`, name: documents.name ?? path.posix.basename(path.posix.dirname(configPath) || "."), origin: "expo" });
  target.platform = { value: "ios", source: origin === "expo" ? `expo.ios in ${configPath}` : `cordova-ios (${configPath})` };
  target.kind = { value: "app", source: configPath };
  target.infoPlist = documents.infoPlist;
  if (documents.entitlements) target.entitlements = [documents.entitlements];
  if (documents.bundleIdentifier) target.bundleId = { value: documents.bundleIdentifier, source: `expo.ios.bundleIdentifier in ${configPath}` };
  if (defaults.distribution) target.distribution = { value: defaults.distribution, source: "--distribution" };
  return target;
}
