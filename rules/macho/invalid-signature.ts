import { defineProblemRule } from "../../src/linter/types.js";

export default defineProblemRule({
  id: "macho/invalid-signature",
  severity: "error",
  description: "A main executable whose Mach-O headers or code signature cannot be read",
  rationale:
    "The OS refuses to launch an executable whose load commands or code signature are malformed (`codesign --verify` reports it as " +
    "\"invalid signature\" or \"main executable failed strict validation\"), and App Store upload rejects it. ne-lint reads the signature to " +
    "learn the entitlements that really ship; when it cannot, the target's signed entitlements are unknown.",
  fix: "Re-sign the product with `codesign` (or re-export it from Xcode) and make sure no later build step modified the executable.",
  sources: ["https://developer.apple.com/documentation/technotes/tn3125-inside-code-signing-provisioning-profiles", "https://developer.apple.com/documentation/security/code-signing-services"],
  messages: { invalid: "{{reason}}" },
  tags: ["correctness"],
});
