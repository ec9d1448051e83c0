import { distributionOfProfileKind } from "../../src/checks/entitlements/distribution.js";
import { profileLabel, soleProfile } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import type { ProvisioningProfile } from "../../src/model/profile.js";
import { defineTargetRule } from "../../src/linter/types.js";

const KIND_NAME: Readonly<Record<string, string>> = {
  development: "development",
  "mac-development": "Mac development",
  "ad-hoc": "ad hoc",
  "app-store": "App Store",
  "mac-app-store": "Mac App Store",
  enterprise: "In-House (Enterprise)",
  "developer-id": "Developer ID",
};

/** The key that tells the profile's kind, where the finding is located. */
function kindEvidence(profile: ProvisioningProfile) {
  const root = profile.document.root;
  return entryOf(root, "ProvisionsAllDevices") ?? entryOf(root, "ProvisionedDevices") ?? entryOf(profile.entitlements, "get-task-allow") ?? entryOf(root, "Name");
}

export default defineTargetRule({
  meta: {
    id: "profile/kind-vs-distribution",
    severity: "error",
    description: "A provisioning profile of the wrong kind for the declared distribution",
    rationale:
      "Each distribution needs its own kind of profile: App Store uploads need an App Store profile (a development or ad hoc one is rejected " +
      "with ITMS-90161 \"Invalid Provisioning Profile… A Distribution Provisioning profile should be used when submitting apps to the App Store\"), " +
      "ad hoc builds need devices, Developer ID needs a Developer ID profile, and In-House profiles are never accepted by the App Store. The kind is " +
      "read from the profile's devices, `ProvisionsAllDevices`, `get-task-allow` and platform. Checked only when the distribution is declared " +
      "(`--distribution` or config).",
    fix: "Sign with a profile of the distribution's kind (Xcode: Distribute App → the method you ship with), or correct `--distribution`.",
    sources: [PROFILE_DOCS.tn3125, "https://developer.apple.com/help/account/provisioning-profiles/create-an-app-store-provisioning-profile"],
    messages: { mismatch: "Provisioning profile \"{{profile}}\" is a {{kind}} profile, which cannot sign a {{distribution}} build ({{source}})." },
    examples: { incorrect: "<!-- --distribution app-store -->\n<key>ProvisionedDevices</key>\n<array>\n\t<string>00008030-…</string>\n</array>", correct: "<!-- an App Store profile has no ProvisionedDevices -->" },
    tags: ["profile", "distribution"],
  },
  check({ target, report }) {
    const distribution = target.distribution;
    const profile = soleProfile(target);
    if (!distribution || !profile) return;
    const fits = distributionOfProfileKind(profile.kind);
    if (!fits || fits === distribution.value) return;
    report({
      messageId: "mismatch",
      document: profile.document,
      node: kindEvidence(profile),
      data: { profile: profileLabel(profile), kind: KIND_NAME[profile.kind] ?? profile.kind, distribution: distribution.value, source: distribution.source },
    });
  },
});
