import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, isTrue } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/local-networking",
    severity: "note",
    description: "NSAllowsLocalNetworking lets the app reach local hosts without ATS",
    rationale:
      "Unqualified host names, `.local` names and IP literals are exempt from ATS. That is usually intended (LAN devices, development " +
      "servers) and needs no App Review justification, but it is worth knowing in review. It is not the Local Network privacy " +
      "permission: it neither grants nor suppresses the iOS 14 prompt (TN3179).",
    fix: "Nothing to fix if the app talks to devices on the local network; remove it otherwise.",
    sources: [ATS_DOCS.localNetworking, "https://developer.apple.com/documentation/technotes/tn3179-understanding-local-network-privacy"],
    messages: { set: "NSAllowsLocalNetworking is YES: connections to local hosts and IP addresses are exempt from App Transport Security." },
    examples: { incorrect: atsExample("<key>NSAllowsLocalNetworking</key>\n<true/>"), correct: atsExample("<key>NSAllowsLocalNetworking</key>\n<false/>") },
    tags: ["ats"],
    securitySeverity: 3.1,
    securityWeakness:
      "Connections to local hosts (.local names, unqualified names, private addresses) may use plain HTTP, readable and changeable by anyone on the same network (CWE-319); local reach only, hence low.",
  },
  documents: ["info-plist"],
  given: "#AtsRoot",
  then: { field: "NSAllowsLocalNetworking", condition: isTrue, messageId: "set" },
});
