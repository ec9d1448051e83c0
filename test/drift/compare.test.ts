/** The drift comparison as a pure function over two workspaces: each drift rule, its exact location, pairing, severity, suppression. */
import { afterAll, describe, expect, it } from "vitest";
import { compareWorkspaces, type DriftOptions } from "../../src/drift/compare.js";
import { pairTargets } from "../../src/drift/pair.js";
import type { Target } from "../../src/model/target.js";
import type { Workspace } from "../../src/model/workspace.js";
import type { Finding } from "../../src/linter/finding.js";
import { buildTarget, cleanupTargets, key, plist, string, type TargetSpec } from "../helpers/targets.js";

afterAll(cleanupTargets);

const NE = "com.apple.developer.networking.networkextension";
const MULTICAST = "com.apple.developer.networking.multicast";
const GROUPS = "com.apple.security.application-groups";

function workspace(...targets: Target[]): Workspace {
  return { documents: [], targets, problems: [], files: 0 };
}

function app(spec: Partial<TargetSpec> = {}): Target {
  return buildTarget({ name: "App", bundleId: "com.example.app", kind: "app", platform: "ios", deploymentTarget: "16.0", ...spec });
}

async function drift(base: Target[], head: Target[], options: Partial<DriftOptions> = {}): Promise<Finding[]> {
  const { findings, failures } = await compareWorkspaces(workspace(...base), workspace(...head), { removalsIn: "base", ...options });
  expect(failures).toEqual([]);
  return findings;
}

/** Line, column and end of `needle` in `text` (1-based, end exclusive), as findings report them. */
function where(text: string, needle: string, occurrence = 0): { line: number; column: number; endLine: number; endColumn: number } {
  let from = 0;
  for (let i = 0; i <= occurrence; i++) from = text.indexOf(needle, i === 0 ? 0 : from + 1);
  if (from < 0) throw new Error(`${needle} not in fixture`);
  const before = text.slice(0, from).split("\n");
  const line = before.length;
  const column = (before.at(-1) as string).length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}

function located(finding: Finding): { line?: number; column?: number; endLine?: number; endColumn?: number } {
  return { line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn };
}

const arrayOf = (...values: string[]): string => `<array>\n${values.map((value) => `\t${string(value)}`).join("\n")}\n</array>`;

describe("drift/entitlement-added and drift/entitlement-removed", () => {
  it("reports a new managed entitlement at its key in the new file, naming Apple's approval", async () => {
    const head = plist(key("com.apple.security.application-groups"), arrayOf("group.com.example"), key(MULTICAST), "<true/>");
    const findings = await drift([app({ entitlements: plist(key(GROUPS), arrayOf("group.com.example")) })], [app({ entitlements: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file])).toEqual([["drift/entitlement-added", "warning", "App/App.entitlements"]]);
    expect(located(findings[0]!)).toEqual(where(head, key(MULTICAST)));
    expect(findings[0]!.message).toBe(
      `App claims a new entitlement ${MULTICAST} (Multicast Networking): a managed capability: Apple must approve it for your team first (request it with Apple's Multicast Networking Entitlement Request form; allow days), then enable the Multicast Networking capability on the App ID com.example.app and regenerate its provisioning profiles.`,
    );
    expect(findings[0]!.target).toBe("App");
  });

  it("says multicast needs no approval on macOS, and a self-service capability needs profiles", async () => {
    const head = plist(key(MULTICAST), "<true/>", key("com.apple.developer.networking.wifi-info"), "<true/>");
    const findings = await drift([app({ platform: "macos", entitlements: plist() })], [app({ platform: "macos", entitlements: head })]);
    expect(findings.map((f) => f.message)).toEqual([
      `App claims a new entitlement ${MULTICAST} (Multicast Networking): enable the Multicast Networking capability on the App ID com.example.app and regenerate its provisioning profiles; builds signed with the current profiles fail to install or upload.`,
      "App claims a new entitlement com.apple.developer.networking.wifi-info (Access Wi-Fi Information): enable the Access Wi-Fi Information capability on the App ID com.example.app and regenerate its provisioning profiles; builds signed with the current profiles fail to install or upload.",
    ]);
  });

  it("counts false → true as an addition and true → false as a removal located in the old file", async () => {
    const base = plist(key(MULTICAST), "<false/>", key("aps-environment"), string("production"));
    const head = plist(key(MULTICAST), "<true/>", key("aps-environment"), string("production"), key("com.apple.developer.networking.HotspotHelper"), "<false/>");
    const findings = await drift([app({ folder: "Old", entitlements: base })], [app({ entitlements: head })]);
    expect(findings.map((f) => f.ruleId)).toEqual(["drift/entitlement-added"]);
    const removed = await drift([app({ folder: "Old", entitlements: head })], [app({ entitlements: base })]);
    expect(removed.map((f) => [f.ruleId, f.severity, f.file])).toEqual([["drift/entitlement-removed", "note", "Old/App.entitlements"]]);
    expect(located(removed[0]!)).toEqual(where(head, key(MULTICAST)));
    expect(removed[0]!.message).toBe(`App no longer claims ${MULTICAST} (Multicast Networking): code that relied on it fails once this build ships; the capability can be dropped from the App ID when no build needs it.`);
  });

  it("reports nothing when the same entitlements move to another file and the target is renamed", async () => {
    const text = plist(key(NE), arrayOf("packet-tunnel-provider"), key(MULTICAST), "<true/>");
    const reordered = plist(key(MULTICAST), "<true/>", "", "", key(NE), arrayOf("packet-tunnel-provider"));
    expect(await drift([app({ name: "App", folder: "Old", entitlements: text })], [app({ name: "Renamed", folder: "Moved/Here", entitlements: reordered })])).toEqual([]);
  });
});

describe("drift/entitlement-value-added and drift/entitlement-value-removed", () => {
  const base = plist(key(NE), arrayOf("packet-tunnel-provider", "content-filter-provider"), key(GROUPS), arrayOf("group.com.example"));
  const head = plist(key(NE), arrayOf("packet-tunnel-provider", "app-push-provider"), key(GROUPS), arrayOf("group.com.example", "group.com.example.shared"));

  it("reports each new value at its string in the new file and each dropped value in the old file", async () => {
    const findings = await drift([app({ folder: "Old", entitlements: base })], [app({ entitlements: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f)])).toEqual([
      ["drift/entitlement-value-added", "warning", "App/App.entitlements", where(head, string("app-push-provider"))],
      ["drift/entitlement-value-added", "warning", "App/App.entitlements", where(head, string("group.com.example.shared"))],
      ["drift/entitlement-value-removed", "note", "Old/App.entitlements", where(base, string("content-filter-provider"))],
    ]);
    expect(findings[0]!.message).toBe(`App adds app-push-provider to ${NE} (Network Extensions): app-push-provider is a managed capability: request the app push provider capability from Apple (allow days), then regenerate the provisioning profiles of the App ID com.example.app.`);
    expect(findings[1]!.message).toBe(`App adds group.com.example.shared to ${GROUPS} (App Groups): register the group in the developer portal, add it to the App ID com.example.app's App Groups and regenerate its provisioning profiles.`);
    expect(findings[2]!.message).toBe(`App drops content-filter-provider from ${NE} (Network Extensions): a content-filter-provider provider in the field stops loading once this build ships.`);
  });

  it("compares a string entitlement by value", async () => {
    const findings = await drift([app({ entitlements: plist(key("aps-environment"), string("development")) })], [app({ entitlements: plist(key("aps-environment"), string("production")) })]);
    expect(findings.map((f) => f.ruleId)).toEqual(["drift/entitlement-value-added", "drift/entitlement-value-removed"]);
  });

  it("reads signed entitlements over source ones on either side", async () => {
    const signed = plist(key(NE), arrayOf("packet-tunnel-provider"));
    const findings = await drift([app({ entitlements: base, signedEntitlements: signed })], [app({ entitlements: head, signedEntitlements: signed })]);
    expect(findings).toEqual([]);
  });
});

describe("drift/ats-relaxed and drift/ats-tightened", () => {
  const ats = (...lines: string[]): string => plist(key("CFBundleIdentifier"), string("com.example.app"), key("NSAppTransportSecurity"), "<dict>", ...lines, "</dict>");
  const domain = (name: string, ...lines: string[]): string[] => [key(name), "<dict>", ...lines, "</dict>"];

  it("reports arbitrary loads turned on at the key, with what App Review asks", async () => {
    const head = ats(key("NSAllowsArbitraryLoads"), "<true/>");
    const findings = await drift([app({ infoPlist: ats() })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f)])).toEqual([["drift/ats-relaxed", "warning", "App/Info.plist", where(head, key("NSAllowsArbitraryLoads"))]]);
    expect(findings[0]!.message).toMatch(/^App: NSAllowsArbitraryLoads now turns ATS off for every host not listed in NSExceptionDomains; App Review asks for a justification/);
  });

  it("does not report arbitrary loads that newer keys neutralise on the deployment range", async () => {
    const head = ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsArbitraryLoadsInWebContent"), "<true/>");
    const findings = await drift([app({ infoPlist: ats() })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.message.replace(/;.*/, "")])).toEqual([["drift/ats-relaxed", "App: NSAllowsArbitraryLoadsInWebContent is now on: ATS is off for web views"]]);
  });

  it("reports a new exception domain that relaxes, a lowered TLS version, forward secrecy off, subdomains and removed pinning", async () => {
    const base = ats(
      key("NSExceptionDomains"), "<dict>", ...domain("api.example.com", key("NSExceptionMinimumTLSVersion"), string("TLSv1.2")), ...domain("cdn.example.com", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>"), "</dict>",
      key("NSPinnedDomains"), "<dict>", ...domain("pay.example.com", key("NSPinnedCAIdentities"), "<array/>"), "</dict>",
    );
    const head = ats(
      key("NSExceptionDomains"), "<dict>",
      ...domain("api.example.com", key("NSExceptionMinimumTLSVersion"), string("TLSv1.0"), key("NSExceptionRequiresForwardSecrecy"), "<false/>"),
      ...domain("cdn.example.com", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>", key("NSIncludesSubdomains"), "<true/>"),
      ...domain("legacy.example.com", key("NSTemporaryExceptionAllowsInsecureHTTPLoads"), "<true/>"),
      ...domain("strict.example.com", key("NSIncludesSubdomains"), "<true/>"),
      "</dict>",
    );
    const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.file, located(f)])).toEqual([
      ["drift/ats-relaxed", "App/Info.plist", where(head, key("NSExceptionMinimumTLSVersion"))],
      ["drift/ats-relaxed", "App/Info.plist", where(head, key("NSExceptionRequiresForwardSecrecy"))],
      ["drift/ats-relaxed", "App/Info.plist", where(head, key("NSIncludesSubdomains"))],
      ["drift/ats-relaxed", "App/Info.plist", where(head, key("legacy.example.com"))],
      ["drift/ats-relaxed", "App/Info.plist", where(head, key("strict.example.com"))],
      ["drift/ats-relaxed", "Old/Info.plist", where(base, key("pay.example.com"))],
    ]);
    expect(findings.map((f) => [f.severity, f.message.replace(/;.*/, "")])).toEqual([
      ["warning", "App: api.example.com's minimum TLS version is lowered from TLSv1.2 to TLSv1.0"],
      ["warning", "App: api.example.com no longer requires forward secrecy"],
      ["warning", "App: the exception for cdn.example.com (plain HTTP) now covers every subdomain"],
      ["warning", "App: new exception domain legacy.example.com allows plain HTTP"],
      ["note", "App: new exception domain strict.example.com and its subdomains (relaxes nothing today: its keys are ATS's defaults)"],
      ["warning", "App: pinning for pay.example.com is removed"],
    ]);
  });

  it("reports the reverse as tightened, as a note, in the old file for what is gone", async () => {
    const base = ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSExceptionDomains"), "<dict>", ...domain("cdn.example.com", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>"), "</dict>");
    const head = ats(key("NSPinnedDomains"), "<dict>", ...domain("pay.example.com", key("NSPinnedLeafIdentities"), "<array/>"), "</dict>");
    const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f)])).toEqual([
      ["drift/ats-tightened", "note", "App/Info.plist", where(head, key("pay.example.com"))],
      ["drift/ats-tightened", "note", "Old/Info.plist", where(base, key("NSAllowsArbitraryLoads"))],
      ["drift/ats-tightened", "note", "Old/Info.plist", where(base, key("cdn.example.com"))],
    ]);
  });

  it("reports nothing for an unchanged ATS dictionary, even moved", async () => {
    const same = ats(key("NSExceptionDomains"), "<dict>", ...domain("cdn.example.com", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>"), "</dict>");
    expect(await drift([app({ infoPlist: same })], [app({ folder: "Elsewhere", infoPlist: same })])).toEqual([]);
  });

  it("reports a new exception domain that relaxes nothing as a note that says so, and an IP address one as reachable by address", async () => {
    const neutral = ats(key("NSExceptionDomains"), "<dict>", ...domain("api.example.com", key("NSExceptionMinimumTLSVersion"), string("TLSv1.3")), ...domain("192.168.1.0/24"), "</dict>");
    const findings = await drift([app({ infoPlist: ats() })], [app({ infoPlist: neutral })]);
    expect(findings.map((f) => [f.ruleId, f.severity, located(f), f.message])).toEqual([
      [
        "drift/ats-relaxed",
        "note",
        where(neutral, key("api.example.com")),
        "App: new exception domain api.example.com (relaxes nothing today: its keys are ATS's defaults); review it as an exception all the same: a later change to this entry alone relaxes the host.",
      ],
      [
        "drift/ats-relaxed",
        "note",
        where(neutral, key("192.168.1.0/24")),
        "App: new exception domain 192.168.1.0/24 lets the app connect to that address range by IP, which ATS blocks by default on iOS 17 and macOS 14 and later; connections still need TLS 1.2 and a certificate valid for the address, as no other key relaxes them.",
      ],
    ]);
    // The configured severity wins over the note.
    const configured = await drift([app({ infoPlist: ats() })], [app({ infoPlist: neutral })], { config: { rules: { "drift/ats-relaxed": { severity: "warning" } }, ignore: [] } });
    expect(configured.map((f) => f.severity)).toEqual(["warning", "warning"]);
  });

  it("reports a new default exception domain while a global key is on as a tightening: the entry replaces the global keys for its host", async () => {
    const base = ats(key("NSAllowsArbitraryLoads"), "<true/>");
    const head = ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSExceptionDomains"), "<dict>", ...domain("bank.example.com"), "</dict>");
    const findings = await drift([app({ infoPlist: base })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, located(f), f.message])).toEqual([
      ["drift/ats-tightened", "note", where(head, key("bank.example.com")), "App: new exception domain bank.example.com keeps ATS's defaults, which replace NSAllowsArbitraryLoads for it; plain-HTTP and weak-TLS loads from it now fail."],
    ]);
  });

  describe("pinning kept but changed", () => {
    const pin = (c: string): string => `${c.repeat(43)}=`;
    const pins = (kind: string, ...values: string[]): string[] => [key(kind), "<array>", ...values.flatMap((value) => ["<dict>", key("SPKI-SHA256-BASE64"), string(value), "</dict>"]), "</array>"];
    const pinned = (...lines: string[]): string => ats(key("NSPinnedDomains"), "<dict>", ...domain("pay.example.com", ...lines), "</dict>");
    const base = pinned(key("NSIncludesSubdomains"), "<true/>", ...pins("NSPinnedCAIdentities", pin("C")), ...pins("NSPinnedLeafIdentities", pin("A"), pin("B")));

    it("reports a list of pins dropped as a relaxation, at the old list, naming what is checked now", async () => {
      const head = pinned(key("NSIncludesSubdomains"), "<true/>", ...pins("NSPinnedLeafIdentities", pin("A"), pin("B")));
      const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
      expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f), f.message])).toEqual([
        ["drift/ats-relaxed", "warning", "Old/Info.plist", where(base, key("NSPinnedCAIdentities")), "App: pinning for pay.example.com no longer checks CA keys (NSPinnedCAIdentities has no pin left); a certificate with a pinned leaf key is accepted whichever CA issued it."],
      ]);
    });

    it("reports every pin gone from a kept entry once, as pinning nothing, at the entry", async () => {
      const head = pinned(key("NSIncludesSubdomains"), "<true/>", key("NSPinnedLeafIdentities"), "<array/>");
      const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
      expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f), f.message])).toEqual([
        ["drift/ats-relaxed", "warning", "App/Info.plist", where(head, key("pay.example.com")), "App: pinning for pay.example.com no longer pins any key (its pin lists are empty or gone); any certificate a trusted CA issues for it is accepted again, including one issued to an attacker."],
      ]);
    });

    it("reports a key added to a list as a note (one more key accepted) and a key removed as a tightening; subdomains no longer pinned as a relaxation", async () => {
      const head = pinned(...pins("NSPinnedCAIdentities", pin("C")), ...pins("NSPinnedLeafIdentities", pin("A"), pin("D")));
      const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
      expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f), f.message.replace(/;.*/, "")])).toEqual([
        // The second SPKI key in the new file is leaf pin D; the third in the old file is leaf pin B.
        ["drift/ats-relaxed", "note", "App/Info.plist", where(head, key("SPKI-SHA256-BASE64"), 2), "App: pinning for pay.example.com now also accepts the leaf key DDDDDDDDDDDD…"],
        ["drift/ats-relaxed", "warning", "Old/Info.plist", where(base, key("NSIncludesSubdomains")), "App: the subdomains of pay.example.com are no longer pinned"],
        ["drift/ats-tightened", "note", "Old/Info.plist", where(base, key("SPKI-SHA256-BASE64"), 2), "App: pinning for pay.example.com no longer accepts the leaf key BBBBBBBBBBBB…"],
      ]);
      // The reverse: the key added back is a note, the one removed a tightening, subdomains pinned again a tightening.
      const reverse = await drift([app({ folder: "Old", infoPlist: head })], [app({ infoPlist: base })]);
      expect(reverse.map((f) => [f.ruleId, f.severity, f.message.replace(/;.*/, "")])).toEqual([
        ["drift/ats-tightened", "note", "App: the subdomains of pay.example.com are now pinned too"],
        ["drift/ats-relaxed", "note", "App: pinning for pay.example.com now also accepts the leaf key BBBBBBBBBBBB…"],
        ["drift/ats-tightened", "note", "App: pinning for pay.example.com no longer accepts the leaf key DDDDDDDDDDDD…"],
      ]);
      expect(await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: base })])).toEqual([]);
    });
  });
});

describe("drift/local-network-changed", () => {
  it("reports a changed usage text and added and removed Bonjour types", async () => {
    const base = plist(key("NSLocalNetworkUsageDescription"), string("Finds printers."), key("NSBonjourServices"), arrayOf("_ipp._tcp", "_old._udp"));
    const head = plist(key("NSLocalNetworkUsageDescription"), string("Finds printers and TVs."), key("NSBonjourServices"), arrayOf("_ipp._tcp", "_airplay._tcp"));
    const findings = await drift([app({ folder: "Old", infoPlist: base })], [app({ infoPlist: head })]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f)])).toEqual([
      ["drift/local-network-changed", "note", "App/Info.plist", where(head, key("NSLocalNetworkUsageDescription"))],
      ["drift/local-network-changed", "note", "App/Info.plist", where(head, string("_airplay._tcp"))],
      ["drift/local-network-changed", "note", "Old/Info.plist", where(base, string("_old._udp"))],
    ]);
    expect(findings[2]!.message).toBe("App: Bonjour service type _old._udp is removed from NSBonjourServices; browsing or advertising it fails with NoAuth (-65555) on iOS 14+.");
  });
});

describe("drift/target-added and drift/target-removed", () => {
  const info = (id: string): string => plist(key("CFBundleIdentifier"), string(id));

  it("reports an extension that is new at its bundle identifier, one that is gone in the old file", async () => {
    const tunnel = buildTarget({ name: "Tunnel", bundleId: "com.example.app.tunnel", kind: "app-extension", infoPlist: info("com.example.app.tunnel"), entitlements: plist(key(NE), arrayOf("packet-tunnel-provider")) });
    const widget = buildTarget({ name: "Widget", folder: "Old/Widget", bundleId: "com.example.app.widget", kind: "app-extension", infoPlist: info("com.example.app.widget") });
    const findings = await drift([app(), widget], [app(), tunnel]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, located(f), f.message])).toEqual([
      ["drift/target-removed", "note", "Old/Widget/Info.plist", where(info("x"), key("CFBundleIdentifier")), "The app extension Widget (com.example.app.widget) no longer ships: users who update lose what it provided; its App ID and profiles can be retired once no build needs them."],
      ["drift/target-added", "note", "Tunnel/Info.plist", where(info("x"), key("CFBundleIdentifier")), `New app extension Tunnel (com.example.app.tunnel): it needs its own App ID with the capabilities ${NE} and its own provisioning profiles before the build can be signed; App Review sees a new extension in the next submission.`],
    ]);
  });

  it("pairs by bundle identifier, else by name and kind, and per configuration", async () => {
    const noId = (name: string, configuration: string): Target => {
      const target = buildTarget({ name, kind: "app" });
      return Object.assign(target, { configuration });
    };
    const pairs = pairTargets(workspace(app({ name: "Old" }), noId("Tool", "Release")), workspace(noId("Tool", "Debug"), app({ name: "New" })));
    expect(pairs.map((p) => [p.base?.name, p.head?.name, p.head?.configuration ?? p.base?.configuration])).toEqual([
      [undefined, "Tool", "Debug"],
      ["Old", "New", undefined],
      ["Tool", undefined, "Release"],
    ]);
  });
});

describe("drift findings are ordinary findings", () => {
  const base = plist();
  const head = plist("<!-- ne-lint-disable-next-line drift/entitlement-added -- approved in #12 -->", key(MULTICAST), "<true/>", key("aps-environment"), string("production"));

  it("are suppressed inline and take their severity from the config", async () => {
    const findings = await drift([app({ entitlements: base })], [app({ entitlements: head })], { config: { rules: { "drift/entitlement-added": { severity: "error" } }, ignore: [] } });
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([["drift/entitlement-added", "error", 5]]);
    expect(await drift([app({ entitlements: base })], [app({ entitlements: head })], { config: { rules: { "drift/entitlement-added": { severity: "off" } }, ignore: [] } })).toEqual([]);
  });

  it("keep their fingerprint when lines move", async () => {
    const moved = plist("", "", "", key("aps-environment"), string("production"));
    const [a] = await drift([app({ entitlements: base })], [app({ entitlements: plist(key("aps-environment"), string("production")) })]);
    const [b] = await drift([app({ entitlements: base })], [app({ entitlements: moved })]);
    expect(a!.line).not.toBe(b!.line);
    expect(a!.fingerprint).toBe(b!.fingerprint);
  });

  it("between two builds, a removal is located on the new build's file of the same kind, or the new build when the target is gone", async () => {
    const old = plist(key(MULTICAST), "<true/>");
    const findings = await drift([app({ folder: "Old.app", entitlements: old }), buildTarget({ name: "Gone", bundleId: "com.example.gone", kind: "app-extension", folder: "Old.app/PlugIns/Gone.appex", infoPlist: plist(key("CFBundleIdentifier"), string("com.example.gone")) })], [app({ folder: "New.app", entitlements: plist(), infoPlist: plist() })], { removalsIn: "head", headRoot: "New.ipa" });
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ["drift/entitlement-removed", "New.app/App.entitlements", undefined],
      ["drift/target-removed", "New.ipa", undefined],
    ]);
  });
});
