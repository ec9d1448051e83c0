/**
 * A large run in a process ne-lint owns keeps V8's young generation at its size (src/young-generation.ts). Checked in
 * a child process (the flag is process-wide): after an allocation pattern where most of each scavenge survives, as
 * while a tree is decoded, the young generation has grown without the limit and has not with it; and nothing is
 * changed in a process the CLI or Action did not claim (the API, the ESLint plugin).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";

interface Outcome {
  readonly limited: boolean;
  readonly again: boolean;
  readonly before: number;
  readonly after: number;
}

function run(own: boolean): Outcome {
  const module = pathToFileURL(path.join(repoRoot, "src/young-generation.ts")).href;
  const script = `
    const { ownProcessHeap, limitYoungGeneration } = await import(${JSON.stringify(module)});
    const v8 = process.getBuiltinModule("node:v8");
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
    if (${own}) ownProcessHeap();
    const before = newSpace();
    const limited = limitYoungGeneration();
    let kept = [];
    for (let index = 0; index < 3_000_000; index++) {
      kept.push({ index });
      if (kept.length > 200_000) kept = [];
    }
    console.log(JSON.stringify({ limited, again: limitYoungGeneration(), before, after: newSpace() }));
  `;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Outcome;
}

describe("the young generation in a large run", () => {
  it("stays at its size once limited, in a process ne-lint owns, and is limited once", () => {
    const outcome = run(true);
    expect(outcome.limited).toBe(true);
    expect(outcome.again).toBe(false);
    expect(outcome.after).toBe(outcome.before);
  });

  it("is left to V8 in a process ne-lint does not own (the API, the ESLint plugin)", () => {
    const outcome = run(false);
    expect(outcome.limited).toBe(false);
    expect(outcome.after).toBeGreaterThan(outcome.before);
  });
});
