/**
 * Scripts run in a Node process of their own that import the repository's TypeScript sources (through tsx): for
 * what a test worker cannot measure or change for itself — its heap holds what earlier test files keep, and
 * V8's flags are process-wide.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import { repoRoot } from "./paths.js";

/** A source file's URL as a string literal, for a script's `import()`. */
export function sourceUrl(file: string): string {
  return JSON.stringify(pathToFileURL(path.join(repoRoot, file)).href);
}

/**
 * Runs `script` as an ES module; `nodeArgs` go before it (`--expose-gc`, V8 flags). It must exit 0 with nothing on
 * standard error; returns its standard output. The 60 s limit is a hang guard (a test's timeout cannot stop a
 * synchronous child): these scripts take 1–3 s.
 */
export function runSourceScript(script: string, nodeArgs: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...nodeArgs, "--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  expect(result.error).toBeUndefined();
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}
