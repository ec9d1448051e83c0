import { arrayEntitlement, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { closestMatch } from "../../src/checks/did-you-mean.js";
import { KNOWN_NE_VALUES, NE_DOCS } from "../../src/checks/ne/values.js";
import { describeType, hasPlaceholder } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ne/unknown-entitlement-value",
    severity: "error",
    description: "A com.apple.developer.networking.networkextension value Apple does not define, or the key with the wrong type",
    rationale:
      "The entitlement is an array of strings from a fixed list. A misspelt value (`packet-tunnel`, `content-filter`) authorises nothing: no " +
      "profile contains it, so Xcode reports \"Provisioning profile … doesn't match the entitlements file's value for the " +
      "com.apple.developer.networking.networkextension entitlement\" and App Store upload rejects it (ITMS-90046). A Boolean or string " +
      "instead of an array is refused the same way.",
    fix: "Use one of Apple's values: " + KNOWN_NE_VALUES.map((v) => `\`${v}\``).join(", ") + ".",
    sources: [NE_DOCS.entitlement, "https://developer.apple.com/forums/topics/code-signing-topic"],
    messages: {
      unknown: "\"{{value}}\" is not a com.apple.developer.networking.networkextension value.",
      unknownSuggest: "\"{{value}}\" is not a com.apple.developer.networking.networkextension value; did you mean \"{{suggestion}}\"?",
      notArray: "com.apple.developer.networking.networkextension must be an array of strings, not {{type}}.",
      notString: "com.apple.developer.networking.networkextension values must be strings, not {{type}}.",
    },
    examples: {
      incorrect: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel</string>\n</array>",
      correct: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  documents: ["entitlements", "signed-entitlements"],
  check({ document, report }) {
    const found = arrayEntitlement(document, NE_KEY);
    if (!found) return;
    if (!found.array) {
      report({ messageId: "notArray", node: found.entry, data: { type: describeType(found.entry.value.type) } });
      return;
    }
    for (const item of found.array.items) {
      if (item.type !== "String") {
        report({ messageId: "notString", node: item, data: { type: describeType(item.type) } });
        continue;
      }
      if (hasPlaceholder(item.value) || KNOWN_NE_VALUES.includes(item.value)) continue;
      const suggestion = closestMatch(item.value, KNOWN_NE_VALUES) ?? KNOWN_NE_VALUES.find((known) => known.startsWith(`${item.value}-`));
      report({ messageId: suggestion ? "unknownSuggest" : "unknown", node: item, data: { value: item.value, ...(suggestion ? { suggestion } : {}) } });
    }
  },
});
