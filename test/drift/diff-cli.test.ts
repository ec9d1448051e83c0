/** `ne-lint diff OLD NEW` through the CLI (the first case through the bundle, the rest in process) on two generated `.app` builds: what NEW claims that OLD did not, located in NEW. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/linter/finding.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { buildSyntheticMachO, entitlementsXml, resignMachO, type EntitlementValue } from "../helpers/macho-fixtures.js";

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
  writeBundle(path.join(dir, "2.4/App.app"), {
    "Info.plist": info("com.example.app", "App", "APPL", "\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<true/>", "\t</dict>"),
    App: executable("com.example.app", { ...appId, "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "app-push-provider"], "com.apple.developer.networking.multicast": true }),
    "PlugIns/Tunnel.appex/Info.plist": extensionInfo("com.example.app.tunnel", "Tunnel", "com.apple.networkextension.packet-tunnel"),
    "PlugIns/Tunnel.appex/Tunnel": executable("com.example.app.tunnel", { "com.apple.developer.networking.networkextension": ["packet-tunnel-provider"] }),
  });
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
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ["drift/target-removed", "note", "2.4/App.app", undefined],
      // Lines in the entitlements plist signed into the executable, as every rule reports them.
      ["drift/entitlement-value-added", "warning", "2.4/App.app/App", 10],
      ["drift/entitlement-added", "warning", "2.4/App.app/App", 12],
      ["drift/ats-relaxed", "warning", "2.4/App.app/Info.plist", 14],
      ["drift/target-added", "note", "2.4/App.app/PlugIns/Tunnel.appex/Info.plist", 4],
    ]);
    expect(run.findings.every((f) => f.file.startsWith("2.4/"))).toBe(true);
    expect(run.findings[0]!.message).toMatch(/^The app extension Widget.* \(com\.example\.app\.widget\) no longer ships/);
    expect(run.findings[2]!.message).toMatch(/claims a new entitlement com\.apple\.developer\.networking\.multicast \(Multicast Networking\): a managed capability: Apple must approve it/);
    // Warnings pass the default gate; a release gate at warning fails.
    expect(run.status).toBe(0);
    expect(diff("--fail-on", "warning", "2.3/App.app", "2.4/App.app").status).toBe(1);
  });

  it("reports nothing between a build and itself, and the reverse direction as removals and tightenings", async () => {
    expect(diff("2.4/App.app", "2.4/App.app").findings).toEqual([]);
    const reverse = diff("2.4/App.app", "2.3/App.app");
    expect(reverse.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ["drift/target-removed", "2.3/App.app"],
      ["drift/entitlement-removed", "2.3/App.app/App"],
      ["drift/entitlement-value-removed", "2.3/App.app/App"],
      ["drift/ats-tightened", "2.3/App.app/Info.plist"],
      ["drift/target-added", "2.3/App.app/PlugIns/Widget.appex/Info.plist"],
    ]);
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
