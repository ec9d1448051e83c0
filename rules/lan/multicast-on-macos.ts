import { MULTICAST_KEY } from "../../src/checks/entitlements/entitlements.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "lan/multicast-on-macos",
    severity: "note",
    description: "com.apple.developer.networking.multicast in a macOS target, where it is not needed",
    rationale:
      "The Multicast Networking entitlement gates multicast and broadcast on iOS, iPadOS, tvOS and visionOS only. macOS apps send and receive " +
      "multicast without it (sandboxed apps need `com.apple.security.network.client` and `.server` instead). Claiming it on macOS adds a " +
      "restricted entitlement the Mac profile must then allow, for nothing. A target built for several platforms (`SUPPORTED_PLATFORMS`, " +
      "`SDKROOT = auto`) whose iOS, tvOS or visionOS build shares the entitlements file is not reported: that build needs the key.",
    fix: "Remove the key from the macOS target's entitlements (keep it in the iOS target's).",
    sources: [LAN_DOCS.multicast, LAN_DOCS.tn3179],
    messages: { onMacos: "com.apple.developer.networking.multicast has no effect on macOS; only iOS, tvOS and visionOS gate multicast on it." },
    examples: {
      incorrect: "<!-- macOS app -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
      correct: "<!-- macOS app -->\n<key>com.apple.security.network.client</key>\n<true/>\n<key>com.apple.security.network.server</key>\n<true/>",
    },
    tags: ["local-network", "entitlements"],
  },
  documents: ["entitlements", "signed-entitlements"],
  check({ document, target, report }) {
    if (target.platform !== "macos") return;
    // A multiplatform target's iOS-family build signs the same file and needs the key there.
    if (target.builtFor?.some((platform) => platform !== "macos")) return;
    const entry = entryOf(document.root, MULTICAST_KEY);
    if (entry) report({ messageId: "onMacos", node: entry });
  },
});
