/**
 * On the real-world corpus committed to a throwaway git object store (the corpus itself is the work tree;
 * nothing is copied): `--base HEAD` reports nothing, where a plain lint reports every finding. The cost
 * against a plain lint is measured in docs/drift.md (time belongs in benchmarks, not tests).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";

const gitDir = hasCorpus ? mkdtempSync(path.join(os.tmpdir(), "ne-lint-corpus-git-")) : "";
afterAll(() => {
  if (gitDir) rmSync(gitDir, { recursive: true, force: true });
});

describe.skipIf(!hasCorpus)(`--base on the corpus${hasCorpus ? "" : ` (${corpusSkipReason})`}`, () => {
  it("reports nothing against the same tree", () => {
    const env = { GIT_DIR: gitDir, GIT_WORK_TREE: corpusDir, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@ne-lint.invalid", "-c", "commit.gpgsign=false", ...args], { cwd: corpusDir, env: { ...process.env, ...env } });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "corpus");
    const plain = JSON.parse(runCli(["--format", "json", "."], { cwd: corpusDir, timeoutMs: 600_000 }).stdout) as { findings: unknown[] };
    const base = runCli(["--format", "json", "--base", "HEAD", "."], { cwd: corpusDir, env, timeoutMs: 600_000 });
    expect(base.stderr).toBe("");
    expect(plain.findings.length).toBeGreaterThan(50);
    expect((JSON.parse(base.stdout) as { findings: unknown[] }).findings).toEqual([]);
    expect(base.status).toBe(0);
  }, 1_200_000);
});
