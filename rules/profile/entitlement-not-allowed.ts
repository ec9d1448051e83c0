import { APP_GROUPS_KEY } from "../../src/checks/entitlements/entitlements.js";
import { profileAllowsBoolean, profileAllowsString, type Allowance } from "../../src/checks/profile/allowlist.js";
import { candidateProfiles, profilesLabel } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { hasPlaceholder, isArray, isDict, type PlistNode } from "../../src/model/plist.js";
import type { ProvisioningProfile } from "../../src/model/profile.js";
import { effectiveEntitlements } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/**
 * Keys no profile needs to grant (TN3125): App Sandbox, Hardened Runtime, temporary exceptions and
 * the rest of `com.apple.security.*` on macOS. App groups are the exception, handled per value.
 */
/**
 * Push environment in source entitlements is `development` by design: Xcode signs it from the
 * profile when exporting. Only a signature's value is final (`profile/aps-environment` checks it).
 */
const SET_FROM_PROFILE_AT_EXPORT: ReadonlySet<string> = new Set(["aps-environment", "com.apple.developer.aps-environment"]);

function isUnrestricted(key: string): boolean {
  return key.startsWith("com.apple.security.") && key !== APP_GROUPS_KEY;
}

export default defineTargetRule({
  meta: {
    id: "profile/entitlement-not-allowed",
    severity: "error",
    description: "An entitlement (or one of its values) that the provisioning profile does not allow",
    rationale:
      "The profile's `Entitlements` dictionary is the list of what the app may claim: every restricted key the signature claims must be there, " +
      "array values must be a subset (with `TEAMID.*` and `*` matching by prefix), and strings must match. Xcode stops the build with " +
      "\"Provisioning profile \"…\" doesn't include the … entitlement\"; App Store upload answers ITMS-90164 (\"The entitlements in your app bundle " +
      "signature do not match the ones that are contained in the provisioning profile\"); iOS refuses to install (0xe8008016, \"The executable was " +
      "signed with invalid entitlements\") and macOS refuses to launch (AMFI \"Unsatisfied entitlements\"). macOS keys that need no profile " +
      "(App Sandbox, Hardened Runtime, `TEAMID.` app groups) are skipped. When several profiles sit beside a source target, a value is reported " +
      "only when none of the profiles whose App ID matches allows it.",
    fix:
      "Enable the capability for the App ID in the developer portal and regenerate the profile (profiles are snapshots), or remove the entitlement " +
      "from the target's entitlements.",
    sources: [PROFILE_DOCS.tn3125, PROFILE_DOCS.tn2415, "https://developer.apple.com/forums/thread/806186"],
    messages: {
      missingKey: "Provisioning profile \"{{profile}}\" doesn't include the {{key}} entitlement.",
      valueNotAllowed: "Provisioning profile \"{{profile}}\" doesn't match the entitlements file's value for the {{key}} entitlement: \"{{value}}\" is not allowed.",
      booleanNotAllowed: "Provisioning profile \"{{profile}}\" doesn't match the entitlements file's value for the {{key}} entitlement: the profile sets it to NO.",
    },
    examples: {
      incorrect: "<!-- the profile has no com.apple.developer.networking.multicast -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
      correct: "<!-- after the Multicast Networking entitlement was granted and the profile regenerated -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
    },
    tags: ["profile", "entitlements"],
  },
  check({ target, report }) {
    const profiles = candidateProfiles(target).filter((profile) => profile.entitlements);
    if (profiles.length === 0) return;
    const macos = target.platform?.value === "macos" || target.catalyst;
    const profile = profilesLabel(profiles);
    // Reported only when every candidate profile refuses it.
    const verdict = (test: (p: ProvisioningProfile) => Allowance): Allowance => {
      const results = profiles.map(test);
      if (results.includes("allowed")) return "allowed";
      return results.includes("value-not-allowed") ? "value-not-allowed" : "missing-key";
    };

    for (const document of effectiveEntitlements(target)) {
      if (!isDict(document.root)) continue;
      for (const entry of document.root.byKey.values()) {
        const key = entry.key.value;
        if (isUnrestricted(key) || (document.kind === "entitlements" && SET_FROM_PROFILE_AT_EXPORT.has(key))) continue;
        const value = entry.value;
        const flag = (allowance: Allowance, node: PlistNode, shown?: string): void => {
          if (allowance === "allowed") return;
          if (allowance === "missing-key") report({ messageId: "missingKey", document, node: entry, data: { profile, key } });
          else if (shown === undefined) report({ messageId: "booleanNotAllowed", document, node, data: { profile, key } });
          else report({ messageId: "valueNotAllowed", document, node, data: { profile, key, value: shown } });
        };
        if (value.type === "Boolean") {
          flag(verdict((p) => profileAllowsBoolean(p, key, value.value)), entry);
        } else if (value.type === "String") {
          if (!hasPlaceholder(value.value)) flag(verdict((p) => profileAllowsString(p, key, value.value)), value, value.value);
        } else if (isArray(value)) {
          let missingKeyReported = false;
          for (const item of value.items) {
            if (item.type !== "String" || hasPlaceholder(item.value)) continue;
            // macOS-style `TEAMID.` app groups need no profile; iOS-style `group.` ones do (DTS thread 721701).
            if (key === APP_GROUPS_KEY && macos && !item.value.startsWith("group.")) continue;
            const allowance = verdict((p) => profileAllowsString(p, key, item.value));
            if (allowance === "missing-key") {
              if (!missingKeyReported) flag(allowance, entry);
              missingKeyReported = true;
            } else flag(allowance, item, item.value);
          }
        } else {
          flag(verdict((p) => (p.entitlements?.byKey.has(key) ? "allowed" : "missing-key")), entry);
        }
      }
    }
  },
});
