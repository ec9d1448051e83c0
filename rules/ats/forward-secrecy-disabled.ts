import { FORWARD_SECRECY_KEYS } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, isFalse } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/forward-secrecy-disabled",
    severity: "note",
    description: "An exception domain turns off the forward-secrecy requirement",
    rationale:
      "Setting `NSExceptionRequiresForwardSecrecy` to NO allows cipher suites without ECDHE forward secrecy and also drops ATS's key-length " +
      "check for that host. Leaving the key out means YES: ne-lint never reports its absence (a common scanner false positive).",
    fix: "Enable ECDHE cipher suites on the server and remove the key.",
    sources: [ATS_DOCS.forwardSecrecy],
    messages: { disabled: "{{key}} is NO for {{parent}}: connections may use cipher suites without forward secrecy." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionRequiresForwardSecrecy</key>\n\t\t<false/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSIncludesSubdomains</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 3.7,
    securityWeakness:
      "Without forward secrecy a later compromise of the server's key decrypts recorded traffic (CWE-326); needs both a recording and a key compromise, hence low.",
  },
  documents: ["info-plist"],
  given: "#AtsExceptionDomain",
  then: { field: FORWARD_SECRECY_KEYS, condition: isFalse, messageId: "disabled" },
});
