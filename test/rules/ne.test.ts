/**
 * Network Extension rules: document rules as text tables (exact positions), target rules on
 * synthetic targets built from plist text (test/helpers/targets.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Platform, Target } from "../../src/model/target.js";
import { lintText } from "../helpers/lint-text.js";
import { array, buildTarget, cleanupTargets, embed, expectFindings, isOwnTestFile, key, lintTargets, plist, profileText, string, type ExpectedFinding, type TargetCase } from "../helpers/targets.js";

const NE = "com.apple.developer.networking.networkextension";

/** Entitlements with the NE array: the key on line 2, values from line 4 at column 2. */
/** A synthetic target read from an Xcode project (whose embeds are known). */
const fromProject = (target: Target): Target => Object.assign(target, { origin: "xcode" });
/** The target's build edits its entitlements file before signing (`CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES`). */
const modifiedByBuild = (target: Target): Target => Object.assign(target, { entitlementsModifiedByBuild: { value: true as const, source: "CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION in App.xcconfig:3" } });
const SANDBOXED = `${key("com.apple.security.app-sandbox")}<true/>`;
const neEntitlements = (...values: string[]): string => plist(key(NE), "<array>", ...values.map((v) => `\t${string(v)}`), "</array>");
/** Appex Info.plist: the extension point string on line 5, column 2. */
const appexInfo = (point: string, ...extra: string[]): string =>
  plist(key("NSExtension"), "<dict>", `\t${key("NSExtensionPointIdentifier")}`, `\t${string(point)}`, "</dict>", ...extra);
/**
 * System extension Info.plist: NetworkExtension key line 4; NEMachServiceName key line 6 / value line 7 (column 2);
 * the provider key on line 10, column 3.
 */
const sysexInfo = (point: string, mach = "TEAM123456.com.example.vpn.tunnel"): string =>
  plist(
    key("CFBundlePackageType"), string("SYSX"),
    key("NetworkExtension"), "<dict>",
    `\t${key("NEMachServiceName")}`, `\t${string(mach)}`,
    `\t${key("NEProviderClasses")}`, "\t<dict>",
    `\t\t${key(point)}`, `\t\t${string("$(PRODUCT_MODULE_NAME).Provider")}`,
    "\t</dict>", "</dict>",
  );
const PT = "com.apple.networkextension.packet-tunnel";

interface DocCase {
  readonly name: string;
  readonly text: string;
  readonly kind?: "entitlements" | "info-plist" | "signed-entitlements";
  readonly platform?: Platform;
  readonly expected?: readonly ExpectedFinding[];
}

export const NE_DOCUMENT_CASES: Record<string, { invalid: DocCase[]; valid: DocCase[] }> = {
  "ne/systemextension-value-off-macos": {
    invalid: [
      { name: "sysex value in an iOS target", kind: "entitlements", platform: "ios", text: neEntitlements("packet-tunnel-provider", "packet-tunnel-provider-systemextension"), expected: [{ line: 5, column: 2, element: string("packet-tunnel-provider-systemextension"), message: "\"packet-tunnel-provider-systemextension\" is a macOS system-extension value; iOS targets need \"packet-tunnel-provider\"." }] },
      { name: "signed tvOS entitlements", kind: "signed-entitlements", platform: "tvos", text: neEntitlements("dns-proxy-systemextension"), expected: [{ line: 4, column: 2, element: string("dns-proxy-systemextension"), message: /tvOS targets need "dns-proxy"/ }] },
    ],
    valid: [
      { name: "macOS sysex value", kind: "entitlements", platform: "macos", text: neEntitlements("packet-tunnel-provider-systemextension") },
      { name: "platform unknown", kind: "entitlements", text: neEntitlements("packet-tunnel-provider-systemextension") },
      { name: "plain values on iOS", kind: "entitlements", platform: "ios", text: neEntitlements("packet-tunnel-provider", "dns-settings") },
    ],
  },
  "ne/unknown-entitlement-value": {
    invalid: [
      { name: "truncated value", kind: "entitlements", text: neEntitlements("packet-tunnel"), expected: [{ line: 4, column: 2, element: string("packet-tunnel"), message: "\"packet-tunnel\" is not a com.apple.developer.networking.networkextension value; did you mean \"packet-tunnel-provider\"?" }] },
      { name: "typo", kind: "entitlements", text: neEntitlements("content-filter-provder"), expected: [{ line: 4, column: 2, element: string("content-filter-provder"), message: /did you mean "content-filter-provider"\?/ }] },
      { name: "invented value", kind: "entitlements", text: neEntitlements("transparent-proxy-everything"), expected: [{ line: 4, column: 2, element: string("transparent-proxy-everything"), message: "\"transparent-proxy-everything\" is not a com.apple.developer.networking.networkextension value." }] },
      { name: "Boolean instead of array", kind: "entitlements", text: plist(key(NE), "<true/>"), expected: [{ line: 2, column: 1, element: key(NE), message: "com.apple.developer.networking.networkextension must be an array of strings, not a Boolean." }] },
    ],
    valid: [
      { name: "every known value", kind: "entitlements", text: neEntitlements("packet-tunnel-provider", "app-proxy-provider-systemextension", "dns-settings", "relay", "url-filter-provider", "hotspot-provider", "app-push-provider") },
      { name: "build variables are unknown", kind: "entitlements", text: neEntitlements("$(CFG_TUNNEL_ENTITLEMENT)", "packet-tunnel-provider$(PACKET_TUNNEL_PROVIDER_SUFFIX)") },
      { name: "Info.plist is not read", kind: "info-plist", text: neEntitlements("bogus") },
    ],
  },
  "ne/provider-classes-invalid": {
    invalid: [
      { name: "transparent-proxy point", kind: "info-plist", text: sysexInfo("com.apple.networkextension.transparent-proxy"), expected: [{ line: 10, column: 3, element: key("com.apple.networkextension.transparent-proxy"), message: "\"com.apple.networkextension.transparent-proxy\" is not a Network Extension extension point; did you mean \"com.apple.networkextension.app-proxy\"?" }] },
      { name: "no NEProviderClasses", kind: "info-plist", text: plist(key("NetworkExtension"), "<dict>", `\t${key("NEMachServiceName")}`, `\t${string("G.x")}`, "</dict>"), expected: [{ line: 2, column: 1, element: key("NetworkExtension"), message: "NetworkExtension has no NEProviderClasses dictionary, so no provider can be instantiated." }] },
      { name: "empty NEProviderClasses", kind: "info-plist", text: plist(key("NetworkExtension"), "<dict>", `\t${key("NEProviderClasses")}`, "\t<dict/>", "</dict>"), expected: [{ line: 4, column: 2, element: key("NEProviderClasses"), message: "NEProviderClasses is empty, so no provider can be instantiated." }] },
      { name: "class with a space", kind: "info-plist", text: plist(key("NetworkExtension"), "<dict>", `\t${key("NEProviderClasses")}`, "\t<dict>", `\t\t${key(PT)}`, `\t\t${string("My Provider")}`, "\t</dict>", "</dict>"), expected: [{ line: 7, column: 3, element: string("My Provider"), message: /must be a class name .* not "My Provider"\./ }] },
    ],
    valid: [
      { name: "Swift module class", kind: "info-plist", text: sysexInfo(PT) },
      { name: "Objective-C class (LuLu)", kind: "info-plist", text: plist(key("NetworkExtension"), "<dict>", `\t${key("NEProviderClasses")}`, "\t<dict>", `\t\t${key("com.apple.networkextension.filter-data")}`, `\t\t${string("FilterDataProvider")}`, "\t</dict>", "</dict>") },
      { name: "no NetworkExtension key", kind: "info-plist", text: appexInfo(PT) },
    ],
  },
  "ne/sysex-only-provider-as-appex": {
    invalid: [{ name: "macOS filter appex", kind: "info-plist", platform: "macos", text: appexInfo("com.apple.networkextension.filter-data"), expected: [{ line: 5, column: 2, element: string("com.apple.networkextension.filter-data"), message: "com.apple.networkextension.filter-data providers run on macOS only as system extensions, not as app extensions." }] }],
    valid: [
      { name: "iOS filter appex", kind: "info-plist", platform: "ios", text: appexInfo("com.apple.networkextension.filter-data") },
      { name: "macOS packet tunnel appex (Mac App Store)", kind: "info-plist", platform: "macos", text: appexInfo(PT) },
      { name: "macOS filter system extension", kind: "info-plist", platform: "macos", text: sysexInfo("com.apple.networkextension.filter-data") },
    ],
  },
  "ne/vpn-api-value": {
    invalid: [
      { name: "Boolean", kind: "entitlements", text: plist(key("com.apple.developer.networking.vpn.api"), "<true/>"), expected: [{ line: 2, column: 1, element: key("com.apple.developer.networking.vpn.api"), message: "com.apple.developer.networking.vpn.api must be an array holding \"allow-vpn\", not a Boolean." }] },
      { name: "wrong value", kind: "entitlements", text: plist(key("com.apple.developer.networking.vpn.api"), "<array>", `\t${string("allow-vpn-api")}`, "</array>"), expected: [{ line: 4, column: 2, element: string("allow-vpn-api"), message: "\"allow-vpn-api\" is not a com.apple.developer.networking.vpn.api value; the only value is \"allow-vpn\"." }, { line: 2, column: 1, element: key("com.apple.developer.networking.vpn.api"), message: "com.apple.developer.networking.vpn.api does not contain \"allow-vpn\", so it grants nothing." }].sort((a, b) => a.line - b.line) },
    ],
    valid: [
      { name: "allow-vpn", kind: "entitlements", text: plist(key("com.apple.developer.networking.vpn.api"), array("allow-vpn")) },
      { name: "build variable", kind: "entitlements", text: plist(key("com.apple.developer.networking.vpn.api"), string("$(VPN_API)")) },
    ],
  },
};

const own = isOwnTestFile(import.meta.url, expect.getState().testPath);
const rule = (id: string) => {
  const found = RULES.find((candidate) => candidate.meta.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

if (own) {
  afterAll(cleanupTargets);
  for (const [ruleId, { invalid, valid }] of Object.entries(NE_DOCUMENT_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) {
        it(`reports: ${testCase.name}`, async () => {
          const findings = await lintText([rule(ruleId)], { ...testCase, kind: testCase.kind ?? "entitlements", path: testCase.kind === "info-plist" ? "App/Info.plist" : "App/App.entitlements" });
          expectFindings(findings, testCase.expected ?? [], rule(ruleId), { toEqual: (a, b) => expect(a).toEqual(b), toMatch: (a, b) => expect(a).toMatch(b) });
        });
      }
      for (const testCase of valid) {
        it(`does not report: ${testCase.name}`, async () => {
          expect(await lintText([rule(ruleId)], { ...testCase, kind: testCase.kind ?? "entitlements" })).toEqual([]);
        });
      }
    });
  }
}

export const NE_TARGET_CASES: Record<string, { invalid: TargetCase[]; valid: TargetCase[] }> = {
  "ne/missing-provider-entitlement": {
    invalid: [
      {
        name: "packet tunnel appex whose entitlements lack the NE key (liufsd SimpleTunnel)",
        targets: () => [buildTarget({ name: "PacketTunnel", platform: "ios", infoPlist: appexInfo(PT), entitlements: plist(key("keychain-access-groups"), array("$(AppIdentifierPrefix)group")) })],
        expected: [{ file: "PacketTunnel/Info.plist", line: 5, column: 2, element: string(PT), message: "The packet-tunnel provider needs \"packet-tunnel-provider\" in com.apple.developer.networking.networkextension, but PacketTunnel/PacketTunnel.entitlements does not claim it." }],
      },
      {
        name: "NE key present with another value: located at the key",
        targets: () => [buildTarget({ name: "Filter", platform: "macos", infoPlist: sysexInfo("com.apple.networkextension.filter-data"), entitlements: neEntitlements("packet-tunnel-provider-systemextension") })],
        expected: [{ file: "Filter/Filter.entitlements", line: 2, column: 1, element: key(NE), message: /needs "content-filter-provider"/ }],
      },
      {
        name: "container app lacks the provider's value",
        targets: () => {
          const app = buildTarget({ name: "App", platform: "ios", kind: "app", entitlements: neEntitlements("app-proxy-provider") });
          const tunnel = buildTarget({ name: "Tunnel", platform: "ios", kind: "app-extension", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") });
          embed(app, tunnel);
          return [app, tunnel];
        },
        expected: [{ file: "App/App.entitlements", line: 2, column: 1, element: key(NE), message: "The container app App does not claim \"packet-tunnel-provider\" in com.apple.developer.networking.networkextension, which its packet-tunnel provider Tunnel needs." }],
      },
    ],
    valid: [
      { name: "matching plain value", targets: () => [buildTarget({ name: "T", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") })] },
      { name: "system extension with the Developer ID form", targets: () => [buildTarget({ name: "S", infoPlist: sysexInfo("com.apple.networkextension.dns-proxy"), entitlements: neEntitlements("dns-proxy-systemextension") })] },
      { name: "no entitlements known (stays silent)", targets: () => [buildTarget({ name: "T", infoPlist: appexInfo(PT) })] },
      { name: "build-variable value (passepartout)", targets: () => [buildTarget({ name: "T", infoPlist: appexInfo(PT), entitlements: neEntitlements("$(CFG_TUNNEL_ENTITLEMENT)") })] },
      { name: "signed entitlements win over a stale source file", targets: () => [buildTarget({ name: "T", built: true, infoPlist: appexInfo(PT), entitlements: plist(), signedEntitlements: neEntitlements("packet-tunnel-provider") })] },
      { name: "a build script adds the value before signing (CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION, home-assistant's push provider)", targets: () => [modifiedByBuild(buildTarget({ name: "PushProvider", infoPlist: appexInfo("com.apple.networkextension.app-push"), entitlements: plist(key("com.apple.security.application-groups"), array("group.x")) }))] },
    ],
  },
  "ne/systemextension-vs-distribution": {
    invalid: [
      {
        name: "plain value in a Developer ID system extension the user declared: the source cannot tell the workflow, so a warning",
        targets: () => [buildTarget({ name: "Ext", platform: "macos", kind: "system-extension", distribution: "developer-id", entitlements: neEntitlements("content-filter-provider") })],
        expected: [
          {
            file: "Ext/Ext.entitlements",
            line: 4,
            column: 2,
            element: string("content-filter-provider"),
            severity: "warning",
            message:
              "\"content-filter-provider\" is the App Store/development form and this target is distributed with Developer ID (--distribution): right if the archive is re-signed by hand with \"content-filter-provider-systemextension\" (Apple's documented workflow; Xcode's Developer ID export does not rewrite the value, r. 108838909), wrong if it is signed as it is. The source tree cannot show which; lint the signed product to be sure.",
          },
        ],
      },
      {
        name: "plain value signed into a Developer ID system extension (a built product stays strict)",
        targets: () => [buildTarget({ name: "Ext", built: true, platform: "macos", kind: "system-extension", distribution: "developer-id", signedEntitlements: neEntitlements("content-filter-provider") })],
        expected: [{ file: "Ext/Ext.xcent", line: 4, column: 2, element: string("content-filter-provider"), severity: "error", message: "\"content-filter-provider\" is the App Store/development form; a Developer ID build (--distribution) needs \"content-filter-provider-systemextension\", the only form Developer ID profiles contain." }],
      },
      {
        name: "sysex value in a Mac App Store app, distribution from the profile",
        targets: () => [buildTarget({ name: "App", platform: "macos", kind: "app", entitlements: neEntitlements("packet-tunnel-provider-systemextension"), profiles: [profileText({ platforms: ["OSX"], macAppId: true })] })],
        expected: [{ line: 4, column: 2, element: string("packet-tunnel-provider-systemextension"), message: /a Mac App Store build \(mac-app-store profile App\/App.mobileprovision\) needs "packet-tunnel-provider"/ }],
      },
      {
        name: "mixed forms",
        targets: () => [buildTarget({ name: "App", platform: "macos", entitlements: neEntitlements("packet-tunnel-provider", "packet-tunnel-provider-systemextension") })],
        expected: [{ line: 5, column: 2, element: string("packet-tunnel-provider-systemextension"), message: "\"packet-tunnel-provider-systemextension\" and \"packet-tunnel-provider\" are claimed together; one target is signed for one distribution, so one of them is always rejected." }],
      },
    ],
    valid: [
      { name: "Developer ID with -systemextension (LuLu)", targets: () => [buildTarget({ name: "E", platform: "macos", kind: "system-extension", distribution: "developer-id", entitlements: neEntitlements("content-filter-provider-systemextension") })] },
      { name: "Mac App Store appex with plain value (WireGuard)", targets: () => [buildTarget({ name: "E", platform: "macos", kind: "app-extension", distribution: "app-store", entitlements: neEntitlements("packet-tunnel-provider") })] },
      { name: "distribution unknown", targets: () => [buildTarget({ name: "E", platform: "macos", entitlements: neEntitlements("content-filter-provider") })] },
      { name: "dns-settings has no sysex form", targets: () => [buildTarget({ name: "E", platform: "macos", distribution: "developer-id", entitlements: neEntitlements("dns-settings") })] },
      { name: "iOS target (another rule's business)", targets: () => [buildTarget({ name: "E", platform: "ios", distribution: "app-store", entitlements: neEntitlements("packet-tunnel-provider-systemextension") })] },
    ],
  },
  "ne/mach-service-not-in-app-group": {
    invalid: [
      {
        name: "hyphen instead of dot, sandboxed",
        targets: () => [buildTarget({ name: "Ext", platform: "macos", infoPlist: sysexInfo(PT, "TEAM123456.com.example.vpn-tunnel"), entitlements: plist(SANDBOXED, key("com.apple.security.application-groups"), array("TEAM123456.com.example.vpn")) })],
        expected: [{ file: "Ext/Info.plist", line: 6, column: 2, element: key("NEMachServiceName"), message: "NEMachServiceName \"TEAM123456.com.example.vpn-tunnel\" is not inside an app group of this sandboxed system extension (TEAM123456.com.example.vpn); activation fails with validationFailed (code 9)." }],
      },
      {
        name: "no app groups at all, Mac App Store build",
        targets: () => [buildTarget({ name: "Ext", platform: "macos", distribution: "app-store", infoPlist: sysexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") })],
        expected: [{ line: 6, column: 2, element: key("NEMachServiceName"), message: /this sandboxed system extension's app groups, but Ext\/Ext.entitlements claims no com.apple.security.application-groups/ }],
      },
    ],
    valid: [
      { name: "equal to the group (Firezone)", targets: () => [buildTarget({ name: "E", infoPlist: sysexInfo(PT, "TEAM123456.dev.firezone.firezone"), entitlements: plist(SANDBOXED, key("com.apple.security.application-groups"), array("TEAM123456.dev.firezone.firezone")) })] },
      { name: "child of the group", targets: () => [buildTarget({ name: "E", infoPlist: sysexInfo(PT, "TEAM123456.com.example.vpn.tunnel"), entitlements: plist(SANDBOXED, key("com.apple.security.application-groups"), array("TEAM123456.com.example.vpn")) })] },
      { name: "same variable on both sides (ProtonVPN)", targets: () => [buildTarget({ name: "E", infoPlist: sysexInfo(PT, "$(TeamIdentifierPrefix)group.ch.protonvpn.mac.WireGuard"), entitlements: plist(SANDBOXED, key("com.apple.security.application-groups"), array("$(TeamIdentifierPrefix)group.ch.protonvpn.mac")) })] },
      { name: "name is a variable (DuckDuckGo)", targets: () => [buildTarget({ name: "E", infoPlist: sysexInfo(PT, "$(SYSEX_MACH_SERVICE_NAME)"), entitlements: plist(SANDBOXED, key("com.apple.security.application-groups"), array("$(NETP_APP_GROUP)")) })] },
      { name: "entitlements unknown", targets: () => [buildTarget({ name: "E", infoPlist: sysexInfo(PT, "whatever") })] },
      { name: "not sandboxed (Developer ID): any name may be registered", targets: () => [buildTarget({ name: "E", platform: "macos", distribution: "developer-id", infoPlist: sysexInfo(PT, "TEAM123456.com.example.vpn-tunnel"), entitlements: plist(key("com.apple.security.application-groups"), array("TEAM123456.com.example.vpn")) })] },
      {
        name: "no NEMachServiceName in a Developer ID system extension (mitmproxy): it ships and runs",
        targets: () => [buildTarget({ name: "E", platform: "macos", distribution: "developer-id", infoPlist: plist(key("NetworkExtension"), "<dict>", `\t${key("NEProviderClasses")}`, "\t<dict>", `\t\t${key(PT)}`, `\t\t${string("M.P")}`, "\t</dict>", "</dict>"), entitlements: neEntitlements("app-proxy-provider-systemextension") })],
      },
      {
        name: "no NEMachServiceName even when sandboxed: the key is optional",
        targets: () => [buildTarget({ name: "E", platform: "macos", infoPlist: plist(key("NetworkExtension"), "<dict>", `\t${key("NEProviderClasses")}`, "\t<dict>", `\t\t${key(PT)}`, `\t\t${string("M.P")}`, "\t</dict>", "</dict>"), entitlements: plist(SANDBOXED) })],
      },
    ],
  },
  "ne/missing-system-extension-install": {
    invalid: [{
      name: "app embedding a system extension",
      targets: () => {
        const app = buildTarget({ name: "App", platform: "macos", kind: "app", entitlements: neEntitlements("packet-tunnel-provider-systemextension") });
        const ext = buildTarget({ name: "Ext", platform: "macos", kind: "system-extension" });
        embed(app, ext);
        return [app, ext];
      },
      expected: [{ file: "App/App.entitlements", message: "This app embeds the system extension Ext but does not claim com.apple.developer.system-extension.install; activation fails with missingEntitlement (code 2)." }],
    }],
    valid: [
      {
        name: "install entitlement present",
        targets: () => {
          const app = buildTarget({ name: "App", platform: "macos", kind: "app", entitlements: plist(key("com.apple.developer.system-extension.install"), "<true/>") });
          embed(app, buildTarget({ name: "Ext", platform: "macos", kind: "system-extension" }));
          return [app];
        },
      },
      { name: "no embedded system extension known", targets: () => [buildTarget({ name: "App", platform: "macos", kind: "app", entitlements: plist() })] },
    ],
  },
  "ne/appex-with-developer-id": {
    invalid: [{
      name: "macOS packet tunnel appex, Developer ID",
      targets: () => [buildTarget({ name: "Tunnel", platform: "macos", kind: "app-extension", distribution: "developer-id", infoPlist: appexInfo(PT) })],
      expected: [{ line: 5, column: 2, element: string(PT), message: "The packet-tunnel provider is an app extension, which macOS supports only in Mac App Store builds; this Developer ID build (--distribution) needs a system extension." }],
    }],
    valid: [
      { name: "Mac App Store appex", targets: () => [buildTarget({ name: "T", platform: "macos", distribution: "app-store", infoPlist: appexInfo(PT) })] },
      { name: "iOS appex", targets: () => [buildTarget({ name: "T", platform: "ios", distribution: "developer-id", infoPlist: appexInfo(PT) })] },
      { name: "Developer ID system extension", targets: () => [buildTarget({ name: "T", platform: "macos", distribution: "developer-id", infoPlist: sysexInfo(PT) })] },
    ],
  },
  "ne/value-without-provider": {
    invalid: [
      {
        name: "catch-all values in an iOS app whose only provider is a packet tunnel (Psiphon, Potatso, Lockdown)",
        targets: () => {
          const app = fromProject(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider", "app-proxy-provider", "content-filter-provider") }));
          const tunnel = fromProject(buildTarget({ name: "Tunnel", kind: "app-extension", platform: "ios", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") }));
          embed(app, tunnel);
          return [app, tunnel];
        },
        expected: [
          { file: "App/App.entitlements", line: 5, column: 2, element: string("app-proxy-provider"), severity: "note", message: "\"app-proxy-provider\" is claimed, but no bundle of App is an app proxy provider (providers found: packet-tunnel in Tunnel), so it enables nothing; claim only the values the product's providers use." },
          { file: "App/App.entitlements", line: 6, column: 2, element: string("content-filter-provider"), message: /"content-filter-provider" is claimed, but no bundle of App is a content filter provider/ },
        ],
      },
      {
        name: "a content filter value in a macOS app extension (SimpleTunnel's PacketTunnel-Mac)",
        targets: () => [buildTarget({ name: "Tunnel", kind: "app-extension", platform: "macos", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider", "content-filter-provider") })],
        expected: [{ file: "Tunnel/Tunnel.entitlements", line: 5, column: 2, element: string("content-filter-provider"), message: "\"content-filter-provider\" cannot work in this macOS app extension: macOS runs content filters and DNS proxies only as system extensions." }],
      },
    ],
    valid: [
      {
        name: "a widget claiming the tunnel's value to toggle the VPN",
        targets: () => {
          const app = fromProject(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider") }));
          const tunnel = fromProject(buildTarget({ name: "Tunnel", kind: "app-extension", platform: "ios", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") }));
          const widget = fromProject(buildTarget({ name: "Widget", kind: "app-extension", platform: "ios", infoPlist: appexInfo("com.apple.widgetkit-extension"), entitlements: neEntitlements("packet-tunnel-provider") }));
          embed(app, tunnel, widget);
          return [app, tunnel, widget];
        },
      },
      {
        name: "the project builds the app proxy provider without embedding it (Apple's SimpleTunnel sample)",
        targets: () => {
          const inProject = (target: Target): Target => Object.assign(target, { origin: "xcode", id: `xcode:SimpleTunnel.xcodeproj:${target.name}:Release`, configuration: "Release" });
          const app = inProject(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider", "app-proxy-provider") }));
          const tunnel = inProject(buildTarget({ name: "Tunnel", kind: "app-extension", platform: "ios", infoPlist: appexInfo(PT) }));
          const proxy = inProject(buildTarget({ name: "AppProxy", kind: "app-extension", platform: "ios", infoPlist: appexInfo("com.apple.networkextension.app-proxy") }));
          embed(app, tunnel);
          return [app, tunnel, proxy];
        },
      },
      {
        name: "the provider lives in another project: no provider seen, nothing judged",
        targets: () => [fromProject(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider", "app-proxy-provider") }))],
      },
      {
        name: "folder-convention targets: what ships together is unknown",
        targets: () => {
          const app = buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider", "app-proxy-provider") });
          const tunnel = buildTarget({ name: "Tunnel", kind: "app-extension", platform: "ios", infoPlist: appexInfo(PT) });
          embed(app, tunnel);
          return [app, tunnel];
        },
      },
      {
        name: "Developer ID values matching the system extension's NEProviderClasses",
        targets: () => {
          const app = fromProject(buildTarget({ name: "App", kind: "app", platform: "macos", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider-systemextension", "content-filter-provider-systemextension") }));
          const sysex = fromProject(buildTarget({ name: "Ext", kind: "system-extension", platform: "macos", infoPlist: sysexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider-systemextension") }));
          const filter = fromProject(buildTarget({ name: "Filter", kind: "system-extension", platform: "macos", infoPlist: sysexInfo("com.apple.networkextension.filter-data"), entitlements: neEntitlements("content-filter-provider-systemextension") }));
          embed(app, sysex, filter);
          return [app, sysex, filter];
        },
      },
      {
        name: "a bundle of the product has no readable Info.plist",
        targets: () => {
          const app = fromProject(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: neEntitlements("packet-tunnel-provider", "dns-proxy") }));
          const tunnel = fromProject(buildTarget({ name: "Tunnel", kind: "app-extension", platform: "ios", infoPlist: appexInfo(PT) }));
          const unknown = fromProject(buildTarget({ name: "Dns", kind: "app-extension", platform: "ios" }));
          embed(app, tunnel, unknown);
          return [app, tunnel, unknown];
        },
      },
      { name: "a macOS appex that declares the filter (ne/sysex-only-provider-as-appex reports it)", targets: () => [buildTarget({ name: "F", kind: "app-extension", platform: "macos", infoPlist: appexInfo("com.apple.networkextension.filter-data"), entitlements: neEntitlements("content-filter-provider") })] },
    ],
  },
  "ne/profile-only-value-signed": {
    invalid: [{
      name: "catch-all values signed into an iOS app with one packet tunnel",
      targets: () => {
        const app = buildTarget({ name: "App", platform: "ios", kind: "app", built: true, signedEntitlements: neEntitlements("packet-tunnel-provider", "hotspot-provider", "relay", "app-proxy-provider"), binary: { symbols: ["_OBJC_CLASS_$_NETunnelProviderManager"] } });
        const tunnel = buildTarget({ name: "Tunnel", platform: "ios", kind: "app-extension", built: true, infoPlist: appexInfo(PT), binary: {} });
        embed(app, tunnel);
        return [app];
      },
      expected: [
        { file: "App/App.xcent", line: 5, column: 2, element: string("hotspot-provider"), severity: "error", message: "\"hotspot-provider\" is signed but no provider or manager in this product uses it; it was likely copied from the profile's catch-all list." },
        { line: 6, column: 2, element: string("relay"), message: /"relay" is signed/ },
        { line: 7, column: 2, element: string("app-proxy-provider"), message: /"app-proxy-provider" is signed/ },
      ],
    }],
    valid: [
      { name: "source entitlements are not checked", targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: neEntitlements("hotspot-provider") })] },
      { name: "dns-settings used through NEDNSSettingsManager (DNSecure)", targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: neEntitlements("dns-settings"), binary: { symbols: ["_OBJC_CLASS_$_NEDNSSettingsManager"] } })] },
      { name: "dns-settings with no executable read", targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: neEntitlements("dns-settings") })] },
    ],
  },
  "ne/container-missing-entitlement": {
    invalid: [{
      name: "container app without the NE key",
      targets: () => {
        const app = buildTarget({ name: "App", platform: "ios", kind: "app", entitlements: plist(key("com.apple.security.application-groups"), array("group.x")) });
        const tunnel = buildTarget({ name: "Tunnel", platform: "ios", kind: "app-extension", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") });
        embed(app, tunnel);
        return [tunnel];
      },
      expected: [{ file: "Tunnel/Tunnel.entitlements", line: 2, column: 1, element: key(NE), message: "The container app App does not claim com.apple.developer.networking.networkextension; it cannot save or start this packet-tunnel provider." }],
    }],
    valid: [
      {
        name: "both claim it",
        targets: () => {
          const app = buildTarget({ name: "App", entitlements: neEntitlements("packet-tunnel-provider") });
          const tunnel = buildTarget({ name: "Tunnel", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") });
          embed(app, tunnel);
          return [tunnel];
        },
      },
      { name: "no container known", targets: () => [buildTarget({ name: "Tunnel", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") })] },
      {
        name: "the container's build rewrites its entitlements (CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION)",
        targets: () => {
          const app = modifiedByBuild(buildTarget({ name: "App", platform: "ios", kind: "app", entitlements: plist(key("com.apple.security.application-groups"), array("group.x")) }));
          const tunnel = buildTarget({ name: "Tunnel", platform: "ios", kind: "app-extension", infoPlist: appexInfo(PT), entitlements: neEntitlements("packet-tunnel-provider") });
          embed(app, tunnel);
          return [tunnel];
        },
      },
    ],
  },
  "ne/managed-capability": {
    invalid: [
      {
        name: "app push provider granted by the profile: a note",
        targets: () => [buildTarget({ name: "Push", platform: "ios", entitlements: neEntitlements("app-push-provider"), profiles: [profileText({ entitlements: [key(NE), array("app-push-provider")] })] })],
        expected: [{ line: 4, column: 2, element: string("app-push-provider"), message: "The app push provider (app-push-provider) is a managed capability: Apple must approve it for your team before any profile can include it." }],
      },
      {
        name: "Hotspot Helper not in the profile: an error",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key("com.apple.developer.networking.HotspotHelper"), "<true/>"), profiles: [profileText()] })],
        expected: [{ line: 2, column: 1, element: key("com.apple.developer.networking.HotspotHelper"), severity: "error", message: "Hotspot Helper (com.apple.developer.networking.HotspotHelper) is a managed capability and provisioning profile \"App Profile\" doesn't include it; request it from Apple and regenerate the profile." }],
      },
    ],
    valid: [{ name: "self-service values", targets: () => [buildTarget({ name: "App", entitlements: neEntitlements("packet-tunnel-provider", "dns-proxy") })] }],
  },
};

if (own) {
  for (const [ruleId, { invalid, valid }] of Object.entries(NE_TARGET_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) {
        it(`reports: ${testCase.name}`, async () => {
          const findings = await lintTargets([rule(ruleId)], testCase.targets(), { ...(testCase.now ? { now: testCase.now } : {}) });
          expectFindings(findings, testCase.expected ?? [], rule(ruleId), { toEqual: (a, b) => expect(a).toEqual(b), toMatch: (a, b) => expect(a).toMatch(b) });
        });
      }
      for (const testCase of valid) {
        it(`does not report: ${testCase.name}`, async () => {
          expect(await lintTargets([rule(ruleId)], testCase.targets())).toEqual([]);
        });
      }
    });
  }
}
