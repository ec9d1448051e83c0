import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { bundleIdSuffix, kindWord, removedTargetConsequence, targetAnchor } from "../../src/drift/targets.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/target-removed",
    severity: "note",
    description: "A target (app, app extension, system extension) that was at the base revision or in the older build no longer ships",
    rationale:
      "Users who update lose what the removed product provided (a VPN, a content filter, a widget), and its App ID and profiles outlive it. " +
      "Targets are matched by bundle identifier (else by name and kind), so a renamed folder or Xcode target is not reported.",
    fix: "If intended, nothing; retire the App ID and profiles once no build needs them. Otherwise restore the target.",
    sources: [DRIFT_DOCS.capabilities],
    messages: { removed: "The {{kind}} {{target}}{{bundleId}} no longer ships: {{consequence}}." },
    tags: ["drift"],
  },
  check({ base, head, report }) {
    if (!base || head) return;
    report({ messageId: "removed", ...targetAnchor(base), data: { kind: kindWord(base), target: base.name, bundleId: bundleIdSuffix(base), consequence: removedTargetConsequence(base) } });
  },
});
