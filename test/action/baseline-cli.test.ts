/** `ne-lint --write-baseline` and `--baseline` through the CLI (the CLI's main() in process, the first case through the bundled CLI). */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { infoPlistWithDomains } from "./fixtures.js";
import { makeWorkspace } from "./run-action.js";

const project = makeWorkspace({ "App/Info.plist": infoPlistWithDomains(2, "App") });
afterAll(() => project.remove());
// The cases below read a baseline of their own, so each passes in any order; the first case checks what the
// bundled CLI writes.
beforeAll(async () => {
  const written = await runCliInProcess(["--write-baseline", "accepted.json", "."], { cwd: project.dir });
  if (written.status !== 0) throw new Error(`could not write the test's baseline: ${written.stderr}`);
});

describe("CLI baseline flags", () => {
  it("--write-baseline writes every finding and exits 0 even with errors", async () => {
    const run = runCli(["--write-baseline", "ne-lint-baseline.json", "."], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("ne-lint: wrote 6 accepted findings to ne-lint-baseline.json\n");
    const baseline = JSON.parse(readFileSync(path.join(project.dir, "ne-lint-baseline.json"), "utf8"));
    expect(baseline.findings.map((entry: { ruleId: string }) => entry.ruleId).sort()).toEqual([
      "ats/domain-not-lowercase",
      "ats/domain-not-lowercase",
      "ats/forward-secrecy-disabled",
      "ats/forward-secrecy-disabled",
      "ats/weak-min-tls",
      "ats/weak-min-tls",
    ]);
    expect(baseline.findings.every((entry: { file: string; fingerprint: string }) => entry.file === "App/Info.plist" && /^[0-9a-f]{32}$/.test(entry.fingerprint))).toBe(true);
  });

  it("--baseline drops accepted findings from every format and the exit status", async () => {
    const clean = await runCliInProcess(["--baseline", "accepted.json", "--format", "json", "."], { cwd: project.dir });
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout).findings).toEqual([]);
    const without = await runCliInProcess(["--format", "json", "."], { cwd: project.dir });
    expect(without.status).toBe(1);
    expect(JSON.parse(without.stdout).findings).toHaveLength(6);
  });

  it("accepts one finding per entry: removing an entry brings exactly one finding back", async () => {
    const baseline = JSON.parse(readFileSync(path.join(project.dir, "accepted.json"), "utf8"));
    const dropped = baseline.findings.find((entry: { ruleId: string }) => entry.ruleId === "ats/weak-min-tls");
    writeFileSync(path.join(project.dir, "partial.json"), JSON.stringify({ version: 1, findings: baseline.findings.filter((entry: unknown) => entry !== dropped) }));
    const run = await runCliInProcess(["--baseline", "partial.json", "--format", "json", "."], { cwd: project.dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(["ats/weak-min-tls"]);
  });

  it("a missing or malformed baseline is a usage error (exit 2)", async () => {
    writeFileSync(path.join(project.dir, "bad.json"), '{"version": 1, "findings": {}}');
    expect(await runCliInProcess(["--baseline", "none.json", "."], { cwd: project.dir })).toMatchObject({ status: 2, stderr: "ne-lint: cannot read the baseline file none.json\n" });
    expect(await runCliInProcess(["--baseline", "bad.json", "."], { cwd: project.dir })).toMatchObject({ status: 2, stderr: 'ne-lint: bad.json: "findings" must be an array\n' });
  });
});
