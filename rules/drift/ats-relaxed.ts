import { atsChanges } from "../../src/drift/ats.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/ats-relaxed",
    severity: "warning",
    description: "App Transport Security lets more through than at the base revision or in the older build",
    rationale:
      "Each ATS relaxation is a class of connections the system no longer protects: `NSAllowsArbitraryLoads*` turned on, a new exception domain " +
      "that allows plain HTTP, a TLS version below 1.2 or no forward secrecy, an exception widened to every subdomain, or pinning removed or " +
      "weakened (a pinned domain gone, its CA or leaf list emptied, its subdomains no longer pinned). App Review asks for a justification of " +
      "arbitrary loads, plain-HTTP exceptions and TLS below 1.2. Two changes are notes rather than warnings: a new exception domain whose keys " +
      "are all ATS's defaults relaxes nothing today (an IP address or range can then be reached by address on iOS 17 and macOS 14 and later) " +
      "but is a new exception all the same, and a key added to a pin list makes one more key acceptable, which is also how a backup pin for " +
      "rotation is added. A key removed from a pin list is a tightening (each list accepts any of its keys), and a new default exception " +
      "domain while a global key is on holds that host to ATS again (`drift/ats-tightened`). Whether `NSAllowsArbitraryLoads` is in effect " +
      "follows the same OS-range rule as `ats/arbitrary-loads`.",
    fix: "If the relaxation is needed, narrow it to the hosts that need it and note the justification for App Review; otherwise restore the base's keys.",
    sources: [DRIFT_DOCS.insecureConnections, DRIFT_DOCS.ats],
    messages: { relaxed: "{{target}}: {{change}}; {{consequence}}." },
    examples: {
      incorrect: "<!-- head adds: -->\n<key>NSExceptionDomains</key>\n<dict>\n\t<key>legacy.example.com</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>",
    },
    tags: ["drift", "ats", "security"],
    securitySeverity: 5.0,
    securityWeakness:
      "The change lets more of the app's connections use plain HTTP, older TLS or no forward secrecy, so a network attacker can read or change that traffic (CWE-319, CWE-326). Scored below ats/arbitrary-loads: one change, often limited to some domains, and it needs a network position.",
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const change of atsChanges(base, head)) {
      if (change.direction !== "relaxed") continue;
      report({ messageId: "relaxed", document: change.document, node: change.node, ...(change.severity ? { severity: change.severity } : {}), data: { target: head.name, change: change.change, consequence: change.consequence } });
    }
  },
});
