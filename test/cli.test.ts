/**
 * The CLI contract: through the bundled dist/cli.js exactly as users run it for the first case, the
 * `--format json` report and `inspect`; through the CLI's main() in process for the rest.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { runCli, runCliInProcess } from "./helpers/cli.js";
import { repoRoot } from "./helpers/paths.js";
import { validateSarif, validateWithRepoSchema } from "./helpers/schemas.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const ARBITRARY = `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>\n</plist>\n`;
const WEB_CONTENT = ARBITRARY.replace("NSAllowsArbitraryLoads", "NSAllowsArbitraryLoadsInWebContent");

describe("ne-lint on the bundled example", () => {
  it("prints findings with file:line:col and exits 1", async () => {
    const run = runCli(["examples/"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("examples/ios-vpn-app/App/Info.plist");
    expect(run.stdout).toMatch(/^ {2}17:3 {2}error {4}NSAllowsArbitraryLoads is YES/m);
    expect(run.stdout).toMatch(/✖ \d+ problems \(\d+ errors, \d+ warnings?, \d+ notes?\)/);
    expect(run.stderr).toBe("");
  });

  it("honours the inline suppression in the example", async () => {
    const run = await runCliInProcess(["examples/", "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "ats/insecure-http-exception")).toBe(false);
  });
});

describe("--format json", () => {
  const run = runCli(["examples/", "--format", "json"]);
  const report = JSON.parse(run.stdout);

  it("matches the published contract schema", async () => {
    expect(validateWithRepoSchema("schema/json-output.schema.json", report)).toBeUndefined();
  });

  it("reports files relative to the working directory with 1-based positions", async () => {
    const first = report.findings[0];
    expect(first).toEqual({
      ruleId: "ats/arbitrary-loads",
      severity: "error",
      message: "NSAllowsArbitraryLoads is YES: App Transport Security is off for every host not listed in NSExceptionDomains.",
      file: "examples/ios-vpn-app/App/Info.plist",
      line: 17,
      column: 3,
      endLine: 17,
      endColumn: 36,
      target: "App",
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      docsUrl: expect.stringMatching(/^https:\/\/github\.com\/ne-lint\/ne-lint\/blob\/v[\d.]+\/docs\/rules\/ats\/arbitrary-loads\.md$/),
    });
    expect(report.summary.errors).toBe(report.findings.filter((f: { severity: string }) => f.severity === "error").length);
    expect(report.summary.files).toBe(4);
  });

  it("uses the working directory for relative paths", async () => {
    const cwd = path.join(repoRoot, "examples");
    const nested = JSON.parse((await runCliInProcess(["ios-vpn-app", "--format", "json"], { cwd })).stdout);
    expect(nested.findings[0].file).toBe("ios-vpn-app/App/Info.plist");
  });
});

describe("--format sarif", () => {
  const run = runCli(["examples/", "--format", "sarif"]);
  const sarif = JSON.parse(run.stdout);

  it("is valid SARIF 2.1.0 (OASIS schema)", async () => {
    expect(validateSarif(sarif)).toBeUndefined();
    // The validator itself rejects a broken log, so the assertion above can fail.
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [{ message: {} }] }] })).toBeDefined();
  });

  it("declares every rule with help and uses relative URIs and fingerprints", async () => {
    const runObject = sarif.runs[0];
    expect(sarif.runs).toHaveLength(1);
    expect(runObject.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const rule of runObject.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    for (const result of runObject.results) {
      const uri = result.locations[0].physicalLocation.artifactLocation.uri;
      expect(uri).not.toMatch(/^(file:|\/)/);
      expect(result.partialFingerprints["neLintFingerprint/v1"]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(runObject.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 17, startColumn: 3, endLine: 17, endColumn: 36 });
  });

  it("keeps fingerprints when lines move", async () => {
    const dir = project("fingerprint", { "App/Info.plist": ARBITRARY });
    const before = JSON.parse((await runCliInProcess([".", "--format", "sarif"], { cwd: dir })).stdout).runs[0].results[0];
    writeFileSync(path.join(dir, "App/Info.plist"), ARBITRARY.replace("<dict>\n", "<dict>\n\t<key>CFBundleName</key>\n\t<string>x</string>\n"));
    const after = JSON.parse((await runCliInProcess([".", "--format", "sarif"], { cwd: dir })).stdout).runs[0].results[0];
    expect(after.locations[0].physicalLocation.region.startLine).toBe(before.locations[0].physicalLocation.region.startLine + 2);
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
  });
});

describe("--format github", () => {
  it("prints one workflow command per finding, notes as notices", async () => {
    const dir = project("github", { "A/Info.plist": ARBITRARY, "B/Info.plist": WEB_CONTENT, "C/Info.plist": ARBITRARY.replace("NSAllowsArbitraryLoads", "NSAllowsLocalNetworking") });
    const run = await runCliInProcess([".", "--format", "github"], { cwd: dir });
    expect(run.stdout.trim().split("\n")).toEqual([
      "::error file=A/Info.plist,line=6,col=3,endLine=6,endColumn=36,title=ne-lint ats/arbitrary-loads::NSAllowsArbitraryLoads is YES: App Transport Security is off for every host not listed in NSExceptionDomains.",
      "::warning file=B/Info.plist,line=6,col=3,endLine=6,endColumn=48,title=ne-lint ats/arbitrary-loads-web-content::NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security.",
      "::notice file=C/Info.plist,line=6,col=3,endLine=6,endColumn=37,title=ne-lint ats/local-networking::NSAllowsLocalNetworking is YES: connections to local hosts and IP addresses are exempt from App Transport Security.",
    ]);
  });
});

describe("exit status and --fail-on", () => {
  const dir = project("fail-on", { "App/Info.plist": WEB_CONTENT });
  it.each([
    ["error", 0],
    ["warning", 1],
    ["note", 1],
    ["none", 0],
  ])("--fail-on %s with one warning exits %i", (failOn, status) => {
    expect(runCli([".", "--fail-on", failOn], { cwd: dir }).status).toBe(status);
  });

  it("exits 0 and says so when nothing is wrong", async () => {
    const clean = project("clean", { "App/Info.plist": ARBITRARY.replace("<true/>", "<false/>") });
    const run = await runCliInProcess(["."], { cwd: clean });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("✔ No problems in 1 file\n");
  });

  it.each([
    [["--format", "xml"], /--format must be one of stylish, json, sarif, github/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--platform", "android"], /--platform must be one of/],
  ])("usage error %j exits 2", (args, message) => {
    const run = runCli([...args, "."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a missing path exits 2", async () => {
    const run = await runCliInProcess(["no/such/dir"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("ne-lint: no/such/dir: no such file or directory\n");
  });

  it("--version and --help", async () => {
    expect((await runCliInProcess(["--version"])).stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
    const help = await runCliInProcess(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ne-lint \[options\] \[paths\.\.\.\]/);
  });

  it("--output writes the report to a file", async () => {
    const run = await runCliInProcess([".", "--format", "json", "--output", "out/report.json"], { cwd: dir });
    expect(run.stdout).toBe("");
    expect(JSON.parse(readFileSync(path.join(dir, "out/report.json"), "utf8")).findings).toHaveLength(1);
  });
});

describe("configuration (.ne-lint.json, data only)", () => {
  it("changes severities, turns rules off and ignores paths", async () => {
    const dir = project("config", {
      ".ne-lint.json": JSON.stringify({ rules: { "ats/arbitrary-loads": "warning", "ats/arbitrary-loads-web-content": "off" }, ignore: ["vendor/**"] }),
      "App/Info.plist": ARBITRARY,
      "Web/Info.plist": WEB_CONTENT,
      "vendor/Lib/Info.plist": ARBITRARY,
    });
    const report = JSON.parse((await runCliInProcess([".", "--format", "json"], { cwd: dir })).stdout);
    expect(report.findings.map((f: { ruleId: string; severity: string; file: string }) => [f.ruleId, f.severity, f.file])).toEqual([["ats/arbitrary-loads", "warning", "App/Info.plist"]]);
  });

  it("rejects unknown rule ids and bad values with exit 2", async () => {
    const dir = project("bad-config", { ".ne-lint.json": JSON.stringify({ rules: { "ats/no-such-rule": "error" } }), "App/Info.plist": ARBITRARY });
    const run = await runCliInProcess(["."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\.ne-lint\.json does not match the ne-lint config schema/);
  });

  it("never executes a JavaScript config from the repository", async () => {
    const marker = path.join(scratch, "executed-marker");
    const dir = project("js-config", {
      ".ne-lint.js": `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
      "ne-lint.config.js": `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
      "App/Info.plist": ARBITRARY,
    });
    await runCliInProcess(["."], { cwd: dir });
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe("inline suppressions", () => {
  it("accepts the ne-lint and the ESLint spelling, only for the next line", async () => {
    const text = ARBITRARY.replace("\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads -- legacy CDN -->\n\t\t<key>NSAllowsArbitraryLoads</key>");
    const dir = project("suppress", { "A/Info.plist": text, "B/Info.plist": text.replace("eslint-disable-next-line ne-lint/", "ne-lint-disable-next-line "), "C/Info.plist": text.replace("ne-lint/ats/arbitrary-loads", "ne-lint/ats/other-rule") });
    const report = JSON.parse((await runCliInProcess([".", "--format", "json"], { cwd: dir })).stdout);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(["C/Info.plist"]);
  });
});
