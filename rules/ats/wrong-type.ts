import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { atsStructureIssues, booleanFromString } from "../../src/checks/ats/structure.js";
import { displayValue } from "../../src/linter/declarative.js";
import { describeType } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/wrong-type",
    severity: "error",
    description: "An ATS key whose value has the wrong type (e.g. the string \"YES\" instead of a Boolean)",
    rationale:
      "ATS expects Booleans as `<true/>`/`<false/>`, TLS versions as strings and exception entries as dictionaries. Apple documents no " +
      "behaviour for other types; scanners disagree on them (MobSF counts the string \"NO\" as true). The setting may not do what the " +
      "plist seems to say.",
    fix: "Write the value with the documented type: `<true/>` rather than `<string>YES</string>`. ne-lint's ESLint plugin fixes Boolean strings automatically.",
    sources: [ATS_DOCS.overview, ATS_DOCS.exceptionDomains],
    messages: { wrongType: "{{key}} in {{container}} must be {{expected}}, not {{actual}} ({{value}})." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>apple.com</key>\n\t<dict>\n\t\t<key>NSIncludesSubdomains</key>\n\t\t<string>YES</string>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>apple.com</key>\n\t<dict>\n\t\t<key>NSIncludesSubdomains</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
    },
    tags: ["ats", "correctness"],
    fixable: true,
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const issue of atsStructureIssues(document.root)) {
      if (issue.kind !== "wrong-type") continue;
      const value = issue.entry.value;
      const asBoolean = issue.expected === "Boolean" ? booleanFromString(value) : undefined;
      const loc = value.loc;
      report({
        messageId: "wrongType",
        node: issue.entry,
        data: { key: issue.entry.key.value, container: issue.container, expected: describeType(issue.expected), actual: describeType(value.type), value: displayValue(value) },
        ...(asBoolean !== undefined && loc && document.format === "xml" ? { fix: { range: [loc.start.offset, loc.end.offset] as const, text: asBoolean ? "<true/>" : "<false/>" } } : {}),
      });
    }
  },
});
