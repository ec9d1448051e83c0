/**
 * Targets from app configs that generate the native project: Expo (`app.json`) and Cordova
 * (`config.xml`). Both describe one iOS app.
 */
import path from "node:path";
import type { PlistDocument } from "../model/document.js";
import { newTarget, type Distribution, type Target } from "../model/target.js";

const CAPACITOR_CONFIGS = ["capacitor.config.json", "capacitor.config.ts", "capacitor.config.js"];

/**
 * Capacitor writes a `config.xml` into its iOS app folder (`ios/App/App/config.xml`) for the Cordova plugins
 * it hosts, often with `<access origin="*"/>`; Capacitor never turns `<access>` into ATS keys, so it is not a
 * Cordova config. It is Capacitor's when a Capacitor config sits beside it or in a folder up to the app root
 * (`ios/App/App` → `ios/App` → `ios` → root). Only files the walk found count: nothing outside the linted roots is read.
 */
export function isCapacitorConfigXml(fsPath: string, walked: ReadonlySet<string>): boolean {
  let folder = path.dirname(fsPath);
  for (let level = 0; level < 4; level++) {
    if (CAPACITOR_CONFIGS.some((name) => walked.has(path.join(folder, name)))) return true;
    const up = path.dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  return false;
}

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
