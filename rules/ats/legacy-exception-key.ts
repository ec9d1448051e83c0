import { ATS_DOMAIN_KEYS, documentedDefaultShown } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/legacy-exception-key",
    severity: "warning",
    description: "A pre-2016 NSThirdParty…/NSTemporary… ATS exception key",
    rationale:
      "Apple removed the `NSThirdPartyException…` and `NSTemporaryException…` keys from the documentation in 2016 and says apps are no longer " +
      "expected to use them. How current systems treat them is undocumented; ne-lint treats them as effective (so the security rules still " +
      "report what they allow) and asks for the current key. A legacy key that holds the current key's default (`NSTemporaryException" +
      "AllowsInsecureHTTPLoads` = NO) changes nothing whether it is read or not: a note that asks to remove it.",
    fix: "Rename the key to its current `NSException…` form (the message names it).",
    sources: [ATS_DOCS.exceptionDomains, "https://github.com/MobSF/Mobile-Security-Framework-MobSF/issues/1375"],
    messages: {
      legacy: "{{key}} is a legacy ATS key; use {{replacement}}.",
      legacyDefault: "{{key}} is a legacy ATS key; its value ({{value}}) is {{replacement}}'s default, so it changes nothing: remove it.",
      renameTo: "Rename to {{replacement}}",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSTemporaryExceptionMinimumTLSVersion</key>\n\t\t<string>TLSv1.2</string>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t<string>TLSv1.2</string>\n\t</dict>\n</dict>"),
    },
    tags: ["ats"],
    hasSuggestions: true,
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of readAts(document.root)?.domains ?? []) {
      for (const entry of domain.dict?.entries ?? []) {
        const replacement = ATS_DOMAIN_KEYS.get(entry.key.value)?.replacedBy;
        if (!replacement) continue;
        const loc = entry.key.loc;
        const shown = documentedDefaultShown(entry.key.value, entry.value);
        report({
          ...(shown ? { messageId: "legacyDefault", severity: "note" as const } : { messageId: "legacy" }),
          node: entry,
          data: { key: entry.key.value, replacement, ...(shown ? { value: shown } : {}) },
          ...(loc && document.format === "xml" ? { suggestions: [{ messageId: "renameTo", data: { replacement }, fix: { range: [loc.start.offset, loc.end.offset] as const, text: `<key>${replacement}</key>` } }] } : {}),
        });
      }
    }
  },
});
