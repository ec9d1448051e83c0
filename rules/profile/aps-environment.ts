import { distributionOf, isDistributionBuild } from "../../src/checks/entitlements/distribution.js";
import { claimedEntry } from "../../src/checks/entitlements/entitlements.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { hasPlaceholder, stringValue } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

const APS_KEYS = ["aps-environment", "com.apple.developer.aps-environment"] as const;
/** APNs registration in an executable's selectors or imports. */
const REGISTRATION = /registerForRemoteNotifications/;

export default defineTargetRule({
  meta: {
    id: "profile/aps-environment",
    severity: "error",
    description: "An aps-environment (push notification) entitlement with a wrong value, the development value in a distribution build, or missing while the app registers for push",
    rationale:
      "`aps-environment` (macOS: `com.apple.developer.aps-environment`) is `development` or `production`. Xcode writes `development` and replaces " +
      "it with the profile's value when exporting; a distribution build whose signature still says `development` sends tokens for the sandbox " +
      "APNs environment, so pushes to production never arrive (and the value does not match the distribution profile: ITMS-90164). An executable " +
      "that calls `registerForRemoteNotifications` without the entitlement gets App Store Connect's ITMS-90078 \"Missing Push Notification " +
      "Entitlement\" warning and never receives a token. A wrong value in a source entitlements file (`Production`) is a note: Xcode's " +
      "export signs with the profile's value in its place, so an exported build ships a right one; only a signature is final.",
    fix: "Enable Push Notifications for the target and export through Xcode's distribution flow (or re-sign with the distribution profile's value).",
    sources: [PROFILE_DOCS.apsEnvironment, PROFILE_DOCS.tn3125, "https://github.com/flutter/flutter/issues/9984"],
    messages: {
      badValue: "{{key}} is \"{{value}}\"; the only values are \"development\" and \"production\".",
      badValueInSource:
        "{{key}} is \"{{value}}\"; the only values are \"development\" and \"production\" (case matters). Xcode's export signs with the profile's value instead, so an exported build is unaffected; a build signed with this file as it is claims a value no profile grants.",
      developmentInDistribution: "{{key}} is \"development\" in a {{distribution}} signature ({{source}}); distribution builds must use \"production\".",
      missing: "The executable registers for remote notifications but the signature has no aps-environment entitlement (ITMS-90078).",
    },
    examples: { incorrect: "<!-- signed entitlements of an App Store build -->\n<key>aps-environment</key>\n<string>development</string>", correct: "<key>aps-environment</key>\n<string>production</string>" },
    tags: ["profile", "entitlements"],
  },
  check({ target, report }) {
    for (const key of APS_KEYS) {
      const claimed = claimedEntry(target, key);
      if (!claimed) continue;
      const value = stringValue(claimed.entry.value);
      if (value === undefined || hasPlaceholder(value)) continue;
      if (value !== "development" && value !== "production") {
        // Only a signature is final: in source, the export replaces the value with the profile's (see the rationale).
        if (target.signedEntitlements) report({ messageId: "badValue", document: claimed.document, node: claimed.entry, data: { key, value } });
        else report({ messageId: "badValueInSource", severity: "note", document: claimed.document, node: claimed.entry, data: { key, value } });
        continue;
      }
      // Source entitlements say `development` by design: Xcode rewrites the value at export. Only a signature is final.
      const distribution = distributionOf(target);
      if (value === "development" && target.signedEntitlements && distribution && isDistributionBuild(distribution.value)) {
        report({ messageId: "developmentInDistribution", document: claimed.document, node: claimed.entry, data: { key, distribution: distribution.value, source: distribution.source } });
      }
    }
    const binary = target.binary;
    if (!binary || !target.signedEntitlements || APS_KEYS.some((key) => claimedEntry(target, key))) return;
    if (binary.strings.some((s) => REGISTRATION.test(s)) || binary.symbols.some((s) => REGISTRATION.test(s))) {
      report({ messageId: "missing", file: binary.file, severity: "warning" });
    }
  },
});
