/**
 * Per-tree answers the rules on one document share (`readAts`, `atsStructureIssues`, declarative selections). The
 * runner runs every rule of a document on it before the next, so the last tree answers most calls without a
 * lookup. A memo that holds the last tree strongly would keep it after the run: a long-lived process (the API,
 * a server) linting a hostile repository once would hold a tree of tens of megabytes. So every memo made here is
 * forgotten by `forgetLastTrees`, which `runRules` calls when its rules are done.
 */
const forgetters: (() => void)[] = [];

/** `compute(tree)`, remembered while the tree lives (a WeakMap), the last tree's without a lookup. */
export function perTree<K extends object, V>(compute: (tree: K) => V): (tree: K) => V {
  const byTree = new WeakMap<K, { readonly value: V }>();
  const last = lastOnly((tree: K) => {
    let known = byTree.get(tree);
    if (!known) byTree.set(tree, (known = { value: compute(tree) }));
    return known;
  });
  return (tree) => last(tree).value;
}

/** `make(tree)` for the last tree only: a new tree replaces it (for answers not worth keeping for every tree). */
export function lastOnly<K extends object, V>(make: (tree: K) => V): (tree: K) => V {
  let lastTree: K | undefined;
  let lastValue: V | undefined;
  forgetters.push(() => {
    lastTree = undefined;
    lastValue = undefined;
  });
  return (tree) => {
    if (tree !== lastTree) {
      lastValue = make(tree);
      lastTree = tree;
    }
    return lastValue as V;
  };
}

/** Drops the last tree of every memo. */
export function forgetLastTrees(): void {
  for (const forget of forgetters) forget();
}
