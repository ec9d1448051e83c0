/**
 * Bounded work on sources (issue #17): every local-network scan of a run shares one read of each source file,
 * no file is read twice however many rules and targets ask, and a file is read only up to the cap.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { BONJOUR_SOURCE_SCANNER, bonjourEvidence, bonjourEvidenceInSource } from "../../src/checks/lan/bonjour-evidence.js";
import { MULTICAST_SOURCE_SCANNER, evidenceInSource } from "../../src/checks/lan/evidence.js";
import { MAX_SOURCE_BYTES, sourceReads } from "../../src/checks/lan/source-scan.js";
import { lint } from "../../src/engine.js";

const root = mkdtempSync(path.join(tmpdir(), "ne-lint-source-reads-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
\t<key>CFBundleIdentifier</key>
\t<string>com.example.app</string>
\t<key>CFBundlePackageType</key>
\t<string>APPL</string>
\t<key>MinimumOSVersion</key>
\t<string>16.0</string>
</dict>
</plist>
`;

const PLAIN = 40;
mkdirSync(path.join(root, "App/Sources"), { recursive: true });
writeFileSync(path.join(root, "App/Info.plist"), INFO_PLIST);
let sourceBytes = 0;
const source = (name: string, text: string): void => {
  writeFileSync(path.join(root, "App/Sources", name), text);
  sourceBytes += Buffer.byteLength(text);
};
for (let i = 0; i < PLAIN; i++) source(`Plain${i}.swift`, `import Foundation\nlet value${i} = ${i}\n`);
// Words either scan looks for, but only in comments: read and scanned, and still no evidence.
source("Commented.swift", "// NWMulticastGroup and NetServiceBrowser, one day\nlet x = 1\n");
source("Multicast.swift", 'import Network\n\nlet group = try NWMulticastGroup(for: [.hostPort(host: "239.255.255.250", port: 1900)])\n');
source("Browser.swift", 'import Foundation\n\nlet browser = NetServiceBrowser()\nlet type = "_printer._tcp"\n');
// Over the cap: never read whole, so no evidence from it (a generated blob, not networking code).
source("Huge.swift", `let blob = "${"a".repeat(MAX_SOURCE_BYTES)}"\nlet g = NWConnectionGroup()\n`);

const lanRules = RULES.filter((rule) => rule.meta.id.startsWith("lan/") || rule.meta.id.startsWith("sandbox/"));

describe("source scans", () => {
  it("read each source once for every local-network rule, and find the same evidence", async () => {
    const before = { ...sourceReads };
    const result = await lint({ paths: ["."], cwd: root, rules: lanRules });
    const found = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
    expect(found).toEqual([
      "lan/missing-usage-description App/Sources/Browser.swift:3:15",
      "lan/bonjour-missing-type App/Sources/Browser.swift:4:12",
      "lan/missing-multicast-entitlement App/Sources/Multicast.swift:3:17",
    ]);
    // PLAIN + Commented + Multicast + Browser read once each; Huge is opened but not taken (over the cap).
    expect(sourceReads.files - before.files).toBe(PLAIN + 3);
    expect(sourceReads.bytes - before.bytes).toBe(sourceBytes - Buffer.byteLength(`let blob = "${"a".repeat(MAX_SOURCE_BYTES)}"\nlet g = NWConnectionGroup()\n`));
  });

  it("read them again in the next run (results are remembered per run, not per process)", async () => {
    const before = sourceReads.files;
    await lint({ paths: ["."], cwd: root, rules: lanRules });
    expect(sourceReads.files - before).toBe(PLAIN + 3);
  });
});

describe("Bonjour evidence", () => {
  it("is gathered once per target and run, however many rules ask", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: [] });
    const target = result.workspace.targets[0]!;
    const table = new Map<string, unknown>();
    const memo = <T>(key: string, compute: () => T): T => {
      if (!table.has(key)) table.set(key, compute());
      return table.get(key) as T;
    };
    const first = bonjourEvidence(target, memo);
    expect(first.apis.map((api) => `${api.file}:${api.line}`)).toEqual(["App/Sources/Browser.swift:3"]);
    expect(bonjourEvidence(target, memo)).toBe(first);
    // Another run (another memo) gathers it again.
    expect(bonjourEvidence(target, (_key, compute) => compute())).not.toBe(first);
  });
});

describe("the words a source scan needs", () => {
  // A scanner skips a file its `mayFind` does not match: every token and pattern of the scan must be among its
  // words, or adding one to the scan without the word would silently find nothing.
  const tokens = (file: string, pattern: RegExp): string[] => [...readFileSync(path.join(__dirname, "../../src/checks/lan", file), "utf8").matchAll(pattern)].map((match) => match[1]!);

  it("include every Bonjour API token, and serviceType in any case", () => {
    const apiTokens = tokens("bonjour-evidence.ts", /\{ token: "([^"]+)", (?:requires: \[[^\]]*\], )?what: "[^"]+"(?:, multipeer: true)? \}/g).slice(0, 14);
    expect(apiTokens.length).toBeGreaterThan(10);
    for (const token of [...apiTokens, "serviceType", "SERVICETYPE", "ServiceType"]) {
      const text = `let x = ${token} .bonjour NWListener.Service\nlet serviceType = "chat"\n`;
      expect({ token, may: BONJOUR_SOURCE_SCANNER.mayFind.test(text) }).toEqual({ token, may: true });
    }
    expect(BONJOUR_SOURCE_SCANNER.mayFind.test("import Foundation\nlet value = 1\n")).toBe(false);
    expect(bonjourEvidenceInSource("import Foundation\nlet value = 1\n", "a.swift")).toEqual(BONJOUR_SOURCE_SCANNER.nothing);
  });

  it("include every multicast API and an example of each address literal", () => {
    const certain = tokens("evidence.ts", /\{ regex: \/\\b(\w+)\\b\/, what: "\w+", certain: true \}/g);
    expect(certain.length).toBeGreaterThan(8);
    const examples = [...certain, "_services._dns-sd._udp", 'send(to: "239.255.255.250:1900")', 'broadcast "255.255.255.255"', 'multicast host "FF02::1"'];
    for (const example of examples) {
      const text = `let x = ${example}\n`;
      expect({ example, may: MULTICAST_SOURCE_SCANNER.mayFind.test(text) }).toEqual({ example, may: true });
      expect({ example, found: evidenceInSource(text, "a.swift") !== undefined }).toEqual({ example, found: true });
    }
    expect(MULTICAST_SOURCE_SCANNER.mayFind.test("import Foundation\nlet value = 1\n")).toBe(false);
  });
});
