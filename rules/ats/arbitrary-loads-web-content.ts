import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, isTrue } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/arbitrary-loads-web-content",
    severity: "warning",
    description: "NSAllowsArbitraryLoadsInWebContent turns ATS off for web views",
    rationale:
      "Web views (`WKWebView`) may load any page over plain HTTP or weak TLS. It is narrower than `NSAllowsArbitraryLoads` " +
      "(URLSession stays protected) but App Review still asks for a justification, and content shown in the app can be tampered with in transit.",
    fix: "Keep it only for apps that browse arbitrary user-chosen sites; otherwise list the hosts that need it in `NSExceptionDomains`.",
    sources: [ATS_DOCS.webContent, ATS_DOCS.preventing],
    messages: { set: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security." },
    examples: { incorrect: atsExample("<key>NSAllowsArbitraryLoadsInWebContent</key>\n<true/>"), correct: atsExample("<key>NSAllowsArbitraryLoadsInWebContent</key>\n<false/>") },
    tags: ["security", "ats"],
    securitySeverity: 5.3,
    securityWeakness:
      "Web views may load pages over plain HTTP, so an attacker on the network can read or inject content the user sees and types into (CWE-319).",
  },
  documents: ["info-plist"],
  given: "#AtsRoot",
  then: { field: "NSAllowsArbitraryLoadsInWebContent", condition: isTrue, messageId: "set" },
});
