import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { addedTargetConsequence, bundleIdSuffix, kindWord, targetAnchor } from "../../src/drift/targets.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/target-added",
    severity: "note",
    description: "A target (app, app extension, system extension) ships that was not at the base revision or in the older build",
    rationale:
      "Every signed product needs its own App ID, capabilities and provisioning profiles, and a new extension is reviewed with the next " +
      "submission; a system extension must be approved by the user. Targets are matched by bundle identifier (else by name and kind), so a " +
      "renamed folder or Xcode target is not reported.",
    fix: "Register the App ID and its capabilities and create its profiles before the release build.",
    sources: [DRIFT_DOCS.capabilities, DRIFT_DOCS.appExtensions],
    messages: { added: "New {{kind}} {{target}}{{bundleId}}: {{consequence}}." },
    tags: ["drift"],
  },
  check({ base, head, report }) {
    if (base || !head) return;
    report({ messageId: "added", ...targetAnchor(head), data: { kind: kindWord(head), target: head.name, bundleId: bundleIdSuffix(head), consequence: addedTargetConsequence(head) } });
  },
});
