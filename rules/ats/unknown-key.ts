import { ATS_LEVEL_NAMES, documentedDefaultShown } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { atsStructureIssues } from "../../src/checks/ats/structure.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/unknown-key",
    severity: "error",
    description: "A key in the ATS configuration that the system does not know (usually a misspelling)",
    rationale:
      "ATS ignores keys it does not know, silently: `NSAllowsArbitraryLoadsForLocalNetworking` or `NSAllowArbitraryLoads` do nothing, so the " +
      "app behaves differently from what the plist seems to say, and scanners that trust the spelling are fooled too. The same holds for a " +
      "misspelled `NSAppTransportSecurity` at the Info.plist root.\n\n" +
      "When a misspelled exception-domain key holds the default value of the key it resembles (`NSExceptionAllowInsecureHTTPLoads` = NO), " +
      "ignoring it changes nothing: the finding is a note, so the gate does not fail on a typo with no effect.",
    fix: "Use the key ne-lint suggests, or remove the key.",
    sources: [ATS_DOCS.overview, ATS_DOCS.exceptionDomains],
    messages: {
      unknownWithSuggestion: "{{key}} is not an App Transport Security key in {{level}} and is ignored; did you mean {{suggestion}}?",
      unknown: "{{key}} is not an App Transport Security key in {{level}} and is ignored.",
      unknownDefault:
        "{{key}} is not an App Transport Security key in {{level}} and is ignored; did you mean {{suggestion}}? Its value ({{value}}) is {{suggestion}}'s default, so nothing changes either way: fix the spelling or remove it.",
      renameTo: "Rename to {{suggestion}}",
    },
    examples: { incorrect: atsExample("<key>NSAllowsArbitraryLoadsForLocalNetworking</key>\n<true/>"), correct: atsExample("<key>NSAllowsLocalNetworking</key>\n<true/>") },
    tags: ["ats", "correctness"],
    hasSuggestions: true,
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const issue of atsStructureIssues(document.root)) {
      if (issue.kind !== "unknown-key") continue;
      const level = issue.level === "info-plist" ? "the Info.plist root" : ATS_LEVEL_NAMES[issue.level];
      const key = issue.entry.key;
      if (!issue.suggestion) {
        report({ messageId: "unknown", node: issue.entry, data: { key: key.value, level } });
        continue;
      }
      const loc = key.loc;
      const shown = issue.level === "domain" ? documentedDefaultShown(issue.suggestion, issue.entry.value) : undefined;
      report({
        ...(shown ? { messageId: "unknownDefault", severity: "note" as const } : { messageId: "unknownWithSuggestion" }),
        node: issue.entry,
        data: { key: key.value, level, suggestion: issue.suggestion, ...(shown ? { value: shown } : {}) },
        ...(loc && document.format === "xml"
          ? { suggestions: [{ messageId: "renameTo", data: { suggestion: issue.suggestion }, fix: { range: [loc.start.offset, loc.end.offset] as const, text: `<key>${issue.suggestion}</key>` } }] }
          : {}),
      });
    }
  },
});
