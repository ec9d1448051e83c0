import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "bundle/unsafe-path",
  severity: "error",
  description: "An archive member or bundle symlink that points outside the bundle",
  rationale:
    "A zip member named `../x`, `/etc/x` or `C:\\x` (\"zip slip\") writes outside the folder it is extracted to, and a symlink inside a " +
    "bundle that leads outside it (or loops) makes tools read or sign files that are not part of the product. Xcode never produces either; " +
    "an `.ipa` or `.app` that contains one was tampered with or built by a broken tool. ne-lint never follows or extracts such entries.",
  fix: "Rebuild and re-export the product with Xcode (or `xcodebuild -exportArchive`), and check what added the entry.",
  sources: ["https://developer.apple.com/documentation/bundleresources/placing-content-in-a-bundle", "https://security.snyk.io/research/zip-slip-vulnerability"],
  messages: { unsafe: "{{reason}}" },
  tags: ["security"],
  securitySeverity: 6.5,
  securityWeakness:
    "An archive member or symlink that escapes the bundle can overwrite or expose files outside it when a careless tool extracts or installs the product (CWE-22, zip slip).",
});
