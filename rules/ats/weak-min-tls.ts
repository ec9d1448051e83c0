import { MIN_TLS_KEYS, WEAK_TLS_VERSIONS } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, oneOf } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/weak-min-tls",
    severity: "warning",
    description: "An exception domain accepts TLS 1.0 or 1.1",
    rationale:
      "ATS requires TLS 1.2 by default. Lowering the floor to TLS 1.0/1.1 allows protocol versions with known weaknesses that " +
      "Apple's platforms have deprecated; App Review asks for a justification.",
    fix: "Upgrade the server to TLS 1.2 or later and remove the key (TLS 1.2 is the default).",
    sources: [ATS_DOCS.minimumTls, ATS_DOCS.preventing],
    messages: { weak: "{{key}} {{value}} lowers the TLS floor for {{parent}} below TLS 1.2." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t<string>TLSv1.0</string>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t<string>TLSv1.2</string>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 5.3,
    securityWeakness:
      "TLS 1.0 and 1.1 have known weaknesses and are deprecated by RFC 8996; accepting them lets a network attacker downgrade the connection (CWE-327).",
  },
  documents: ["info-plist"],
  given: "#AtsExceptionDomain",
  then: { field: MIN_TLS_KEYS, condition: oneOf(WEAK_TLS_VERSIONS), messageId: "weak" },
});
