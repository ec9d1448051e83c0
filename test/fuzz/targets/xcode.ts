/**
 * Xcode project reader: `project.pbxproj` (OpenStep plist), the object graph, build-setting
 * resolution with conditions and `$(VAR)` expansion, source lists. The decoder reads a folder, so
 * each input is written to a scratch `Fuzz.xcodeproj/project.pbxproj`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readXcodeProject } from "../../../src/decode/xcode/project.js";
import { expectTyped, runGuarded } from "../invariant.js";
import { scratchPath } from "../scratch.js";

/** Settings resolved per configuration: resolution is where expansion bombs and cycles would bite. */
const MAX_SETTINGS_RESOLVED = 200;

export async function fuzz(data: Buffer): Promise<void> {
  const project = scratchPath("Fuzz.xcodeproj");
  mkdirSync(project, { recursive: true });
  writeFileSync(scratchPath("Fuzz.xcodeproj", "project.pbxproj"), data);
  await runGuarded(data, async () => {
    const decoded = expectTyped(await readXcodeProject(project, "Fuzz.xcodeproj"), "readXcodeProject");
    for (const target of decoded?.targets ?? []) {
      void target.sourceFiles.length;
      for (const configuration of target.configurations) {
        for (const settings of [configuration.settings, ...configuration.sdks.map((sdk) => configuration.settingsFor(sdk, "arm64"))]) {
          for (const name of settings.names().slice(0, MAX_SETTINGS_RESOLVED)) {
            settings.get(name);
            settings.origin(name);
          }
          settings.expand("$(PRODUCT_BUNDLE_IDENTIFIER).$(CODE_SIGN_ENTITLEMENTS:base)");
        }
      }
    }
  });
}
