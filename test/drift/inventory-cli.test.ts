/** `ne-lint inventory` through the bundled CLI: what each target ships with, as Markdown and JSON; repository text cannot format or control the terminal. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const plist = (...lines: string[]): string => ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-inventory-"));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write(
    "App/Info.plist",
    plist(
      "<key>CFBundleIdentifier</key><string>com.example.app</string>",
      "<key>MinimumOSVersion</key><string>16.0</string>",
      "<key>NSLocalNetworkUsageDescription</key><string>Finds `printers` | here</string>",
      "<key>NSBonjourServices</key><array><string>_ipp._tcp</string></array>",
      "<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoadsInWebContent</key><true/>",
      "<key>NSExceptionDomains</key><dict><key>legacy.example.com\u202e</key><dict><key>NSExceptionAllowsInsecureHTTPLoads</key><true/><key>NSIncludesSubdomains</key><true/></dict></dict>",
      "<key>NSPinnedDomains</key><dict><key>pay.example.com</key><dict/></dict></dict>",
    ),
  );
  write("App/App.entitlements", plist("<key>com.apple.developer.networking.networkextension</key><array><string>packet-tunnel-provider</string></array>", "<key>com.apple.developer.networking.multicast</key><true/>", "<key>com.apple.security.app-sandbox</key><false/>"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ne-lint inventory", () => {
  it("prints each target's entitlements, ATS posture and local network keys as Markdown", () => {
    const run = runCli(["inventory"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        "# What ships",
        "",
        "## `App`",
        "",
        "`ios`, `com.example.app`",
        "",
        "| Entitlement | Capability | Value |",
        "| --- | --- | --- |",
        '| `com.apple.developer.networking.networkextension` | Network Extensions | `["packet-tunnel-provider"]` |',
        "| `com.apple.developer.networking.multicast` | Multicast Networking | `true` |",
        "",
        "From `App/App.entitlements`.",
        "",
        "**App Transport Security**: NSAllowsArbitraryLoads off; on: NSAllowsArbitraryLoadsInWebContent; exception `legacy.example.com\\u202e` and subdomains allows plain HTTP; pinned: `pay.example.com`.",
        "",
        "**Local network**: usage description ``Finds `printers` \\| here``; Bonjour services `_ipp._tcp`.",
        "",
      ].join("\n"),
    );
  });

  it("prints the same as JSON, with bidi controls as \\u escapes", () => {
    const run = runCli(["inventory", "--format", "json", "App"], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("\u202e");
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      targets: [
        {
          target: "App",
          bundleId: "com.example.app",
          platform: "ios",
          entitlementsFrom: ["App/App.entitlements"],
          entitlements: [
            { key: "com.apple.developer.networking.networkextension", capability: "Network Extensions", value: ["packet-tunnel-provider"] },
            { key: "com.apple.developer.networking.multicast", capability: "Multicast Networking", value: true },
          ],
          ats: { arbitraryLoads: "off", on: ["NSAllowsArbitraryLoadsInWebContent"], exceptionDomains: [{ domain: "legacy.example.com\u202e", allows: ["plain HTTP"], includesSubdomains: true }], pinnedDomains: ["pay.example.com"] },
          localNetwork: { usageDescription: "Finds `printers` | here", bonjourServices: ["_ipp._tcp"] },
        },
      ],
    });
  });

  it("refuses an unknown format with exit 2", () => {
    const run = runCli(["inventory", "--format", "sarif"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('ne-lint: --format must be markdown or json (got "sarif")\n');
  });
});
