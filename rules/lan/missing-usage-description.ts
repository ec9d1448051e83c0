import { hasLocalNetworkPrivacy } from "../../src/checks/lan/privacy-platforms.js";
import { bonjourEvidence } from "../../src/checks/lan/bonjour-evidence.js";
import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { entryOf, isArray } from "../../src/model/plist.js";
import type { Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** An app's Info.plist: not an extension's (its keys belong in the app), not tvOS or watchOS (no Local Network alert). */
function isAppInfoPlist(target: Target): boolean {
  const root = target.infoPlist?.root;
  const kind = target.kind?.value;
  if (!root || !hasLocalNetworkPrivacy(target.platform?.value) || kind === "app-extension" || kind === "system-extension" || kind === "other") return false;
  // An NSExtension dict marks an extension even when no target facts are known.
  return !entryOf(root, "NSExtension") && !entryOf(root, "NetworkExtension");
}

export default defineTargetRule({
  meta: {
    id: "lan/missing-usage-description",
    severity: "warning",
    description: "An app that lists Bonjour services or uses Bonjour APIs but has no NSLocalNetworkUsageDescription",
    rationale:
      "Bonjour browsing and advertising are local-network operations: on iOS 14+, visionOS and macOS 15+ (whatever the deployment " +
      "target: the device's OS decides; tvOS and watchOS have no local network privacy, TN3179) the first one shows the Local Network alert, whose text comes from `NSLocalNetworkUsageDescription`. " +
      "Without it the alert shows a generic sentence users tend to deny, and App Review expects a purpose string for every permission the app " +
      "asks for. Evidence: `NSBonjourServices` in the app's Info.plist; in its Swift, Objective-C or C sources `NWBrowser` for `.bonjour`, " +
      "`NWListener` with a service, `NetService`/`NetServiceBrowser`, `DNSServiceBrowse`/`DNSServiceRegister`/`DNSServiceResolve`, " +
      "MultipeerConnectivity; a built executable's imports; and the zeroconf plugins of the app's `pubspec.yaml` (`nsd`, `bonsoir`, " +
      "`multicast_dns`) or `package.json` (`react-native-zeroconf`, `capacitor-zeroconf`, `cordova-plugin-zeroconf`). Extensions are not " +
      "checked: the key belongs in the app.",
    fix: "Add `NSLocalNetworkUsageDescription` to the app's Info.plist with a sentence saying what the app finds or talks to on the local network.",
    sources: [LAN_DOCS.usageDescription, LAN_DOCS.tn3179],
    messages: {
      missing: "NSBonjourServices is set but NSLocalNetworkUsageDescription is missing; the Local Network alert will not say why the app asks.",
      missingForApi: "This app uses {{what}} ({{where}}), a local-network operation, but {{infoPlist}} has no NSLocalNetworkUsageDescription; the Local Network alert will not say why the app asks.",
    },
    examples: {
      incorrect: "<key>NSBonjourServices</key>\n<array>\n\t<string>_nvstream._tcp</string>\n</array>",
      correct: "<key>NSBonjourServices</key>\n<array>\n\t<string>_nvstream._tcp</string>\n</array>\n<key>NSLocalNetworkUsageDescription</key>\n<string>Finds gaming PCs on your network.</string>",
    },
    tags: ["local-network", "privacy"],
  },
  check({ target, report, memo }) {
    const infoPlist = target.infoPlist;
    if (!infoPlist || !isAppInfoPlist(target) || entryOf(infoPlist.root, "NSLocalNetworkUsageDescription")) return;
    const bonjour = entryOf(infoPlist.root, "NSBonjourServices");
    if (bonjour && isArray(bonjour.value) && bonjour.value.items.length > 0) {
      report({ messageId: "missing", document: infoPlist, node: bonjour });
      return;
    }
    const api = bonjourEvidence(target, memo).apis[0];
    if (!api) return;
    const where = api.line !== undefined ? `${api.file}:${api.line}` : api.file;
    report({
      messageId: "missingForApi",
      file: api.file,
      ...(api.line !== undefined ? { location: { line: api.line, column: api.column ?? 1, endColumn: api.endColumn ?? api.column ?? 1 } } : {}),
      data: { what: api.what, where, infoPlist: infoPlist.file.path },
    });
  },
});
