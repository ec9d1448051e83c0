import { distributionOf } from "../../src/checks/entitlements/distribution.js";
import { isMacTarget } from "../../src/checks/entitlements/entitlements.js";
import { declaredProviders, NE_DOCS } from "../../src/checks/ne/values.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/appex-with-developer-id",
    severity: "error",
    description: "A macOS Network Extension provider packaged as an app extension in a Developer ID build",
    rationale:
      "On macOS, Network Extension app extensions are supported only for Mac App Store apps (TN3134 marks every macOS appex row \"App Store " +
      "only\"); Developer ID profiles grant only the `-systemextension` values. A Developer ID appex provider fails when the system starts it " +
      "(nesessionmanager \"Signature check failed: code failed to satisfy specified code requirement(s)\", then \"Plugin failed\").",
    fix: "For Developer ID distribution, package the provider as a system extension (`NetworkExtension` → `NEProviderClasses`, installed with `OSSystemExtensionRequest`); keep the appex for the Mac App Store build.",
    sources: [NE_DOCS.deployment, NE_DOCS.exportingDeveloperId],
    messages: { appex: "The {{point}} provider is an app extension, which macOS supports only in Mac App Store builds; this Developer ID build ({{source}}) needs a system extension." },
    examples: {
      incorrect: "<!-- macOS PacketTunnel.appex Info.plist, Developer ID -->\n<key>NSExtensionPointIdentifier</key>\n<string>com.apple.networkextension.packet-tunnel</string>",
      correct: "<!-- macOS Tunnel.systemextension Info.plist -->\n<key>NEProviderClasses</key>\n<dict>\n\t<key>com.apple.networkextension.packet-tunnel</key>\n\t<string>$(PRODUCT_MODULE_NAME).PacketTunnelProvider</string>\n</dict>",
    },
    tags: ["network-extension", "distribution"],
  },
  check({ target, report }) {
    if (!isMacTarget(target) || target.catalyst || !target.infoPlist) return;
    const appex = declaredProviders(target.infoPlist).find((provider) => provider.packaging === "appex");
    if (!appex) return;
    const distribution = distributionOf(target) ?? (target.parent ? distributionOf(target.parent) : undefined);
    if (distribution?.value !== "developer-id") return;
    report({ messageId: "appex", document: target.infoPlist, node: appex.node, data: { point: appex.point.replace("com.apple.networkextension.", ""), source: distribution.source } });
  },
});
