import { arbitraryLoadsVerdict } from "../../src/checks/ats/arbitrary-loads.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ats/arbitrary-loads-neutralised",
    severity: "note",
    description: "NSAllowsArbitraryLoads is set but ignored because a narrower ATS key is present",
    rationale:
      "On iOS 10+/macOS 10.12+ the system ignores `NSAllowsArbitraryLoads` when `NSAllowsArbitraryLoadsForMedia`, " +
      "`NSAllowsArbitraryLoadsInWebContent` or `NSAllowsLocalNetworking` is present with any value. That is Apple's intended pattern for apps " +
      "that also support iOS 9, but on a modern deployment target the global key does nothing except invite App Review questions and " +
      "mislead readers (and scanners) into thinking ATS is off.",
    fix: "If the target no longer supports iOS 9 / macOS 10.11, delete `NSAllowsArbitraryLoads`; the narrower keys already say what is allowed.",
    sources: [ATS_DOCS.overview, ATS_DOCS.arbitraryLoads, "https://developer.apple.com/forums/thread/73336"],
    messages: { neutralised: "NSAllowsArbitraryLoads is ignored on iOS 10+ and macOS 10.12+ because {{by}} is present; ATS stays on." },
    examples: {
      incorrect: atsExample("<key>NSAllowsArbitraryLoads</key>\n<true/>\n<key>NSAllowsArbitraryLoadsInWebContent</key>\n<true/>"),
      correct: atsExample("<key>NSAllowsArbitraryLoadsInWebContent</key>\n<true/>"),
    },
    tags: ["ats"],
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    const ats = readAts(document.root);
    if (!ats) return;
    const verdict = arbitraryLoadsVerdict(ats, target.platform, target.deploymentTarget);
    if (verdict?.kind === "neutralised") report({ messageId: "neutralised", node: verdict.entry, data: { by: verdict.by.join(", ") } });
  },
});
