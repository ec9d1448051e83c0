/**
 * Per-tree helpers that keep the last tree they answered for (`readAts`, `atsStructureIssues`, declarative
 * selections): the runner runs every rule of a document on it before the next, so the last tree answers most
 * calls without a lookup. Each such memo holds one tree strongly, so `runRules` forgets them when its rules are
 * done: a long-lived process (the API, a server) must not keep the last run's tree, which a hostile repository
 * can make tens of megabytes.
 */
const forgetters: (() => void)[] = [];

/** Registers how a module forgets the tree it keeps (called once, when the module loads). */
export function onForgetLastTrees(forget: () => void): void {
  forgetters.push(forget);
}

/** Drops every kept tree. */
export function forgetLastTrees(): void {
  for (const forget of forgetters) forget();
}
