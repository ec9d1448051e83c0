import { profileLabel } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 30;

export default defineTargetRule({
  meta: {
    id: "profile/expiring-soon",
    severity: "warning",
    description: "A provisioning profile that expires within the configured number of days (default 30)",
    rationale:
      "Profiles last about a year. When one lapses, uploads and installs fail and apps signed with development, ad hoc or In-House profiles stop " +
      "launching on devices. Renewing before the date avoids a broken release. Set the window with the `days` option " +
      "(`\"profile/expiring-soon\": [\"warning\", {\"days\": 14}]`).",
    fix: "Regenerate the profile in the developer portal before it expires, and ship builds signed with the new one.",
    sources: [PROFILE_DOCS.tn3125],
    messages: { soon: "Provisioning profile \"{{profile}}\" expires on {{date}}, in {{days}} days." },
    examples: { incorrect: "<!-- today is 2025-06-01 -->\n<key>ExpirationDate</key>\n<date>2025-06-15T00:00:00Z</date>", correct: "<key>ExpirationDate</key>\n<date>2026-06-01T00:00:00Z</date>" },
    tags: ["profile"],
    options: { days: { type: "integer", minimum: 0, default: DEFAULT_DAYS, description: "Report profiles that expire within this many days." } },
  },
  check({ target, now, options, report }) {
    // Validated against meta.options when the config was loaded.
    const days = typeof options.days === "number" ? options.days : DEFAULT_DAYS;
    for (const profile of target.profiles) {
      if (!profile.expirationDate) continue;
      const left = Date.parse(profile.expirationDate) - now.getTime();
      if (Number.isNaN(left) || left <= 0 || left > days * DAY_MS) continue;
      report({ messageId: "soon", document: profile.document, node: entryOf(profile.document.root, "ExpirationDate"), data: { profile: profileLabel(profile), date: profile.expirationDate.slice(0, 10), days: Math.ceil(left / DAY_MS) } });
    }
  },
});
