import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, isPresent } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/obsolete-ct-key",
    severity: "note",
    description: "NSRequiresCertificateTransparency is obsolete",
    rationale:
      "The system now enforces Certificate Transparency in all cases. Apple documents the key as obsolete and advises against it, because " +
      "newer certificates cannot satisfy it on older systems.",
    fix: "Remove the key.",
    sources: [ATS_DOCS.certificateTransparency],
    messages: { obsolete: "NSRequiresCertificateTransparency in {{parent}} is obsolete: Certificate Transparency is always enforced now." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSRequiresCertificateTransparency</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict/>\n</dict>"),
    },
    tags: ["ats"],
  },
  documents: ["info-plist"],
  given: "#AtsExceptionDomain",
  then: { field: "NSRequiresCertificateTransparency", condition: isPresent, messageId: "obsolete" },
});
