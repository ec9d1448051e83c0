/**
 * The CLI as a gate CI can trust (issue 14): missing paths and empty runs are usage errors, report files
 * are checked, the config is found from the working directory up to the repository root, and baselines
 * hold paths relative to themselves. Through the CLI's main() in process (the first case through the
 * bundled dist/cli.js).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { runCli, runCliInProcess } from "./helpers/cli.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-gate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const plist = (body: string): string => `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const ARBITRARY = plist("\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n");
const CLEAN = plist("\t<key>CFBundleIdentifier</key>\n\t<string>com.example.app</string>\n");

describe("missing paths and empty runs", () => {
  const clean = tree("clean", { "App/Info.plist": CLEAN });

  it("a missing path beside a clean one exits 2 and names the path as given", async () => {
    const run = runCli(["/nope", "."], { cwd: clean });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("ne-lint: /nope: no such file or directory\n");
    expect(run.stdout).toBe("✔ No problems in 1 file\n");
  });

  it("a missing path beside one with errors still exits 2, after printing the findings", async () => {
    const dirty = tree("dirty", { "App/Info.plist": ARBITRARY });
    const run = await runCliInProcess(["--format", "json", "missing/App.ipa", "."], { cwd: dirty });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("ne-lint: missing/App.ipa: no such file or directory\n");
    expect(JSON.parse(run.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(["ats/arbitrary-loads"]);
  });

  it("a folder with nothing ne-lint reads exits 2 with a sentence, and prints no 'No problems'", async () => {
    const empty = tree("empty", { "README.md": "# nothing\n", "src/main.js": "1\n" });
    const run = await runCliInProcess(["."], { cwd: empty });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "ne-lint: nothing to lint in .: no Info.plist, entitlements, provisioning profile, Xcode project, app config or built product was found (pass --allow-empty when an empty run is expected)\n",
    );
  });

  it("--allow-empty accepts an empty run (and never a missing path)", async () => {
    const empty = tree("empty-allowed", { "README.md": "# nothing\n" });
    expect(await runCliInProcess(["--allow-empty", "."], { cwd: empty })).toMatchObject({ status: 0, stdout: "✔ No problems in 0 files\n", stderr: "" });
    expect((await runCliInProcess(["--no-error-on-unmatched-pattern", "."], { cwd: empty })).status).toBe(0);
    expect(await runCliInProcess(["--allow-empty", "gone"], { cwd: empty })).toMatchObject({ status: 2, stderr: "ne-lint: gone: no such file or directory\n" });
  });

  it("--output naming a folder is a sentence and exit 2, before linting", async () => {
    mkdirSync(path.join(clean, "reports"), { recursive: true });
    const run = await runCliInProcess(["--format", "sarif", "--output", "reports", "."], { cwd: clean });
    expect(run).toMatchObject({ status: 2, stdout: "", stderr: "ne-lint: --output reports is a folder; name a file to write\n" });
    const below = await runCliInProcess(["--output", "App/Info.plist/report.txt", "."], { cwd: clean });
    expect(below.status).toBe(2);
    expect(below.stderr).toBe("ne-lint: cannot write --output App/Info.plist/report.txt: a part of the path is a file\n");
  });
});

describe("config lookup: the working directory up to the repository root", () => {
  const repo = tree("repo", {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".ne-lint.json": JSON.stringify({ rules: { "ats/arbitrary-loads": "warning" }, ignore: ["ios/Vendored/**"] }),
    "ios/App/Info.plist": ARBITRARY,
    "ios/Vendored/Info.plist": ARBITRARY,
  });

  it("a subfolder uses the repository's config, and its ignore globs stay relative to the config file", async () => {
    const run = await runCliInProcess(["--format", "json", "."], { cwd: path.join(repo, "ios") });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((finding: { file: string; severity: string }) => `${finding.file} ${finding.severity}`)).toEqual(["App/Info.plist warning"]);
  });

  it("stops at the repository root: a config above it is not used", async () => {
    const outer = tree("outer", { ".ne-lint.json": JSON.stringify({ rules: { "ats/arbitrary-loads": "off" } }), "inner/.git": "gitdir: ../x\n", "inner/App/Info.plist": ARBITRARY });
    expect((await runCliInProcess(["."], { cwd: path.join(outer, "inner") })).status).toBe(1);
    expect((await runCliInProcess(["."], { cwd: outer })).status).toBe(0);
  });

  it("--print-config shows the resolved config, where it came from, and whether a path is ignored", async () => {
    const run = await runCliInProcess(["--print-config", "Vendored/Info.plist"], { cwd: path.join(repo, "ios") });
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ configFile: "../.ne-lint.json", file: "Vendored/Info.plist", ignored: true, ignore: ["ios/Vendored/**"], platform: null });
    expect(Object.keys(printed.rules)).toHaveLength(RULES.length);
    expect(printed.rules["ats/arbitrary-loads"]).toBe("warning");
    expect(printed.rules["ats/arbitrary-loads-web-content"]).toBe("warning");
    expect(JSON.parse((await runCliInProcess(["--print-config", "App/Info.plist"], { cwd: path.join(repo, "ios") })).stdout).ignored).toBe(false);
    expect(JSON.parse((await runCliInProcess(["--print-config"], { cwd: scratch })).stdout)).toMatchObject({ configFile: null, ignore: [] });
    expect(JSON.parse((await runCliInProcess(["--print-config"], { cwd: scratch })).stdout)).not.toHaveProperty("file");
  });
});

describe("baseline paths are relative to the baseline file", () => {
  const repo = tree("baseline-repo", { ".git/HEAD": "x\n", "ios/App/Info.plist": ARBITRARY, "ci/.keep": "" });

  it("a baseline written from the repository root accepts the same findings from a subfolder, and the reverse", async () => {
    expect((await runCliInProcess(["--write-baseline", "ci/baseline.json", "ios"], { cwd: repo })).status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(repo, "ci/baseline.json"), "utf8"));
    expect(written.version).toBe(2);
    expect(written.findings.map((entry: { file: string }) => entry.file)).toEqual(["../ios/App/Info.plist"]);
    expect((await runCliInProcess(["--baseline", "ci/baseline.json", "ios"], { cwd: repo })).status).toBe(0);
    expect((await runCliInProcess(["--baseline", "../ci/baseline.json", "."], { cwd: path.join(repo, "ios") })).status).toBe(0);
    expect((await runCliInProcess(["--baseline", "../../ci/baseline.json", "."], { cwd: path.join(repo, "ios/App") })).status).toBe(0);
    // Without the baseline the finding gates.
    expect((await runCliInProcess(["."], { cwd: path.join(repo, "ios") })).status).toBe(1);
  });

  it("version 1 baselines keep their meaning: paths relative to the working directory", async () => {
    // The finding's fingerprint, from a baseline of this case's own (the case above writes ci/baseline.json).
    expect((await runCliInProcess(["--write-baseline", "ci/for-v1.json", "ios"], { cwd: repo })).status).toBe(0);
    const fingerprint = JSON.parse(readFileSync(path.join(repo, "ci/for-v1.json"), "utf8")).findings[0].fingerprint;
    writeFileSync(path.join(repo, "ci/v1.json"), JSON.stringify({ version: 1, findings: [{ ruleId: "ats/arbitrary-loads", file: "ios/App/Info.plist", fingerprint }] }));
    expect((await runCliInProcess(["--baseline", "ci/v1.json", "ios"], { cwd: repo })).status).toBe(0);
  });
});
