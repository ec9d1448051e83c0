import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "xcode/missing-file",
  severity: "warning",
  description: "A build setting (INFOPLIST_FILE, CODE_SIGN_ENTITLEMENTS) names a file that is not in the repository",
  rationale:
    "Xcode fails the build with \"The file … couldn't be opened because there is no such file\" (or signs without the entitlements the " +
    "project meant to grant) when `CODE_SIGN_ENTITLEMENTS` or `INFOPLIST_FILE` points at a missing file, for example inside a git submodule " +
    "that was not checked out. ne-lint cannot check what it cannot read, so that target's entitlements or Info.plist go unverified.",
  fix: "Fix the path in the build setting, or check out the submodule before running ne-lint (`actions/checkout` with `submodules: true`).",
  sources: ["https://developer.apple.com/documentation/xcode/build-settings-reference#Code-Signing-Entitlements", "https://developer.apple.com/documentation/xcode/build-settings-reference#Info.plist-File"],
  messages: { missing: "{{reason}}" },
  tags: ["correctness"],
});
