import { claimedEntry, hasKnownEntitlements, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { declaredProviders, NE_DOCS } from "../../src/checks/ne/values.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/container-missing-entitlement",
    severity: "error",
    description: "A Network Extension provider whose container app has no com.apple.developer.networking.networkextension entitlement",
    rationale:
      "The container app is what creates and saves the provider's configuration (`NETunnelProviderManager`, `NEFilterManager`, " +
      "`NEDNSProxyManager`, `NEAppPushManager`), and for macOS system extensions both the app and the extension must be signed with the entitlement " +
      "(DTS). Without it saving fails with `NEVPNErrorDomain` \"permission denied\" / \"The operation couldn't be completed\", and the provider is " +
      "never started.",
    fix: "Add the Network Extensions capability to the container app target with the provider's value.",
    sources: [NE_DOCS.exportingDeveloperId, NE_DOCS.entitlement],
    messages: { missing: "The container app {{container}} does not claim com.apple.developer.networking.networkextension; it cannot save or start this {{point}} provider." },
    examples: {
      incorrect: "<!-- App.entitlements of the app embedding PacketTunnel.appex -->\n<key>com.apple.security.application-groups</key>\n<array/>",
      correct: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  check({ target, report }) {
    const parent = target.parent;
    const provider = declaredProviders(target.infoPlist)[0];
    if (!provider || !parent || !hasKnownEntitlements(parent) || claimedEntry(parent, NE_KEY)) return;
    const own = claimedEntry(target, NE_KEY);
    const data = { container: parent.name, point: provider.point.replace("com.apple.networkextension.", "") };
    if (own) report({ messageId: "missing", document: own.document, node: own.entry, data });
    else if (target.infoPlist) report({ messageId: "missing", document: target.infoPlist, node: provider.node, data });
  },
});
