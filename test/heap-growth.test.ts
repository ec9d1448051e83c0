/**
 * A large run in a process ne-lint owns (`ownProcessHeap`, src/compile-cache.ts) limits how V8 grows the heap
 * (src/heap-growth.ts). Checked in a child process (the flags are process-wide), on an allocation pattern like a
 * run's: objects that survive scavenges and are promoted, then die, as each project's parse tree does. Limited, the young generation stays at its size and
 * the old generation is collected before it grows as far; and nothing changes in a process the CLI or Action did
 * not claim (the API, the ESLint plugin).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";

interface Outcome {
  readonly limited: boolean;
  readonly again: boolean;
  readonly youngBefore: number;
  readonly youngAfter: number;
  readonly oldMax: number;
}

function run(own: boolean): Outcome {
  const module = (file: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, file)).href);
  const script = `
    const { limitHeapGrowth } = await import(${module("src/heap-growth.ts")});
    const { ownProcessHeap } = await import(${module("src/compile-cache.ts")});
    const v8 = process.getBuiltinModule("node:v8");
    const space = (name) => v8.getHeapSpaceStatistics().find((space) => space.space_name === name).space_size;
    if (${own}) ownProcessHeap();
    const youngBefore = space("new_space");
    const limited = limitHeapGrowth();
    let oldMax = 0;
    // Twenty "projects": 400,000 objects each, alive (and so promoted) while the project is read, then dropped.
    for (let project = 0; project < 20; project++) {
      const tree = [];
      for (let index = 0; index < 400_000; index++) tree.push({ index, name: "n" + index });
      oldMax = Math.max(oldMax, space("old_space"));
    }
    console.log(JSON.stringify({ limited, again: limitHeapGrowth(), youngBefore, youngAfter: space("new_space"), oldMax }));
  `;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Outcome;
}

describe("heap growth in a large run", () => {
  const owned = run(true);
  const notOwned = run(false);

  it("is limited once, in a process ne-lint owns", () => {
    expect(owned.limited).toBe(true);
    expect(owned.again).toBe(false);
    expect(notOwned.limited).toBe(false);
  });

  it("keeps the young generation at its size, where V8 would grow it", () => {
    expect(owned.youngAfter).toBe(owned.youngBefore);
    expect(notOwned.youngAfter).toBeGreaterThan(notOwned.youngBefore);
  });

  it("collects promoted garbage before the old generation grows as far", () => {
    expect(owned.oldMax).toBeLessThan(notOwned.oldMax);
  });
});
