import { profileLabel } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "profile/untrusted-signature",
    severity: "warning",
    description: "A provisioning profile that is not signed by Apple's profile-signing certificate",
    rationale:
      "Apple signs every profile it issues with its provisioning-profile signing certificate, chained to the Apple Root CA. A profile that is " +
      "unsigned, signed by another certificate, or whose signature or digest does not verify was made or edited by someone else: devices refuse " +
      "to install it and App Store upload answers ITMS-90165 \"Invalid Provisioning Profile Signature\". ne-lint still reads its keys, but they " +
      "prove nothing.",
    fix: "Download the profile again from the developer portal (or let Xcode's automatic signing fetch it) and do not edit it.",
    sources: [PROFILE_DOCS.tn3125, "https://github.com/fastlane/fastlane/issues/20164"],
    messages: {
      untrusted: "Provisioning profile \"{{profile}}\" is not signed by Apple: {{problem}}",
      unsigned: "Provisioning profile \"{{profile}}\" is a bare property list with no signature, so no device or upload accepts it.",
    },
    examples: { incorrect: "<!-- a profile re-signed with a self-made certificate (isign's test profile) -->", correct: "<!-- the profile as downloaded from developer.apple.com -->" },
    tags: ["profile", "security"],
    securitySeverity: 6.5,
    securityWeakness:
      "A profile Apple did not sign was made or changed by someone else: the entitlements and devices it lists are unproven, and a tampered signing chain is how repackaged builds are passed off (CWE-347).",
  },
  check({ target, report }) {
    for (const profile of target.profiles) {
      if (!profile.signed) {
        report({ messageId: "unsigned", document: profile.document, data: { profile: profileLabel(profile) } });
        continue;
      }
      const signature = profile.signature;
      if (!signature || signature.signedByAppleProfileSigning) continue;
      report({ messageId: "untrusted", document: profile.document, data: { profile: profileLabel(profile), problem: signature.problem ?? "the signer does not chain to Apple's profile-signing certificate." } });
    }
  },
});
