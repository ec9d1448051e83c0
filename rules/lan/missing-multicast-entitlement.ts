import { claimsTrue, entitlementsSource, hasKnownEntitlements, isIosFamilyDevice, MULTICAST_KEY } from "../../src/checks/entitlements/entitlements.js";
import { multicastEvidence } from "../../src/checks/lan/evidence.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { stringItems, valueOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** Browsing every Bonjour type is gated by the multicast entitlement (TN3179). */
const ALL_SERVICES = /^_services\._dns-sd\._udp\.?(local\.?)?$/;

export default defineTargetRule({
  meta: {
    id: "lan/missing-multicast-entitlement",
    severity: "error",
    description: "An iOS, tvOS or visionOS target that sends or receives multicast or broadcast without com.apple.developer.networking.multicast",
    rationale:
      "Since iOS 14, sending or receiving IP multicast or broadcast, and browsing for every Bonjour service type (`_services._dns-sd._udp`), " +
      "needs the managed entitlement `com.apple.developer.networking.multicast`. Without it the operations fail at run time (`sendto` returns " +
      "`EHOSTUNREACH`, `NWConnectionGroup` fails with \"POSIXErrorCode: Operation not permitted\"), with no build or upload error to warn you. " +
      "Evidence comes from Info.plist (`NSBonjourServices`), Swift/Objective-C/C sources (`NWMulticastGroup`, `NWConnectionGroup`, " +
      "`IP_ADD_MEMBERSHIP`, `IPV6_JOIN_GROUP`, `SO_BROADCAST`, `joinMulticastGroup`, `enableBroadcast`; comments never count) and a built " +
      "executable's symbols. An address literal (`239.255.255.250`, `255.255.255.255`) is a heuristic, reported as a warning, and counts only where " +
      "it is used (sent to, joined, an endpoint or host), never as a route, a subnet mask or a comparison. " +
      "Plain Bonjour with the types listed in `NSBonjourServices`, and unicast UDP, need no entitlement. macOS does not need it.",
    fix:
      "Request the Multicast Networking entitlement from Apple (developer.apple.com/contact/request/networking-multicast), then add " +
      "`com.apple.developer.networking.multicast` = YES to the target's entitlements and regenerate the profile. If the app only browses known " +
      "types, list them in `NSBonjourServices` and use `NWBrowser` instead.",
    sources: [LAN_DOCS.multicast, LAN_DOCS.tn3179, LAN_DOCS.multicastRequest],
    messages: {
      missing: "This target uses {{evidence}}, which needs com.apple.developer.networking.multicast on {{platform}}, but {{claim}}.",
      missingHeuristic: "This target appears to use multicast or broadcast ({{evidence}}), which needs com.apple.developer.networking.multicast on {{platform}}, but {{claim}}.",
    },
    examples: {
      incorrect: "// Discovery.swift, no multicast entitlement\nlet group = try NWMulticastGroup(for: [.hostPort(host: \"239.255.255.250\", port: 1900)])",
      correct: "<!-- App.entitlements -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
    },
    tags: ["local-network", "entitlements"],
  },
  check({ target, report, memo }) {
    if (!isIosFamilyDevice(target) || target.platform?.value === "watchos") return;
    if (claimsTrue(target, MULTICAST_KEY)) return;
    const platform = target.platform?.value === "tvos" ? "tvOS" : target.platform?.value === "visionos" ? "visionOS" : "iOS";
    // Without any entitlements file the claim may live somewhere ne-lint was not shown: a warning, not an error.
    const certainty = hasKnownEntitlements(target) ? {} : { severity: "warning" as const };
    const claim = hasKnownEntitlements(target) ? `${entitlementsSource(target)} does not claim it` : "the target has no entitlements file that claims it";

    const infoPlist = target.infoPlist;
    const allServices = stringItems(valueOf(infoPlist?.root, "NSBonjourServices")).find((node) => ALL_SERVICES.test(node.value));
    if (infoPlist && allServices) {
      report({ messageId: "missing", document: infoPlist, node: allServices, data: { evidence: `NSBonjourServices "${allServices.value}"`, platform, claim }, ...certainty });
      return;
    }
    const evidence = multicastEvidence(target, memo);
    if (!evidence) return;
    const location = evidence.line !== undefined ? { location: { line: evidence.line, column: evidence.column ?? 1, endColumn: evidence.endColumn ?? evidence.column ?? 1 } } : {};
    report({
      messageId: evidence.certain ? "missing" : "missingHeuristic",
      file: evidence.file,
      ...location,
      data: { evidence: evidence.what, platform, claim },
      ...(evidence.certain ? certainty : { severity: "warning" as const }),
    });
  },
});
