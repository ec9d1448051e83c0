/**
 * Provisioning-profile rules on synthetic targets. Profiles are bare plists (profileText) read by the
 * real profile decoder; see profileText for the line of each key.
 */
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { lintText } from "../helpers/lint-text.js";
import { array, buildTarget, cleanupTargets, expectFindings, isOwnTestFile, key, lintTargets, plist, profileFromText, profileText, string, type ExpectedFinding, type TargetCase } from "../helpers/targets.js";

const NE = "com.apple.developer.networking.networkextension";
const MULTICAST = "com.apple.developer.networking.multicast";

export const PROFILE_DOCUMENT_CASES: Record<string, { invalid: { name: string; text: string; kind: "entitlements" | "signed-entitlements"; expected: ExpectedFinding[] }[]; valid: { name: string; text: string; kind: "entitlements" | "signed-entitlements" }[] }> = {
  "profile/wildcard-in-signature": {
    invalid: [
      { name: "keychain wildcard copied from the profile", kind: "signed-entitlements", text: plist(key("keychain-access-groups"), "<array>", `\t${string("TEAM123456.*")}`, "</array>"), expected: [{ line: 4, column: 2, element: string("TEAM123456.*"), message: "\"TEAM123456.*\" in keychain-access-groups is a profile wildcard; a signature must claim concrete values." }] },
      { name: "associated domains *", kind: "entitlements", text: plist(key("com.apple.developer.associated-domains"), string("*")), expected: [{ line: 3, column: 1, element: string("*"), message: /"\*" in com.apple.developer.associated-domains/ }] },
    ],
    valid: [
      { name: "subdomain wildcard in an associated domain", kind: "signed-entitlements", text: plist(key("com.apple.developer.associated-domains"), array("applinks:*.example.com")) },
      { name: "concrete groups", kind: "entitlements", text: plist(key("keychain-access-groups"), array("$(AppIdentifierPrefix)com.example.shared")) },
    ],
  },
};

const own = isOwnTestFile(import.meta.url, expect.getState().testPath);
const rule = (id: string) => {
  const found = RULES.find((candidate) => candidate.meta.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
const checker = { toEqual: (a: unknown, b: unknown) => expect(a).toEqual(b), toMatch: (a: string, b: RegExp) => expect(a).toMatch(b) };

const APP_STORE = profileText({ name: "XC com.example.app", entitlements: [key(NE), array("packet-tunnel-provider", "app-proxy-provider"), key("keychain-access-groups"), array("TEAM123456.*"), key("get-task-allow"), "<false/>"] });

export const PROFILE_TARGET_CASES: Record<string, { invalid: TargetCase[]; valid: TargetCase[] }> = {
  "profile/entitlement-not-allowed": {
    invalid: [
      {
        name: "multicast not in the profile, as Xcode says it",
        targets: () => [buildTarget({ name: "App", platform: "ios", bundleId: "com.example.app", entitlements: plist(key(MULTICAST), "<true/>"), profiles: [APP_STORE] })],
        expected: [{ file: "App/App.entitlements", line: 2, column: 1, element: key(MULTICAST), message: "Provisioning profile \"XC com.example.app\" doesn't include the com.apple.developer.networking.multicast entitlement." }],
      },
      {
        name: "NE value outside the profile's list",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key(NE), "<array>", `\t${string("packet-tunnel-provider")}`, `\t${string("dns-proxy")}`, "</array>"), profiles: [APP_STORE] })],
        expected: [{ line: 5, column: 2, element: string("dns-proxy"), message: "Provisioning profile \"XC com.example.app\" doesn't match the entitlements file's value for the com.apple.developer.networking.networkextension entitlement: \"dns-proxy\" is not allowed." }],
      },
      {
        name: "Developer ID profile and plain value (the Xcode error of DTS thread 795579)",
        targets: () => [buildTarget({ name: "Ext", platform: "macos", entitlements: plist(key(NE), "<array>", `\t${string("content-filter-provider")}`, "</array>"), profiles: [profileText({ name: "Dev ID", platforms: ["OSX"], macAppId: true, allDevices: true, entitlements: [key(NE), array("content-filter-provider-systemextension")] })] })],
        expected: [{ line: 4, column: 2, element: string("content-filter-provider"), message: /"Dev ID" doesn't match .*"content-filter-provider" is not allowed/ }],
      },
      {
        name: "get-task-allow true against a distribution profile",
        targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: plist(key("get-task-allow"), "<true/>"), profiles: [APP_STORE], embeddedProfile: true })],
        expected: [{ file: "App/App.xcent", line: 2, column: 1, element: key("get-task-allow"), message: /the profile sets it to NO/ }],
      },
      {
        name: "signed aps-environment development against a production profile",
        targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: plist(key("aps-environment"), string("development")), profiles: [profileText({ name: "P", entitlements: [key("aps-environment"), string("production")] })], embeddedProfile: true })],
        expected: [{ line: 3, column: 1, element: string("development"), message: /"P" doesn't match the entitlements file's value for the aps-environment entitlement: "development" is not allowed/ }],
      },
    ],
    valid: [
      { name: "aps-environment development in source entitlements (set from the profile at export)", targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key("aps-environment"), string("development")), profiles: [profileText({ entitlements: [key("aps-environment"), string("production")] })] })] },
      { name: "subset with wildcard keychain group", targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key(NE), array("packet-tunnel-provider"), key("keychain-access-groups"), array("TEAM123456.com.example.shared")), profiles: [APP_STORE] })] },
      { name: "macOS unrestricted keys and TEAMID app groups", targets: () => [buildTarget({ name: "M", platform: "macos", entitlements: plist(key("com.apple.security.app-sandbox"), "<true/>", key("com.apple.security.application-groups"), array("TEAM123456.group")), profiles: [profileText({ platforms: ["OSX"], macAppId: true })] })] },
      { name: "no profile", targets: () => [buildTarget({ name: "App", entitlements: plist(key(MULTICAST), "<true/>") })] },
      { name: "placeholders are unknown", targets: () => [buildTarget({ name: "App", entitlements: plist(key(NE), array("$(NE_VALUE)")), profiles: [APP_STORE] })] },
      {
        name: "two profiles beside the target: allowed by one of them",
        targets: () => [buildTarget({ name: "App", platform: "macos", entitlements: plist(key(NE), array("packet-tunnel-provider-systemextension")), profiles: [profileText({ platforms: ["OSX"], entitlements: [key(NE), array("packet-tunnel-provider")] }), profileText({ platforms: ["OSX"], allDevices: true, entitlements: [key(NE), array("packet-tunnel-provider-systemextension")] })] })],
      },
    ],
  },
  "profile/expired": {
    invalid: [{
      name: "past expiration date",
      targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2024-02-01T00:00:00Z" })] })],
      expected: [{ file: "App/App.mobileprovision", line: 5, column: 1, element: key("ExpirationDate"), message: "Provisioning profile \"App Profile\" expired on 2024-02-01." }],
    }],
    valid: [{ name: "valid for years", targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2030-01-01T00:00:00Z" })] })] }],
  },
  "profile/expiring-soon": {
    invalid: [
      { name: "in 10 days", targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2025-06-11T00:00:00Z" })] })], expected: [{ line: 5, column: 1, element: key("ExpirationDate"), message: "Provisioning profile \"App Profile\" expires on 2025-06-11, in 10 days." }] },
      { name: "in 50 days with days: 60", options: { days: 60 }, targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2025-07-21T00:00:00Z" })] })], expected: [{ line: 5, column: 1, element: key("ExpirationDate"), message: /in 50 days/ }] },
    ],
    valid: [
      { name: "in 50 days with the default 30", targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2025-07-21T00:00:00Z" })] })] },
      { name: "already expired (the other rule)", targets: () => [buildTarget({ name: "App", profiles: [profileText({ expiration: "2025-05-01T00:00:00Z" })] })] },
    ],
  },
  "profile/app-id-mismatch": {
    invalid: [
      {
        name: "bundle ID not covered",
        targets: () => [buildTarget({ name: "Tunnel", bundleId: "com.example.app.tunnel", profiles: [profileText()] })],
        expected: [{ line: 9, column: 34, element: string("TEAM123456.com.example.app"), message: "Provisioning profile \"App Profile\" has app ID \"TEAM123456.com.example.app\", which does not match the bundle ID \"com.example.app.tunnel\"." }],
      },
      {
        name: "signed by another team",
        targets: () => [buildTarget({ name: "App", built: true, bundleId: "com.example.app", profiles: [profileText()], embeddedProfile: true, binary: { teamId: "OTHER12345" } })],
        expected: [{ line: 3, column: 1, element: key("TeamIdentifier"), message: "Provisioning profile \"App Profile\" belongs to team TEAM123456, but the executable is signed by team OTHER12345." }],
      },
    ],
    valid: [
      { name: "wildcard App ID", targets: () => [buildTarget({ name: "App", bundleId: "com.example.anything", profiles: [profileText({ appId: "TEAM123456.com.example.*" })] })] },
      { name: "bundle ID placeholder", targets: () => [buildTarget({ name: "App", bundleId: "$(PRODUCT_BUNDLE_IDENTIFIER)", profiles: [profileText()] })] },
      { name: "several profiles beside the target", targets: () => [buildTarget({ name: "App", bundleId: "com.other", profiles: [profileText(), profileText()] })] },
    ],
  },
  "profile/platform-mismatch": {
    invalid: [
      { name: "iOS profile on a macOS target", targets: () => [buildTarget({ name: "App", platform: "macos", profiles: [profileText()] })], expected: [{ line: 4, column: 1, element: key("Platform"), message: "Provisioning profile \"App Profile\" is for iOS, but this target builds for macOS (test)." }] },
      { name: "iOS profile on a Catalyst build", targets: () => [buildTarget({ name: "App", platform: "ios", catalyst: true, profiles: [profileText()] })], expected: [{ line: 4, column: 1, element: key("Platform"), message: /builds for Mac Catalyst/ }] },
    ],
    valid: [
      { name: "visionOS app with an iOS/xrOS profile", targets: () => [buildTarget({ name: "App", platform: "visionos", profiles: [profileText({ platforms: ["iOS", "xrOS", "visionOS"] })] })] },
      { name: "platform unknown", targets: () => [buildTarget({ name: "App", profiles: [profileText({ platforms: ["OSX"] })] })] },
    ],
  },
  "profile/kind-vs-distribution": {
    invalid: [{
      name: "development profile for an App Store build",
      targets: () => [buildTarget({ name: "App", distribution: "app-store", profiles: [profileText({ devices: 2, entitlements: [key("get-task-allow"), "<true/>"] })] })],
      expected: [{ line: 6, column: 1, element: key("ProvisionedDevices"), message: "Provisioning profile \"App Profile\" is a development profile, which cannot sign a app-store build (--distribution)." }],
    }],
    valid: [
      { name: "App Store profile, App Store build", targets: () => [buildTarget({ name: "App", distribution: "app-store", profiles: [profileText()] })] },
      { name: "no declared distribution", targets: () => [buildTarget({ name: "App", profiles: [profileText({ devices: 1 })] })] },
    ],
  },
  "profile/get-task-allow-in-distribution": {
    invalid: [
      { name: "ad hoc build", targets: () => [buildTarget({ name: "App", platform: "ios", distribution: "ad-hoc", entitlements: plist(key("get-task-allow"), "<true/>") })], expected: [{ line: 2, column: 1, element: key("get-task-allow"), message: "get-task-allow is YES in a ad-hoc build (--distribution); only development signing may allow a debugger to attach." }] },
      { name: "macOS Developer ID (notarisation refuses it)", targets: () => [buildTarget({ name: "App", platform: "macos", distribution: "developer-id", entitlements: plist(key("com.apple.security.get-task-allow"), "<true/>") })], expected: [{ line: 2, column: 1, element: key("com.apple.security.get-task-allow"), message: /com.apple.security.get-task-allow is YES in a developer-id build/ }] },
    ],
    valid: [
      { name: "development build", targets: () => [buildTarget({ name: "App", distribution: "development", entitlements: plist(key("get-task-allow"), "<true/>") })] },
      { name: "distribution unknown", targets: () => [buildTarget({ name: "App", entitlements: plist(key("get-task-allow"), "<true/>") })] },
    ],
  },
  "profile/untrusted-signature": {
    invalid: [{ name: "bare plist profile", targets: () => [buildTarget({ name: "App", profiles: [profileText()] })], expected: [{ file: "App/App.mobileprovision", message: "Provisioning profile \"App Profile\" is a bare property list with no signature, so no device or upload accepts it." }] }],
    valid: [{ name: "no profile", targets: () => [buildTarget({ name: "App" })] }],
  },
  "profile/missing-embedded-profile": {
    invalid: [
      { name: "iOS device app without a profile", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", built: true, binary: {} })], expected: [{ file: "App/App", message: "This iOS bundle has no embedded.mobileprovision; it will not install on a device." }] },
      { name: "macOS app with NE and no profile", targets: () => [buildTarget({ name: "App", kind: "app", platform: "macos", built: true, signedEntitlements: plist(key("com.apple.security.app-sandbox"), "<true/>", key(NE), array("packet-tunnel-provider")), binary: {} })], expected: [{ file: "App/App", message: /claims the restricted entitlement com.apple.developer.networking.networkextension but has no Contents\/embedded.provisionprofile/ }] },
    ],
    valid: [
      { name: "source target", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios" })] },
      { name: "simulator build", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", built: true, binary: {}, infoPlist: plist(key("CFBundleSupportedPlatforms"), array("iPhoneSimulator")) })] },
      { name: "executable not read (partial bundle copy)", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", built: true })] },
      { name: "macOS app with only sandbox keys", targets: () => [buildTarget({ name: "App", kind: "app", platform: "macos", built: true, binary: {}, signedEntitlements: plist(key("com.apple.security.app-sandbox"), "<true/>") })] },
      { name: "embedded profile present", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", built: true, profiles: [profileText()], embeddedProfile: true })] },
    ],
  },
  "profile/aps-environment": {
    invalid: [
      { name: "development in a signed App Store build", targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: plist(key("aps-environment"), string("development")), profiles: [profileText()], embeddedProfile: true })], expected: [{ file: "App/App.xcent", line: 2, column: 1, element: key("aps-environment"), message: "aps-environment is \"development\" in a app-store signature (app-store profile App/App.mobileprovision); distribution builds must use \"production\"." }] },
      { name: "invalid value in a signature", targets: () => [buildTarget({ name: "App", built: true, signedEntitlements: plist(key("aps-environment"), string("prod")) })], expected: [{ file: "App/App.xcent", line: 2, column: 1, element: key("aps-environment"), message: "aps-environment is \"prod\"; the only values are \"development\" and \"production\"." }] },
      {
        name: "invalid value in source entitlements (NetNewsWire's \"Production\"): a note, the export signs with the profile's value",
        targets: () => [buildTarget({ name: "App", platform: "macos", entitlements: plist(key("com.apple.developer.aps-environment"), string("Production")) })],
        expected: [{ file: "App/App.entitlements", line: 2, column: 1, element: key("com.apple.developer.aps-environment"), severity: "note", message: "com.apple.developer.aps-environment is \"Production\"; the only values are \"development\" and \"production\" (case matters). Xcode's export signs with the profile's value instead, so an exported build is unaffected; a build signed with this file as it is claims a value no profile grants." }],
      },
      { name: "registers for push without the entitlement", targets: () => [buildTarget({ name: "App", built: true, signedEntitlements: plist(), binary: { strings: ["registerForRemoteNotifications"] } })], expected: [{ file: "App/App", severity: "warning", message: /registers for remote notifications .* \(ITMS-90078\)/ }] },
    ],
    valid: [
      { name: "development in source entitlements (Xcode rewrites it at export)", targets: () => [buildTarget({ name: "App", distribution: "app-store", entitlements: plist(key("aps-environment"), string("development")) })] },
      { name: "production", targets: () => [buildTarget({ name: "App", built: true, distribution: "app-store", signedEntitlements: plist(key("aps-environment"), string("production")), binary: { strings: ["registerForRemoteNotifications"] } })] },
    ],
  },
  "profile/signing-cert-not-in-profile": {
    invalid: [{
      name: "leaf not listed",
      targets: () => {
        const profile = profileFromText(profileText(), "App/embedded.mobileprovision");
        profile.developerCertificates.push({ sha256: "aa".repeat(32), sha1: "bb".repeat(20) });
        return [buildTarget({ name: "App", built: true, profiles: [profile], embeddedProfile: true, binary: { signingCertificateSha256: "cc".repeat(32) } })];
      },
      expected: [{ file: "App/embedded.mobileprovision", message: `Provisioning profile "App Profile" doesn't include the signing certificate (SHA-256 ${"cc".repeat(32)}); it lists 1 other certificate(s).` }],
    }],
    valid: [{
      name: "leaf listed",
      targets: () => {
        const profile = profileFromText(profileText());
        profile.developerCertificates.push({ sha256: "AA".repeat(32), sha1: "bb".repeat(20) });
        return [buildTarget({ name: "App", built: true, profiles: [profile], embeddedProfile: true, binary: { signingCertificateSha256: "aa".repeat(32) } })];
      },
    }],
  },
};

if (own) {
  afterAll(cleanupTargets);
  for (const [ruleId, { invalid, valid }] of Object.entries(PROFILE_DOCUMENT_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) it(`reports: ${testCase.name}`, async () => expectFindings(await lintText([rule(ruleId)], testCase), testCase.expected, rule(ruleId), checker));
      for (const testCase of valid) it(`does not report: ${testCase.name}`, async () => expect(await lintText([rule(ruleId)], testCase)).toEqual([]));
    });
  }
  for (const [ruleId, { invalid, valid }] of Object.entries(PROFILE_TARGET_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) {
        it(`reports: ${testCase.name}`, async () => {
          const options = testCase.options ? { ruleOptions: { [ruleId]: testCase.options } } : {};
          expectFindings(await lintTargets([rule(ruleId)], testCase.targets(), options), testCase.expected ?? [], rule(ruleId), checker);
        });
      }
      for (const testCase of valid) it(`does not report: ${testCase.name}`, async () => expect(await lintTargets([rule(ruleId)], testCase.targets())).toEqual([]));
    });
  }
  describe("profile/cms-invalid", () => {
    it("is a problem rule whose message is the decoder's reason", () => {
      const cms = rule("profile/cms-invalid");
      expect(cms.scope).toBe("problem");
      expect(cms.meta.severity).toBe("error");
      expect(Object.values(cms.meta.messages)[0]).toBe("The provisioning profile cannot be read: {{reason}}");
    });
  });
}
