import { hasLocalNetworkPrivacy } from "../../src/checks/lan/privacy-platforms.js";
import { claimsTrue, isIosFamilyDevice, MULTICAST_KEY } from "../../src/checks/entitlements/entitlements.js";
import { bonjourEvidence, normaliseType } from "../../src/checks/lan/bonjour-evidence.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { entryOf, hasPlaceholder, isArray, isString } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "lan/bonjour-missing-type",
    severity: "warning",
    description: "An app browses for or advertises a Bonjour service type its NSBonjourServices does not list",
    rationale:
      "Since iOS 14 (and on macOS 15) an app may browse for or advertise only the Bonjour types listed in its Info.plist's `NSBonjourServices` " +
      "(TN3179); for any other type the operation fails with `NoAuth` (-65555), without a Local Network alert. MultipeerConnectivity service " +
      "type `foo` needs both `_foo._tcp` and `_foo._udp`. Types are read from Swift, Objective-C and C sources that use a Bonjour API " +
      "(`NWBrowser`, `NWListener`, `NetService`, `DNSService…`, MultipeerConnectivity `serviceType` literals) and from a built executable's " +
      "strings. Apps with the multicast entitlement may browse any type, and tvOS and watchOS apps are not checked (they have no local network privacy, TN3179).",
    fix: "Add the type, written `_service._tcp` or `_service._udp`, to `NSBonjourServices` in the app's Info.plist.",
    sources: [LAN_DOCS.bonjourServices, LAN_DOCS.tn3179],
    messages: {
      missing: "The Bonjour type \"{{type}}\" is browsed for or advertised here, but NSBonjourServices in {{infoPlist}} does not list it; the operation fails with NoAuth (-65555).",
      noList: "The Bonjour type \"{{type}}\" is browsed for or advertised here, but {{infoPlist}} has no NSBonjourServices; the operation fails with NoAuth (-65555).",
    },
    examples: {
      incorrect: "// Browser.swift; NSBonjourServices lists only _http._tcp\nlet browser = NWBrowser(for: .bonjour(type: \"_airplay._tcp\", domain: nil), using: .tcp)",
      correct: "<key>NSBonjourServices</key>\n<array>\n\t<string>_http._tcp</string>\n\t<string>_airplay._tcp</string>\n</array>",
    },
    tags: ["local-network"],
  },
  check({ target, report, memo }) {
    const infoPlist = target.infoPlist;
    if (!infoPlist || target.kind?.value !== "app" || !hasLocalNetworkPrivacy(target.platform?.value)) return;
    if (isIosFamilyDevice(target) && claimsTrue(target, MULTICAST_KEY)) return;
    const entry = entryOf(infoPlist.root, "NSBonjourServices");
    if (entry && !isArray(entry.value)) return;
    const listed = entry && isArray(entry.value) ? entry.value.items.filter(isString).map((item) => item.value) : [];
    // A list built from build settings cannot be compared.
    if (listed.some((value) => hasPlaceholder(value))) return;
    const known = new Set(listed.map(normaliseType));
    const seen = new Set<string>();
    for (const found of bonjourEvidence(target, memo).types) {
      const type = normaliseType(found.type);
      if (known.has(type) || seen.has(type) || type === "_services._dns-sd._udp") continue;
      seen.add(type);
      report({
        messageId: entry ? "missing" : "noList",
        file: found.file,
        ...(found.line !== undefined ? { location: { line: found.line, column: found.column ?? 1, endColumn: found.endColumn ?? found.column ?? 1 } } : {}),
        data: { type: found.type, infoPlist: infoPlist.file.path },
      });
    }
  },
});
