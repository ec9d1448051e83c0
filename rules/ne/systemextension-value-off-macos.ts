import { NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { isSystemExtensionValue, NE_DOCS, plainValue } from "../../src/checks/ne/values.js";
import { isIosFamily } from "../../src/model/target.js";
import { stringItems, valueOf } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

const PLATFORM_NAME = { ios: "iOS", tvos: "tvOS", visionos: "visionOS", watchos: "watchOS", macos: "macOS" } as const;

export default defineDocumentRule({
  meta: {
    id: "ne/systemextension-value-off-macos",
    severity: "error",
    description: "A -systemextension Network Extension value in an iOS, tvOS, visionOS or Mac Catalyst target",
    rationale:
      "The `*-systemextension` values exist only for macOS system extensions signed with Developer ID. iOS-family platforms (and Mac Catalyst, " +
      "which builds from an iOS target and uses app extensions) have no system extensions: no profile for them contains these values, so Xcode " +
      "reports \"Provisioning profile … doesn't match the entitlements file's value for the com.apple.developer.networking.networkextension " +
      "entitlement\", and App Store upload rejects the signature (ITMS-90046 \"Invalid Code Signing Entitlements\").",
    fix: "Use the plain value (`packet-tunnel-provider`, not `packet-tunnel-provider-systemextension`) in iOS-family and Catalyst targets.",
    sources: [NE_DOCS.entitlement, NE_DOCS.exportingDeveloperId, NE_DOCS.deployment],
    messages: {
      offMacos: "\"{{value}}\" is a macOS system-extension value; {{platform}} targets need \"{{plain}}\".",
    },
    examples: {
      incorrect: "<!-- iOS app -->\n<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider-systemextension</string>\n</array>",
      correct: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  documents: ["entitlements", "signed-entitlements"],
  check({ document, target, report }) {
    // Mac Catalyst targets report platform `ios`, which is exactly right here.
    if (!target.platform || !isIosFamily(target.platform)) return;
    for (const node of stringItems(valueOf(document.root, NE_KEY))) {
      if (!isSystemExtensionValue(node.value)) continue;
      report({ messageId: "offMacos", node, data: { value: node.value, platform: PLATFORM_NAME[target.platform], plain: plainValue(node.value) } });
    }
  },
});
