/**
 * V8's young generation in a large run. V8 grows each semi-space from 1 MB up to 16 MB (Node 20; 32 MB on Node 24)
 * while most of what a scavenge finds survives — which is what decoding a tree or parsing a `project.pbxproj` looks
 * like — and then keeps it: 32–64 MB of the process's peak RSS, and every scavenge copies up to a semi-space of
 * survivors that end up promoted anyway. Kept at its first size (`--semi-space-growth-factor=1`), the corpus lints at
 * ~115 MB peak RSS instead of ~142 MB, the holdout and 10,000 generated targets at 7–10 % less CPU, and the rest
 * the same (docs/benchmarks.md, issue #17). The flag is read whenever V8 considers growing the young generation,
 * so setting it while the process runs takes effect (Node 20 and 24).
 *
 * Only for processes ne-lint owns: the entry points (the CLI's `startCli`, the Action's entry) call
 * `ownProcessHeap`; the API and the ESLint plugin run in someone else's process, whose heap is theirs to tune.
 * And only in a large run: `node:v8` loads Node's stream modules (~9 ms), which a small lint never needs.
 */
/**
 * On the global object, not in this module: `dist/cli.cjs` bundles its own copy of `startCli` and so of this
 * module, beside the common path's copy that the engine uses (scripts/build.mjs).
 */
const STATE = Symbol.for("ne-lint.young-generation");

interface State {
  owned?: boolean;
  limited?: boolean;
}

function state(): State {
  const global = globalThis as { [STATE]?: State };
  return (global[STATE] ??= {});
}

/** This process is ne-lint's own (CLI, Action): a large run may tune its heap. */
export function ownProcessHeap(): void {
  state().owned = true;
}

/** Decoded documents (plists, profiles) from which a run counts as large even without an Xcode project. */
export const LARGE_RUN_DOCUMENTS = 500;

/** Keeps the young generation at its current size from now on, in a process ne-lint owns; once per process. */
export function limitYoungGeneration(): boolean {
  const current = state();
  if (!current.owned || current.limited) return false;
  current.limited = true;
  process.getBuiltinModule("node:v8").setFlagsFromString("--semi-space-growth-factor=1");
  return true;
}
