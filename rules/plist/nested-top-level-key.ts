import { nestedTopLevelKeys, TOP_LEVEL_KEY_SOURCES } from "../../src/checks/plist/nested-top-level-keys.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "plist/nested-top-level-key",
    severity: "warning",
    description: "NSAppTransportSecurity, NSLocalNetworkUsageDescription or NSBonjourServices nested inside another dictionary, where the system never reads it",
    rationale:
      "App Transport Security, the Local Network alert and the Bonjour allowlist read their keys from the top level of the bundle's " +
      "Info.plist only. Nested in another dictionary (`NSAppTransportSecurity` inside `NSExtension`, as in a real packet tunnel), the key " +
      "is never read, so the setting it spells out silently does not apply and reviewers are misled about what ships.",
    fix: "Move the key (with its value) to the top level of the Info.plist, or delete it if the default is what you want.",
    sources: TOP_LEVEL_KEY_SOURCES,
    messages: { nested: "{{key}} is inside {{container}}, where the system never reads it, so {{effect}}; it belongs at the top level of the Info.plist." },
    examples: {
      incorrect: "<key>NSExtension</key>\n<dict>\n\t<key>NSExtensionPointIdentifier</key>\n\t<string>com.apple.networkextension.packet-tunnel</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>",
      correct: "<key>NSExtension</key>\n<dict>\n\t<key>NSExtensionPointIdentifier</key>\n\t<string>com.apple.networkextension.packet-tunnel</string>\n</dict>\n<key>NSAppTransportSecurity</key>\n<dict>\n\t<key>NSAllowsArbitraryLoads</key>\n\t<true/>\n</dict>",
    },
    tags: ["correctness", "ats", "local-network"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const { entry, container, effect } of nestedTopLevelKeys(document.root)) {
      report({ messageId: "nested", node: entry, data: { key: entry.key.value, container, effect } });
    }
  },
});
