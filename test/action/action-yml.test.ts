/** action.yml and the code agree: every declared input is read, nothing undeclared is read, outputs match. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/action/inputs.js";
import { repoRoot } from "../helpers/paths.js";

const text = readFileSync(path.join(repoRoot, "action.yml"), "utf8");

/** Keys of a top-level mapping (two-space indented children), enough for this file's plain layout. */
function keysOf(section: string): string[] {
  const block = new RegExp(`^${section}:\\n((?:(?: .*)?\\n)*)`, "m").exec(text)?.[1] ?? "";
  return [...block.matchAll(/^ {2}([a-z-]+):/gm)].map((match) => match[1] as string);
}

describe("action.yml", () => {
  it("runs the bundled CommonJS entry on node24", () => {
    // dist/index.cjs loads no ES module on the common path (scripts/build.mjs, cachedCommonPath); test/action/run-action.ts runs what `main` names.
    expect(text).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.cjs$/m);
  });

  it("declares exactly the inputs the Action reads", () => {
    const read: string[] = [];
    readInputs((name) => {
      read.push(name);
      return "";
    });
    expect(keysOf("inputs").sort()).toEqual([...new Set(read)].sort());
    expect(text).toMatch(/^ {2}token:\n(?: {4}.*\n)*? {4}default: \$\{\{ github\.token \}\}$/m);
  });

  it("declares the outputs the Action sets", () => {
    expect(keysOf("outputs").sort()).toEqual(["errors", "notes", "result", "sarif-file", "warnings"]);
  });
});
