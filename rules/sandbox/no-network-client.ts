import { claimedEntry, claimsTrue, isMacTarget, NETWORK_CLIENT_KEY, SANDBOX_KEY } from "../../src/checks/entitlements/entitlements.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { booleanValue, entryOf, isDict, valueOf } from "../../src/model/plist.js";
import type { Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** Info.plist settings that only make sense for an app that opens outgoing connections. */
function outgoingEvidence(target: Target): string | undefined {
  const root = target.infoPlist?.root;
  const ats = valueOf(root, "NSAppTransportSecurity");
  if (isDict(ats)) {
    if (booleanValue(valueOf(ats, "NSAllowsArbitraryLoads")) === true) return "NSAllowsArbitraryLoads";
    const domains = valueOf(ats, "NSExceptionDomains");
    if (isDict(domains) && domains.entries.length > 0) return "NSAppTransportSecurity exception domains";
    const pinned = valueOf(ats, "NSPinnedDomains");
    if (isDict(pinned) && pinned.entries.length > 0) return "NSPinnedDomains";
  }
  if (entryOf(root, "NSBonjourServices")) return "NSBonjourServices";
  return undefined;
}

export default defineTargetRule({
  meta: {
    id: "sandbox/no-network-client",
    severity: "warning",
    description: "A sandboxed macOS target that configures outgoing connections but lacks com.apple.security.network.client",
    rationale:
      "The App Sandbox blocks outgoing network connections unless the app claims `com.apple.security.network.client`. An app whose Info.plist " +
      "configures App Transport Security exceptions, pinning or Bonjour clearly connects out, and without the entitlement those connections fail " +
      "with \"The operation couldn't be completed. Operation not permitted\" (Mac App Store and sandboxed Developer ID builds alike).",
    fix: "Add `com.apple.security.network.client` = YES (Signing & Capabilities → App Sandbox → Outgoing Connections (Client)).",
    sources: [LAN_DOCS.networkClient, "https://developer.apple.com/documentation/security/app-sandbox"],
    messages: { missing: "This sandboxed target configures {{evidence}} but does not claim com.apple.security.network.client, so its outgoing connections are blocked." },
    examples: {
      incorrect: "<!-- Info.plist has NSAppTransportSecurity exceptions -->\n<key>com.apple.security.app-sandbox</key>\n<true/>",
      correct: "<key>com.apple.security.app-sandbox</key>\n<true/>\n<key>com.apple.security.network.client</key>\n<true/>",
    },
    tags: ["sandbox"],
  },
  check({ target, report }) {
    if (!(isMacTarget(target) || target.catalyst) || !claimsTrue(target, SANDBOX_KEY) || claimsTrue(target, NETWORK_CLIENT_KEY)) return;
    const evidence = outgoingEvidence(target);
    const sandbox = claimedEntry(target, SANDBOX_KEY);
    if (evidence && sandbox) report({ messageId: "missing", document: sandbox.document, node: sandbox.entry, data: { evidence } });
  },
});
