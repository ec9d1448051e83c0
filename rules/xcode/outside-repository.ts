import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "xcode/outside-repository",
  severity: "error",
  description: "A build setting, base configuration or #include names a file outside the linted folders or inside .git",
  rationale:
    "ne-lint runs on untrusted pull requests next to the checkout token (`actions/checkout` keeps it in `.git/config`) and other secrets " +
    "on the runner. An xcconfig `#include \"../.git/config\"`, an absolute `INFOPLIST_FILE`, a `baseConfigurationReference` or " +
    "`projectDirPath` leading out of the repository, or a committed symbolic link could otherwise make it read those files and quote them in " +
    "findings. ne-lint reads nothing outside the paths it was given (after resolving symbolic links and `..`) and nothing inside a `.git` " +
    "folder; a setting or include that needs such a file is an unknown value, and the target's Info.plist or entitlements go unchecked.",
  fix:
    "Keep the files a project uses inside the repository, with relative paths; lint the folder that holds them all (`ne-lint .` at the " +
    "repository root). If the file is meant to be outside, it cannot be checked by ne-lint.",
  sources: ["https://developer.apple.com/documentation/xcode/adding-a-build-configuration-file-to-your-project", "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"],
  messages: { outside: "{{reason}}" },
  tags: ["security"],
});
