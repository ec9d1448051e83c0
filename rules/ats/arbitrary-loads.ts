import { arbitraryLoadsVerdict } from "../../src/checks/ats/arbitrary-loads.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/arbitrary-loads",
    severity: "error",
    description: "NSAllowsArbitraryLoads turns App Transport Security off, and nothing neutralises it",
    rationale:
      "With `NSAllowsArbitraryLoads` set to YES, ATS no longer protects any connection to a host that has no `NSExceptionDomains` entry: " +
      "plain HTTP is allowed and the TLS floor, forward secrecy and certificate requirements are dropped. App Review asks for a justification. " +
      "The key is ignored on iOS 10+/macOS 10.12+ when `NSAllowsArbitraryLoadsInWebContent`, `NSAllowsArbitraryLoadsForMedia` or " +
      "`NSAllowsLocalNetworking` is also present, so this rule only fires when the global switch is really in effect on an OS the target supports " +
      "(see `ats/arbitrary-loads-neutralised` for the other case).",
    fix:
      "Remove `NSAllowsArbitraryLoads` and add `NSExceptionDomains` entries for the hosts that still need plain HTTP or older TLS. " +
      "For web views use `NSAllowsArbitraryLoadsInWebContent`; for media, `NSAllowsArbitraryLoadsForMedia`; for LAN devices, `NSAllowsLocalNetworking`.",
    sources: [ATS_DOCS.arbitraryLoads, ATS_DOCS.preventing, ATS_DOCS.overview],
    messages: {
      everywhere: "NSAllowsArbitraryLoads is YES: App Transport Security is off for every host not listed in NSExceptionDomains.",
      belowFloor: "NSAllowsArbitraryLoads is YES and in effect below {{floor}}, which this target supports (deployment target {{deploymentTarget}}); {{by}} only neutralises it from {{floor}} on.",
    },
    examples: {
      incorrect: atsExample("<key>NSAllowsArbitraryLoads</key>\n<true/>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>legacy.example.com</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 7.5,
    securityWeakness:
      "Every connection not listed as an exception may use plain HTTP or weak TLS, so a network attacker can read and change the app's traffic (CWE-319). Scored like CVSS 3.1 AV:N/AC:H/C:H/I:H: high impact, needs a network position.",
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    const ats = readAts(document.root);
    if (!ats) return;
    const verdict = arbitraryLoadsVerdict(ats, target.platform, target.deploymentTarget);
    if (verdict?.kind !== "effective") return;
    if (verdict.onlyBelow === undefined) report({ messageId: "everywhere", node: verdict.entry });
    else {
      const by = ["NSAllowsArbitraryLoadsForMedia", "NSAllowsArbitraryLoadsInWebContent", "NSAllowsLocalNetworking"].filter((k) => ats.dict.byKey.has(k)).join(", ");
      report({ messageId: "belowFloor", node: verdict.entry, data: { floor: verdict.onlyBelow, deploymentTarget: target.deploymentTarget ?? "", by } });
    }
  },
});
