import { distributionOf, isDistributionBuild } from "../../src/checks/entitlements/distribution.js";
import { claimedEntry, isMacTarget } from "../../src/checks/entitlements/entitlements.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { booleanValue } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "profile/get-task-allow-in-distribution",
    severity: "error",
    description: "get-task-allow (debugger attach) claimed in a distribution build",
    rationale:
      "`get-task-allow` lets a debugger attach to the process. Only development profiles allow it on iOS: an App Store, ad hoc or In-House " +
      "signature claiming it fails to install (0xe8008016) or upload (ITMS-90164). On macOS, `com.apple.security.get-task-allow` needs no profile, " +
      "but the notary service rejects Developer ID builds that claim it (\"The executable requests the com.apple.security.get-task-allow " +
      "entitlement\") and it lets any process inspect the app's memory.",
    fix: "Build with the Release configuration (Xcode adds get-task-allow only to debug signing) and remove the key from any entitlements file used for distribution.",
    sources: [PROFILE_DOCS.tn3125, PROFILE_DOCS.getTaskAllow, PROFILE_DOCS.notarization],
    messages: { claimed: "{{key}} is YES in a {{distribution}} build ({{source}}); only development signing may allow a debugger to attach." },
    examples: { incorrect: "<!-- App Store build -->\n<key>get-task-allow</key>\n<true/>", correct: "<key>get-task-allow</key>\n<false/>" },
    tags: ["security", "profile"],
    securitySeverity: 5,
    securityWeakness:
      "get-task-allow lets any debugger attach to the shipped app and read or change its memory, secrets included (CWE-489, debug features left in production).",
  },
  check({ target, report }) {
    const distribution = distributionOf(target);
    if (!distribution || !isDistributionBuild(distribution.value)) return;
    for (const key of ["get-task-allow", ...(isMacTarget(target) || target.catalyst ? ["com.apple.security.get-task-allow"] : [])]) {
      const claimed = claimedEntry(target, key);
      if (claimed && booleanValue(claimed.entry.value) === true) {
        report({ messageId: "claimed", document: claimed.document, node: claimed.entry, data: { key, distribution: distribution.value, source: distribution.source } });
      }
    }
  },
});
