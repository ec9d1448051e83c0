import { addedConsequence, describeEntitlement } from "../../src/drift/consequences.js";
import { entitlementChanges } from "../../src/drift/entitlements.js";
import { DRIFT_DOCS } from "../../src/drift/sources.js";
import { defineDriftRule } from "../../src/linter/types.js";

export default defineDriftRule({
  meta: {
    id: "drift/entitlement-added",
    severity: "warning",
    description: "A target claims an entitlement it did not claim at the base revision or in the older build",
    rationale:
      "A new restricted entitlement (`com.apple.developer.*`, `aps-environment`, App Groups on iOS) is only honoured when the App ID has the " +
      "matching capability and the provisioning profile lists it: the profiles must be regenerated before the build can be signed, installed or " +
      "uploaded. Some capabilities are managed — Multicast Networking, Hotspot Helper — and Apple must approve a request for the team first, which " +
      "takes days. Knowing at review time leaves room for that; discovering it at release time does not.",
    fix:
      "If the entitlement is intended, enable the capability on the App ID (request managed ones from Apple first), regenerate the development " +
      "and distribution profiles, and say so in the pull request. Otherwise remove the key from the entitlements file.",
    sources: [DRIFT_DOCS.capabilities, DRIFT_DOCS.entitlements, DRIFT_DOCS.managedCapabilities, DRIFT_DOCS.multicastRequest],
    messages: { added: "{{target}} claims a new entitlement {{entitlement}}: {{consequence}}." },
    examples: {
      incorrect: "<!-- base: no multicast; head: -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
      correct: "<!-- the same entitlements on both sides -->",
    },
    tags: ["drift", "entitlements", "profile"],
  },
  check({ base, head, report }) {
    if (!base || !head) return;
    for (const claim of entitlementChanges(base, head).added) {
      report({ messageId: "added", document: claim.document, node: claim.entry, data: { target: head.name, entitlement: describeEntitlement(claim.key), consequence: addedConsequence(claim.key, head) } });
    }
  },
});
