/**
 * Checks symlinks inside a tree without following any: each target is resolved on paper against
 * the listing, the way the kernel would resolve it (component by component, a symlink met on the
 * way is replaced by its target, `..` applies after that). A link that leaves the root, resolves
 * to a folder containing itself, or needs more hops than the kernel allows (40, Linux's ELOOP
 * limit) is a problem. Links that resolve inside the tree or dangle are fine.
 */
import type { TreeEntry, TreeProblem } from "./file-tree.js";
import { isSameOrAncestor, parentTreePath } from "./tree-path.js";

const MAX_HOPS = 40;

export type SymlinkVerdict = { kind: "inside"; resolved: string } | { kind: "escape"; via: string } | { kind: "loop" };

/**
 * Resolves the symlink at `linkPath`. `kinds` maps every listed path to its kind; `targets` maps
 * symlink paths to their target text (a symlink missing from `targets` is treated as a dead end).
 */
export function resolveSymlink(linkPath: string, kinds: ReadonlyMap<string, TreeEntry["kind"]>, targets: ReadonlyMap<string, string>): SymlinkVerdict {
  const first = targets.get(linkPath);
  if (first === undefined) return { kind: "inside", resolved: linkPath };
  const stack = parentTreePath(linkPath) === "" ? [] : parentTreePath(linkPath).split("/");
  let pending = first.split("/");
  if (first.startsWith("/")) return { kind: "escape", via: linkPath };
  let hops = 1;
  let via = linkPath;
  while (pending.length > 0) {
    const component = pending[0] as string;
    pending = pending.slice(1);
    if (component === "" || component === ".") continue;
    if (component === "..") {
      if (stack.length === 0) return { kind: "escape", via };
      stack.pop();
      continue;
    }
    stack.push(component);
    const here = stack.join("/");
    if (kinds.get(here) !== "symlink") continue;
    const target = targets.get(here);
    if (target === undefined) break;
    hops += 1;
    if (hops > MAX_HOPS) return { kind: "loop" };
    if (target.startsWith("/")) return { kind: "escape", via: here };
    via = here;
    stack.pop();
    pending = [...target.split("/"), ...pending];
  }
  const resolved = stack.join("/");
  // A link to a folder that contains it makes the tree infinitely deep for anyone who follows it.
  if (isSameOrAncestor(resolved, linkPath)) return { kind: "loop" };
  return { kind: "inside", resolved };
}

/** Problems for every symlink in `targets`, in path order. */
export function checkSymlinks(kinds: ReadonlyMap<string, TreeEntry["kind"]>, targets: ReadonlyMap<string, string>, treeName: string): TreeProblem[] {
  const problems: TreeProblem[] = [];
  for (const linkPath of [...targets.keys()].sort()) {
    const target = targets.get(linkPath) as string;
    const verdict = resolveSymlink(linkPath, kinds, targets);
    if (verdict.kind === "escape") {
      const how = verdict.via === linkPath ? "" : ` (through the symlink '${verdict.via}')`;
      problems.push({ code: "symlink-escape", path: linkPath, message: `The symlink '${linkPath}' points to '${target}', outside the ${treeName}${how}; ne-lint does not follow it.` });
    } else if (verdict.kind === "loop") {
      problems.push({ code: "symlink-loop", path: linkPath, message: `The symlink '${linkPath}' (to '${target}') loops back on itself or a folder containing it; ne-lint does not follow it.` });
    }
  }
  return problems;
}
