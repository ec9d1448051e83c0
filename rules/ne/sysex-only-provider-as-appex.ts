import { declaredProviders, NE_DOCS, SYSEX_ONLY_ON_MACOS } from "../../src/checks/ne/values.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ne/sysex-only-provider-as-appex",
    severity: "error",
    description: "A macOS content filter or DNS proxy packaged as an app extension",
    rationale:
      "macOS supports content filter (`filter-data`, `filter-packet`) and DNS proxy providers only as system extensions (TN3134), for the Mac App " +
      "Store and Developer ID alike. An app extension declaring those extension points is never loaded: the configuration saves but the " +
      "provider does not start.",
    fix: "Move the provider into a system extension target (`NetworkExtension` → `NEProviderClasses`) embedded in `Contents/Library/SystemExtensions`, and install it with `OSSystemExtensionRequest`.",
    sources: [NE_DOCS.deployment, NE_DOCS.installingSystemExtensions],
    messages: { appex: "{{point}} providers run on macOS only as system extensions, not as app extensions." },
    examples: {
      incorrect: "<!-- macOS Filter.appex Info.plist -->\n<key>NSExtension</key>\n<dict>\n\t<key>NSExtensionPointIdentifier</key>\n\t<string>com.apple.networkextension.filter-data</string>\n</dict>",
      correct: "<!-- macOS Filter.systemextension Info.plist -->\n<key>NetworkExtension</key>\n<dict>\n\t<key>NEProviderClasses</key>\n\t<dict>\n\t\t<key>com.apple.networkextension.filter-data</key>\n\t\t<string>$(PRODUCT_MODULE_NAME).FilterDataProvider</string>\n\t</dict>\n</dict>",
    },
    tags: ["network-extension"],
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    // Mac Catalyst targets report platform `ios`: their filters are iOS app extensions, which is fine.
    if (target.platform !== "macos") return;
    for (const provider of declaredProviders(document)) {
      if (provider.packaging === "appex" && SYSEX_ONLY_ON_MACOS.includes(provider.point)) report({ messageId: "appex", node: provider.node, data: { point: provider.point } });
    }
  },
});
