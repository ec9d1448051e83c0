/**
 * `ne-lint diff OLD NEW` through the CLI (the first case through the bundle, the rest in process) on two generated `.app` builds: what NEW claims that OLD did
 * not (drift) and the ordinary findings NEW has that OLD did not, every one located in NEW; the same build at
 * two paths reports nothing; the summary keeps NEW's count of files no target uses.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/linter/finding.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { buildSyntheticMachO, entitlementsXml, resignMachO, type EntitlementValue } from "../helpers/macho-fixtures.js";
import { PbxprojBuilder } from "../helpers/xcode-fixtures.js";

const info = (id: string, executable: string, packageType: string, ...lines: string[]): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    "<dict>",
    "\t<key>CFBundleIdentifier</key>",
    `\t<string>${id}</string>`,
    "\t<key>CFBundleExecutable</key>",
    `\t<string>${executable}</string>`,
    "\t<key>CFBundlePackageType</key>",
    `\t<string>${packageType}</string>`,
    "\t<key>MinimumOSVersion</key>",
    "\t<string>16.0</string>",
    ...lines,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");

const extensionInfo = (id: string, executable: string, point: string): string =>
  info(id, executable, "XPC!", "\t<key>NSExtension</key>", "\t<dict>", "\t\t<key>NSExtensionPointIdentifier</key>", `\t\t<string>${point}</string>`, "\t</dict>");

function executable(identifier: string, entitlements: Record<string, EntitlementValue>): Uint8Array {
  return resignMachO(buildSyntheticMachO({ platform: 2, minos: 0x100000 }), { codeDirectory: { identifier, teamID: "TEAM000001" }, entitlementsXml: entitlementsXml(entitlements) });
}

function writeBundle(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [file, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), data);
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-diff-"));
  const appId = { "application-identifier": "TEAM000001.com.example.app" };
  writeBundle(path.join(dir, "2.3/App.app"), {
    "Info.plist": info("com.example.app", "App", "APPL"),
    App: executable("com.example.app", { ...appId, "com.apple.developer.networking.networkextension": ["packet-tunnel-provider"] }),
    "PlugIns/Widget.appex/Info.plist": extensionInfo("com.example.app.widget", "Widget", "com.apple.widgetkit-extension"),
    "PlugIns/Widget.appex/Widget": executable("com.example.app.widget", {}),
  });
  const v24 = {
    "Info.plist": info("com.example.app", "App", "APPL", "\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<true/>", "\t</dict>"),
    App: executable("com.example.app", { ...appId, "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "app-push-provider"], "com.apple.developer.networking.multicast": true }),
    "PlugIns/Tunnel.appex/Info.plist": extensionInfo("com.example.app.tunnel", "Tunnel", "com.apple.networkextension.packet-tunnel"),
    "PlugIns/Tunnel.appex/Tunnel": executable("com.example.app.tunnel", { "com.apple.developer.networking.networkextension": ["packet-tunnel-provider"] }),
  };
  writeBundle(path.join(dir, "2.4/App.app"), v24);
  // The same build somewhere else: the comparison matches files relative to each side.
  writeBundle(path.join(dir, "release candidate/App.app"), v24);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function diff(...args: string[]): { status: number | null; findings: Finding[]; stderr: string } {
  const run = runCli(["diff", "--format", "json", ...args], { cwd: dir });
  return { status: run.status, findings: run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }).findings : [], stderr: run.stderr };
}

describe("ne-lint diff OLD NEW", () => {
  it("reports what the new build claims that the old one did not, every finding located in the new build", async () => {
    const run = diff("2.3/App.app", "2.4/App.app");
    expect(run.stderr).toBe("");
    expect(run.findings.filter((f) => f.ruleId.startsWith("drift/")).map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ["drift/target-removed", "note", "2.4/App.app", undefined],
      // Lines in the entitlements plist signed into the executable, as every rule reports them.
      ["drift/entitlement-value-added", "warning", "2.4/App.app/App", 10],
      ["drift/entitlement-added", "warning", "2.4/App.app/App", 12],
      ["drift/ats-relaxed", "warning", "2.4/App.app/Info.plist", 14],
      ["drift/target-added", "note", "2.4/App.app/PlugIns/Tunnel.appex/Info.plist", 4],
    ]);
    expect(run.findings.every((f) => f.file.startsWith("2.4/"))).toBe(true);
    const drift = run.findings.filter((f) => f.ruleId.startsWith("drift/"));
    expect(drift[0]!.message).toMatch(/^The app extension Widget.* \(com\.example\.app\.widget\) no longer ships/);
    expect(drift[2]!.message).toMatch(/claims a new entitlement com\.apple\.developer\.networking\.multicast \(Multicast Networking\): a managed capability: Apple must approve it/);
  });

  it("reports the ordinary findings of the new build that the old one did not have, as --base does", () => {
    const run = diff("2.3/App.app", "2.4/App.app");
    const ordinary = run.findings.filter((f) => !f.ruleId.startsWith("drift/"));
    expect(ordinary.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ["ne/managed-capability", "note", "2.4/App.app/App", 10],
      ["ne/profile-only-value-signed", "warning", "2.4/App.app/App", 10],
      ["ats/arbitrary-loads", "error", "2.4/App.app/Info.plist", 14],
      ["lan/missing-multicast-entitlement", "error", "2.4/App.app/PlugIns/Tunnel.appex/Tunnel", undefined],
      ["profile/missing-embedded-profile", "error", "2.4/App.app/PlugIns/Tunnel.appex/Tunnel", undefined],
    ]);
    // A plain lint of the new build has them too, with the same fingerprints (relative to the build), plus
    // what the old build already had: the app's missing profile is not new, so diff does not report it.
    const plain = (JSON.parse(runCli(["--format", "json", "2.4/App.app"], { cwd: dir }).stdout) as { findings: Finding[] }).findings;
    expect(plain.filter((f) => f.ruleId === "profile/missing-embedded-profile").map((f) => f.file)).toEqual(["2.4/App.app/App", "2.4/App.app/PlugIns/Tunnel.appex/Tunnel"]);
    for (const finding of ordinary) expect(plain.some((f) => f.ruleId === finding.ruleId && f.file === finding.file && f.line === finding.line)).toBe(true);
    // New errors fail the default gate.
    expect(run.status).toBe(1);
  });

  it("reports nothing between a build and itself, at the same or another path, and the reverse direction as removals and tightenings", () => {
    expect(diff("2.4/App.app", "2.4/App.app").findings).toEqual([]);
    const moved = diff("2.4/App.app", "release candidate/App.app");
    expect(moved.findings).toEqual([]);
    expect(moved.status).toBe(0);
    const reverse = diff("2.4/App.app", "2.3/App.app");
    expect(reverse.findings.filter((f) => f.ruleId.startsWith("drift/")).map((f) => [f.ruleId, f.file])).toEqual([
      ["drift/target-removed", "2.3/App.app"],
      ["drift/entitlement-removed", "2.3/App.app/App"],
      ["drift/entitlement-value-removed", "2.3/App.app/App"],
      ["drift/ats-tightened", "2.3/App.app/Info.plist"],
      ["drift/target-added", "2.3/App.app/PlugIns/Widget.appex/Info.plist"],
    ]);
    // What 2.3 has that 2.4 fixed: the app browses Bonjour without multicast and signs a tunnel value no
    // extension uses (2.4 adds both), and the widget 2.4 dropped has no profile.
    expect(reverse.findings.filter((f) => !f.ruleId.startsWith("drift/")).map((f) => [f.ruleId, f.file])).toEqual([
      ["lan/missing-multicast-entitlement", "2.3/App.app/App"],
      ["ne/profile-only-value-signed", "2.3/App.app/App"],
      ["lan/missing-multicast-entitlement", "2.3/App.app/PlugIns/Widget.appex/Widget"],
      ["profile/missing-embedded-profile", "2.3/App.app/PlugIns/Widget.appex/Widget"],
    ]);
  });

  it("keeps the new side's count of files no target uses in the summary", () => {
    const b = new PbxprojBuilder();
    const app = b.target({ name: "App", productType: "com.apple.product-type.application", configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "com.example.app" })]) });
    b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", { SDKROOT: "iphoneos" })]), targets: [app] });
    const unusedInfo = info("com.example.old", "Old", "APPL");
    writeBundle(path.join(dir, "src-1"), { "App.xcodeproj/project.pbxproj": b.toString(), "App/Info.plist": info("com.example.app", "App", "APPL") });
    writeBundle(path.join(dir, "src-2"), { "App.xcodeproj/project.pbxproj": b.toString(), "App/Info.plist": info("com.example.app", "App", "APPL"), "Old/Info.plist": unusedInfo });
    const run = runCli(["diff", "--format", "json", "src-1", "src-2"], { cwd: dir });
    const report = JSON.parse(run.stdout) as { findings: Finding[]; summary: { unused?: number } };
    expect(report.findings).toEqual([]);
    expect(report.summary.unused).toBe(1);
    expect(runCli(["diff", "src-1", "src-2"], { cwd: dir }).stdout).toMatch(/; 1 file no target uses \(leftovers, test data\) was not judged\n$/);
  });

  it("says drift was not fully checked when the old side has a file it cannot read that the new side reads", () => {
    const good = info("com.example.app", "App", "APPL");
    writeBundle(path.join(dir, "broken-1/App.app"), { "Info.plist": good.replace("</dict>", "") });
    writeBundle(path.join(dir, "broken-2/App.app"), { "Info.plist": good.replace("</dict>", "") });
    writeBundle(path.join(dir, "fixed/App.app"), { "Info.plist": good });
    const fixed = runCli(["diff", "--format", "json", "broken-1/App.app", "fixed/App.app"], { cwd: dir });
    const report = JSON.parse(fixed.stdout) as { findings: Finding[]; summary: { incomplete?: string[] } };
    const sentence = "Drift not fully checked: broken-1/App.app/Info.plist in broken-1/App.app was not read (the XML is not well formed: unexpected close tag), so what changed in the targets built from it is not known.";
    expect(report.summary.incomplete).toEqual([sentence]);
    expect(report.findings.filter((f) => f.ruleId === "lint/incomplete").map((f) => [f.severity, f.file, f.message])).toEqual([["warning", "broken-1/App.app/Info.plist", sentence]]);
    // Both sides unreadable alike: nothing to say beyond the ordinary findings, which are not new.
    const same = JSON.parse(runCli(["diff", "--format", "json", "broken-1/App.app", "broken-2/App.app"], { cwd: dir }).stdout) as { findings: Finding[]; summary: { incomplete?: string[] } };
    expect([same.findings, same.summary.incomplete]).toEqual([[], undefined]);
  });

  it("exits 2 with a sentence when a side is missing or not two paths are given", async () => {
    const missing = await runCliInProcess(["diff", "2.3/App.app", "2.5/App.app"], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("ne-lint: diff: 2.5/App.app does not exist\n");
    const one = await runCliInProcess(["diff", "2.3/App.app"], { cwd: dir });
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^ne-lint: diff needs two paths: ne-lint diff <old> <new>\n/);
  });
});
