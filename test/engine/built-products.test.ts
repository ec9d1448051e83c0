/**
 * `ne-lint App.ipa` / `.app` / `.xcarchive`: the bundled CLI reads built products without extracting them and
 * runs the rules on every bundle inside; findings point at `App.ipa!/Payload/…`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { runCli } from "../helpers/cli.js";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildSyntheticMachO, entitlementsXml, opensslCmsSigner, resignMachO } from "../helpers/macho-fixtures.js";
import { buildPki, hasOpenssl, opensslSkipReason, profileXml, signProfile, type Pki } from "../helpers/profile-fixtures.js";
import { buildZip, hasPython } from "../helpers/zip-fixtures.js";

const APP_INFO = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
	<key>CFBundleExecutable</key>
	<string>App</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
	<key>MinimumOSVersion</key>
	<string>16.0</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>NSAllowsArbitraryLoads</key>
		<true/>
	</dict>
</dict>
</plist>
`;

const TUNNEL_INFO = APP_INFO.replace("com.example.app", "com.example.app.tunnel").replace("<string>App</string>", "<string>Tunnel</string>").replace("APPL", "XPC!").replace(
  /<key>NSAppTransportSecurity<\/key>[\s\S]*?<\/dict>\n/,
  "<key>NSExtension</key>\n\t<dict>\n\t\t<key>NSExtensionPointIdentifier</key>\n\t\t<string>com.apple.networkextension.packet-tunnel</string>\n\t</dict>\n",
);

function signedExecutable(entitlements: Record<string, string | boolean | string[]>, identifier: string, cms?: (codeDirectory: Uint8Array) => Uint8Array): Uint8Array {
  const unsigned = buildSyntheticMachO({ platform: 2, minos: 0x100000, strings: ["224.0.0.251"], imports: ["_setsockopt"] });
  return resignMachO(unsigned, { codeDirectory: { identifier, teamID: "TEAM000001" }, entitlementsXml: entitlementsXml(entitlements), ...(cms ? { cms } : {}) });
}

describe.skipIf(!hasPython || !hasOpenssl)("built products", () => {
  let dir: string;
  let pki: Pki;
  let ipa: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-built-"));
    pki = buildPki();
    const profile = signProfile(pki, profileXml("app-store", pki));
    ipa = path.join(dir, "App.ipa");
    buildZip(ipa, [
      { name: "Payload/App.app/Info.plist", data: APP_INFO },
      { name: "Payload/App.app/App", data: signedExecutable({ "application-identifier": "TEAM000001.com.example.app", "com.apple.developer.networking.networkextension": ["packet-tunnel-provider"] }, "com.example.app", opensslCmsSigner(dir)) },
      { name: "Payload/App.app/embedded.mobileprovision", data: profile, method: "stored" },
      { name: "Payload/App.app/PlugIns/Tunnel.appex/Info.plist", data: TUNNEL_INFO },
      { name: "Payload/App.app/PlugIns/Tunnel.appex/Tunnel", data: signedExecutable({ "application-identifier": "TEAM000001.com.example.app.tunnel" }, "com.example.app.tunnel") },
      { name: "../../evil.txt", data: "zip slip" },
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("models every bundle in the .ipa as a target with signed entitlements, profile and platform", async () => {
    const result = await lint({ paths: ["App.ipa"], cwd: dir, rules: [] });
    const [app, tunnel] = result.workspace.targets;
    expect(result.workspace.targets).toHaveLength(2);
    expect(app).toMatchObject({ name: "App.app", origin: "bundle", built: true, embeddedProfile: true });
    expect(app!.kind?.value).toBe("app");
    expect(app!.platform).toEqual({ value: "ios", source: "LC_BUILD_VERSION in App.ipa!/Payload/App.app/App" });
    expect(app!.deploymentTarget?.value).toBe("16.0");
    expect(app!.signedEntitlements?.file.path).toBe("App.ipa!/Payload/App.app/App");
    expect(app!.profiles[0]?.kind).toBe("app-store");
    expect(app!.binary?.symbols).toContain("_setsockopt");
    // The leaf that signed the CMS blob, as openssl wrote it: compared with the profile's DeveloperCertificates.
    expect(app!.binary?.signingCertificateSha256).toBe(new X509Certificate(readFileSync(path.join(dir, "cms-cert.pem"))).fingerprint256.replace(/:/g, "").toLowerCase());
    expect(tunnel!.binary?.signingCertificateSha256).toBeUndefined();
    expect(app!.binary?.strings).toContain("224.0.0.251");
    expect(app!.children).toEqual([tunnel]);
    expect(tunnel!.parent).toBe(app);
    expect(tunnel!.kind?.value).toBe("app-extension");
  });

  it("reports findings at App.ipa!/Payload/… with positions, and the zip-slip entry", () => {
    const run = runCli(["App.ipa", "--format", "json"], { cwd: dir });
    const report = JSON.parse(run.stdout);
    const byRule = (id: string) => report.findings.filter((f: { ruleId: string }) => f.ruleId === id);
    expect(byRule("ats/arbitrary-loads")).toEqual([
      expect.objectContaining({ file: "App.ipa!/Payload/App.app/Info.plist", line: 14, column: 3 }),
    ]);
    expect(byRule("bundle/unsafe-path")).toEqual([expect.objectContaining({ file: "App.ipa", severity: "error" })]);
    // Signed by a certificate the embedded profile does not list (ITMS-90161 territory).
    expect(byRule("profile/signing-cert-not-in-profile")).toEqual([expect.objectContaining({ file: "App.ipa!/Payload/App.app/embedded.mobileprovision", severity: "error" })]);
    expect(byRule("bundle/unsafe-path")[0].message).toMatch(/\.\.\/\.\.\/evil\.txt/);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
  });

  it("reads an unpacked .app folder and an .xcarchive the same way", async () => {
    const appDir = path.join(dir, "build", "Products", "App.xcarchive", "Products", "Applications", "App.app");
    mkdirSync(appDir, { recursive: true });
    writeFileSync(path.join(appDir, "Info.plist"), APP_INFO);
    writeFileSync(path.join(appDir, "App"), signedExecutable({ "get-task-allow": true }, "com.example.app"));
    const result = await lint({ paths: ["build"], cwd: dir, rules: [] });
    expect(result.workspace.targets.map((t) => [t.name, t.origin, t.signedEntitlements?.file.path])).toEqual([["App.app", "bundle", "build/Products/App.xcarchive/Products/Applications/App.app/App"]]);
  });
});

if (!hasPython || !hasOpenssl) console.warn(`built-products.test.ts: ${opensslSkipReason} / python3 missing`);
