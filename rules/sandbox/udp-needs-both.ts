import { claimedEntry, claimsTrue, isMacTarget, MULTICAST_KEY, NETWORK_CLIENT_KEY, NETWORK_SERVER_KEY, SANDBOX_KEY } from "../../src/checks/entitlements/entitlements.js";
import { multicastEvidence } from "../../src/checks/lan/evidence.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "sandbox/udp-needs-both",
    severity: "warning",
    description: "A sandboxed macOS target that sends or receives multicast or broadcast UDP with only one of network.client and network.server",
    rationale:
      "In the App Sandbox, `com.apple.security.network.client` and `.server` gate only who opens a TCP connection, but for UDP they gate the " +
      "data flow itself: with only `.server` the app can receive but not send, and with only `.client` it cannot receive datagrams it did not " +
      "ask for. Multicast and broadcast discovery therefore needs both. Evidence is the app's own multicast or broadcast code (sources or " +
      "executable) or the multicast entitlement; Bonjour through `NWBrowser`/`DNSServiceBrowse` is not evidence, because mDNSResponder does " +
      "that traffic outside the sandbox.",
    fix: "Add the missing one of `com.apple.security.network.client` / `com.apple.security.network.server` (Signing & Capabilities → App Sandbox → Incoming and Outgoing Connections).",
    sources: [LAN_DOCS.networkServer, LAN_DOCS.networkClient],
    messages: { onlyOne: "This sandboxed target uses UDP multicast or broadcast ({{evidence}}) but claims only {{present}}; UDP needs {{missing}} too." },
    examples: {
      incorrect: "<!-- the app joins a multicast group -->\n<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.server</key>\n<true/>",
      correct: "<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.client</key>\n<true/>\n<key>com.apple.security.network.server</key>\n<true/>",
    },
    tags: ["sandbox", "local-network"],
  },
  check({ target, report, memo }) {
    if (!(isMacTarget(target) || target.catalyst) || !claimsTrue(target, SANDBOX_KEY)) return;
    const client = claimsTrue(target, NETWORK_CLIENT_KEY);
    const server = claimsTrue(target, NETWORK_SERVER_KEY);
    if (client === server) return;
    const evidence = claimsTrue(target, MULTICAST_KEY) ? "the multicast entitlement" : multicastEvidence(target, memo)?.what;
    if (!evidence) return;
    const [present, missing] = client ? [NETWORK_CLIENT_KEY, NETWORK_SERVER_KEY] : [NETWORK_SERVER_KEY, NETWORK_CLIENT_KEY];
    const entry = claimedEntry(target, present);
    if (entry) report({ messageId: "onlyOne", document: entry.document, node: entry.entry, data: { evidence, present, missing } });
  },
});
