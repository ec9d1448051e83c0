import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { domainShape, everyDomain } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/domain-wildcard",
    severity: "error",
    description: "An exception or pinned domain written with a wildcard",
    rationale:
      "ATS does not understand wildcards: `*.example.com` is compared literally and never matches. Apple's way is the apex domain with " +
      "`NSIncludesSubdomains` (which covers subdomains exactly one label deep).",
    fix: "Use the apex domain as the key and set `NSIncludesSubdomains` to YES.",
    sources: [ATS_DOCS.exceptionDomains, "https://developer.apple.com/documentation/bundleresources/information-property-list/nsincludessubdomains"],
    messages: {
      withSuggestion: "The domain \"{{domain}}\" in {{holder}} uses a wildcard, which ATS does not understand; use \"{{suggestion}}\" with NSIncludesSubdomains.",
      plain: "The domain \"{{domain}}\" in {{holder}} uses a wildcard, which ATS does not understand.",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>*.example.com</key>\n\t<dict/>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSIncludesSubdomains</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of everyDomain(document.root)) {
      const shape = domainShape(domain);
      if (shape.kind !== "wildcard") continue;
      const data = { domain: domain.domain, holder: domain.holder };
      if (shape.suggestion) report({ messageId: "withSuggestion", node: domain.entry, data: { ...data, suggestion: shape.suggestion } });
      else report({ messageId: "plain", node: domain.entry, data });
    }
  },
});
