import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "bundle/invalid-archive",
  severity: "error",
  description: "A built product (.ipa, .app, .xcarchive) that cannot be read safely",
  rationale:
    "App Store Connect and devices reject archives that are corrupt, and ne-lint refuses to expand members that inflate far beyond their " +
    "compressed size (zip bombs), members with duplicate names (which tools resolve differently), special files, and trees beyond its " +
    "size limits. What cannot be read cannot be checked, so the build is not verified.",
  fix: "Re-export the product with Xcode; if the archive is legitimately that large, lint the extracted `.app` folder instead.",
  sources: ["https://developer.apple.com/documentation/xcode/distributing-your-app-for-beta-testing-and-releases"],
  messages: { invalid: "{{reason}}" },
  tags: ["correctness"],
});
