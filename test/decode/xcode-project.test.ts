import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOpenStep } from "plist";
import { readXcodeProject } from "../../src/decode/xcode/project.js";
import type { XcodeProject, XcodeTarget } from "../../src/decode/xcode/project.js";
import { linesContaining, PbxprojBuilder, writeFixture } from "../helpers/xcode-fixtures.js";

const APP = "com.apple.product-type.application";
const APPEX = "com.apple.product-type.app-extension";
const SYSEXT = "com.apple.product-type.system-extension";

/**
 * A project with an iOS app (+ packet tunnel appex and a watch app), a Catalyst-enabled target and
 * a macOS app embedding two system extensions, with xcconfigs at project and target level.
 */
function buildFixture(): { root: string; xcodeproj: string; pbxprojText: string } {
  const b = new PbxprojBuilder();
  // Group tree: the xcconfigs sit in a group with its own path, so resolving them needs the tree.
  const baseXcconfig = b.fileRef("Base.xcconfig");
  const appXcconfig = b.fileRef("App.xcconfig");
  const missingXcconfig = b.fileRef("Gone.xcconfig");
  const absoluteXcconfig = b.fileRef("Tunnel.xcconfig", "SOURCE_ROOT", { name: "Tunnel.xcconfig" });
  const configGroup = b.group([baseXcconfig, appXcconfig, missingXcconfig], { path: "Config" });
  const mainSwift = b.fileRef("main.swift");
  const helperM = b.fileRef("Helper.m");
  const assets = b.fileRef("Assets.xcassets");
  const builtThing = b.fileRef("Generated.swift", "BUILT_PRODUCTS_DIR");
  const appSubgroup = b.group([mainSwift, helperM, assets], { path: "Sources" });
  const appGroup = b.group([appSubgroup], { path: "App" });
  const synced = b.add("PBXFileSystemSynchronizedRootGroup", { path: "TunnelSources", sourceTree: "<group>" });
  const appProduct = b.fileRef("App.app", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.application", includeInIndex: 0 });
  const tunnelProduct = b.fileRef("Tunnel.appex", "BUILT_PRODUCTS_DIR");
  const watchProduct = b.fileRef("Watch.app", "BUILT_PRODUCTS_DIR");
  const macProduct = b.fileRef("MacApp.app", "BUILT_PRODUCTS_DIR");
  const sysext1Product = b.fileRef("com.example.filter.systemextension", "BUILT_PRODUCTS_DIR");
  const sysext2Product = b.fileRef("com.example.proxy.systemextension", "BUILT_PRODUCTS_DIR");
  const products = b.group([appProduct, tunnelProduct, watchProduct, macProduct, sysext1Product, sysext2Product], { name: "Products" });
  const mainGroup = b.group([configGroup, appGroup, synced, products, absoluteXcconfig]);

  const projectConfigs = b.configList([
    b.config("Debug", { SDKROOT: "iphoneos", ONLY_PROJECT: "project-$(CONFIGURATION)", FLAGS: "$(inherited) project" }, baseXcconfig),
    b.config("Release", { SDKROOT: "iphoneos", ONLY_PROJECT: "project-$(CONFIGURATION)", FLAGS: "project" }, baseXcconfig),
  ]);

  const tunnel = b.target({
    name: "PacketTunnel",
    productType: APPEX,
    productReference: tunnelProduct,
    configurationList: b.configList([
      b.config("Debug", { CODE_SIGN_ENTITLEMENTS: "PacketTunnel/PacketTunnel.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "$(BASE_ID).tunnel" }, absoluteXcconfig),
      b.config("Release", { CODE_SIGN_ENTITLEMENTS: "PacketTunnel/PacketTunnel.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "$(BASE_ID).tunnel" }, absoluteXcconfig),
    ]),
    extra: { fileSystemSynchronizedGroups: [synced] },
  });
  const watch = b.target({
    name: "Watch",
    productType: "com.apple.product-type.application.watchapp2",
    productReference: watchProduct,
    configurationList: b.configList([b.config("Debug", { SDKROOT: "watchos" }), b.config("Release", { SDKROOT: "watchos" })]),
  });
  const app = b.target({
    name: "App",
    productType: APP,
    productReference: appProduct,
    configurationList: b.configList([
      b.config(
        "Debug",
        {
          CODE_SIGN_ENTITLEMENTS: "App/App.entitlements",
          "CODE_SIGN_ENTITLEMENTS[sdk=macosx*]": "App/AppCatalyst.entitlements",
          FLAGS: "$(inherited) target",
          SUPPORTS_MACCATALYST: "YES",
          OTHER_LDFLAGS: ["$(inherited)", "-ObjC"],
        },
        appXcconfig,
      ),
      b.config("Release", { CODE_SIGN_ENTITLEMENTS: "App/App.entitlements", FLAGS: "$(inherited) target" }, appXcconfig),
    ]),
    buildPhases: [
      b.sourcesPhase([b.buildFile(mainSwift), b.buildFile(helperM), b.buildFile(assets), b.buildFile(builtThing)]),
      b.copyPhase([b.buildFile(tunnelProduct)], 13),
      b.copyPhase([b.buildFile(watchProduct)], 16, "$(CONTENTS_FOLDER_PATH)/Watch"),
    ],
    dependencies: [b.dependency(tunnel), b.dependency(watch)],
  });
  const sysext1 = b.target({
    name: "FilterExtension",
    productType: SYSEXT,
    productReference: sysext1Product,
    configurationList: b.configList([b.config("Debug", { SDKROOT: "macosx" }), b.config("Release", { SDKROOT: "macosx" })]),
  });
  const sysext2 = b.target({
    name: "ProxyExtension",
    productType: SYSEXT,
    productReference: sysext2Product,
    configurationList: b.configList([b.config("Debug", { SDKROOT: "macosx" }), b.config("Release", { SDKROOT: "macosx" })]),
  });
  const macApp = b.target({
    name: "MacApp",
    productType: APP,
    productReference: macProduct,
    configurationList: b.configList([
      b.config("Debug", { SDKROOT: "macosx", PRODUCT_NAME: "Mac App" }, missingXcconfig),
      b.config("Release", { SDKROOT: "macosx", PRODUCT_NAME: "Mac App" }, missingXcconfig),
    ]),
    buildPhases: [
      b.copyPhase([b.buildFile(sysext1Product)], 16, "$(SYSTEM_EXTENSIONS_FOLDER_PATH)"),
      b.copyPhase([b.buildFile(sysext2Product)], 1, "Contents/Library/SystemExtensions"),
    ],
  });
  const odd = b.target({ name: "Odd", productType: "com.example.product-type.mystery", configurationList: b.configList([b.config("Debug", {})]) });
  b.project({ mainGroup, configurationList: projectConfigs, targets: [app, tunnel, watch, sysext1, sysext2, macApp, odd] });

  const pbxprojText = b.toString();
  const root = writeFixture({
    "Fixture.xcodeproj/project.pbxproj": pbxprojText,
    "Config/Base.xcconfig": ["// project level", "BASE_ID = com.example", "FLAGS = base", "FROM_PROJECT_XCCONFIG = yes", ""].join("\n"),
    "Config/App.xcconfig": [
      '#include "Shared/Common.xcconfig"',
      '#include? "Optional-Not-Here.xcconfig"',
      '#include "Required-Not-Here.xcconfig"',
      "FLAGS = $(inherited) app-xcconfig // comment after a value",
      "URL = https://example.com",
      "APP_GROUP[sdk=macosx*] = TEAMID.group.example",
      "APP_GROUP[sdk=iphoneos*] = group.example",
      "CONTINUED = one \\",
      "  two;",
      "",
    ].join("\n"),
    "Config/Shared/Common.xcconfig": ["COMMON = from-include", "FLAGS = $(inherited) common", ""].join("\n"),
    "Tunnel.xcconfig": ["TUNNEL_ONLY = yes", ""].join("\n"),
  });
  return { root, xcodeproj: path.join(root, "Fixture.xcodeproj"), pbxprojText };
}

async function readFixture(): Promise<{ project: XcodeProject; pbxprojText: string; root: string }> {
  const fixture = buildFixture();
  const result = await readXcodeProject(fixture.xcodeproj, "ios/Fixture.xcodeproj");
  if (!result.ok) throw new Error(result.error.message);
  return { project: result.value, pbxprojText: fixture.pbxprojText, root: fixture.root };
}

function target(project: XcodeProject, name: string): XcodeTarget {
  const found = project.targets.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no target ${name}`);
  return found;
}

describe("readXcodeProject on a built fixture", () => {
  it("writes pbxproj text that an independent OpenStep parser reads the same way", () => {
    const { pbxprojText } = buildFixture();
    const oracle = parseOpenStep(pbxprojText) as { objects: Record<string, { isa: string; name?: string }> };
    const targets = Object.values(oracle.objects).filter((object) => object.isa === "PBXNativeTarget");
    expect(targets.map((object) => object.name).sort()).toEqual(["App", "FilterExtension", "MacApp", "Odd", "PacketTunnel", "ProxyExtension", "Watch"]);
  });

  it("lists native targets with their product types, products and lines", async () => {
    const { project, pbxprojText, root } = await readFixture();
    expect(project.path).toBe("ios/Fixture.xcodeproj");
    expect(project.projectDir).toBe(root);
    expect(project.targets.map((candidate) => candidate.name)).toEqual(["App", "PacketTunnel", "Watch", "FilterExtension", "ProxyExtension", "MacApp", "Odd"]);
    const app = target(project, "App");
    expect(app.productType).toBe(APP);
    expect(app.productName).toBe("App");
    expect(pbxprojText.split("\n")[app.line! - 1]).toMatch(/^\t\t[0-9A-F]{24} \/\* App \*\/ = \{$/);
    expect(linesContaining(pbxprojText, "/* App */ = {")).toContain(app.line);
  });

  it("resolves settings across target, target xcconfig (with includes), project and project xcconfig", async () => {
    const { project, pbxprojText } = await readFixture();
    const debug = target(project, "App").configurations.find((configuration) => configuration.name === "Debug")!;
    const settings = debug.settings;
    expect(settings.get("FLAGS")).toBe("base project common app-xcconfig target");
    expect(settings.get("OTHER_LDFLAGS")).toBe(" -ObjC");
    expect(settings.get("COMMON")).toBe("from-include");
    // Release's project level has no $(inherited), so the project xcconfig's value is cut off there.
    const release = target(project, "App").configurations.find((configuration) => configuration.name === "Release")!;
    expect(release.settings.get("FLAGS")).toBe("project common app-xcconfig target");
    expect(settings.get("FROM_PROJECT_XCCONFIG")).toBe("yes");
    expect(settings.get("ONLY_PROJECT")).toBe("project-Debug");
    expect(settings.get("URL")).toBe("https:");
    expect(settings.get("CONTINUED")).toBe("one two");
    expect(settings.get("SDKROOT")).toBe("iphoneos");
    expect(settings.get("PRODUCT_NAME")).toBe("App");
    expect(settings.get("WRAPPER_EXTENSION")).toBe("app");
    expect(settings.get("PLATFORM_NAME")).toBe("iphoneos");
    expect(settings.get("EFFECTIVE_PLATFORM_NAME")).toBe("-iphoneos");
    expect(settings.get("TARGET_NAME")).toBe("App");
    expect(settings.get("SRCROOT")).toBe(project.projectDir);

    // Origins name the file and line that won.
    expect(settings.origin("COMMON")).toEqual({ file: "ios/Config/Shared/Common.xcconfig", line: 1 });
    expect(settings.origin("FLAGS")).toMatchObject({ file: "ios/Fixture.xcodeproj/project.pbxproj" });
    const flagsLine = settings.origin("FLAGS")!.line!;
    expect(pbxprojText.split("\n")[flagsLine - 1]).toBe('\t\t\t\tFLAGS = "$(inherited) target";');
    const conditionalLine = debug.settingsFor("macosx").origin("CODE_SIGN_ENTITLEMENTS")!.line!;
    expect(pbxprojText.split("\n")[conditionalLine - 1]).toBe('\t\t\t\t"CODE_SIGN_ENTITLEMENTS[sdk=macosx*]" = App/AppCatalyst.entitlements;');
    expect(settings.origin("PRODUCT_NAME")).toEqual({ file: "(Xcode default)", builtin: true });
  });

  it("builds a Catalyst target for iOS first and gives the macOS view on request", async () => {
    const { project } = await readFixture();
    const debug = target(project, "App").configurations.find((configuration) => configuration.name === "Debug")!;
    expect(debug.sdk).toBe("iphoneos");
    expect(debug.sdks).toEqual(["iphoneos", "macosx"]);
    expect(debug.settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("App/App.entitlements");
    const mac = debug.settingsFor("macosx");
    expect(mac.get("CODE_SIGN_ENTITLEMENTS")).toBe("App/AppCatalyst.entitlements");
    expect(mac.get("APP_GROUP")).toBe("TEAMID.group.example");
    expect(mac.get("PLATFORM_NAME")).toBe("macosx");
    expect(mac.get("EFFECTIVE_PLATFORM_NAME")).toBe("");
    expect(debug.settings.get("APP_GROUP")).toBe("group.example");
    const release = target(project, "App").configurations.find((configuration) => configuration.name === "Release")!;
    expect(release.sdks).toEqual(["iphoneos"]);
  });

  it("finds a base xcconfig named relative to SOURCE_ROOT", async () => {
    const { project } = await readFixture();
    const tunnel = target(project, "PacketTunnel").configurations[0]!;
    expect(tunnel.settings.get("TUNNEL_ONLY")).toBe("yes");
    expect(tunnel.settings.get("PRODUCT_BUNDLE_IDENTIFIER")).toBe("com.example.tunnel");
    expect(tunnel.settings.get("WRAPPER_EXTENSION")).toBe("appex");
    expect(tunnel.settings.get("PRODUCT_BUNDLE_PACKAGE_TYPE")).toBe("XPC!");
  });

  it("reports a missing base xcconfig and a missing include, and still resolves the rest", async () => {
    const { project, pbxprojText } = await readFixture();
    const missing = project.problems.filter((problem) => problem.message.includes("Gone.xcconfig"));
    expect(missing).toHaveLength(1);
    expect(missing[0]!.file).toBe("ios/Fixture.xcodeproj/project.pbxproj");
    expect(pbxprojText.split("\n")[missing[0]!.line! - 1]).toContain("baseConfigurationReference = ");
    const include = project.problems.filter((problem) => problem.message.includes("Required-Not-Here.xcconfig"));
    expect(include).toEqual([{ file: "ios/Config/App.xcconfig", line: 3, message: expect.stringContaining("is missing") as string }]);
    expect(project.problems.some((problem) => problem.message.includes("Optional-Not-Here"))).toBe(false);
    expect(project.problems.some((problem) => problem.message.includes("com.example.product-type.mystery"))).toBe(true);
    const mac = target(project, "MacApp").configurations[0]!;
    expect(mac.settings.get("PRODUCT_NAME")).toBe("Mac App");
    expect(mac.settings.get("FULL_PRODUCT_NAME")).toBe("Mac App.app");
    expect(mac.sdk).toBe("macosx");
    expect(mac.settings.get("FROM_PROJECT_XCCONFIG")).toBe("yes");
  });

  it("lists embeds by destination and dependencies by name", async () => {
    const { project } = await readFixture();
    expect(target(project, "App").embeds).toEqual([
      { targetName: "PacketTunnel", phase: "PlugIns" },
      { targetName: "Watch", phase: "Watch" },
    ]);
    expect(target(project, "App").dependencies).toEqual(["PacketTunnel", "Watch"]);
    expect(target(project, "MacApp").embeds).toEqual([
      { targetName: "FilterExtension", phase: "SystemExtensions" },
      { targetName: "ProxyExtension", phase: "SystemExtensions" },
    ]);
    expect(target(project, "Watch").configurations[0]!.sdk).toBe("watchos");
  });

  it("resolves source files through the group tree and keeps synchronized folders", async () => {
    const { project, root } = await readFixture();
    expect(target(project, "App").sourceFiles).toEqual([path.join(root, "App/Sources/main.swift"), path.join(root, "App/Sources/Helper.m")]);
    expect(target(project, "PacketTunnel").sourceFiles).toEqual([path.join(root, "TunnelSources")]);
  });

  it("can leave out the SDK defaults", async () => {
    const fixture = buildFixture();
    const result = await readXcodeProject(fixture.xcodeproj, "Fixture.xcodeproj", { sdkDefaults: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const settings = target(result.value, "App").configurations[0]!.settings;
    expect(settings.get("PRODUCT_NAME")).toBeUndefined();
    expect(settings.get("PLATFORM_NAME")).toBeUndefined();
    expect(settings.get("TARGET_NAME")).toBe("App");
  });
});

describe("readXcodeProject on broken input", () => {
  async function readText(text: string) {
    const root = writeFixture({ "Broken.xcodeproj/project.pbxproj": text });
    return readXcodeProject(path.join(root, "Broken.xcodeproj"), "Broken.xcodeproj");
  }

  it("reports a truncated project as a syntax error with its position", async () => {
    const { pbxprojText } = buildFixture();
    const cut = pbxprojText.slice(0, Math.floor(pbxprojText.length / 2));
    const result = await readText(cut);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("pbxproj-syntax");
    expect(result.error.message).toMatch(/^the project file is not a valid property list: .* at line \d+, column \d+$/);
    expect(result.error.position!.line).toBeGreaterThan(1);
    expect(result.error.position!.offset).toBeLessThanOrEqual(cut.length);
  });

  it("reports every prefix of a project without throwing", async () => {
    const { pbxprojText } = buildFixture();
    for (let length = 0; length < pbxprojText.length; length += Math.ceil(pbxprojText.length / 60)) {
      const result = await readText(pbxprojText.slice(0, length));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(["pbxproj-syntax", "pbxproj-structure"]).toContain(result.error.code);
    }
  });

  it("names structural problems", async () => {
    const cases: [string, string][] = [
      ["( a, b )", "pbxproj-structure"],
      ["{ archiveVersion = 1; }", "pbxproj-structure"],
      ["{ objects = { }; rootObject = ABC; }", "pbxproj-structure"],
      ["{ objects = { ABC = { isa = PBXGroup; }; }; rootObject = ABC; }", "pbxproj-structure"],
      ["{ objects = { ABC = { isa = PBXProject; } }; rootObject = ABC; }", "pbxproj-syntax"],
      ["(".repeat(200_000), "pbxproj-too-deep"],
    ];
    for (const [text, code] of cases) {
      const result = await readText(text);
      expect(result.ok ? "ok" : result.error.code, text.slice(0, 40)).toBe(code);
    }
  });

  it("reports a missing project.pbxproj", async () => {
    const root = writeFixture({ "Empty.xcodeproj/README": "" });
    const result = await readXcodeProject(path.join(root, "Empty.xcodeproj"), "Empty.xcodeproj");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("pbxproj-unreadable");
  });

  it("treats hostile object graphs as data: dangling IDs, group cycles, prototype keys, include cycles", async () => {
    const text = `{
	objects = {
		G1 = { isa = PBXGroup; children = ( G2, F1 ); path = a; sourceTree = "<group>"; };
		G2 = { isa = PBXGroup; children = ( G1 ); path = b; sourceTree = "<group>"; };
		F1 = { isa = PBXFileReference; path = x.xcconfig; sourceTree = "<group>"; };
		F2 = { isa = PBXFileReference; path = loop.xcconfig; sourceTree = SOURCE_ROOT; };
		__proto__ = { isa = PBXNativeTarget; name = Polluted; };
		C1 = { isa = XCBuildConfiguration; name = Debug; buildSettings = { __proto__ = x; constructor = y; "A[sdk=*]" = "$(B)"; B = "$(A)"; }; baseConfigurationReference = F1; };
		C2 = { isa = XCBuildConfiguration; name = Debug; buildSettings = { }; baseConfigurationReference = F2; };
		L1 = { isa = XCConfigurationList; buildConfigurations = ( C1, MISSING, toString ); };
		L2 = { isa = XCConfigurationList; buildConfigurations = ( C2 ); };
		T1 = { isa = PBXNativeTarget; name = T; productType = "com.apple.product-type.application"; buildConfigurationList = L1; buildPhases = ( NOPE, hasOwnProperty ); dependencies = ( D1 ); };
		D1 = { isa = PBXTargetDependency; target = T9; };
		P = { isa = PBXProject; mainGroup = G1; buildConfigurationList = L2; targets = ( T1, MISSING, constructor ); };
	};
	rootObject = P;
}`;
    const root = writeFixture({ "Hostile.xcodeproj/project.pbxproj": text, "loop.xcconfig": '#include "loop.xcconfig"\nLOOPED = yes\n' });
    const result = await readXcodeProject(path.join(root, "Hostile.xcodeproj"), "Hostile.xcodeproj");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.targets.map((candidate) => candidate.name)).toEqual(["T"]);
    const settings = result.value.targets[0]!.configurations[0]!.settings;
    expect(settings.get("A")).toBe("$(A)");
    expect(settings.get("constructor")).toBe("y");
    expect(settings.get("LOOPED")).toBe("yes");
    expect(result.value.targets[0]!.dependencies).toEqual([]);
    const messages = result.value.problems.map((problem) => problem.message).join("\n");
    expect(messages).toContain("include cycle");
    expect(messages).toContain("refers back to itself");
    expect(({} as Record<string, unknown>)["isa"]).toBeUndefined();
  });
});

describe("xcconfig files", () => {
  it("reads CRLF files, conditions with spaces and a BOM", async () => {
    const b = new PbxprojBuilder();
    const ref = b.fileRef("Windows.xcconfig");
    const main = b.group([ref]);
    const list = b.configList([b.config("App Store", { SDKROOT: "iphoneos" }, ref)]);
    const t = b.target({ name: "T", productType: APP, configurationList: b.configList([b.config("App Store", {})]) });
    b.project({ mainGroup: main, configurationList: list, targets: [t] });
    const root = writeFixture({ "X.xcodeproj/project.pbxproj": b.toString() });
    writeFileSync(path.join(root, "Windows.xcconfig"), "\uFEFFA = 1\r\nB[config=App Store] = store\r\nB = plain;\r\n");
    mkdirSync(path.join(root, "unused"), { recursive: true });
    const result = await readXcodeProject(path.join(root, "X.xcodeproj"), "X.xcodeproj");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const settings = result.value.targets[0]!.configurations[0]!.settings;
    expect(settings.get("A")).toBe("1");
    // Later assignment wins within a file, even over a matching conditional one.
    expect(settings.get("B")).toBe("plain");
    expect(settings.origin("B")).toEqual({ file: "Windows.xcconfig", line: 3 });
    expect(readFileSync(path.join(root, "Windows.xcconfig"), "utf8").split("\r\n")[2]).toBe("B = plain;");
  });
});
