/**
 * Templates and generators: XcodeGen specs are read as the projects they generate (targets, settings,
 * info/entitlements properties), CMake `*.plist.in` templates as the plists they configure; placeholders
 * are unknown values, never wrong ones.
 */
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { targetLabel } from "../../src/model/workspace.js";
import { fixtureFolders } from "../helpers/xcode-fixtures.js";

const fixture = fixtureFolders();
const run = async (files: Record<string, string>, ruleIds: string[] = ["ats/arbitrary-loads", "ats/wrong-type", "xcode/project-invalid", "ne/systemextension-vs-distribution"], distribution?: "developer-id") => {
  const root = fixture(files);
  const result = await lint({ paths: ["."], cwd: root, rules: RULES.filter((rule) => ruleIds.includes(rule.meta.id)), ...(distribution ? { distribution } : {}) });
  return { findings: result.findings.map((f) => [f.ruleId, f.file, f.line]), targets: result.workspace.targets.map((t) => [targetLabel(t), t.kind?.value, t.platform?.value, t.infoPlist?.file.path]), result };
};

const SPEC = `name: Mac
options:
  deploymentTarget:
    macOS: "13.0"
targets:
  App:
    type: application
    platform: macOS
    info:
      path: App/Info.plist
      properties:
        CFBundleIdentifier: dev.example.app
        NSAppTransportSecurity:
          NSAllowsArbitraryLoads: true
    entitlements:
      path: App/App.entitlements
      properties:
        com.apple.developer.networking.networkextension:
          - $(NE_VALUE)
  AppTests:
    type: bundle.unit-test
    platform: macOS
`;

describe("XcodeGen specs", () => {
  it("in a test folder are test data like the project generated beside them: not read, not judged", async () => {
    // The spec once stood for its project here: the project, set aside as test data, no longer claimed the folder.
    const { findings, targets, result } = await run({ "Tests/Fixtures/Mac/project.yml": SPEC, "Tests/Fixtures/Mac/Mac.xcodeproj/project.pbxproj": "{ objects = " });
    expect(findings).toEqual([]);
    expect(targets).toEqual([]);
    expect(result.summary.unused).toBe(1);
  });

  it("make targets from the spec and judge the Info.plist XcodeGen generates from properties, at the spec's lines", async () => {
    const { findings, targets } = await run({ "project.yml": SPEC });
    expect(targets).toEqual([["App (Release)", "app", "macos", "project.yml"]]);
    expect(findings).toEqual([["ats/arbitrary-loads", "project.yml", 14]]);
  });

  it("treat build-setting placeholders in generated entitlements as unknown values", async () => {
    const { findings } = await run({ "project.yml": SPEC }, ["ne/systemextension-vs-distribution", "ne/unknown-entitlement-value"], "developer-id");
    expect(findings).toEqual([]);
  });

  it("read included specs, settings and a platform list (one target per platform, as XcodeGen names them)", async () => {
    const { targets, result } = await run({
      "project.yml": "name: Multi\ninclude:\n  - path: App/target.yml\n  - ../outside.yml\nsettings:\n  base:\n    PRODUCT_BUNDLE_IDENTIFIER: dev.example.multi\n",
      "App/target.yml": "targets:\n  App:\n    type: application\n    platform: [iOS, macOS]\n    settings:\n      base:\n        INFOPLIST_FILE: App/Info.plist\n      configs:\n        Release:\n          CODE_SIGN_IDENTITY: Developer ID Application\n",
      "App/Info.plist": '<?xml version="1.0"?>\n<plist version="1.0"><dict><key>CFBundleIdentifier</key><string>$(PRODUCT_BUNDLE_IDENTIFIER)</string></dict></plist>\n',
    });
    expect(targets).toEqual([
      ["App_iOS (Release)", "app", "ios", "App/Info.plist"],
      ["App_macOS (Release)", "app", "macos", "App/Info.plist"],
    ]);
    const mac = result.workspace.targets[1]!;
    expect([mac.bundleId?.value, mac.distribution?.value, mac.distribution?.source]).toEqual(["dev.example.multi", "developer-id", "CODE_SIGN_IDENTITY in App/target.yml:10"]);
  });

  it("report a spec that is not valid YAML, or that expands aliases without bound, as a finding and go on", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`), "targets: {}"].join("\n");
    const { findings } = await run({ "bad/project.yml": "targets:\n  App: [unclosed\n", "bomb/project.yml": bomb });
    expect(findings).toEqual([
      ["xcode/project-invalid", "bad/project.yml", undefined],
      ["xcode/project-invalid", "bomb/project.yml", undefined],
    ]);
  });

  it("ignore another tool's project.yml and a spec next to a committed .xcodeproj", async () => {
    const { targets } = await run({ "tool/project.yml": "version: 2\njobs: {}\n", "gen/project.yml": SPEC, "gen/Mac.xcodeproj/project.pbxproj": "// !$*UTF8*$!\n{ archiveVersion = 1; objects = { }; rootObject = X; }\n" });
    expect(targets).toEqual([]);
  });
});

describe("XcodeGen schemes decide which configuration ships", () => {
  // Two Info.plists: AppStore builds the one with ATS off, every other configuration the clean one.
  const specWith = (schemes: string, configs = "configs:\n  Debug: debug\n  Release: release\n  AppStore: release\n", targetExtra = ""): Record<string, string> => ({
    "project.yml": `name: Mac\n${configs}targets:\n  App:\n    type: application\n    platform: macOS\n${targetExtra}    settings:\n      base:\n        INFOPLIST_FILE: App/Info.plist\n      configs:\n        AppStore:\n          INFOPLIST_FILE: App/Store-Info.plist\n${schemes}`,
    "App/Info.plist": '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.app</string>\n</dict>\n</plist>\n',
    "App/Store-Info.plist": '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>\n</plist>\n',
  });

  it("read a scheme's archive config, like an .xcscheme's ArchiveAction", async () => {
    const { findings, targets } = await run(specWith("schemes:\n  Store:\n    build:\n      targets:\n        App: all\n    archive:\n      config: AppStore\n"));
    expect(targets.map(([label, , , info]) => [label, info])).toEqual([["App (AppStore)", "App/Store-Info.plist"]]);
    expect(findings).toEqual([["ats/arbitrary-loads", "App/Store-Info.plist", 6]]);
  });

  it("archive in XcodeGen's release config when the scheme names none, and only the targets built for archiving", async () => {
    const archived = await run(specWith("schemes:\n  Store:\n    build:\n      targets:\n        App: [run, archive]\n"));
    expect(archived.targets.map(([label]) => label)).toEqual(["App (Release)"]);
    expect(archived.findings).toEqual([]);
    for (const types of ["[run, test]", "none", "testing", "{archiving: false, running: true}"]) {
      const notArchived = await run(specWith(`schemes:\n  Store:\n    build:\n      targets:\n        App: ${types}\n    archive:\n      config: AppStore\n`));
      expect(notArchived.targets.map(([label]) => label), types).toEqual(["App (Release)"]);
    }
  });

  it("read a target's scheme shorthand: the release config, or one per config variant", async () => {
    const plain = await run(specWith("", "configs:\n  Debug: debug\n  AppStore: release\n  Release: release\n", "    scheme: {}\n"));
    expect(plain.targets.map(([label]) => label)).toEqual(["App (Release)"]);
    const variants = "configs:\n  Staging Debug: debug\n  Staging Release: release\n  AppStore Debug: debug\n  AppStore: release\n";
    const spec = specWith("", variants, "    scheme:\n      configVariants:\n        - Staging\n        - AppStore\n");
    const { findings, targets } = await run(spec);
    expect(targets.map(([label]) => label)).toEqual(["App (Staging Release)", "App (AppStore)"]);
    expect(findings).toEqual([["ats/arbitrary-loads", "App/Store-Info.plist", 6]]);
  });

  it("still let --configuration override the schemes", async () => {
    const root = fixture(specWith("schemes:\n  Store:\n    build:\n      targets:\n        App: all\n    archive:\n      config: AppStore\n"));
    const result = await lint({ paths: ["."], cwd: root, rules: [], configuration: "Debug" });
    expect(result.workspace.targets.map(targetLabel)).toEqual(["App (Debug)"]);
  });
});

describe("CMake plist templates", () => {
  const template = (ats: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>@MACOSX_BUNDLE_GUI_IDENTIFIER@</string>\n\t<key>CFBundleVersion</key>\n\t<string>\${PROJECT_VERSION}</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t${ats}\n\t</dict>\n</dict>\n</plist>\n`;

  it("are read as the Info.plist they configure", async () => {
    const { findings, targets } = await run({ "app/Info.plist.in": template("<true/>") });
    expect(targets).toEqual([["app", undefined, undefined, "app/Info.plist.in"]]);
    expect(findings).toEqual([["ats/arbitrary-loads", "app/Info.plist.in", 10]]);
  });

  it("treat @VAR@ and ${VAR} as unknown values, never wrong ones", async () => {
    const { findings } = await run({ "app/Info.plist.in": template("<string>@ALLOW_HTTP@</string>") });
    expect(findings).toEqual([]);
  });
});

describe("XcodeGen specs on hostile input", () => {
  it("never throw, whatever the text (fast-check, 200 runs)", async () => {
    const fc = (await import("fast-check")).default;
    const { readXcodeGenProject } = await import("../../src/decode/xcode/xcodegen.js");
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat({ max: SPEC.length }), (noise, at) => {
        const text = SPEC.slice(0, at) + noise + SPEC.slice(at);
        const result = readXcodeGenProject("/virtual/project.yml", "project.yml", (file) => (file === "/virtual/project.yml" ? text : undefined), () => undefined, () => false);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
