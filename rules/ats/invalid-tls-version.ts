import { MIN_TLS_KEYS, NIAP_VALUES, TLS_VERSIONS } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { closestMatch } from "../../src/checks/did-you-mean.js";
import { hasPlaceholder, isString, type PlistEntry } from "../../src/model/plist.js";
import { defineDocumentRule, type DocumentRuleContext } from "../../src/linter/types.js";

const NIAP_KEYS = ["NSRequiresNIAPTLSPackageVersion", "NSExceptionRequiresNIAPTLSPackageVersion"];

export default defineDocumentRule({
  meta: {
    id: "ats/invalid-tls-version",
    severity: "error",
    description: "A TLS version (or NIAP package) value that ATS does not recognise",
    rationale:
      "`NSExceptionMinimumTLSVersion` accepts exactly `TLSv1.0`, `TLSv1.1`, `TLSv1.2` and `TLSv1.3`; the NIAP keys accept `none`, " +
      "`FCP_v2.1` and `recommended`. Anything else (`1.2`, `TLSv1_2`, `tlsv1.2`) is not a documented value, so the exception does not do what it says.",
    fix: "Use one of the documented values exactly as written (ne-lint suggests the closest).",
    sources: [ATS_DOCS.minimumTls, "https://developer.apple.com/documentation/bundleresources/information-property-list/nsrequiresniaptlspackageversion"],
    messages: {
      invalidWithSuggestion: "{{key}} is {{value}}, which is not a valid value; did you mean \"{{suggestion}}\"? Valid values: {{valid}}.",
      invalid: "{{key}} is {{value}}, which is not a valid value. Valid values: {{valid}}.",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t<string>1.2</string>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t<string>TLSv1.2</string>\n\t</dict>\n</dict>"),
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check(context) {
    const ats = readAts(context.document.root);
    if (!ats) return;
    for (const entry of ats.dict.entries) if (NIAP_KEYS.includes(entry.key.value)) checkValue(context, entry, NIAP_VALUES);
    for (const domain of ats.domains) {
      for (const entry of domain.dict?.entries ?? []) {
        if (MIN_TLS_KEYS.includes(entry.key.value)) checkValue(context, entry, TLS_VERSIONS);
        else if (NIAP_KEYS.includes(entry.key.value)) checkValue(context, entry, NIAP_VALUES);
      }
    }
  },
});

function checkValue({ report }: DocumentRuleContext, entry: PlistEntry, valid: readonly string[]): void {
  if (!isString(entry.value) || hasPlaceholder(entry.value.value) || valid.includes(entry.value.value)) return;
  const suggestion = closestMatch(entry.value.value.replace(/_/g, "."), valid) ?? (/^1\.[0-3]$/.test(entry.value.value) ? `TLSv${entry.value.value}` : undefined);
  const data = { key: entry.key.value, value: JSON.stringify(entry.value.value), valid: valid.join(", ") };
  if (suggestion) report({ messageId: "invalidWithSuggestion", node: entry, data: { ...data, suggestion } });
  else report({ messageId: "invalid", node: entry, data });
}
