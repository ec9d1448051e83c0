import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "xcode/limit-exceeded",
  severity: "error",
  description: "An Xcode project's xcconfig includes, build settings or their expansion exceed ne-lint's limits",
  rationale:
    "A few KB of project can describe unbounded work: xcconfig files that each include the next ten (10^15 loads), settings that expand " +
    "into each other exponentially, an Info.plist with thousands of `$(…)` shared by thousands of targets. ne-lint bounds the work per " +
    "project and stops where a limit is reached; what lies beyond is unknown, so the result may be incomplete, and the run says so " +
    "instead of passing silently.",
  fix: "Simplify the xcconfig include graph or the settings the finding names; real projects stay far below these limits.",
  sources: ["https://developer.apple.com/documentation/xcode/adding-a-build-configuration-file-to-your-project"],
  messages: { limit: "{{reason}}" },
  tags: ["correctness"],
});
