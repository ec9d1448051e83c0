/**
 * A large run in a process ne-lint owns (`ownProcessHeap`, src/compile-cache.ts) limits how V8 grows the heap
 * (src/heap-growth.ts). Checked in a child process (the flags are process-wide), on an allocation pattern like a
 * run's: objects that survive scavenges and are promoted, then die, as each project's parse tree does. Limited, the young generation stays at its size and
 * the old generation is collected before it grows as far; and nothing changes in a process the CLI or Action did
 * not claim (the API, the ESLint plugin).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runSourceScript, sourceUrl } from "./helpers/source-script.js";

interface Outcome {
  readonly limited: boolean;
  readonly again: boolean;
  readonly youngBefore: number;
  readonly youngAfter: number;
  readonly oldMax: number;
}

/** `flags`: V8 flags the child sets itself instead of `limitHeapGrowth`'s (a process ne-lint does not own); `execArgv`: Node's own. */
function run(own: boolean, options: { flags?: string; execArgv?: string[] } = {}): Outcome {
  const script = `
    const { limitHeapGrowth } = await import(${sourceUrl("src/heap-growth.ts")});
    const { ownProcessHeap } = await import(${sourceUrl("src/compile-cache.ts")});
    const v8 = process.getBuiltinModule("node:v8");
    const space = (name) => v8.getHeapSpaceStatistics().find((space) => space.space_name === name).space_size;
    if (${own}) ownProcessHeap();
    const youngBefore = space("new_space");
    const limited = limitHeapGrowth();
    if (${JSON.stringify(options.flags ?? "")}) v8.setFlagsFromString(${JSON.stringify(options.flags ?? "")});
    let oldMax = 0;
    // Twenty "projects": 400,000 objects each, alive (and so promoted) while the project is read, then dropped.
    for (let project = 0; project < 20; project++) {
      const tree = [];
      for (let index = 0; index < 400_000; index++) tree.push({ index, name: "n" + index });
      oldMax = Math.max(oldMax, space("old_space"));
    }
    console.log(JSON.stringify({ limited, again: limitHeapGrowth(), youngBefore, youngAfter: space("new_space"), oldMax }));
  `;
  return JSON.parse(runSourceScript(script, options.execArgv)) as Outcome;
}

describe("heap growth in a large run", () => {
  const owned = run(true);
  const notOwned = run(false);
  const youngOnly = run(false, { flags: "--semi-space-growth-factor=1" });

  it("is limited once, in a process ne-lint owns", () => {
    expect(owned.limited).toBe(true);
    expect(owned.again).toBe(false);
    expect(notOwned.limited).toBe(false);
  });

  it("keeps the young generation at its size, where V8 would grow it", () => {
    expect(owned.youngAfter).toBe(owned.youngBefore);
    expect(notOwned.youngAfter).toBeGreaterThan(notOwned.youngBefore);
  });

  it("collects promoted garbage before the old generation grows as far (not only through the young generation's size)", () => {
    expect(owned.oldMax).toBeLessThan(youngOnly.oldMax);
    expect(youngOnly.oldMax).toBeLessThan(notOwned.oldMax);
  });

  it("is left to the user who starts Node with either flag", () => {
    expect(run(true, { execArgv: ["--heap-growing-percent=30"] }).limited).toBe(false);
    expect(run(true, { execArgv: ["--semi_space_growth_factor=3"] }).limited).toBe(false);
  });
});

describe("V8's flags put back before a code cache is made (src/code-cache.ts at exit)", () => {
  // V8 stamps a code cache with its flags' hash and refuses one whose hash is not the running one's: a cache made
  // in a large run must carry the hash a start without flags has.
  const source = "function f(a) { return a + 1; } f(1);";
  const refused = (restore: boolean): boolean => {
    const script = `
      const { limitHeapGrowth } = await import(${sourceUrl("src/heap-growth.ts")});
      const { ownProcessHeap } = await import(${sourceUrl("src/compile-cache.ts")});
      const vm = process.getBuiltinModule("node:vm");
      const made = new vm.Script(${JSON.stringify(source)}).createCachedData();
      ownProcessHeap();
      if (!limitHeapGrowth()) throw new Error("not limited");
      if (${restore}) globalThis[Symbol.for("ne-lint.restore-v8-flags")]();
      const cachedData = new vm.Script(${JSON.stringify(source)}).createCachedData();
      console.log(JSON.stringify({ made: made.length > 0, cachedData: [...cachedData] }));
    `;
    const { cachedData } = JSON.parse(runSourceScript(script)) as { cachedData: number[] };
    // Read by a start without flags, as the next ne-lint run is.
    const read = spawnSync(process.execPath, ["-e", `const vm = require("node:vm"); const s = new vm.Script(${JSON.stringify(source)}, { cachedData: Buffer.from(${JSON.stringify(cachedData)}) }); console.log(s.cachedDataRejected);`], { encoding: "utf8" });
    expect(read.stderr).toBe("");
    return read.stdout.trim() === "true";
  };

  it("a cache made after they are put back is accepted by a usual start; one made under the limits is not", () => {
    expect(refused(true)).toBe(false);
    expect(refused(false)).toBe(true);
  });
});
