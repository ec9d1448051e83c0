import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "xcode/project-invalid",
  severity: "error",
  description: "An Xcode project file (project.pbxproj) that cannot be read",
  rationale:
    "Xcode refuses to open a project whose `project.pbxproj` is not a valid property list (\"The project … is damaged and cannot be opened\"), " +
    "typically after a bad merge. ne-lint then cannot tell which Info.plist and entitlements each target uses, and falls back to folder conventions.",
  fix: "Resolve the merge conflict or syntax error at the reported position (`plutil -lint project.pbxproj` on a Mac).",
  sources: ["https://developer.apple.com/documentation/xcode/projects-and-workspaces"],
  messages: { invalid: "{{reason}}" },
  tags: ["correctness"],
});
