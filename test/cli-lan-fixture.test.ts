/**
 * Local-network API evidence end to end: a committed iOS project (pbxproj, Info.plist, a Swift browser and an
 * Objective-C MultipeerConnectivity advertiser) run through the bundled CLI. The corpus and the holdout hold no
 * sources, so this is where `lan/missing-usage-description` and `lan/bonjour-missing-type` are seen reading a
 * project's source files and pointing at the lines that use the network. The twin declares both keys.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/linter/finding.js";
import { runCli } from "./helpers/cli.js";

const FIXTURE = "test/fixtures/lan-app";

function lintJson(folder: string): { status: number | null; findings: Finding[] } {
  const run = runCli([`${FIXTURE}/${folder}`, "--format", "json", "--fail-on", "warning"]);
  return { status: run.status, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings };
}

describe("local-network evidence from a project's sources, through the CLI", () => {
  it("reports the missing purpose string and the unlisted Bonjour types at the source lines that use them", () => {
    const { status, findings } = lintJson("missing-keys");
    const app = `${FIXTURE}/missing-keys/LanApp`;
    expect(status).toBe(1);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ["lan/missing-usage-description", "warning", `${app}/Browser.swift`, 5, 27, 5, 36],
      ["lan/bonjour-missing-type", "warning", `${app}/Browser.swift`, 5, 57, 5, 75],
      ["lan/bonjour-missing-type", "warning", `${app}/Chat.m`, 6, 107, 6, 117],
      ["lan/bonjour-missing-type", "warning", `${app}/Chat.m`, 6, 107, 6, 117],
    ]);
    expect(findings[0]!.message).toBe(
      `This app uses NWBrowser browsing Bonjour (${app}/Browser.swift:5), a local-network operation, but ${app}/Info.plist has no NSLocalNetworkUsageDescription; the Local Network alert will not say why the app asks.`,
    );
    // MultipeerConnectivity service type "lan-chat" needs both the TCP and the UDP type.
    expect(findings.slice(1).map((f) => /"(_[^"]+)"/.exec(f.message)?.[1])).toEqual(["_lanfixture._tcp", "_lan-chat._tcp", "_lan-chat._udp"]);
  });

  it("gives the evidence lines as annotations a pull request can show (file, line, column)", () => {
    const run = runCli([`${FIXTURE}/missing-keys`, "--format", "github"]);
    const annotations = run.stdout.split("\n").filter((line) => line.startsWith("::warning "));
    expect(annotations.map((line) => /file=([^,]+),line=(\d+),/.exec(line)?.slice(1))).toEqual([
      [`${FIXTURE}/missing-keys/LanApp/Browser.swift`, "5"],
      [`${FIXTURE}/missing-keys/LanApp/Browser.swift`, "5"],
      [`${FIXTURE}/missing-keys/LanApp/Chat.m`, "6"],
      [`${FIXTURE}/missing-keys/LanApp/Chat.m`, "6"],
    ]);
  });

  it("reports nothing when the app declares the purpose string and every type it uses (the twin)", () => {
    const { status, findings } = lintJson("declared");
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });
});
