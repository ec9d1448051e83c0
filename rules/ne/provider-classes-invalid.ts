import { closestMatch } from "../../src/checks/did-you-mean.js";
import { KNOWN_EXTENSION_POINTS, NE_DOCS } from "../../src/checks/ne/values.js";
import { describeType, entryOf, hasPlaceholder, isDict } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/**
 * `Module.Class` (Swift; the module may be `$(PRODUCT_MODULE_NAME)`) or a bare Objective-C class name
 * (LuLu, DNSMonitor), or a single build variable.
 */
const CLASS_NAME = /^(?:(?:\$\([A-Za-z_]+\)|[A-Za-z_]\w*)\.)?[A-Za-z_]\w*$|^\$\([A-Za-z_]+\)$/;

export default defineDocumentRule({
  meta: {
    id: "ne/provider-classes-invalid",
    severity: "error",
    description: "A system extension's NetworkExtension dictionary with missing, unknown or malformed NEProviderClasses",
    rationale:
      "A Network Extension system extension tells the system which class implements each provider in `NetworkExtension` → `NEProviderClasses`: " +
      "keys are extension points (`com.apple.networkextension.packet-tunnel`, `.app-proxy`, `.filter-data`, `.filter-packet`, `.dns-proxy`) and " +
      "values are `Module.ClassName`. A missing or empty dictionary, a misspelt extension point (there is no `transparent-proxy` point: " +
      "transparent proxies use `app-proxy`) or a value that is not a class name leaves the provider impossible to instantiate: activation " +
      "stalls (\"validating by category\") or the provider fails to start.",
    fix: "List each provider as `<extension point>` → `$(PRODUCT_MODULE_NAME).<ClassName>`.",
    sources: [NE_DOCS.systemExtensionMode, NE_DOCS.deployment],
    messages: {
      notDict: "NetworkExtension must be a dictionary, not {{type}}.",
      missing: "NetworkExtension has no NEProviderClasses dictionary, so no provider can be instantiated.",
      empty: "NEProviderClasses is empty, so no provider can be instantiated.",
      unknownPoint: "\"{{point}}\" is not a Network Extension extension point.",
      unknownPointSuggest: "\"{{point}}\" is not a Network Extension extension point; did you mean \"{{suggestion}}\"?",
      badClass: "The provider class for {{point}} must be a class name (\"$(PRODUCT_MODULE_NAME).PacketTunnelProvider\" in Swift, \"PacketTunnelProvider\" in Objective-C), not {{value}}.",
    },
    examples: {
      incorrect: "<key>NetworkExtension</key>\n<dict>\n\t<key>NEProviderClasses</key>\n\t<dict>\n\t\t<key>com.apple.networkextension.transparent-proxy</key>\n\t\t<string>TransparentProxy</string>\n\t</dict>\n</dict>",
      correct: "<key>NetworkExtension</key>\n<dict>\n\t<key>NEProviderClasses</key>\n\t<dict>\n\t\t<key>com.apple.networkextension.app-proxy</key>\n\t\t<string>$(PRODUCT_MODULE_NAME).TransparentProxy</string>\n\t</dict>\n</dict>",
    },
    tags: ["network-extension", "system-extension"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    const networkExtension = entryOf(document.root, "NetworkExtension");
    if (!networkExtension) return;
    if (!isDict(networkExtension.value)) {
      report({ messageId: "notDict", node: networkExtension, data: { type: describeType(networkExtension.value.type) } });
      return;
    }
    const classes = entryOf(networkExtension.value, "NEProviderClasses");
    if (!classes || !isDict(classes.value)) {
      report({ messageId: "missing", node: classes ?? networkExtension });
      return;
    }
    if (classes.value.entries.length === 0) {
      report({ messageId: "empty", node: classes });
      return;
    }
    for (const entry of classes.value.entries) {
      const point = entry.key.value;
      if (!hasPlaceholder(point) && !KNOWN_EXTENSION_POINTS.includes(point)) {
        const suggestion = point === "com.apple.networkextension.transparent-proxy" ? "com.apple.networkextension.app-proxy" : closestMatch(point, KNOWN_EXTENSION_POINTS);
        report({ messageId: suggestion ? "unknownPointSuggest" : "unknownPoint", node: entry, data: { point, ...(suggestion ? { suggestion } : {}) } });
      }
      const value = entry.value;
      if (value.type !== "String") report({ messageId: "badClass", node: value, data: { point, value: describeType(value.type) } });
      else if (!CLASS_NAME.test(value.value)) {
        report({ messageId: "badClass", node: value, data: { point, value: JSON.stringify(value.value) } });
      }
    }
  },
});
