import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { domainShape, everyDomain } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/domain-not-lowercase",
    severity: "error",
    description: "An exception or pinned domain written with uppercase letters",
    rationale: "Apple: domain keys must be lowercase. A key with uppercase letters never matches a host, so the exception or pin silently does nothing.",
    fix: "Write the domain in lowercase (the ESLint plugin fixes it automatically).",
    sources: [ATS_DOCS.exceptionDomains, ATS_DOCS.pinnedDomains],
    messages: { uppercase: "The domain \"{{domain}}\" in {{holder}} has uppercase letters and will never match; write \"{{lower}}\"." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>Example.com</key>\n\t<dict/>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict/>\n</dict>"),
    },
    tags: ["ats", "correctness"],
    fixable: true,
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of everyDomain(document.root)) {
      const name = domain.domain;
      const lower = name.toLowerCase();
      if (name === lower || domainShape(domain).kind === "ip") continue;
      const loc = domain.entry.key.loc;
      report({
        messageId: "uppercase",
        node: domain.entry,
        data: { domain: name, lower, holder: domain.holder },
        ...(loc && document.format === "xml" && !/[<&]/.test(name) ? { fix: { range: [loc.start.offset, loc.end.offset] as const, text: `<key>${lower}</key>` } } : {}),
      });
    }
  },
});
