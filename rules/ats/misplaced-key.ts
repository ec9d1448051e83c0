import { ATS_DOCS } from "../../src/checks/ats/sources.js";
import { atsStructureIssues } from "../../src/checks/ats/structure.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/misplaced-key",
    severity: "error",
    description: "A real ATS key at the wrong level, where the system ignores it",
    rationale:
      "ATS reads each key only at its own level: global keys directly in `NSAppTransportSecurity`, exception keys inside a domain's " +
      "dictionary. A global key inside `NSExceptionDomains` is read as a domain name; `NSExceptionDomains` at the Info.plist root, outside " +
      "`NSAppTransportSecurity`, is never read. The configuration then silently does something else than it says.",
    fix: "Move the key to the level named in the message.",
    sources: [ATS_DOCS.overview, ATS_DOCS.exceptionDomains, "https://github.com/beyondessential/tupaia/pull/6555"],
    messages: { misplaced: "{{key}} is in {{found}} and is ignored there; it belongs {{belongs}}." },
    examples: {
      incorrect: "<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict/>\n</dict>",
      correct: "<key>NSAppTransportSecurity</key>\n<dict>\n\t<key>NSExceptionDomains</key>\n\t<dict>\n\t\t<key>example.com</key>\n\t\t<dict/>\n\t</dict>\n</dict>",
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const issue of atsStructureIssues(document.root)) {
      if (issue.kind === "misplaced-key") report({ messageId: "misplaced", node: issue.entry, data: { key: issue.entry.key.value, found: issue.found, belongs: issue.belongs } });
    }
  },
});
