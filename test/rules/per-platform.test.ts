/**
 * A target built for several platforms (`SUPPORTED_PLATFORMS`, `SDKROOT = auto`) is judged per platform: the
 * macOS view of a file the iOS build also signs is not "useless on macOS".
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { lint } from "../../src/engine.js";
import { targetLabel } from "../../src/model/workspace.js";
import { buildTarget, cleanupTargets, key, lintTargets, plist } from "../helpers/targets.js";
import { PbxprojBuilder, writeFixture } from "../helpers/xcode-fixtures.js";

const MULTICAST = "com.apple.developer.networking.multicast";
const rule = RULES.find((candidate) => candidate.meta.id === "lan/multicast-on-macos")!;

afterAll(cleanupTargets);

describe("lan/multicast-on-macos on multiplatform targets", () => {
  it("does not report the macOS view of an entitlements file the iOS view also signs (KDE Connect, sing-box)", async () => {
    const ios = buildTarget({ name: "App", platform: "ios", entitlements: plist(key(MULTICAST), "<true/>") });
    const mac = buildTarget({ name: "App", platform: "macos", entitlements: plist(key(MULTICAST), "<true/>") });
    ios.siblings = [mac];
    mac.siblings = [ios];
    expect(await lintTargets([rule], [ios, mac])).toEqual([]);
  });

  it("reports a macOS-only entitlements file of a multiplatform target, at the key", async () => {
    const ios = buildTarget({ name: "App", platform: "ios", entitlements: plist(key(MULTICAST), "<true/>") });
    const mac = buildTarget({ name: "App", folder: "App-macOS", platform: "macos", entitlements: plist(key(MULTICAST), "<true/>") });
    ios.siblings = [mac];
    mac.siblings = [ios];
    const findings = await lintTargets([rule], [ios, mac]);
    expect(findings.map((f) => [f.file, f.line, f.column, f.endColumn, f.message])).toEqual([
      ["App-macOS/App.entitlements", 2, 1, 1 + key(MULTICAST).length, "com.apple.developer.networking.multicast has no effect on macOS; only iOS, tvOS and visionOS gate multicast on it."],
    ]);
  });
});

describe("multiplatform Xcode targets", () => {
  const entitlements = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>${MULTICAST}</key>\n\t<true/>\n</dict>\n</plist>\n`;
  function project(): string {
    const b = new PbxprojBuilder();
    const extRef = b.fileRef("Ext.appex", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.app-extension" });
    const embed = b.copyPhase([b.buildFile(extRef)], 13);
    const multiplatform = { SDKROOT: "auto", SUPPORTED_PLATFORMS: "iphoneos iphonesimulator macosx" };
    const ext = b.target({
      name: "Ext",
      productType: "com.apple.product-type.app-extension",
      productReference: extRef,
      configurationList: b.configList([b.config("Release", { ...multiplatform, CODE_SIGN_ENTITLEMENTS: "Ext/Ext.entitlements" })]),
    });
    const app = b.target({
      name: "App",
      productType: "com.apple.product-type.application",
      buildPhases: [embed],
      configurationList: b.configList([b.config("Release", { SDKROOT: "iphoneos", CODE_SIGN_ENTITLEMENTS: "App/App.entitlements" })]),
    });
    b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", {})]), targets: [app, ext] });
    return writeFixture({ "P.xcodeproj/project.pbxproj": b.toString(), "Ext/Ext.entitlements": entitlements, "App/App.entitlements": entitlements });
  }
  const root = project();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("embeds the extension's view for the app's platform and keeps the shared entitlement quiet on macOS", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [rule] });
    const app = result.workspace.targets.find((t) => t.name === "App")!;
    expect(app.children.map(targetLabel)).toEqual(["Ext (Release, iphoneos)"]);
    expect(app.children[0]!.platform?.value).toBe("ios");
    expect(result.findings).toEqual([]);
  });
});
