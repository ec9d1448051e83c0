import { describeEntitlement, valueRemovedConsequence } from "../../src/drift/consequences.js";
import { entitlementChanges } from "../../src/drift/entitlements.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/entitlement-value-removed",
    severity: "note",
    description: "A value dropped from an entitlement the target still claims (a Network Extension provider type, an app group, a keychain group)",
    rationale:
      "Removing `content-filter-provider` from the Network Extension key stops that provider from loading on every device that updates; removing " +
      "an app group cuts the target off from the data it shares. The reviewer should know the build in the field loses it.",
    fix: "If intended, nothing. Otherwise restore the value.",
    sources: [DRIFT_DOCS.entitlements],
    messages: { removed: "{{target}} drops {{value}} from {{entitlement}}: {{consequence}}." },
    tags: ["drift", "entitlements"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const value of entitlementChanges(base, head).valuesRemoved) {
      report({ messageId: "removed", document: value.document, node: value.node, data: { target: head.name, value: value.value, entitlement: describeEntitlement(value.key), consequence: valueRemovedConsequence(value.key, value.value) } });
    }
  },
});
