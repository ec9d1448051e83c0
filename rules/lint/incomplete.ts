import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "lint/incomplete",
  severity: "error",
  description: "The run stopped at one of ne-lint's caps before reading every file, or a comparison could not read its older side",
  rationale:
    "ne-lint caps how deep it walks (64 folders below a linted path) and how many files it lists (200,000), so a hostile or " +
    "runaway tree cannot exhaust the runner. A file past a cap is never read, so its problems cannot be reported, and a gate that " +
    "passes without it has not checked the change: a pull request could hide an Info.plist 66 folders deep. Hitting a cap is " +
    "therefore an error, and the run summary says the run was incomplete. A comparison (`--base`, `ne-lint diff`, the Action on a pull " +
    "request) is incomplete too when the older side could not be read (a base file that does not parse, is too large to take from git, " +
    "or a base commit that cannot be fetched): what the change does to what ships is then unknown, not absent. That is a warning by " +
    "default, because the working tree itself was read (a pull request that repairs a broken file should not fail for it).",
  fix:
    "Lint the folders that hold the app's configuration rather than the whole tree (`ne-lint App/ Extensions/`), or add generated " +
    "and vendored folders to `ignore` in `.ne-lint.json`. If the tree is genuinely this deep or large, flatten it.",
  sources: ["https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-status-checks-before-merging"],
  messages: { incomplete: "{{reason}}" },
  tags: ["correctness"],
});
