import { distributionOf } from "../../src/checks/entitlements/distribution.js";
import { claimedEntry, claimsTrue, isMacTarget, SANDBOX_KEY } from "../../src/checks/entitlements/entitlements.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { effectiveEntitlements } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "sandbox/mas-requires-sandbox",
    severity: "error",
    description: "A macOS app or app extension distributed through the Mac App Store without the App Sandbox",
    rationale:
      "Every executable in a Mac App Store submission must be sandboxed (App Review Guideline 2.4.5(i)). App Store Connect rejects the upload " +
      "with ITMS-90296 \"App sandbox not enabled. The following executables must include the 'com.apple.security.app-sandbox' entitlement with " +
      "a Boolean value of true in the entitlements property list\". Developer ID builds need not be sandboxed, so the rule only applies when the " +
      "distribution is known to be the App Store (`--distribution app-store` or a Mac App Store profile).",
    fix: "Enable App Sandbox (Signing & Capabilities → + Capability → App Sandbox), which sets `com.apple.security.app-sandbox` to YES, then add the sandbox entitlements the app needs (network client, files).",
    sources: ["https://developer.apple.com/app-store/review/guidelines/#2.4.5", "https://developer.apple.com/documentation/security/app-sandbox", LAN_DOCS.networkClient],
    messages: {
      disabled: "com.apple.security.app-sandbox is not YES, but this macOS {{kind}} ships through the Mac App Store ({{distribution}}); App Store Connect rejects it (ITMS-90296).",
      missing: "This macOS {{kind}} ships through the Mac App Store ({{distribution}}) but does not claim com.apple.security.app-sandbox; App Store Connect rejects it (ITMS-90296).",
    },
    examples: {
      incorrect: "<!-- .ne-lint.json: { \"distribution\": \"app-store\" } -->\n<key>com.apple.security.network.client</key>\n<true/>",
      correct: "<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.client</key>\n<true/>",
    },
    tags: ["sandbox", "app-store"],
    securitySeverity: 5.5,
    securityWeakness:
      "Without the App Sandbox the app runs with all of the user's rights, so a compromise of the app reaches every file and service the user can (CWE-250, execution with unnecessary privileges).",
  },
  check({ target, report }) {
    if (!(isMacTarget(target) || target.catalyst)) return;
    const kind = target.kind?.value;
    if (kind !== "app" && kind !== "app-extension") return;
    const distribution = distributionOf(target);
    if (distribution?.value !== "app-store" || claimsTrue(target, SANDBOX_KEY)) return;
    const data = { kind: kind === "app" ? "app" : "app extension", distribution: distribution.source };
    const present = claimedEntry(target, SANDBOX_KEY);
    if (present) {
      report({ messageId: "disabled", document: present.document, node: present.entry, data });
      return;
    }
    // Without the key the finding belongs to the file that should hold it: the entitlements, else the Info.plist.
    const [entitlements] = effectiveEntitlements(target);
    if (entitlements) report({ messageId: "missing", document: entitlements, data });
    else if (target.infoPlist) report({ messageId: "missing", document: target.infoPlist, data });
  },
});
