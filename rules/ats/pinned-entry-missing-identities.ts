import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { isArray, valueOf } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/pinned-entry-missing-identities",
    severity: "error",
    description: "An NSPinnedDomains entry that pins nothing",
    rationale:
      "A pinned-domain entry must contain `NSPinnedCAIdentities`, `NSPinnedLeafIdentities`, or both, each a non-empty array of " +
      "`SPKI-SHA256-BASE64` dictionaries. An entry without identities pins nothing: the domain looks pinned in review but is not.",
    fix: "Add the SHA-256 SPKI hashes of the CA or leaf keys (Apple recommends more than one leaf pin for rotation), or remove the entry.",
    sources: [ATS_DOCS.pinnedDomains, ATS_DOCS.pinnedLeaf, ATS_DOCS.pinnedCa],
    messages: { missing: "The pinned domain \"{{domain}}\" has no NSPinnedCAIdentities or NSPinnedLeafIdentities, so nothing is pinned." },
    examples: {
      incorrect: atsExample("<key>NSPinnedDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSIncludesSubdomains</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSPinnedDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSPinnedLeafIdentities</key>\n\t\t<array>\n\t\t\t<dict>\n\t\t\t\t<key>SPKI-SHA256-BASE64</key>\n\t\t\t\t<string>r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=</string>\n\t\t\t</dict>\n\t\t</array>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 4.0,
    securityWeakness:
      "A pinned-domain entry with no identities pins nothing, so the domain is not protected against a misissued certificate as intended (CWE-295).",
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of readAts(document.root)?.pinnedDomains ?? []) {
      if (!domain.dict) continue;
      const pins = ["NSPinnedCAIdentities", "NSPinnedLeafIdentities"].map((key) => valueOf(domain.dict, key));
      const hasPins = pins.some((value) => value !== undefined && (!isArray(value) || value.items.length > 0));
      if (!hasPins) report({ messageId: "missing", node: domain.entry, data: { domain: domain.domain } });
    }
  },
});
