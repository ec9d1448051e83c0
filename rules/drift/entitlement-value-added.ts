import { describeEntitlement, valueAddedConsequence } from "../../src/drift/consequences.js";
import { entitlementChanges } from "../../src/drift/entitlements.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/entitlement-value-added",
    severity: "warning",
    description: "A new value in an entitlement the target already claimed (a Network Extension provider type, an app group, a keychain group)",
    rationale:
      "Array entitlements grant one thing per value: `packet-tunnel-provider` and `app-push-provider` are different capabilities of the same key, " +
      "and each app group must be registered and added to the App ID. The provisioning profile must list the new value, so profiles are " +
      "regenerated; `app-push-provider` is a managed capability that Apple must approve first.",
    fix: "Add the value to the App ID's capability (request managed ones from Apple first) and regenerate the profiles, or remove the value.",
    sources: [DRIFT_DOCS.capabilities, DRIFT_DOCS.entitlements, DRIFT_DOCS.managedCapabilities],
    messages: { added: "{{target}} adds {{value}} to {{entitlement}}: {{consequence}}." },
    examples: {
      incorrect: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider</string>\n\t<string>app-push-provider</string> <!-- new -->\n</array>",
    },
    tags: ["drift", "entitlements", "profile"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const value of entitlementChanges(base, head).valuesAdded) {
      report({ messageId: "added", document: value.document, node: value.node, data: { target: head.name, value: value.value, entitlement: describeEntitlement(value.key), consequence: valueAddedConsequence(value.key, value.value, head) } });
    }
  },
});
