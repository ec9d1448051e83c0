/**
 * The entitlement rule pack on real projects (../shared/corpus, MANIFEST §2–§3): the reviewed
 * mistakes are found where they are, and the compliant references stay silent.
 */
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { lint } from "../../src/engine.js";
import type { Finding } from "../../src/linter/finding.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";

const PACK = RULES.filter((rule) => /^(ne|lan|profile|sandbox)\//.test(rule.meta.id) || rule.meta.id === "plist/entitlement-in-info-plist");
const NOW = new Date("2025-06-01T00:00:00Z");

async function run(repo: string): Promise<Finding[]> {
  const result = await lint({ paths: [repo], cwd: corpusDir, rules: PACK, now: NOW });
  expect(result.failures).toEqual([]);
  return result.findings;
}
const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? ""}`);

describe.skipIf(!hasCorpus)(`entitlement rules on the corpus${hasCorpus ? "" : ` (${corpusSkipReason})`}`, () => {
  it("finds the packet tunnel without an NE entitlement (liufsd SimpleTunnel)", async () => {
    const findings = await run("liufsd__SimpleTunnelCustomizedNetworkingUsingtheNetworkExtensionFramework");
    expect(brief(findings.filter((f) => f.ruleId.startsWith("ne/")))).toEqual([
      "ne/missing-provider-entitlement liufsd__SimpleTunnelCustomizedNetworkingUsingtheNetworkExtensionFramework/PacketTunnel/Info.plist:28",
    ]);
    expect(findings[0]?.message).toContain("needs \"packet-tunnel-provider\"");
  });

  it("finds the multicast entitlement written into VLC's Info.plists, and nothing about its trailing-dot Bonjour types or its tvOS plist", async () => {
    const findings = await run("videolan__vlc-ios");
    expect(brief(findings.filter((f) => f.ruleId === "plist/entitlement-in-info-plist"))).toEqual([
      "plist/entitlement-in-info-plist videolan__vlc-ios/Resources/iOS/Info.plist:999",
      "plist/entitlement-in-info-plist videolan__vlc-ios/Resources/tvOS/Info.plist:96",
    ]);
    // tvOS has no Local Network alert (TN3179), and trailing dots match like the plain form.
    expect(brief(findings.filter((f) => f.ruleId === "lan/missing-usage-description"))).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "lan/bonjour-service-format")).toEqual([]);
  });

  it("notes the multicast entitlement on sing-box's macOS-only system extension, not on the multiplatform Extension its iOS build signs", async () => {
    const findings = await run("SagerNet__sing-box-for-apple");
    expect(brief(findings.filter((f) => f.ruleId === "lan/multicast-on-macos"))).toEqual([
      "lan/multicast-on-macos SagerNet__sing-box-for-apple/SystemExtension/SystemExtension.entitlements:5",
    ]);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("stays silent on the correct references", async () => {
    for (const repo of ["objective-see__LuLu", "objective-see__DNSMonitor", "WireGuard__wireguard-apple", "cntrump__SimpleFirewall", "firezone__firezone", "localsend__localsend", "kkebo__DNSecure"]) {
      const errors = (await run(repo)).filter((f) => f.severity === "error");
      expect(brief(errors), repo).toEqual([]);
    }
  });

  it("reads home-assistant's Apple-issued profiles without allowlist false positives", async () => {
    const findings = await run("home-assistant__iOS");
    expect(findings.filter((f) => f.ruleId === "profile/entitlement-not-allowed" || f.ruleId === "plist/entitlement-in-info-plist")).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "profile/untrusted-signature")).toEqual([]);
  });

  it("reports unreadable and non-Apple profiles when their fixture folders are linted, and sets them aside as test data otherwise", async () => {
    expect(await run("appaloosa-store__mobile_provision")).toEqual([]);
    const appaloosa = await run("appaloosa-store__mobile_provision/spec/fixtures");
    expect(appaloosa.filter((f) => f.ruleId === "profile/cms-invalid")).toHaveLength(4);
    const isign = await run("saucelabs__isign/tests/credentials");
    expect(brief(isign.filter((f) => f.ruleId === "profile/untrusted-signature"))).toEqual(["profile/untrusted-signature saucelabs__isign/tests/credentials/test.mobileprovision:"]);
  });
});
