/**
 * Conventions users bring from ESLint and friends (issue 14), through the CLI's `main()` in process (a
 * --max-warnings run and a --stdin run through the bundled dist/cli.js):
 * --max-warnings, --quiet, `ne-lint rules`, --help examples, FORCE_COLOR, --stdin, the additive JSON fields.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { RULES } from "../rules/index.js";
import { colorEnabled } from "../src/cli/args.js";
import { progressWanted, startProgress } from "../src/cli/progress.js";
import { runCli, runCliInProcess } from "./helpers/cli.js";
import { validateWithRepoSchema } from "./helpers/schemas.js";
import { PbxprojBuilder } from "./helpers/xcode-fixtures.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-conventions-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const plist = (ats: string): string => `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n${ats}\t</dict>\n</dict>\n</plist>\n`;
/** One error (arbitrary loads) and one warning (TLS 1.0 for a domain). */
const MIXED = plist(
  "\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>example.com</key>\n\t\t\t<dict>\n\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t\t\t<string>TLSv1.0</string>\n\t\t\t</dict>\n\t\t</dict>\n",
);
const WARNING = plist("\t\t<key>NSAllowsArbitraryLoadsInWebContent</key>\n\t\t<true/>\n");

describe("--max-warnings and --quiet", () => {
  const dir = tree("warnings", { "App/Info.plist": WARNING });

  it("--max-warnings N exits 1 when there are more than N warnings, and says so", async () => {
    expect((await runCliInProcess(["--max-warnings", "1", "."], { cwd: dir })).status).toBe(0);
    const over = runCli(["--max-warnings", "0", "."], { cwd: dir });
    expect(over.status).toBe(1);
    expect(over.stderr).toBe("ne-lint: 1 warning, more than --max-warnings 0\n");
    expect((await runCliInProcess(["--max-warnings", "-1", "."], { cwd: dir })).status).toBe(2);
    expect((await runCliInProcess(["--max-warnings", "many", "."], { cwd: dir })).stderr).toMatch(/--max-warnings must be a whole number/);
  });

  it("--quiet reports errors only, while warnings still count for --fail-on and --max-warnings", async () => {
    const mixed = tree("quiet", { "App/Info.plist": MIXED });
    const quiet = await runCliInProcess(["--quiet", "--format", "json", "."], { cwd: mixed });
    expect(JSON.parse(quiet.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(["ats/arbitrary-loads"]);
    expect(JSON.parse(quiet.stdout).summary).toMatchObject({ errors: 1, warnings: 0 });
    expect(await runCliInProcess(["--quiet", "."], { cwd: dir })).toMatchObject({ status: 0, stdout: "✔ No problems in 1 file\n" });
    expect((await runCliInProcess(["--quiet", "--fail-on", "warning", "."], { cwd: dir })).status).toBe(1);
    expect((await runCliInProcess(["--quiet", "--max-warnings", "0", "."], { cwd: dir })).status).toBe(1);
  });
});

describe("ne-lint rules", () => {
  it("lists every rule with id, default severity, category and one line", async () => {
    const run = await runCliInProcess(["rules"]);
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^Rule\s+Severity\s+Category\s+What it reports$/);
    for (const rule of RULES) {
      const line = lines.find((text) => text.startsWith(`${rule.meta.id} `));
      expect(line, rule.meta.id).toMatch(new RegExp(`^${rule.meta.id}\\s+${rule.meta.severity}\\s+${rule.meta.id.split("/")[0]}\\s+`));
      expect(line?.endsWith(rule.meta.description)).toBe(true);
    }
    expect(run.stdout).toContain(`${RULES.length} rules.`);
  });

  it("--format json gives the same rows with the docs page and security severity", async () => {
    const rows = JSON.parse((await runCliInProcess(["rules", "--format", "json"])).stdout) as { id: string; severity: string; category: string; docsUrl: string; securitySeverity?: number }[];
    expect(rows).toHaveLength(RULES.length);
    expect(rows.find((row) => row.id === "ats/arbitrary-loads")).toMatchObject({ severity: "error", category: "ats", securitySeverity: 7.5, docsUrl: expect.stringMatching(/\/docs\/rules\/ats\/arbitrary-loads\.md$/) });
    expect((await runCliInProcess(["rules", "--format", "sarif"])).status).toBe(2);
  });
});

describe("--help", () => {
  it("shows examples, and every option it names is accepted", async () => {
    const help = (await runCliInProcess(["--help"])).stdout;
    expect(help).toMatch(/^Examples:$/m);
    // `inspect` has its own options (--show-devices); the linter's are the rest.
    const options = [...new Set([...help.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((match) => match[0]))].filter((option) => option !== "--show-devices");
    expect(options).toEqual(expect.arrayContaining(["--max-warnings", "--quiet", "--stdin", "--stdin-filename", "--print-config", "--allow-empty"]));
    // Unknown options are usage errors, so each named one must be known to the parser.
    for (const option of options) expect((await runCliInProcess([option, "--help"])).stderr, option).not.toMatch(/Unknown option/);
  });
});

describe("colours", () => {
  const dir = tree("colour", { "App/Info.plist": WARNING });
  const ESC = "\u001b[";

  it("FORCE_COLOR turns colours on without a terminal (over NO_COLOR), FORCE_COLOR=0 and NO_COLOR turn them off", async () => {
    expect((await runCliInProcess(["."], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "1" } })).stdout).toContain(ESC);
    expect((await runCliInProcess(["."], { cwd: dir, env: { NO_COLOR: "1", FORCE_COLOR: "1" } })).stdout).toContain(ESC);
    expect((await runCliInProcess(["."], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "0" } })).stdout).not.toContain(ESC);
    expect((await runCliInProcess(["."], { cwd: dir, env: { NO_COLOR: "1" } })).stdout).not.toContain(ESC);
    expect((await runCliInProcess(["--no-color", "."], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout).not.toContain(ESC);
  });

  it("follows the documented order: flag, FORCE_COLOR, NO_COLOR (non-empty), terminal", async () => {
    expect(colorEnabled({}, {}, true)).toBe(true);
    expect(colorEnabled({}, { TERM: "dumb" }, true)).toBe(false);
    expect(colorEnabled({}, { NO_COLOR: "" }, true)).toBe(true);
    expect(colorEnabled({}, { NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({}, { FORCE_COLOR: "false" }, true)).toBe(false);
    expect(colorEnabled({}, { FORCE_COLOR: "" }, false)).toBe(true);
    expect(colorEnabled({ color: true }, { FORCE_COLOR: "0" }, false)).toBe(true);
  });
});

describe("--stdin --stdin-filename", () => {
  it("lints one plist from standard input, named as given, with the config of the working directory", async () => {
    const dir = tree("stdin", { ".ne-lint.json": JSON.stringify({ rules: { "ats/arbitrary-loads-web-content": "error" } }) });
    const run = runCli(["--stdin", "--stdin-filename", "ios/App/Info.plist", "--format", "json"], { cwd: dir, input: WARNING });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: { file: string; line: number; severity: string }) => `${finding.file}:${finding.line} ${finding.severity}`)).toEqual(["ios/App/Info.plist:6 error"]);
    expect(report.summary.files).toBe(1);
  });

  it("an entitlements name makes it entitlements; a bad combination is a usage error", async () => {
    const entitlements = `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>com.apple.developer.networking.networkextension</key>\n\t<array>\n\t\t<string>packet-tunnel</string>\n\t</array>\n</dict>\n</plist>\n`;
    const run = await runCliInProcess(["--stdin", "--stdin-filename", "App/App.entitlements", "--format", "json"], { cwd: scratch, input: entitlements });
    expect(JSON.parse(run.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain("ne/unknown-entitlement-value");
    expect(await runCliInProcess(["--stdin"], { cwd: scratch, input: "" })).toMatchObject({ status: 2 });
    expect((await runCliInProcess(["--stdin", "--stdin-filename", "../outside/Info.plist"], { cwd: scratch, input: WARNING })).stderr).toMatch(/must name a file inside the working directory/);
    expect((await runCliInProcess(["--stdin", "--stdin-filename", "Info.plist", "ios"], { cwd: scratch, input: WARNING })).status).toBe(2);
  });
});

describe("JSON output: additive fields within version 1", () => {
  it("gives each finding its target, configuration, fingerprint and docs page, and matches the published schema", async () => {
    const b = new PbxprojBuilder();
    const app = b.target({
      name: "VPNApp",
      productType: "com.apple.product-type.application",
      configurationList: b.configList([b.config("Debug", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.vpn" }), b.config("Release", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.vpn" })]),
    });
    b.project({ mainGroup: b.group([b.group([], { path: "App" })]), configurationList: b.configList([b.config("Debug", {}), b.config("Release", {})]), targets: [app] });
    const dir = tree("json-fields", { "App.xcodeproj/project.pbxproj": b.toString(), "App/Info.plist": WARNING });
    const report = JSON.parse((await runCliInProcess(["--format", "json", "."], { cwd: dir })).stdout);
    expect(report.version).toBe(1);
    expect(validateWithRepoSchema("schema/json-output.schema.json", report)).toBeUndefined();
    const [finding] = report.findings;
    expect(finding).toMatchObject({ ruleId: "ats/arbitrary-loads-web-content", file: "App/Info.plist", target: "VPNApp", configuration: "Release" });
    expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(finding.docsUrl).toMatch(/^https:\/\/github\.com\/ne-lint\/ne-lint\/blob\/v\d+\.\d+\.\d+\/docs\/rules\/ats\/arbitrary-loads-web-content\.md$/);
    // A folder target has a target and no configuration.
    const folder = JSON.parse((await runCliInProcess(["--format", "json", "App"], { cwd: dir })).stdout).findings[0];
    expect(folder.configuration).toBeUndefined();
  });
});

describe("progress on standard error", () => {
  afterEach(() => vi.useRealTimers());

  it("is wanted only on a terminal, outside CI, for the human format", async () => {
    expect(progressWanted({ stderrIsTty: true, env: {}, format: "stylish" })).toBe(true);
    expect(progressWanted({ stderrIsTty: false, env: {}, format: "stylish" })).toBe(false);
    expect(progressWanted({ stderrIsTty: true, env: { CI: "true" }, format: "stylish" })).toBe(false);
    for (const format of ["json", "sarif", "github"]) expect(progressWanted({ stderrIsTty: true, env: {}, format })).toBe(false);
  });

  it("shows nothing for a quick run, a line per second after that, and erases it at the end", async () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const quick = startProgress("checking", (text) => written.push(text));
    vi.advanceTimersByTime(999);
    quick();
    expect(written).toEqual([]);
    const slow = startProgress("checking", (text) => written.push(text));
    vi.advanceTimersByTime(2000);
    slow();
    expect(written).toEqual(["\r\u001b[Kne-lint: checking… 1 s", "\r\u001b[Kne-lint: checking… 2 s", "\r\u001b[K"]);
  });
});
