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

/** Runs `script` as an ES module; `nodeArgs` go before it (`--expose-gc`, V8 flags). Its standard error must be empty; returns its standard output. */
export function runSourceScript(script: string, nodeArgs: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...nodeArgs, "--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
  expect(result.stderr).toBe("");
  return result.stdout;
}
