import { arrayEntitlement, VPN_API_KEY } from "../../src/checks/entitlements/entitlements.js";
import { NE_DOCS } from "../../src/checks/ne/values.js";
import { describeType, hasPlaceholder } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "ne/vpn-api-value",
    severity: "error",
    description: "com.apple.developer.networking.vpn.api that is not an array holding allow-vpn",
    rationale:
      "The Personal VPN entitlement (`NEVPNManager`) is an array whose only value is `allow-vpn`. Any other shape or value is not in any profile: " +
      "Xcode reports \"Provisioning profile … doesn't match the entitlements file's value for the com.apple.developer.networking.vpn.api " +
      "entitlement\" and `NEVPNManager` refuses to save (\"permission denied\").",
    fix: "Write `<key>com.apple.developer.networking.vpn.api</key><array><string>allow-vpn</string></array>`.",
    sources: [NE_DOCS.vpnApi],
    messages: {
      notArray: "com.apple.developer.networking.vpn.api must be an array holding \"allow-vpn\", not {{type}}.",
      badValue: "\"{{value}}\" is not a com.apple.developer.networking.vpn.api value; the only value is \"allow-vpn\".",
      noAllowVpn: "com.apple.developer.networking.vpn.api does not contain \"allow-vpn\", so it grants nothing.",
    },
    examples: {
      incorrect: "<key>com.apple.developer.networking.vpn.api</key>\n<true/>",
      correct: "<key>com.apple.developer.networking.vpn.api</key>\n<array>\n\t<string>allow-vpn</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  documents: ["entitlements", "signed-entitlements"],
  check({ document, report }) {
    const found = arrayEntitlement(document, VPN_API_KEY);
    if (!found) return;
    const { entry, array } = found;
    if (!array) {
      report({ messageId: "notArray", node: entry, data: { type: describeType(entry.value.type) } });
      return;
    }
    let allowVpn = false;
    let unknown = false;
    for (const item of array.items) {
      if (item.type === "String" && (item.value === "allow-vpn" || hasPlaceholder(item.value))) {
        allowVpn ||= item.value === "allow-vpn";
        unknown ||= item.value !== "allow-vpn";
        continue;
      }
      report({ messageId: "badValue", node: item, data: { value: item.type === "String" ? item.value : describeType(item.type) } });
    }
    if (!allowVpn && !unknown) report({ messageId: "noAllowVpn", node: entry });
  },
});
