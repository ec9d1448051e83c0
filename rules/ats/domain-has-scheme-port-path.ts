import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { domainShape, everyDomain } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/domain-has-scheme-port-path",
    severity: "error",
    description: "An exception or pinned domain written as a URL (scheme, port or path)",
    rationale:
      "Keys are matched against host names only: `https://example.com`, `example.com:8443` or `example.com/api` never match a host, so " +
      "the exception silently does nothing (and the connection is blocked or unpinned).",
    fix: "Use the bare host name as the key (ne-lint names it).",
    sources: [ATS_DOCS.exceptionDomains],
    messages: {
      withSuggestion: "The domain \"{{domain}}\" in {{holder}} has a {{part}} and will never match a host; use \"{{suggestion}}\".",
      plain: "The domain \"{{domain}}\" in {{holder}} has a {{part}} and will never match a host.",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>http://example.com:8080</key>\n\t<dict/>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict/>\n</dict>"),
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of everyDomain(document.root)) {
      const shape = domainShape(domain);
      if (shape.kind !== "scheme-port-path") continue;
      const data = { domain: domain.domain, part: shape.part, holder: domain.holder };
      if (shape.suggestion) report({ messageId: "withSuggestion", node: domain.entry, data: { ...data, suggestion: shape.suggestion } });
      else report({ messageId: "plain", node: domain.entry, data });
    }
  },
});
