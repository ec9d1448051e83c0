import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { domainShape, readAts } from "../../src/checks/ats/view.js";
import { compareVersions, isVersion } from "../../src/checks/versions.js";
import type { Platform } from "../../src/model/target.js";
import { booleanValue } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/**
 * ATS and IP addresses across versions (Apple, NSAllowsLocalNetworking): iOS 9 and macOS 10.11 block connections to IP
 * literals and cannot except them; iOS 10–16 and macOS 10.12–13 allow them by default; iOS 17 and macOS 14 block them
 * again but read IPv4, IPv6 and CIDR keys in NSExceptionDomains. So an IP key is needed only from iOS 17 / macOS 14,
 * ignored where IP literals are allowed anyway, and falls short only on the first ATS versions, below these.
 */
const IP_ALLOWED_FROM: Partial<Record<Platform, { name: string; version: string; blocked: string; readFrom: string }>> = {
  ios: { name: "iOS", version: "10.0", blocked: "iOS 9", readFrom: "iOS 17" },
  tvos: { name: "tvOS", version: "10.0", blocked: "tvOS 9", readFrom: "tvOS 17" },
  macos: { name: "macOS", version: "10.12", blocked: "macOS 10.11", readFrom: "macOS 14" },
};

export default defineDocumentRule({
  meta: {
    id: "ats/ip-exception-os-floor",
    severity: "warning",
    description: "An IP-address or CIDR exception domain on a target that supports the first ATS versions, which block IP addresses and ignore such keys",
    rationale:
      "IPv4, IPv6 and CIDR keys in `NSExceptionDomains` are only understood from iOS 17, iPadOS 17 and macOS 14, the versions that block " +
      "connections to IP addresses again. From iOS 10 to 16 (macOS 10.12 to 13) ATS allows IP addresses by default, so the key being ignored " +
      "there changes nothing. On iOS 9 and macOS 10.11, ATS blocks IP addresses and cannot except them: a target that still supports those " +
      "versions gets no connection to that address there unless `NSAllowsArbitraryLoads` is set. A target with an unknown deployment target " +
      "is not judged.",
    fix: "Raise the deployment target to iOS 10 / macOS 10.12 or later, or use a host name instead of the address.",
    sources: [ATS_DOCS.localNetworking, ATS_DOCS.exceptionDomains],
    messages: {
      belowFloor: "The IP exception \"{{domain}}\" is only read from {{readFrom}} on; this target supports {{platform}} {{deploymentTarget}}, and {{blocked}} blocks connections to IP addresses without reading it.",
    },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>192.168.1.10</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>192.168.1.10</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>\n<!-- with IPHONEOS_DEPLOYMENT_TARGET = 15.0 -->"),
    },
    tags: ["ats", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, target, report }) {
    const floor = target.platform ? IP_ALLOWED_FROM[target.platform] : undefined;
    if (!floor || !isVersion(target.deploymentTarget) || compareVersions(target.deploymentTarget, floor.version) >= 0) return;
    const ats = readAts(document.root);
    if (!ats || booleanValue(ats.dict.byKey.get("NSAllowsArbitraryLoads")?.value) === true) return;
    for (const domain of ats.domains) {
      if (domainShape(domain).kind !== "ip") continue;
      report({ messageId: "belowFloor", node: domain.entry, data: { domain: domain.domain, readFrom: floor.readFrom, platform: floor.name, deploymentTarget: target.deploymentTarget, blocked: floor.blocked } });
    }
  },
});
