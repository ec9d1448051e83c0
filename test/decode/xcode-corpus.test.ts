/**
 * Real projects from the shared corpus. Every expected value below was read by hand from the
 * project.pbxproj / xcconfig text (line numbers are checked against the file text itself).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readXcodeProject } from "../../src/decode/xcode/project.js";
import type { XcodeConfiguration, XcodeProject, XcodeTarget } from "../../src/decode/xcode/project.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = path.join(path.resolve(repoRoot, "../shared"), "corpus");
const hasCorpus = existsSync(path.join(corpus, "FILES.tsv"));
if (!hasCorpus) console.log(`skipping Xcode corpus tests: ${corpus} is absent`);

const projects = new Map<string, XcodeProject>();

async function load(relative: string): Promise<XcodeProject> {
  let project = projects.get(relative);
  if (!project) {
    const result = await readXcodeProject(path.join(corpus, relative), relative);
    if (!result.ok) throw new Error(`${relative}: ${result.error.message}`);
    project = result.value;
    projects.set(relative, project);
  }
  return project;
}

function target(project: XcodeProject, name: string): XcodeTarget {
  const found = project.targets.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${project.path} has no target ${name}: ${project.targets.map((t) => t.name).join(", ")}`);
  return found;
}

function configuration(target: XcodeTarget, name: string): XcodeConfiguration {
  const found = target.configurations.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${target.name} has no configuration ${name}`);
  return found;
}

/** The text of the line an origin points at, read from the corpus file itself. */
function originLine(project: XcodeProject, settings: XcodeConfiguration["settings"], name: string): string {
  const origin = settings.origin(name);
  if (!origin?.line) throw new Error(`no line for ${name}`);
  return readFileSync(path.join(corpus, origin.file), "utf8").split(/\r?\n/)[origin.line - 1]!.trim();
}

describe.skipIf(!hasCorpus)("Xcode projects in the corpus", () => {
  const pbxprojs = hasCorpus
    ? readFileSync(path.join(corpus, "FILES.tsv"), "utf8")
        .split("\n")
        .map((line) => line.split("\t")[0] ?? "")
        .filter((file) => file.endsWith(".xcodeproj/project.pbxproj"))
    : [];

  it("reads every project.pbxproj without an error", async () => {
    expect(pbxprojs.length).toBeGreaterThanOrEqual(30);
    for (const file of pbxprojs) {
      const project = await load(path.dirname(file));
      expect(project.targets.length, file).toBeGreaterThan(0);
      for (const each of project.targets) expect(each.configurations.length, `${file} ${each.name}`).toBeGreaterThan(0);
    }
  });

  describe("mullvad", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("mullvad__mullvadvpn-app/ios/MullvadVPN.xcodeproj")));

    it("PacketTunnel is an iOS app extension with its entitlements in every configuration", () => {
      const tunnel = target(project, "PacketTunnel");
      expect(tunnel.productType).toBe("com.apple.product-type.app-extension");
      expect(tunnel.configurations.map((each) => each.name)).toEqual(["Debug", "Staging", "Release", "MockRelease"]);
      for (const each of tunnel.configurations) {
        expect(each.sdk).toBe("iphoneos");
        expect(each.settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("PacketTunnel/PacketTunnel.entitlements");
        expect(originLine(project, each.settings, "CODE_SIGN_ENTITLEMENTS")).toBe("CODE_SIGN_ENTITLEMENTS = PacketTunnel/PacketTunnel.entitlements;");
        // App.xcconfig is committed only as a template, so the identifier stays unresolved.
        expect(each.settings.get("PRODUCT_BUNDLE_IDENTIFIER")).toBe("$(APPLICATION_IDENTIFIER).PacketTunnel");
      }
      expect(readFileSync(path.join(corpus, project.path, "project.pbxproj"), "utf8").split("\n")[tunnel.line! - 1]).toContain("/* PacketTunnel */ = {");
    });

    it("the app embeds the tunnel as a plug-in", () => {
      expect(target(project, "MullvadVPN").embeds).toContainEqual({ targetName: "PacketTunnel", phase: "PlugIns" });
      expect(target(project, "MullvadVPN").dependencies).toContain("PacketTunnel");
      expect(project.problems.some((problem) => problem.message.includes("Configurations/App.xcconfig"))).toBe(true);
    });
  });

  describe("WireGuard", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("WireGuard__wireguard-apple/WireGuard.xcodeproj")));

    it("the macOS network extension is an appex built with the macOS SDK", () => {
      const appex = target(project, "WireGuardNetworkExtensionmacOS");
      expect(appex.productType).toBe("com.apple.product-type.app-extension");
      const release = configuration(appex, "Release");
      expect(release.sdk).toBe("macosx");
      expect(release.settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("Sources/WireGuardNetworkExtension/WireGuardNetworkExtension_macOS.entitlements");
      // APP_ID_MACOS lives in Developer.xcconfig, which is not committed.
      expect(release.settings.get("PRODUCT_BUNDLE_IDENTIFIER")).toBe("$(APP_ID_MACOS).network-extension");
      expect(project.problems.some((problem) => problem.file === "WireGuard__wireguard-apple/Sources/WireGuardApp/Config/Config.xcconfig" && problem.message.includes('"Developer.xcconfig" is missing'))).toBe(true);
      expect(release.settings.origin("VERSION_NAME")).toEqual({ file: "WireGuard__wireguard-apple/Sources/WireGuardApp/Config/Version.xcconfig", line: 1 });
    });

    it("the macOS app embeds it as a plug-in and the iOS app has its own", () => {
      expect(target(project, "WireGuardmacOS").embeds).toContainEqual({ targetName: "WireGuardNetworkExtensionmacOS", phase: "PlugIns" });
      expect(target(project, "WireGuardiOS").embeds).toContainEqual({ targetName: "WireGuardNetworkExtensioniOS", phase: "PlugIns" });
      expect(configuration(target(project, "WireGuardNetworkExtensioniOS"), "Debug").sdk).toBe("iphoneos");
    });
  });

  describe("LuLu", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("objective-see__LuLu/LuLu/LuLu.xcodeproj")));

    it("the system extension and the app that embeds it", () => {
      const extension = target(project, "Extension");
      expect(extension.productType).toBe("com.apple.product-type.system-extension");
      const release = configuration(extension, "Release");
      expect(release.sdk).toBe("macosx");
      expect(release.settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("Extension/Extension.entitlements");
      expect(release.settings.get("PRODUCT_BUNDLE_IDENTIFIER")).toBe("com.objective-see.lulu.extension");
      expect(release.settings.get("WRAPPER_EXTENSION")).toBe("systemextension");
      const app = target(project, "LuLu");
      expect(app.productType).toBe("com.apple.product-type.application");
      expect(app.embeds).toEqual([{ targetName: "Extension", phase: "SystemExtensions" }]);
      expect(configuration(app, "Debug").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("App/App.entitlements");
      expect(originLine(project, configuration(app, "Debug").settings, "CODE_SIGN_ENTITLEMENTS")).toBe("CODE_SIGN_ENTITLEMENTS = App/App.entitlements;");
      expect(app.sourceFiles.some((file) => file.endsWith(".m"))).toBe(true);
      expect(project.problems).toEqual([]);
    });
  });

  describe("DuckDuckGo macOS", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("duckduckgo__macos-browser/DuckDuckGo-macOS.xcodeproj")));
    const xcconfigs = "duckduckgo__macos-browser/Configuration";

    it("chooses CODE_SIGN_ENTITLEMENTS per configuration from the xcconfig conditions", () => {
      const browser = target(project, "DuckDuckGo Privacy Browser");
      const debug = configuration(browser, "Debug").settings;
      expect(debug.get("CODE_SIGN_ENTITLEMENTS")).toBe("DuckDuckGo/DuckDuckGoDebug.entitlements");
      expect(debug.origin("CODE_SIGN_ENTITLEMENTS")).toEqual({ file: `${xcconfigs}/App/DuckDuckGo.xcconfig`, line: 22 });
      const release = configuration(browser, "Release").settings;
      expect(release.get("CODE_SIGN_ENTITLEMENTS")).toBe("DuckDuckGo/DuckDuckGo.entitlements");
      expect(release.origin("CODE_SIGN_ENTITLEMENTS")).toEqual({ file: `${xcconfigs}/App/DuckDuckGo.xcconfig`, line: 21 });
      expect(configuration(browser, "Release").sdk).toBe("macosx");

      const sysext = target(project, "NetworkProtectionSystemExtension");
      expect(sysext.productType).toBe("com.apple.product-type.system-extension");
      expect(configuration(sysext, "Debug").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("NetworkProtectionSystemExtension/NetworkProtectionSystemExtension_Debug.entitlements");
      expect(configuration(sysext, "Release").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("NetworkProtectionSystemExtension/NetworkProtectionSystemExtension_Release.entitlements");
      expect(configuration(sysext, "Review").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("NetworkProtectionSystemExtension/NetworkProtectionSystemExtension_Release.entitlements");
      // CI signs nothing: the conditional assignment is empty on purpose.
      expect(configuration(sysext, "CI").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("");
      expect(configuration(sysext, "CI").settings.origin("CODE_SIGN_ENTITLEMENTS")).toEqual({ file: `${xcconfigs}/Extensions/NetworkProtection/NetworkProtectionSystemExtension.xcconfig`, line: 21 });

      const appex = target(project, "NetworkProtectionAppExtension");
      expect(appex.productType).toBe("com.apple.product-type.app-extension");
      expect(configuration(appex, "Release").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("DuckDuckGo/NetworkProtectionAppExtension.entitlements");

      const store = target(project, "DuckDuckGo Privacy Browser App Store");
      expect(configuration(store, "Release").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("DuckDuckGo/DuckDuckGoAppStore.entitlements");
      expect(configuration(store, "CI").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("DuckDuckGo/DuckDuckGoAppStoreCI.entitlements");
    });

    it("parses and resolves every target and configuration", async () => {
      const result = await readXcodeProject(path.join(corpus, "duckduckgo__macos-browser/DuckDuckGo-macOS.xcodeproj"), "DuckDuckGo-macOS.xcodeproj");
      expect(result.ok).toBe(true);
      // Measured at 40–80 ms on a shared 2-core machine; the bound only catches a blow-up.
    });
  });

  describe("passepartout", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("passepartoutvpn__passepartout/app-apple/Passepartout.xcodeproj")));

    it("resolves the tunnel entitlement from the iOS and the mac xcconfig", () => {
      const ios = configuration(target(project, "PassepartoutTunnel"), "Release");
      expect(ios.settings.expand("$(CFG_TUNNEL_ENTITLEMENT)")).toBe("packet-tunnel-provider");
      expect(ios.settings.origin("CFG_TUNNEL_ENTITLEMENT")).toEqual({ file: "passepartoutvpn__passepartout/app-apple/Passepartout/Config.xcconfig", line: 21 });
      const macTarget = target(project, "PassepartoutTunnelMac");
      expect(macTarget.productType).toBe("com.apple.product-type.system-extension");
      const mac = configuration(macTarget, "Release");
      expect(mac.sdk).toBe("macosx");
      expect(mac.settings.expand("$(CFG_TUNNEL_ENTITLEMENT)")).toBe("packet-tunnel-provider-systemextension");
      expect(mac.settings.origin("CFG_TUNNEL_ENTITLEMENT")).toEqual({ file: "passepartoutvpn__passepartout/app-apple/Passepartout/Config.mac.xcconfig", line: 4 });
      expect(mac.settings.get("CFG_GROUP_ID")).toBe("DTDYD63ZX9.group.com.algoritmico.Passepartout");
      expect(ios.settings.get("CFG_GROUP_ID")).toBe("group.com.algoritmico.Passepartout");
      expect(mac.settings.get("PRODUCT_BUNDLE_IDENTIFIER")).toBe("com.algoritmico.mac.Passepartout.Tunnel");
    });

    it("gives a multiplatform app one view per SDK", () => {
      const app = configuration(target(project, "Passepartout"), "Release");
      expect(app.sdks).toEqual(["iphoneos", "macosx", "appletvos"]);
      expect(app.sdk).toBe("iphoneos");
      expect(app.settingsFor("macosx").get("CFG_GROUP_ID")).toBe("DTDYD63ZX9.group.com.algoritmico.Passepartout");
      expect(app.settingsFor("appletvos").get("CFG_GROUP_ID")).toBe("group.com.algoritmico.Passepartout");
    });
  });

  describe("firezone", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("firezone__firezone/swift/apple/Firezone.xcodeproj")));

    it("leaves PACKET_TUNNEL_PROVIDER_SUFFIX as a placeholder and resolves APP_GROUP_ID per SDK", () => {
      const mac = configuration(target(project, "FirezoneNetworkExtensionmacOS"), "Release");
      expect(target(project, "FirezoneNetworkExtensionmacOS").productType).toBe("com.apple.product-type.system-extension");
      expect(mac.settings.get("PACKET_TUNNEL_PROVIDER_SUFFIX")).toBeUndefined();
      expect(mac.settings.expand("packet-tunnel-provider$(PACKET_TUNNEL_PROVIDER_SUFFIX)")).toBe("packet-tunnel-provider$(PACKET_TUNNEL_PROVIDER_SUFFIX)");
      expect(mac.settings.get("APP_GROUP_ID")).toBe("47R2M6779T.dev.firezone.firezone");
      const ios = configuration(target(project, "FirezoneNetworkExtensioniOS"), "Release");
      expect(ios.settings.get("APP_GROUP_ID")).toBe("group.dev.firezone.firezone");
      expect(ios.settings.origin("APP_GROUP_ID")).toEqual({ file: "firezone__firezone/swift/apple/Firezone/xcconfig/config.xcconfig", line: 7 });
    });

    it("the app embeds the iOS appex as a plug-in and the macOS one as a system extension", () => {
      const app = target(project, "Firezone");
      expect(app.embeds).toContainEqual({ targetName: "FirezoneNetworkExtensioniOS", phase: "PlugIns" });
      expect(app.embeds).toContainEqual({ targetName: "FirezoneNetworkExtensionmacOS", phase: "SystemExtensions" });
    });
  });

  describe("DNSecure", () => {
    it("keeps generated Info.plist settings", async () => {
      const project = await load("kkebo__DNSecure/DNSecure.xcodeproj");
      const release = configuration(target(project, "DNSecure"), "Release");
      expect(release.settings.get("GENERATE_INFOPLIST_FILE")).toBe("YES");
      expect(release.settings.get("INFOPLIST_KEY_LSApplicationCategoryType")).toBe("public.app-category.utilities");
      expect(release.settings.get("INFOPLIST_KEY_ITSAppUsesNonExemptEncryption")).toBe("NO");
      expect(originLine(project, release.settings, "INFOPLIST_KEY_LSApplicationCategoryType")).toBe('INFOPLIST_KEY_LSApplicationCategoryType = "public.app-category.utilities";');
      // SUPPORTS_MACCATALYST = YES: the app is also built against the macOS SDK.
      expect(release.sdks).toEqual(["iphoneos", "macosx"]);
    });
  });

  describe("sing-box", () => {
    let project: XcodeProject;
    beforeAll(async () => (project = await load("SagerNet__sing-box-for-apple/sing-box.xcodeproj")));

    it("has iOS, tvOS and macOS apps with their extensions", () => {
      const sdkOf = (name: string) => configuration(target(project, name), "Release").sdk;
      expect(sdkOf("SFI")).toBe("iphoneos");
      expect(sdkOf("SFT")).toBe("appletvos");
      expect(sdkOf("SFM")).toBe("macosx");
      expect(sdkOf("SFM.System")).toBe("macosx");
      // TVExtension keeps SDKROOT = iphoneos but supports only appletvos.
      expect(sdkOf("TVExtension")).toBe("appletvos");
      expect(configuration(target(project, "Extension"), "Release").sdks).toEqual(["macosx", "iphoneos"]);
      expect(target(project, "SystemExtension").productType).toBe("com.apple.product-type.system-extension");
      expect(configuration(target(project, "SystemExtension"), "Release").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("SystemExtension/SystemExtension.entitlements");
      expect(target(project, "SFM.System").embeds).toContainEqual({ targetName: "SystemExtension", phase: "SystemExtensions" });
      expect(target(project, "SFI").embeds).toContainEqual({ targetName: "Extension", phase: "PlugIns" });
      expect(target(project, "SFI").embeds).toContainEqual({ targetName: "IntentsExtension", phase: "Extensions" });
      expect(target(project, "SFT").embeds).toContainEqual({ targetName: "TVExtension", phase: "PlugIns" });
      expect(configuration(target(project, "SFT"), "Release").settings.get("CODE_SIGN_ENTITLEMENTS")).toBe("SFT/SFT.entitlements");
    });
  });
});
