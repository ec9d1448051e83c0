/** App Sandbox networking rules on synthetic macOS targets. */
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { buildTarget, cleanupTargets, expectFindings, key, lintTargets, plist, string, type TargetCase } from "../helpers/targets.js";

const SANDBOX = key("com.apple.security.app-sandbox");
const CLIENT = key("com.apple.security.network.client");
const SERVER = key("com.apple.security.network.server");
const bonjourInfo = plist(key("NSBonjourServices"), "<array>", `\t${string("_lnp._tcp")}`, "</array>");
const atsInfo = plist(key("NSAppTransportSecurity"), "<dict>", `\t${key("NSAllowsArbitraryLoads")}`, "\t<true/>", "</dict>");

const CASES: Record<string, { invalid: TargetCase[]; valid: TargetCase[] }> = {
  "sandbox/udp-needs-both": {
    invalid: [{
      name: "multicast group joined with only network.server",
      targets: () => [buildTarget({ name: "Mac", platform: "macos", entitlements: plist(SANDBOX, "<true/>", SERVER, "<true/>"), sources: { "ssdp.c": "setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq);\n" } })],
      expected: [{ file: "Mac/Mac.entitlements", line: 4, column: 1, element: SERVER, message: "This sandboxed target uses UDP multicast or broadcast (IP_ADD_MEMBERSHIP) but claims only com.apple.security.network.server; UDP needs com.apple.security.network.client too." }],
    }],
    valid: [
      { name: "both (LocalSend macOS)", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: bonjourInfo, entitlements: plist(SANDBOX, "<true/>", CLIENT, "<true/>", SERVER, "<true/>") })] },
      { name: "Bonjour only: mDNSResponder does the UDP (home-assistant Catalyst)", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: bonjourInfo, entitlements: plist(SANDBOX, "<true/>", CLIENT, "<true/>") })] },
      { name: "not sandboxed", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: bonjourInfo, entitlements: plist(SERVER, "<true/>") })] },
      { name: "packet tunnel with client only (SimpleTunnel Mac, TCP tunnel)", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: plist(key("NSExtension"), "<dict>", `\t${key("NSExtensionPointIdentifier")}`, `\t${string("com.apple.networkextension.packet-tunnel")}`, "</dict>"), entitlements: plist(SANDBOX, "<true/>", CLIENT, "<true/>") })] },
      { name: "no UDP evidence", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: plist(), entitlements: plist(SANDBOX, "<true/>", CLIENT, "<true/>") })] },
      { name: "iOS", targets: () => [buildTarget({ name: "App", platform: "ios", infoPlist: bonjourInfo, entitlements: plist(SANDBOX, "<true/>", SERVER, "<true/>") })] },
    ],
  },
  "sandbox/no-network-client": {
    invalid: [{
      name: "ATS configured, no client entitlement",
      targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: atsInfo, entitlements: plist(SANDBOX, "<true/>") })],
      expected: [{ line: 2, column: 1, element: SANDBOX, message: "This sandboxed target configures NSAllowsArbitraryLoads but does not claim com.apple.security.network.client, so its outgoing connections are blocked." }],
    }],
    valid: [
      { name: "client present", targets: () => [buildTarget({ name: "Mac", platform: "macos", infoPlist: atsInfo, entitlements: plist(SANDBOX, "<true/>", CLIENT, "<true/>") })] },
      { name: "content filter sysex without networking config (SimpleFirewall)", targets: () => [buildTarget({ name: "Ext", platform: "macos", infoPlist: plist(), entitlements: plist(SANDBOX, "<true/>") })] },
    ],
  },
  "sandbox/mas-requires-sandbox": {
    invalid: [
      {
        name: "App Store app with the sandbox set to NO",
        targets: () => [buildTarget({ name: "Mac", platform: "macos", kind: "app", distribution: "app-store", infoPlist: plist(), entitlements: plist(SANDBOX, "<false/>", CLIENT, "<true/>") })],
        expected: [{ file: "Mac/Mac.entitlements", line: 2, column: 1, element: SANDBOX, message: "com.apple.security.app-sandbox is not YES, but this macOS app ships through the Mac App Store (--distribution); App Store Connect rejects it (ITMS-90296)." }],
      },
      {
        name: "App Store app extension without the key: reported at the entitlements file",
        targets: () => [buildTarget({ name: "Share", platform: "macos", kind: "app-extension", distribution: "app-store", infoPlist: plist(), entitlements: plist(CLIENT, "<true/>") })],
        expected: [{ file: "Share/Share.entitlements", message: "This macOS app extension ships through the Mac App Store (--distribution) but does not claim com.apple.security.app-sandbox; App Store Connect rejects it (ITMS-90296)." }],
      },
    ],
    valid: [
      { name: "sandboxed", targets: () => [buildTarget({ name: "Mac", platform: "macos", kind: "app", distribution: "app-store", infoPlist: plist(), entitlements: plist(SANDBOX, "<true/>") })] },
      { name: "Developer ID need not be sandboxed (LuLu)", targets: () => [buildTarget({ name: "Mac", platform: "macos", kind: "app", distribution: "developer-id", infoPlist: plist(), entitlements: plist(CLIENT, "<true/>") })] },
      { name: "distribution unknown: silent", targets: () => [buildTarget({ name: "Mac", platform: "macos", kind: "app", infoPlist: plist(), entitlements: plist(CLIENT, "<true/>") })] },
      { name: "iOS App Store app", targets: () => [buildTarget({ name: "App", platform: "ios", kind: "app", distribution: "app-store", infoPlist: plist(), entitlements: plist(CLIENT, "<true/>") })] },
      { name: "system extension (not shipped through the Mac App Store)", targets: () => [buildTarget({ name: "Ext", platform: "macos", kind: "system-extension", distribution: "app-store", infoPlist: plist(), entitlements: plist(CLIENT, "<true/>") })] },
    ],
  },
};

afterAll(cleanupTargets);
for (const [ruleId, { invalid, valid }] of Object.entries(CASES)) {
  const rule = RULES.find((candidate) => candidate.meta.id === ruleId)!;
  describe(ruleId, () => {
    it("exists", () => expect(rule).toBeDefined());
    for (const testCase of invalid) {
      it(`reports: ${testCase.name}`, async () => {
        expectFindings(await lintTargets([rule], testCase.targets()), testCase.expected ?? [], rule, { toEqual: (a, b) => expect(a).toEqual(b), toMatch: (a, b) => expect(a).toMatch(b) });
      });
    }
    for (const testCase of valid) it(`does not report: ${testCase.name}`, async () => expect(await lintTargets([rule], testCase.targets())).toEqual([]));
  });
}
