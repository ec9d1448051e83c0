import { profileLabel } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "profile/expired",
    severity: "error",
    description: "A provisioning profile whose ExpirationDate has passed",
    rationale:
      "An expired profile authorises nothing: Xcode reports \"Provisioning profile \"…\" expired on …\", App Store upload rejects the build, " +
      "iOS refuses to install it, and apps signed with an expired development, ad hoc or In-House profile stop launching on devices.",
    fix: "Regenerate the profile in the developer portal (or let Xcode's automatic signing renew it), then rebuild or re-sign.",
    sources: [PROFILE_DOCS.tn3125, "https://developer.apple.com/help/account/provisioning-profiles/edit-download-or-delete-profiles"],
    messages: { expired: "Provisioning profile \"{{profile}}\" expired on {{date}}." },
    examples: { incorrect: "<key>ExpirationDate</key>\n<date>2023-01-01T00:00:00Z</date>", correct: "<key>ExpirationDate</key>\n<date>2027-01-01T00:00:00Z</date>" },
    tags: ["profile"],
    securitySeverity: 3.7,
    securityWeakness:
      "An expired profile means the signing chain no longer vouches for the build: devices stop launching it (CWE-298, certificate expiration not validated before shipping); availability only, hence low.",
  },
  check({ target, now, report }) {
    for (const profile of target.profiles) {
      if (!profile.expirationDate) continue;
      const expires = Date.parse(profile.expirationDate);
      if (Number.isNaN(expires) || expires > now.getTime()) continue;
      report({ messageId: "expired", document: profile.document, node: entryOf(profile.document.root, "ExpirationDate"), data: { profile: profileLabel(profile), date: profile.expirationDate.slice(0, 10) } });
    }
  },
});
