import { classifyDomainKey } from "../../src/checks/ats/domain-key.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { compareVersions, isVersion } from "../../src/checks/versions.js";
import type { Platform } from "../../src/model/target.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** First OS versions that read IP-address and CIDR keys in NSExceptionDomains (Apple, NSAllowsLocalNetworking page). */
const IP_KEYS_FLOOR: Partial<Record<Platform, { name: string; version: string }>> = {
  ios: { name: "iOS", version: "17.0" },
  tvos: { name: "tvOS", version: "17.0" },
  macos: { name: "macOS", version: "14.0" },
  watchos: { name: "watchOS", version: "10.0" },
};

export default defineDocumentRule({
  meta: {
    id: "ats/ip-exception-os-floor",
    severity: "warning",
    description: "An IP-address or CIDR exception domain on a target that supports OS versions that ignore it",
    rationale:
      "IPv4, IPv6 and CIDR keys in `NSExceptionDomains` are only understood from iOS 17, iPadOS 17 and macOS 14. On earlier versions the " +
      "entry is dead configuration (those versions allowed IP literals by default, but blocked them on iOS 9). A name exception does not " +
      "cover connections made by IP, and vice versa.",
    fix: "Use `NSAllowsLocalNetworking` for local addresses, raise the deployment target, or accept that the entry only works on iOS 17 / macOS 14 and later.",
    sources: [ATS_DOCS.localNetworking, ATS_DOCS.exceptionDomains],
    messages: {
      belowFloor: "The IP exception \"{{domain}}\" is only read from {{floor}}; this target supports {{platform}} {{deploymentTarget}}, where it is ignored.",
      unknownFloor: "The IP exception \"{{domain}}\" is only read from iOS 17 and macOS 14; on earlier versions it is ignored (this target's deployment target is not known).",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>192.168.1.10</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSAllowsLocalNetworking</key>\n<true/>"),
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    const floor = target.platform ? IP_KEYS_FLOOR[target.platform] : undefined;
    if (target.platform === "visionos") return;
    const known = floor && isVersion(target.deploymentTarget);
    if (known && compareVersions(target.deploymentTarget as string, floor.version) >= 0) return;
    for (const domain of readAts(document.root)?.domains ?? []) {
      if (classifyDomainKey(domain.domain).kind !== "ip") continue;
      if (known) {
        report({ messageId: "belowFloor", node: domain.entry, data: { domain: domain.domain, floor: `${floor.name} ${floor.version.replace(/\.0$/, "")}`, platform: floor.name, deploymentTarget: target.deploymentTarget as string } });
      } else report({ messageId: "unknownFloor", node: domain.entry, data: { domain: domain.domain } });
    }
  },
});
