/**
 * Which package manifest generates which native app: Flutter keeps `pubspec.yaml` beside `ios/` and
 * `macos/`, React Native, Capacitor and Cordova keep `package.json` beside `ios/`. An app target takes the
 * manifest of the nearest folder above its Info.plist, at most a few levels up, and only manifests the walk
 * found (never a file outside the linted roots).
 */
import path from "node:path";
import type { SourceFileRef, Target } from "../model/target.js";

/** `ios/Runner/Info.plist` → the project root is three folders up from the plist's own folder at most. */
const MAX_LEVELS_UP = 4;

export function attachManifests(targets: readonly Target[], manifests: readonly SourceFileRef[]): void {
  if (manifests.length === 0) return;
  const byFolder = new Map<string, SourceFileRef[]>();
  for (const manifest of manifests) {
    const folder = path.dirname(manifest.fsPath);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), manifest]);
  }
  for (const target of targets) {
    const plist = target.infoPlist?.file;
    if (target.kind?.value !== "app" || !plist || plist.member !== undefined) continue;
    let folder = path.dirname(plist.fsPath);
    for (let level = 0; level <= MAX_LEVELS_UP; level++) {
      const found = byFolder.get(folder);
      if (found) {
        target.manifests = found;
        break;
      }
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
}
