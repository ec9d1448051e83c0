/**
 * `ignore` globs from a pull request's own `.ne-lint.json` (issue 16): one backtracking glob against a
 * 60-character file name hung the run; 100,000 globs (1.1 MB) took 11 s and 715 MB. Through the
 * CLI (the backtracking glob through the bundle, whose timeout guards a hang; the rest in process), with the inputs generated in a temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { NORMAL_FILE, NORMAL_INFO_PLIST, NORMAL_RULE } from "./files.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-ignore-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function repo(name: string, ignore: readonly string[], files: readonly string[] = []): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, path.dirname(NORMAL_FILE)), { recursive: true });
  writeFileSync(path.join(dir, NORMAL_FILE), NORMAL_INFO_PLIST);
  for (const file of files) writeFileSync(path.join(dir, file), "");
  writeFileSync(path.join(dir, ".ne-lint.json"), JSON.stringify({ ignore }));
  return dir;
}

describe("ignore globs through the CLI", () => {
  // The hang guard is the child-process timeout; the bound itself is asserted in test/discover/glob.test.ts.
  it("a backtracking-shaped glob against 60- and 250-character names finishes and still lints the rest", async () => {
    const dir = repo("backtrack", ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*a*a*a*c"], ["a".repeat(60), "a".repeat(250)]);
    const run = runCli(["--format", "json", "."], { cwd: dir, timeoutMs: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] }).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.file])).toEqual([[NORMAL_RULE, NORMAL_FILE]]);
  }, 120_000);

  it("an ignore glob still ignores (no false negative from the new matcher)", async () => {
    const dir = repo("ignores", ["Normal/**"]);
    // Everything is ignored, so the run is empty by design.
    const run = await runCliInProcess(["--format", "json", "--allow-empty", "."], { cwd: dir });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings).toEqual([]);
  }, 60_000);

  it("100,000 globs (2.3 MB of config) are refused by size before they are parsed, exit 2", async () => {
    const dir = repo("many", Array.from({ length: 100_000 }, (_, i) => `**/generated-${i}/**`));
    const run = await runCliInProcess(["--format", "json", "."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ne-lint: cannot use the config file: \.ne-lint\.json is \d+ bytes, more than the 1048576-byte limit\n$/);
  }, 60_000);

  it("201 globs are a short config error naming the limit, exit 2", async () => {
    const dir = repo("over", Array.from({ length: 201 }, (_, i) => `**/generated-${i}/**`));
    const run = await runCliInProcess(["--format", "json", "."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(".ne-lint.json does not match the ne-lint config schema: ignore must NOT have more than 200 items");
    expect(run.stderr.length).toBeLessThan(2000);
  }, 60_000);

  it("300 over-long globs: the error lists five problems and counts the rest", async () => {
    const dir = repo("long", Array.from({ length: 300 }, () => "x".repeat(300)));
    const run = await runCliInProcess(["."], { cwd: dir });
    expect(run.status).toBe(2);
    // maxItems and the first four items over maxLength, then a count of the other 296.
    expect(run.stderr).toMatch(/; and 296 more\n$/);
    expect(run.stderr.length).toBeLessThan(2000);
  }, 60_000);

  it("a negated or extglob pattern is a config error naming it", async () => {
    const run = await runCliInProcess(["."], { cwd: repo("negated", ["!Normal/**"]) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the ignore pattern "!Normal/**" is negated; negated patterns are not supported');
  }, 60_000);
});
