/**
 * The checkout a pull request controls chooses the folders below the workspace, the workflow chooses the
 * report path (`sarif-file`, `--output`, `--write-baseline`): a repository link on that path (to a folder
 * outside, to /proc/self) or at the file's name, or a FIFO there, must neither move nor block the write.
 * The Action and the CLI through the bundles action.yml and `bin` name (a smoke case each in process); the
 * module's own cases are in test/report/write-report-file.test.ts. The child processes' 60 s limits are the
 * hang guards (a refused run takes about 0.15 s for the CLI here).
 */
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runAction, runActionInProcess } from "../action/run-action.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { NORMAL_INFO_PLIST } from "./files.js";

const onPosix = process.platform !== "win32";
const root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-report-links-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const workspace = path.join(root, "workspace");
const outside = path.join(root, "outside");
const VICTIM = "#!/bin/sh\necho original\n";

beforeEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(path.join(workspace, "App"), { recursive: true });
  writeFileSync(path.join(workspace, "App/Info.plist"), NORMAL_INFO_PLIST);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "victim.sh"), VICTIM);
});

const sarifInputs = (sarifFile: string) => ({ paths: ".", annotations: "commands", "fail-on": "none", "sarif-file": sarifFile });

describe("the Action's sarif-file", () => {
  it.runIf(onPosix)("a repository link to a folder outside fails the step in one sentence and writes nothing there", async () => {
    symlinkSync(outside, path.join(workspace, "reports"));
    const run = await runAction({ workspace, inputs: sarifInputs("reports/ne-lint.sarif") });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::ne-lint: cannot write the sarif-file input reports/ne-lint.sarif: reports is a symbolic link in the working folder; ne-lint does not write through links\n");
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(outside)).toEqual(["victim.sh"]);
  });

  it.runIf(existsSync("/proc/self"))("a repository link to /proc/self fails the step instead of spinning in mkdir", async () => {
    symlinkSync("/proc/self", path.join(workspace, "reports"));
    const run = await runAction({ workspace, inputs: sarifInputs("reports/x/ne-lint.sarif") });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::ne-lint: cannot write the sarif-file input reports/x/ne-lint.sarif: reports is a symbolic link");
  });

  it.runIf(onPosix)("a link at the file's name, or a FIFO there, is refused and the link's target is untouched", async () => {
    symlinkSync(path.join(outside, "victim.sh"), path.join(workspace, "ne-lint.sarif"));
    const linked = await runActionInProcess({ workspace, inputs: sarifInputs("ne-lint.sarif") });
    expect(linked.status).toBe(1);
    expect(linked.stdout).toContain("::error::ne-lint: cannot write the sarif-file input ne-lint.sarif: it is a symbolic link; ne-lint does not write through links\n");
    expect(readFileSync(path.join(outside, "victim.sh"), "utf8")).toBe(VICTIM);
    expect(lstatSync(path.join(workspace, "ne-lint.sarif")).isSymbolicLink()).toBe(true);

    execFileSync("mkfifo", [path.join(workspace, "fifo.sarif")]);
    const fifo = await runActionInProcess({ workspace, inputs: sarifInputs("fifo.sarif") });
    expect(fifo.status).toBe(1);
    expect(fifo.stdout).toContain("::error::ne-lint: cannot write the sarif-file input fifo.sarif: it is not a regular file (a pipe, device or socket)\n");
  });

  it("a relative path in a fresh folder and an absolute path outside the workspace are written as before, identically", async () => {
    const relative = await runAction({ workspace, inputs: sarifInputs("results/ne-lint.sarif") });
    expect(relative.status).toBe(0);
    expect(relative.outputs["sarif-file"]).toBe("results/ne-lint.sarif");
    const written = readFileSync(path.join(workspace, "results/ne-lint.sarif"), "utf8");
    expect(JSON.parse(written).runs[0].results.length).toBeGreaterThan(0);
    const absolute = path.join(outside, "temp/ne-lint.sarif");
    const again = await runActionInProcess({ workspace, inputs: sarifInputs(absolute) });
    expect(again.status).toBe(0);
    expect(readFileSync(absolute, "utf8")).toBe(written);
    // An existing regular file is replaced by the same bytes.
    writeFileSync(path.join(workspace, "results/ne-lint.sarif"), "x".repeat(written.length * 2));
    expect((await runActionInProcess({ workspace, inputs: sarifInputs("results/ne-lint.sarif") })).status).toBe(0);
    expect(readFileSync(path.join(workspace, "results/ne-lint.sarif"), "utf8")).toBe(written);
  });
});

describe("the CLI's --output and --write-baseline", () => {
  it.runIf(onPosix)("a repository link to a folder outside is exit 2 and one sentence, before linting; nothing written there", () => {
    symlinkSync(outside, path.join(workspace, "reports"));
    const run = runCli(["--format", "sarif", "--output", "reports/ne-lint.sarif", "."], { cwd: workspace });
    expect(run).toEqual({ status: 2, stdout: "", stderr: "ne-lint: cannot write --output reports/ne-lint.sarif: reports is a symbolic link in the working folder; ne-lint does not write through links\n" });
    const baseline = runCli(["--write-baseline", "reports/baseline.json", "."], { cwd: workspace });
    expect(baseline).toMatchObject({ status: 2, stdout: "", stderr: expect.stringContaining("cannot write --write-baseline reports/baseline.json: reports is a symbolic link") });
    expect(readdirSync(outside)).toEqual(["victim.sh"]);
  });

  it.runIf(existsSync("/proc/self"))("a repository link to /proc/self is refused instead of spinning in mkdir", () => {
    symlinkSync("/proc/self", path.join(workspace, "reports"));
    const run = runCli(["--output", "reports/x/report.txt", "."], { cwd: workspace });
    expect(run).toMatchObject({ status: 2, stdout: "", stderr: expect.stringContaining("cannot write --output reports/x/report.txt: reports is a symbolic link") });
  });

  it.runIf(onPosix)("a link or a FIFO at the file's name is refused; the link's target is untouched", async () => {
    symlinkSync(path.join(outside, "victim.sh"), path.join(workspace, "report.json"));
    const linked = await runCliInProcess(["--format", "json", "--output", "report.json", "."], { cwd: workspace });
    expect(linked).toEqual({ status: 2, stdout: "", stderr: "ne-lint: cannot write --output report.json: it is a symbolic link; ne-lint does not write through links\n" });
    expect(readFileSync(path.join(outside, "victim.sh"), "utf8")).toBe(VICTIM);
    execFileSync("mkfifo", [path.join(workspace, "fifo.json")]);
    const fifo = runCli(["--format", "json", "--output", "fifo.json", "."], { cwd: workspace });
    expect(fifo).toEqual({ status: 2, stdout: "", stderr: "ne-lint: cannot write --output fifo.json: it is not a regular file (a pipe, device or socket)\n" });
  });

  it("relative and absolute --output paths are written with the bytes standard output gets", async () => {
    const printed = await runCliInProcess(["--format", "sarif", "."], { cwd: workspace });
    expect(printed.status).toBe(1);
    const relative = runCli(["--format", "sarif", "--output", "results/deep/ne-lint.sarif", "."], { cwd: workspace });
    expect(relative).toEqual({ status: 1, stdout: "", stderr: "" });
    expect(readFileSync(path.join(workspace, "results/deep/ne-lint.sarif"), "utf8")).toBe(printed.stdout);
    const absolute = path.join(outside, "made/ne-lint.sarif");
    expect((await runCliInProcess(["--format", "sarif", "--output", absolute, "."], { cwd: workspace })).status).toBe(1);
    expect(readFileSync(absolute, "utf8")).toBe(printed.stdout);
  });
});
