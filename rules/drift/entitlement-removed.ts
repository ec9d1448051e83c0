import { describeEntitlement, removedConsequence } from "../../src/drift/consequences.js";
import { entitlementChanges } from "../../src/drift/entitlements.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/entitlement-removed",
    severity: "note",
    description: "A target no longer claims an entitlement it claimed at the base revision or in the older build",
    rationale:
      "Removing an entitlement takes the capability away from the shipped build: a Network Extension provider stops loading, a keychain or app " +
      "group shared with another target is no longer reachable. That can be the point of the change, or an accident of a merge or a build " +
      "setting; the reviewer should know which.",
    fix: "If the capability is no longer needed, nothing: the capability can later be dropped from the App ID. Otherwise restore the key.",
    sources: [DRIFT_DOCS.entitlements, DRIFT_DOCS.capabilities],
    messages: { removed: "{{target}} no longer claims {{entitlement}}: {{consequence}}." },
    tags: ["drift", "entitlements"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const claim of entitlementChanges(base, head).removed) {
      report({ messageId: "removed", document: claim.document, node: claim.entry, data: { target: head.name, entitlement: describeEntitlement(claim.key), consequence: removedConsequence(claim.key) } });
    }
  },
});
