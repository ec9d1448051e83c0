import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { defineDeclarativeRule, isTrue } from "../../src/linter/declarative.js";

export default defineDeclarativeRule({
  meta: {
    id: "ats/arbitrary-loads-media",
    severity: "warning",
    description: "NSAllowsArbitraryLoadsForMedia turns ATS off for AVFoundation media loads",
    rationale:
      "Media loaded through AVFoundation may use plain HTTP. Apple says to use it only for media that is already encrypted (FairPlay, " +
      "protected HLS) and carries no personal data; App Review asks for a justification.",
    fix: "Serve media over HTTPS, or list the media hosts in `NSExceptionDomains` instead.",
    sources: [ATS_DOCS.media, ATS_DOCS.preventing],
    messages: { set: "NSAllowsArbitraryLoadsForMedia is YES: AVFoundation media loads bypass App Transport Security." },
    examples: { incorrect: atsExample("<key>NSAllowsArbitraryLoadsForMedia</key>\n<true/>"), correct: atsExample("<key>NSAllowsArbitraryLoadsForMedia</key>\n<false/>") },
    tags: ["security", "ats"],
    securitySeverity: 4.3,
    securityWeakness:
      "Media loaded through AVFoundation may travel in clear text, so an attacker on the network can read or replace it (CWE-319); limited to media, hence lower than arbitrary-loads.",
  },
  documents: ["info-plist"],
  given: "#AtsRoot",
  then: { field: "NSAllowsArbitraryLoadsForMedia", condition: isTrue, messageId: "set" },
});
