/**
 * Source trees become targets as Xcode would build them: project targets per configuration with expanded
 * settings and embeds, Expo and Cordova app configs, and the folder convention for files no project claims.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { targetLabel } from "../../src/model/workspace.js";
import { PbxprojBuilder, linesContaining, writeFixture } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const ATS_OFF = "\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n";
const atsRules = RULES.filter((rule) => rule.meta.id.startsWith("ats/") || rule.meta.id.startsWith("xcode/"));

function macVpnProject(): { root: string; pbxproj: string } {
  const b = new PbxprojBuilder();
  const appRef = b.fileRef("App.app", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.application" });
  const sysexRef = b.fileRef("dev.example.vpn.tunnel.systemextension", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.system-extension" });
  const main = b.group([b.group([], { path: "App" }), b.group([], { path: "Tunnel" })]);
  const embed = b.copyPhase([b.buildFile(sysexRef)], 16, "$(SYSTEM_EXTENSIONS_FOLDER_PATH)");
  const app = b.target({
    name: "App",
    productType: "com.apple.product-type.application",
    productReference: appRef,
    buildPhases: [embed],
    configurationList: b.configList([
      b.config("Debug", { INFOPLIST_FILE: "App/Info.plist", CODE_SIGN_ENTITLEMENTS: "App/App-Debug.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.vpn" }),
      b.config("Release", { INFOPLIST_FILE: "App/Info.plist", CODE_SIGN_ENTITLEMENTS: "App/App.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.vpn", CODE_SIGN_IDENTITY: "Developer ID Application" }),
    ]),
  });
  const tunnel = b.target({
    name: "Tunnel",
    productType: "com.apple.product-type.system-extension",
    productReference: sysexRef,
    configurationList: b.configList([
      b.config("Debug", { INFOPLIST_FILE: "Tunnel/Info.plist", CODE_SIGN_ENTITLEMENTS: "Tunnel/Tunnel.entitlements", NE_SUFFIX: "" }),
      b.config("Release", { INFOPLIST_FILE: "Tunnel/Info.plist", CODE_SIGN_ENTITLEMENTS: "Tunnel/Tunnel.entitlements", NE_SUFFIX: "-systemextension", CODE_SIGN_IDENTITY: "Developer ID Application" }),
    ]),
  });
  const projectConfigs = b.configList([b.config("Debug", { SDKROOT: "macosx", MACOSX_DEPLOYMENT_TARGET: "13.0" }), b.config("Release", { SDKROOT: "macosx", MACOSX_DEPLOYMENT_TARGET: "13.0" })]);
  b.project({ mainGroup: main, configurationList: projectConfigs, targets: [app, tunnel] });
  const pbxproj = b.toString();
  const entitlements = (value: string) => plist(`\t<key>com.apple.developer.networking.networkextension</key>\n\t<array>\n\t\t<string>${value}</string>\n\t</array>\n`);
  const root = writeFixture({
    "VPN.xcodeproj/project.pbxproj": pbxproj,
    "App/Info.plist": plist(`\t<key>CFBundleIdentifier</key>\n\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>\n${ATS_OFF}`),
    "App/App.entitlements": entitlements("packet-tunnel-provider-systemextension"),
    "App/App-Debug.entitlements": entitlements("packet-tunnel-provider"),
    "Tunnel/Info.plist": plist("\t<key>NetworkExtension</key>\n\t<dict>\n\t\t<key>NEProviderClasses</key>\n\t\t<dict/>\n\t</dict>\n"),
    "Tunnel/Tunnel.entitlements": entitlements("packet-tunnel-provider$(NE_SUFFIX)"),
  });
  return { root, pbxproj };
}

describe("Xcode projects", () => {
  const { root } = macVpnProject();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("makes one target per native target for the Release configuration, with facts from build settings", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [] });
    const [app, tunnel] = result.workspace.targets;
    expect(result.workspace.targets.map(targetLabel)).toEqual(["App (Release)", "Tunnel (Release)"]);
    expect(app!.kind?.value).toBe("app");
    expect(tunnel!.kind?.value).toBe("system-extension");
    expect(app!.platform?.value).toBe("macos");
    expect(app!.deploymentTarget?.value).toBe("13.0");
    expect(app!.distribution?.value).toBe("developer-id");
    expect(app!.distribution?.source).toMatch(/^CODE_SIGN_IDENTITY in VPN\.xcodeproj\/project\.pbxproj:\d+$/);
    expect(app!.entitlements[0]?.file.path).toBe("App/App.entitlements");
    expect(tunnel!.parent).toBe(app);
    expect(app!.children).toEqual([tunnel]);
  });

  it("expands build settings in entitlements and Info.plists per configuration, keeping positions", async () => {
    const release = await lint({ paths: ["."], cwd: root, rules: [] });
    const debug = await lint({ paths: ["."], cwd: root, rules: [], configuration: "Debug" });
    const neValue = (targets: typeof release.workspace.targets) => {
      const entitlements = targets.find((t) => t.name === "Tunnel")!.entitlements[0]!;
      const entry = entitlements.root.type === "Dict" ? entitlements.root.byKey.get("com.apple.developer.networking.networkextension") : undefined;
      const item = entry?.value.type === "Array" ? entry.value.items[0] : undefined;
      return item?.type === "String" ? [item.value, item.loc?.start.line] : undefined;
    };
    expect(neValue(release.workspace.targets)).toEqual(["packet-tunnel-provider-systemextension", 6]);
    expect(neValue(debug.workspace.targets)).toEqual(["packet-tunnel-provider", 6]);
    const bundleId = release.workspace.targets[0]!.infoPlist!.root;
    expect(bundleId.type === "Dict" && bundleId.byKey.get("CFBundleIdentifier")?.value).toMatchObject({ value: "dev.example.vpn" });
    expect(debug.workspace.targets.map(targetLabel)).toEqual(["App (Debug)", "Tunnel (Debug)"]);
    const all = await lint({ paths: ["."], cwd: root, rules: [], configuration: "all" });
    expect(all.workspace.targets).toHaveLength(4);
  });

  it("does not judge files another configuration uses by the folder convention", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [] });
    expect(result.workspace.targets.every((t) => t.origin === "xcode")).toBe(true);
    expect(result.workspace.documents.map((d) => d.file.path)).not.toContain("App/App-Debug.entitlements");
  });

  it("reports a finding once per location even when several configurations share the file", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: atsRules, configuration: "all" });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["ats/arbitrary-loads", "App/Info.plist", 8]]);
  });

  it("reports a build setting that names a missing file at its line in project.pbxproj", async () => {
    const { root: other, pbxproj } = macVpnProject();
    rmSync(path.join(other, "Tunnel/Tunnel.entitlements"));
    const result = await lint({ paths: ["."], cwd: other, rules: atsRules });
    const missing = result.findings.filter((f) => f.ruleId === "xcode/missing-file");
    const releaseLine = linesContaining(pbxproj, "CODE_SIGN_ENTITLEMENTS = Tunnel/Tunnel.entitlements")[1];
    expect(missing.map((f) => [f.file, f.line, f.message])).toEqual([
      ["VPN.xcodeproj/project.pbxproj", releaseLine, "CODE_SIGN_ENTITLEMENTS = Tunnel/Tunnel.entitlements names a file that does not exist; the entitlements of this target cannot be checked."],
    ]);
    rmSync(other, { recursive: true, force: true });
  });

  it("knows a target whose build rewrites its entitlements (CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES), and where that is set", async () => {
    const { root: other, pbxproj } = macVpnProject();
    const edited = pbxproj.replace("NE_SUFFIX = -systemextension;", "NE_SUFFIX = -systemextension;\n\t\t\t\tCODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES;");
    expect(edited).not.toBe(pbxproj);
    writeFileSync(path.join(other, "VPN.xcodeproj/project.pbxproj"), edited);
    const result = await lint({ paths: ["."], cwd: other, rules: [] });
    const facts = result.workspace.targets.map((t) => [t.name, t.entitlementsModifiedByBuild?.source]);
    const line = linesContaining(edited, "CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES")[0];
    expect(facts).toEqual([["App", undefined], ["Tunnel", `CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION in VPN.xcodeproj/project.pbxproj:${line}`]]);
    rmSync(other, { recursive: true, force: true });
  });

  it("finds a file whose path differs only in case, as Xcode does on a case-insensitive Mac file system (AdGuard's AdGuardPro/ vs AdguardPro/)", async () => {
    const { root: other, pbxproj } = macVpnProject();
    const renamed = pbxproj.replaceAll("App/Info.plist", "APP/info.plist");
    writeFileSync(path.join(other, "VPN.xcodeproj/project.pbxproj"), renamed);
    const result = await lint({ paths: ["."], cwd: other, rules: atsRules });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["ats/arbitrary-loads", "App/Info.plist", 8]]);
    expect(result.workspace.targets.find((t) => t.name === "App")?.infoPlist?.file.path).toBe("App/Info.plist");
    rmSync(other, { recursive: true, force: true });
  });
});

describe("Expo and Cordova app configs", () => {
  const appJson = JSON.stringify({ expo: { name: "Demo", ios: { bundleIdentifier: "com.example.demo", infoPlist: { NSAppTransportSecurity: { NSAllowsArbitraryLoads: true } }, entitlements: { "aps-environment": "production" } } } }, null, 2);
  const configXml = `<?xml version="1.0" encoding="utf-8"?>\n<widget id="com.example" version="1.0.0" xmlns="http://www.w3.org/ns/widgets">\n    <name>Demo</name>\n    <platform name="android">\n        <access origin="*" />\n    </platform>\n    <access origin="*" />\n</widget>\n`;
  const root = writeFixture({ "expo/app.json": appJson, "cordova/config.xml": configXml, "rn/app.json": JSON.stringify({ name: "Plain", displayName: "Plain" }), "platforms/android/app/src/main/res/xml/config.xml": "<widget><access origin=\"*\"/></widget>" });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads expo.ios.infoPlist and entitlements as the iOS target's documents, located in app.json", async () => {
    const result = await lint({ paths: ["expo", "rn"], cwd: root, rules: atsRules });
    const target = result.workspace.targets[0]!;
    expect(result.workspace.targets).toHaveLength(1);
    expect([target.name, target.platform?.value, target.bundleId?.value, target.entitlements[0]?.kind]).toEqual(["Demo", "ios", "com.example.demo", "entitlements"]);
    const line = appJson.split("\n").findIndex((l) => l.includes('"NSAllowsArbitraryLoads"')) + 1;
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([["ats/arbitrary-loads", "expo/app.json", line, 11]]);
  });

  it("reports Cordova's <access origin=\"*\"/> as NSAllowsArbitraryLoads at config.xml, not the Android one", async () => {
    const result = await lint({ paths: ["cordova", "platforms"], cwd: root, rules: atsRules });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.endColumn])).toEqual([["ats/arbitrary-loads", "cordova/config.xml", 7, 5, 26]]);
    expect(readFileSync(path.join(root, "cordova/config.xml"), "utf8").split("\n")[6]!.slice(4, 26)).toBe('<access origin="*" />');
  });
});

describe("folder convention", () => {
  const root = writeFixture({
    "App/Info.plist": plist(`\t<key>CFBundleIdentifier</key>\n\t<string>com.example</string>\n\t<key>LSMinimumSystemVersion</key>\n\t<string>12.0</string>\n`),
    "App/App.entitlements": plist("\t<key>com.apple.security.app-sandbox</key>\n\t<true/>\n"),
    "App/Sources/Net.swift": "let group = NWMulticastGroup(for: [])\n",
    "Ext/Info.plist": plist("\t<key>MinimumOSVersion</key>\n\t<string>16.0</string>\n\t<key>NSExtension</key>\n\t<dict/>\n"),
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("groups a folder's Info.plist, entitlements and sources into a target with derived facts", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [] });
    const summary = result.workspace.targets.map((t) => ({
      name: t.name,
      platform: t.platform,
      deployment: t.deploymentTarget?.value,
      kind: t.kind?.value,
      entitlements: t.entitlements.map((d) => d.file.path),
      sources: t.sources.map((s) => s.path),
    }));
    expect(summary).toEqual([
      { name: "App", platform: { value: "macos", source: "LSMinimumSystemVersion in App/Info.plist" }, deployment: "12.0", kind: undefined, entitlements: ["App/App.entitlements"], sources: ["App/Sources/Net.swift"] },
      { name: "Ext", platform: { value: "ios", source: "MinimumOSVersion in Ext/Info.plist" }, deployment: "16.0", kind: "app-extension", entitlements: [], sources: [] },
    ]);
  });

  it("uses --platform only when the files say nothing", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [], platform: "tvos" });
    expect(result.workspace.targets.map((t) => t.platform?.value)).toEqual(["macos", "ios"]);
  });
});
