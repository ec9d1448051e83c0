/**
 * Hostile-input failures found outside the decoders, now fixed: findings are capped per rule and file
 * (src/linter/run.ts), and a closed stdout ends the CLI quietly (src/cli.ts).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";
import { infoPlist } from "./files.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-known-bugs-"));
  mkdirSync(path.join(dir, "App"));
  // 90,000 copies of one key: 1.8 MB, within every decoder limit.
  writeFileSync(path.join(dir, "App/Info.plist"), infoPlist("<key>K</key><true/>\n".repeat(90_000)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("regressions found by the hostile suite outside the decoders", () => {
  // Before the cap: 90,000 findings, 26 MB of JSON, 1.8 s and 288 MB peak RSS for a 1.8 MB file.
  it("a plist repeating one key 90,000 times gives a bounded report", async () => {
    const run = runCli(["--format", "json", "."], { cwd: dir });
    // plist/duplicate-key is a warning: the gate (default --fail-on error) passes.
    expect(run.status).toBe(0);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings;
    const duplicates = findings.filter((finding) => finding.ruleId === "plist/duplicate-key");
    expect(duplicates).toHaveLength(101);
    // The count of what was cut is a file-level finding, so it sorts first.
    expect(duplicates[0]).toMatchObject({ message: "89899 more plist/duplicate-key findings in this file are not listed (ne-lint lists at most 100 per rule and file)." });
    expect(run.stdout.length).toBeLessThan(1024 * 1024);
  }, 60_000);

  // Before the fix, Node threw EPIPE as an unhandled 'error' event and printed a stack trace.
  it("`ne-lint | head`: a closed stdout ends the run quietly, without a stack trace", async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, "dist/cli.js"), "--format", "json", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());
    await new Promise<void>((resolve) => child.on("close", () => resolve()));
    expect(stderr).not.toMatch(/^\s+at\s/m);
    expect(stderr).not.toContain("EPIPE");
  }, 60_000);
});
