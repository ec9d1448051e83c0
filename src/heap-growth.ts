/**
 * How V8 grows the heap in a large run, for the processes ne-lint owns.
 *
 * V8 grows each semi-space of the young generation from 1 MB up to 16 MB (Node 20; 32 MB on Node 24) while most
 * of what a scavenge finds survives — which is what decoding plists or parsing a `project.pbxproj` looks like —
 * and keeps it: 32–64 MB of peak RSS, and every scavenge copies up to a semi-space of survivors that end up promoted
 * anyway. And it lets the old generation grow to about twice what was live at the last mark-compact before the
 * next, while what a run promotes is mostly each project's parse tree, dead once the project's targets are built.
 * Limited (`--semi-space-growth-factor=1`: the young generation stays at its size; `--heap-growing-percent=50`:
 * the old generation grows by half of what is live before the next mark-compact), the corpus lints at ~90 MB peak
 * RSS instead of ~142 MB (Node 24: ~112 instead of ~195) at no more CPU, and the holdout at the same
 * (docs/benchmarks.md, issue #17). V8 reads both flags whenever it sizes a space, so
 * setting them while the process runs takes effect (Node 20 and 24).
 *
 * Only for processes ne-lint owns: the entry points (the CLI's `startCli`, the Action's `startAction`) call
 * `ownProcessHeap`; the API and the ESLint plugin run in someone else's process, whose heap is theirs to tune.
 * And only in a run with 1 MB of Xcode projects or more (`LARGE_RUN_PROJECT_BYTES`, src/decode/decoded.ts): `node:v8`
 * loads Node's stream modules (~4 ms), which a small lint never needs, and a run of many plists alone keeps them all
 * until its rules run, so there the limits only add collections (10,000 generated targets: GC 408 → 495 ms).
 */

/** Set by `ownProcessHeap` (src/compile-cache.ts), on the global object: see there. */
const OWNED = Symbol.for("ne-lint.heap-growth.owned");
/** The flags a large run sets, and V8's own values of them (V8 11–13), which a start without flags has. */
const LIMITED_FLAGS = "--semi-space-growth-factor=1 --heap-growing-percent=50";
const USUAL_FLAGS = "--semi-space-growth-factor=2 --heap-growing-percent=0";
/**
 * On the global object once the flags change: how to put them back. V8 hashes its flags into every code cache it
 * makes and refuses a cache whose hash is not the running one's, so src/code-cache.ts calls it before it makes the
 * cache at exit (else a large run's cache would be refused by every later start).
 */
const RESTORE_FLAGS = Symbol.for("ne-lint.restore-v8-flags");
/** A user who starts Node with either flag has chosen (and the flag hash of that start is theirs). */
const CHOSEN_BY_USER = /^--(?:semi[-_]space[-_]growth[-_]factor|heap[-_]growing[-_]percent)(?:=|$)/;
let limited = false;

/**
 * The V8 versions whose flags were checked (Node 20: V8 11, Node 24: V8 13). V8 prints "Error: unrecognized flag" to
 * standard error for a flag it no longer has, so a newer V8 is left alone until checked (test/heap-growth.test.ts
 * fails there, which is the reminder).
 */
const CHECKED_V8_MAJORS = { min: 11, max: 13 };

/**
 * The `project.pbxproj` bytes from which a run limits how the heap grows (decided before any is parsed: later, the
 * young generation has grown already). Below it, what the limits save does not pay for loading `node:v8` (~4 ms,
 * which loads Node's stream modules); the holdout has 2.7 MB, the corpus 9.4 MB.
 */
export const LARGE_RUN_PROJECT_BYTES = 1024 * 1024;

/** Limits how the heap grows from now on, in a process ne-lint owns; once per process. */
export function limitHeapGrowth(): boolean {
  if ((globalThis as { [OWNED]?: boolean })[OWNED] !== true || limited) return false;
  const v8Major = Number.parseInt(process.versions.v8, 10);
  if (!(v8Major >= CHECKED_V8_MAJORS.min && v8Major <= CHECKED_V8_MAJORS.max)) return false;
  if (process.execArgv.some((argument) => CHOSEN_BY_USER.test(argument))) return false;
  limited = true;
  const v8 = process.getBuiltinModule("node:v8");
  v8.setFlagsFromString(LIMITED_FLAGS);
  (globalThis as { [RESTORE_FLAGS]?: () => void })[RESTORE_FLAGS] = () => v8.setFlagsFromString(USUAL_FLAGS);
  return true;
}
