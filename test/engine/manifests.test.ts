/** A Flutter or React Native app's package manifest is evidence for the native app it generates, found by folder. */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { lint } from "../../src/engine.js";
import { writeFixture } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const APP_INFO = plist("\t<key>CFBundlePackageType</key>\n\t<string>APPL</string>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.example.app</string>\n");
const rules = RULES.filter((rule) => rule.meta.id === "lan/missing-usage-description");

describe("package manifests", () => {
  const root = writeFixture({
    "pubspec.yaml": "name: app\ndependencies:\n  nsd: ^4.0.0\n",
    "ios/Runner/Info.plist": APP_INFO,
    "other/deep/down/below/the/app/Info.plist": APP_INFO,
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("attaches pubspec.yaml to the app whose Info.plist is a few folders below it, and not to one far below", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules, platform: "ios" });
    const runner = result.workspace.targets.find((t) => t.infoPlist?.file.path === "ios/Runner/Info.plist");
    const deep = result.workspace.targets.find((t) => t.infoPlist?.file.path === "other/deep/down/below/the/app/Info.plist");
    expect(runner?.manifests.map((m) => m.path)).toEqual(["pubspec.yaml"]);
    expect(deep?.manifests).toEqual([]);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([["lan/missing-usage-description", "pubspec.yaml", 3, 3]]);
  });
});
