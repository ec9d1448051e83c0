/**
 * Gate bypass (issue 16): a file past the walk's caps — 66 folders deep, or after 200,000 other files —
 * was skipped silently and the run exited 0. Through the CLI (the first case through the bundle, the rest in process): hitting a cap is a
 * `lint/incomplete` error naming where the walk stopped, and every summary says the run was incomplete.
 * Through the Action too (in process): the job summary and the `result` output never say "passed" then.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runActionInProcess } from "../action/run-action.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { validateWithRepoSchema } from "../helpers/schemas.js";
import { NORMAL_INFO_PLIST } from "./files.js";

interface JsonReport {
  readonly findings: { ruleId: string; file: string; message: string; severity: string }[];
  readonly summary: { errors: number; files: number; incomplete?: string[] };
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-incomplete-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * In these trees the only lintable file is past a cap, so the run is also empty, which fails on its own
 * (exit 2, "nothing to lint"); `--allow-empty` / `allow-empty` set that aside to show what the cap does.
 */
const DEEP = Array.from({ length: 66 }, (_, i) => `d${i + 1}`).join("/");

function deepRepo(name: string, config?: object): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, DEEP), { recursive: true });
  // The hidden file: an Info.plist with an ATS error, 66 folders down.
  writeFileSync(path.join(dir, DEEP, "Info.plist"), NORMAL_INFO_PLIST);
  writeFileSync(path.join(dir, "README.md"), "nothing to lint\n");
  if (config) writeFileSync(path.join(dir, ".ne-lint.json"), JSON.stringify(config));
  return dir;
}

describe("walk caps through the CLI", () => {
  it("an Info.plist 66 folders deep: lint/incomplete error at the first folder not read, exit 1, summary says incomplete", async () => {
    const dir = deepRepo("deep");
    const run = runCli(["--format", "json", "--allow-empty", "."], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateWithRepoSchema("schema/json-output.schema.json", report)).toBeUndefined();
    const stoppedAt = DEEP.split("/").slice(0, 65).join("/");
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: "lint/incomplete", severity: "error", file: stoppedAt, message: `Folders nest deeper than the 64-level cap: '${stoppedAt}' was not read, so the files in it are not checked.` }),
    ]);
    expect(report.summary.incomplete).toEqual([report.findings[0]?.message]);

    const stylish = await runCliInProcess(["--allow-empty", "."], { cwd: dir });
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toContain("lint/incomplete");
    expect(stylish.stdout.trimEnd().split("\n").at(-1)).toBe("⚠ Incomplete run: a cap was hit and some files were not read (lint/incomplete).");
  }, 60_000);

  it("with lint/incomplete turned off the gate passes, but the summary still says the run was incomplete", async () => {
    const dir = deepRepo("deep-off", { rules: { "lint/incomplete": "off" } });
    const run = await runCliInProcess(["--format", "json", "--allow-empty", "."], { cwd: dir });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.summary.incomplete).toHaveLength(1);
    const stylish = await runCliInProcess(["--allow-empty", "."], { cwd: dir });
    expect(stylish.stdout).toContain("✔ No problems");
    expect(stylish.stdout).toContain("⚠ Incomplete run");
  }, 60_000);

  it("a tree within the caps has no incomplete field and no lint/incomplete finding", async () => {
    const dir = path.join(root, "normal");
    mkdirSync(path.join(dir, "App"), { recursive: true });
    writeFileSync(path.join(dir, "App/Info.plist"), NORMAL_INFO_PLIST);
    const report = JSON.parse((await runCliInProcess(["--format", "json", "."], { cwd: dir })).stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["ats/arbitrary-loads"]);
    expect("incomplete" in report.summary).toBe(false);
    expect((await runCliInProcess(["."], { cwd: dir })).stdout).not.toContain("Incomplete");
  }, 60_000);

  it("an Info.plist after 200,000 other files: the file cap names it, exit 1", async () => {
    const dir = path.join(root, "many");
    // 200 folders of 1,000 empty files sort before `zz/`, whose Info.plist the cap hides.
    for (let folder = 0; folder < 200; folder++) {
      const sub = path.join(dir, `f${String(folder).padStart(3, "0")}`);
      mkdirSync(sub, { recursive: true });
      for (let file = 0; file < 1000; file++) writeFileSync(path.join(sub, `${file}.txt`), "");
    }
    mkdirSync(path.join(dir, "zz"));
    writeFileSync(path.join(dir, "zz/Info.plist"), NORMAL_INFO_PLIST);
    const run = runCli(["--format", "json", "--allow-empty", "."], { cwd: dir, timeoutMs: 120_000 });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: "lint/incomplete", file: "zz/Info.plist", message: "The walk stopped at the 200000-file cap: 'zz/Info.plist' and every file after it were not read, so their problems are not reported." }),
    ]);
    expect(report.summary.incomplete).toHaveLength(1);
  }, 300_000);
});

describe("walk caps through the Action", () => {
  const inputs = { paths: ".", "fail-on": "error", annotations: "none", "allow-empty": "true" };
  const stoppedAt = DEEP.split("/").slice(0, 65).join("/");

  it("an Info.plist 66 folders deep: the job summary says failed and incomplete, naming where the walk stopped; result is incomplete", async () => {
    const run = await runActionInProcess({ workspace: deepRepo("action-deep"), inputs });
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ errors: "1", result: "incomplete" });
    expect(run.summary).toMatch(/^## ne-lint: failed\n/);
    expect(run.summary).toContain("⚠️ **Incomplete run**: a cap was hit and some files were not read (`lint/incomplete`).");
    expect(run.summary).toContain(`- \`Folders nest deeper than the 64-level cap: '${stoppedAt}' was not read, so the files in it are not checked.\``);
    expect(run.summary).not.toContain("passed");
  }, 120_000);

  it("with lint/incomplete turned off the gate passes, but the summary says incomplete, not passed, and so does result", async () => {
    const run = await runActionInProcess({ workspace: deepRepo("action-deep-off", { rules: { "lint/incomplete": "off" } }), inputs });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", warnings: "0", notes: "0", result: "incomplete" });
    expect(run.summary).toMatch(/^## ne-lint: incomplete\n\n⚠️ \*\*0 errors, 0 warnings, 0 notes\*\*/);
    expect(run.summary).toContain("⚠️ **Incomplete run**");
    expect(run.summary).not.toContain("passed");
    expect(run.summary).not.toContain("✅");
  }, 120_000);

  it("a tree within the caps passes with result pass (the twin that shows the check above can fail)", async () => {
    const dir = path.join(root, "action-normal");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "README.md"), "nothing to lint\n");
    const run = await runActionInProcess({ workspace: dir, inputs });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", result: "pass" });
    expect(run.summary).toMatch(/^## ne-lint: passed\n\n✅ /);
    expect(run.summary).not.toContain("Incomplete");
  }, 120_000);
});
