import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "plist/parse-error",
  severity: "error",
  description: "A property list (or app config) that cannot be read",
  rationale:
    "Xcode, the App Store and the OS refuse a property list that is not well formed, and ne-lint cannot check what it cannot read. " +
    "Entity declarations (DOCTYPE internal subsets) are refused on purpose: they are never valid in a property list and are how XML " +
    "bombs and external-entity attacks work.",
  fix: "Fix the syntax at the reported position (`plutil -lint` on a Mac reports the same kind of error).",
  sources: ["https://developer.apple.com/library/archive/documentation/Cocoa/Conceptual/PropertyLists/UnderstandXMLPlist/UnderstandXMLPlist.html"],
  messages: { parseError: "{{reason}}" },
  tags: ["correctness"],
});
