import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { entryOf, isArray } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

export default defineDocumentRule({
  meta: {
    id: "lan/missing-usage-description",
    severity: "warning",
    description: "An app that lists Bonjour services but has no NSLocalNetworkUsageDescription",
    rationale:
      "Bonjour browsing and advertising are local-network operations: on iOS 14+, tvOS 14+, visionOS and macOS 15+ the first one shows the Local " +
      "Network alert, whose text comes from `NSLocalNetworkUsageDescription`. Without it the alert shows a generic sentence users tend to deny, " +
      "and App Review expects a purpose string for every permission the app asks for. Extensions are not checked: the keys belong in the app.",
    fix: "Add `NSLocalNetworkUsageDescription` to the app's Info.plist with a sentence saying what the app finds or talks to on the local network.",
    sources: [LAN_DOCS.usageDescription, LAN_DOCS.tn3179],
    messages: { missing: "NSBonjourServices is set but NSLocalNetworkUsageDescription is missing; the Local Network alert will not say why the app asks." },
    examples: {
      incorrect: "<key>NSBonjourServices</key>\n<array>\n\t<string>_nvstream._tcp</string>\n</array>",
      correct: "<key>NSBonjourServices</key>\n<array>\n\t<string>_nvstream._tcp</string>\n</array>\n<key>NSLocalNetworkUsageDescription</key>\n<string>Finds gaming PCs on your network.</string>",
    },
    tags: ["local-network", "privacy"],
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    if (target.platform === "watchos" || target.kind === "app-extension" || target.kind === "system-extension") return;
    // An NSExtension dict marks an extension even when no target facts are known.
    if (entryOf(document.root, "NSExtension") || entryOf(document.root, "NetworkExtension")) return;
    const bonjour = entryOf(document.root, "NSBonjourServices");
    if (!bonjour || !isArray(bonjour.value) || bonjour.value.items.length === 0) return;
    if (entryOf(document.root, "NSLocalNetworkUsageDescription")) return;
    report({ messageId: "missing", node: bonjour });
  },
});
