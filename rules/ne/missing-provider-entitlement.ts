import { anyPlaceholder, claimedEntry, claimedStrings, entitlementsSource, hasKnownEntitlements, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { declaredProviders, NE_DOCS, PROVIDER_VALUE, hasSystemExtensionTwin } from "../../src/checks/ne/values.js";
import { hasPlaceholder } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/missing-provider-entitlement",
    severity: "error",
    description: "A Network Extension provider whose entitlements lack the matching networkextension value",
    rationale:
      "A provider runs only when its own code signature claims the matching `com.apple.developer.networking.networkextension` value " +
      "(`packet-tunnel` → `packet-tunnel-provider`, `app-proxy` → `app-proxy-provider`, `filter-data`/`filter-control`/`filter-packet` → " +
      "`content-filter-provider`, `dns-proxy` → `dns-proxy`, `app-push` → `app-push-provider`, `url-filter-control` → `url-filter-provider`; " +
      "a Developer ID system extension uses the `-systemextension` form). Without it App Store upload fails asset validation (\"Missing Entitlement. " +
      "The bundle '….appex' is missing entitlement 'com.apple.developer.networking.networkextension'\"), and at run time the system refuses to " +
      "start the provider (`NEVPNError` / \"permission denied\" when saving the configuration). The container app that installs the configuration " +
      "needs the same value. A target whose build rewrites its entitlements file before signing (`CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES`) " +
      "is judged only from its signed product: the source file is not what ships.",
    fix: "Add the value to the provider target's entitlements (Signing & Capabilities → Network Extensions) and to the container app's.",
    sources: [NE_DOCS.entitlement, NE_DOCS.deployment, "https://developer.apple.com/forums/thread/744371", NE_DOCS.exportingDeveloperId],
    messages: {
      provider: "The {{point}} provider needs \"{{value}}\" in com.apple.developer.networking.networkextension, but {{entitlements}} does not claim it.",
      container: "The container app {{container}} does not claim \"{{value}}\" in com.apple.developer.networking.networkextension, which its {{point}} provider {{provider}} needs.",
    },
    examples: {
      incorrect: "<!-- PacketTunnel/Info.plist -->\n<key>NSExtensionPointIdentifier</key>\n<string>com.apple.networkextension.packet-tunnel</string>\n<!-- PacketTunnel.entitlements -->\n<key>keychain-access-groups</key>\n<array/>",
      correct: "<!-- PacketTunnel.entitlements -->\n<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  check({ target, report }) {
    const providers = declaredProviders(target.infoPlist);
    if (providers.length === 0 || !hasKnownEntitlements(target)) return;
    const claimed = claimedStrings(target, NE_KEY);
    const neEntry = claimedEntry(target, NE_KEY);
    // `$(VAR)` values, or the whole key set to a variable, may expand to the needed value.
    if (anyPlaceholder(claimed) || (neEntry?.entry.value.type === "String" && hasPlaceholder(neEntry.entry.value.value))) return;
    const values = new Set(claimed.map((c) => c.value));
    const satisfies = (set: ReadonlySet<string>, needed: string, packaging: "appex" | "sysex"): boolean =>
      set.has(needed) || (packaging === "sysex" && hasSystemExtensionTwin(needed) && set.has(`${needed}-systemextension`));

    const reported = new Set<string>();
    for (const provider of providers) {
      const needed = PROVIDER_VALUE[provider.point];
      if (!needed || satisfies(values, needed, provider.packaging) || reported.has(needed)) continue;
      reported.add(needed);
      const data = { point: provider.point.replace("com.apple.networkextension.", ""), value: needed, entitlements: entitlementsSource(target) };
      if (neEntry) report({ messageId: "provider", document: neEntry.document, node: neEntry.entry, data });
      else if (target.infoPlist) report({ messageId: "provider", document: target.infoPlist, node: provider.node, data });
    }

    const parent = target.parent;
    if (!parent || !hasKnownEntitlements(parent)) return;
    const parentClaimed = claimedStrings(parent, NE_KEY);
    const parentEntry = claimedEntry(parent, NE_KEY);
    // A container without the key at all is `ne/container-missing-entitlement`'s finding.
    if (!parentEntry || anyPlaceholder(parentClaimed) || parentEntry.entry.value.type === "String") return;
    const parentValues = new Set(parentClaimed.map((c) => c.value));
    for (const provider of providers) {
      const needed = PROVIDER_VALUE[provider.point];
      if (!needed || satisfies(parentValues, needed, "sysex")) continue;
      report({
        messageId: "container",
        document: parentEntry.document,
        node: parentEntry.entry,
        data: { container: parent.name, value: needed, point: provider.point.replace("com.apple.networkextension.", ""), provider: target.name },
      });
    }
  },
});
