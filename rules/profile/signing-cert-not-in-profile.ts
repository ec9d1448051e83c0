import { profileLabel } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "profile/signing-cert-not-in-profile",
    severity: "error",
    description: "An executable signed with a certificate that its embedded provisioning profile does not list",
    rationale:
      "A profile names the certificates allowed to sign with it (`DeveloperCertificates`). A bundle signed by any other certificate is refused: " +
      "Xcode says \"Provisioning profile \"…\" doesn't include signing certificate \"…\"\", App Store upload answers ITMS-90161 \"Invalid " +
      "Provisioning Profile… [Missing code-signing certificate]\", and devices refuse to install it. Checked for built products whose " +
      "signature's leaf certificate is known.",
    fix: "Re-sign with one of the profile's certificates, or regenerate the profile to include the certificate you sign with.",
    sources: [PROFILE_DOCS.tn3125, "https://github.com/electron-userland/electron-builder/issues/4401"],
    messages: { notIncluded: "Provisioning profile \"{{profile}}\" doesn't include the signing certificate (SHA-256 {{sha256}}); it lists {{count}} other certificate(s)." },
    examples: { incorrect: "<!-- signed by a certificate created after the profile -->", correct: "<!-- signed by a certificate listed in DeveloperCertificates -->" },
    tags: ["profile"],
  },
  check({ target, report }) {
    const sha256 = target.binary?.signingCertificateSha256?.toLowerCase();
    const profile = target.embeddedProfile ? target.profiles[0] : undefined;
    if (!sha256 || !profile || profile.developerCertificates.length === 0) return;
    if (profile.developerCertificates.some((certificate) => certificate.sha256.toLowerCase() === sha256)) return;
    report({
      messageId: "notIncluded",
      document: profile.document,
      node: entryOf(profile.document.root, "DeveloperCertificates"),
      data: { profile: profileLabel(profile), sha256, count: profile.developerCertificates.length },
    });
  },
});
