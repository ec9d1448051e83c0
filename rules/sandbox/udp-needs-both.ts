import { claimedEntry, claimsTrue, isMacTarget, MULTICAST_KEY, NETWORK_CLIENT_KEY, NETWORK_SERVER_KEY, SANDBOX_KEY } from "../../src/checks/entitlements/entitlements.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { declaredProviders } from "../../src/checks/ne/values.js";
import { entryOf } from "../../src/model/plist.js";
import type { Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/rules/types.js";

/** What says the target exchanges UDP: Bonjour, multicast, or a packet tunnel (VPN protocols run over UDP). */
function udpEvidence(target: Target): string | undefined {
  if (entryOf(target.infoPlist?.root, "NSBonjourServices")) return "NSBonjourServices (Bonjour is mDNS over UDP)";
  if (claimsTrue(target, MULTICAST_KEY)) return "the multicast entitlement";
  if (declaredProviders(target.infoPlist).some((p) => p.point === "com.apple.networkextension.packet-tunnel")) return "a packet tunnel provider";
  return undefined;
}

export default defineTargetRule({
  meta: {
    id: "sandbox/udp-needs-both",
    severity: "warning",
    description: "A sandboxed macOS target that uses UDP with only one of network.client and network.server",
    rationale:
      "In the App Sandbox, `com.apple.security.network.client` and `.server` gate only who opens a TCP connection, but for UDP they gate the " +
      "data flow itself: with only `.server` the app can receive but not send, and with only `.client` it cannot receive datagrams it did not " +
      "ask for. Bonjour (mDNS), multicast discovery and UDP-based VPN tunnels therefore need both.",
    fix: "Add the missing one of `com.apple.security.network.client` / `com.apple.security.network.server` (Signing & Capabilities → App Sandbox → Incoming and Outgoing Connections).",
    sources: [LAN_DOCS.networkServer, LAN_DOCS.networkClient],
    messages: { onlyOne: "This sandboxed target uses UDP ({{evidence}}) but claims only {{present}}; UDP needs {{missing}} too." },
    examples: {
      incorrect: "<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.server</key>\n<true/>",
      correct: "<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.client</key>\n<true/>\n<key>com.apple.security.network.server</key>\n<true/>",
    },
    tags: ["sandbox", "local-network"],
  },
  check({ target, report }) {
    if (!(isMacTarget(target) || target.catalyst) || !claimsTrue(target, SANDBOX_KEY)) return;
    const client = claimsTrue(target, NETWORK_CLIENT_KEY);
    const server = claimsTrue(target, NETWORK_SERVER_KEY);
    if (client === server) return;
    const evidence = udpEvidence(target);
    if (!evidence) return;
    const [present, missing] = client ? [NETWORK_CLIENT_KEY, NETWORK_SERVER_KEY] : [NETWORK_SERVER_KEY, NETWORK_CLIENT_KEY];
    const entry = claimedEntry(target, present);
    if (entry) report({ messageId: "onlyOne", document: entry.document, node: entry.entry, data: { evidence, present, missing } });
  },
});
