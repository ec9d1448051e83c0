/**
 * Unreferenced files don't fail the gate: an Info.plist or entitlements file under a project's folder that
 * no target uses is counted, not judged; trees without a (readable) project keep the folder convention;
 * Capacitor's config.xml is not a Cordova config.
 */
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { formatStylish } from "../../src/report/stylish.js";
import { PbxprojBuilder, fixtureFolders } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const ATS_OFF = plist("\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.old</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n");
const APP_INFO = plist("\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.app</string>\n");
const rules = RULES.filter((rule) => rule.meta.id === "ats/arbitrary-loads");

function pbxproj(): string {
  const b = new PbxprojBuilder();
  const app = b.target({ name: "App", productType: "com.apple.product-type.application", configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.app" })]) });
  b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", { SDKROOT: "iphoneos" })]), targets: [app] });
  return b.toString();
}

const fixture = fixtureFolders();
const run = async (files: Record<string, string>) => {
  const root = fixture(files);
  const result = await lint({ paths: ["."], cwd: root, rules });
  return { findings: result.findings.map((f) => [f.ruleId, f.file, f.line]), summary: result.summary };
};

describe("files no target uses", () => {
  it("are counted, not judged, under a project's folder", async () => {
    const { findings, summary } = await run({ "ios/App.xcodeproj/project.pbxproj": pbxproj(), "ios/App/Info.plist": APP_INFO, "ios/Old/Info.plist": ATS_OFF, "ios/Old/Old.entitlements": plist("\t<key>com.apple.security.app-sandbox</key>\n\t<true/>\n") });
    expect(findings).toEqual([]);
    expect(summary.unused).toBe(2);
    expect(formatStylish([], summary, { color: false })).toBe("✔ No problems in 4 files; 2 files no target uses (leftovers, test data) were not judged\n");
  });

  it("are judged by the folder convention outside every project's folder", async () => {
    const { findings, summary } = await run({ "ios/App.xcodeproj/project.pbxproj": pbxproj(), "ios/App/Info.plist": APP_INFO, "macos/Info.plist": ATS_OFF });
    expect(findings).toEqual([["ats/arbitrary-loads", "macos/Info.plist", 8]]);
    expect(summary.unused).toBeUndefined();
  });

  it("are judged by the folder convention when the project cannot be read", async () => {
    const { findings } = await run({ "ios/App.xcodeproj/project.pbxproj": "{ objects = ", "ios/Old/Info.plist": ATS_OFF });
    expect(findings).toEqual([["ats/arbitrary-loads", "ios/Old/Info.plist", 8]]);
  });

  it("are judged by the folder convention in a tree without projects", async () => {
    const { findings } = await run({ "Old/Info.plist": ATS_OFF });
    expect(findings).toEqual([["ats/arbitrary-loads", "Old/Info.plist", 8]]);
  });
});

describe("test data", () => {
  it("in test folders below the linted path is counted, not judged (a tool's spec fixtures, a test bundle's resources)", async () => {
    const { findings, summary } = await run({ "spec/fixtures/Info.plist": ATS_OFF, "Tests/Resources/Runner.app/Info.plist": ATS_OFF, "AppTests/Info.plist": ATS_OFF, "App/Info.plist": APP_INFO });
    expect(findings).toEqual([]);
    expect(summary.unused).toBe(3);
  });

  it("is judged when the test folder is the path given, and folders merely ending in \"tests\" are not test folders", async () => {
    const root = fixture({ "spec/fixtures/Info.plist": ATS_OFF, "Contests/Info.plist": ATS_OFF });
    const given = await lint({ paths: ["spec/fixtures"], cwd: root, rules });
    expect(given.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["ats/arbitrary-loads", "spec/fixtures/Info.plist", 8]]);
    const whole = await lint({ paths: ["."], cwd: root, rules });
    expect(whole.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["ats/arbitrary-loads", "Contests/Info.plist", 8]]);
  });

  it("a project names a file in a test folder: read on the project's word", async () => {
    const b = new PbxprojBuilder();
    const app = b.target({ name: "App", productType: "com.apple.product-type.application", configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "Tests/Host/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.app" })]) });
    b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", { SDKROOT: "iphoneos" })]), targets: [app] });
    const { findings } = await run({ "App.xcodeproj/project.pbxproj": b.toString(), "Tests/Host/Info.plist": ATS_OFF });
    expect(findings).toEqual([["ats/arbitrary-loads", "Tests/Host/Info.plist", 8]]);
  });
});

describe("config.xml", () => {
  const accessAll = '<?xml version="1.0" encoding="utf-8"?>\n<widget id="dev.example" version="1.0.0" xmlns="http://www.w3.org/ns/widgets">\n  <access origin="*" />\n</widget>\n';

  it("is not a Cordova config in Capacitor's iOS app folder (Capacitor never turns <access> into ATS)", async () => {
    const { findings } = await run({ "capacitor.config.ts": "export default {};\n", "ios/App/App/config.xml": accessAll, "ios/App/App/capacitor.config.json": "{}" });
    expect(findings).toEqual([]);
  });

  it("still gets Cordova's ATS translation in a Cordova project", async () => {
    const { findings } = await run({ "config.xml": accessAll, "package.json": '{ "cordova": {} }' });
    expect(findings).toEqual([["ats/arbitrary-loads", "config.xml", 3]]);
  });
});
