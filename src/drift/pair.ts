/**
 * Matches the targets of two runs (a git revision and the working tree, two builds) so drift rules compare
 * a target with itself. The identity must survive what does not change what ships: a renamed folder, a
 * moved Info.plist, a renamed Xcode target, a different archive name. So a target is its bundle identifier
 * when that is known, else its Xcode target (or folder) name and product kind; and the build configuration,
 * since Debug and Release of one target are different products.
 */
import { hasPlaceholder } from "../model/plist.js";
import type { Target } from "../model/target.js";
import type { Workspace } from "../model/workspace.js";
import type { TargetPair } from "../linter/types.js";

export function targetIdentity(target: Target): string {
  const bundleId = target.bundleId?.value;
  const who = bundleId && !hasPlaceholder(bundleId) ? `id:${bundleId}` : `name:${target.name}:${target.kind?.value ?? "unknown"}`;
  // One Xcode target builds for several SDKs (`Release, macosx`): each is its own product.
  return `${who}\u0000${target.configuration ?? ""}\u0000${target.catalyst ? "catalyst" : ""}`;
}

/**
 * Every target of either side, paired by identity, in head order then the removed ones in base order. Two
 * targets of one side with the same identity (two folders with one bundle id) pair in the order found.
 */
export function pairTargets(base: Workspace, head: Workspace): TargetPair[] {
  const waiting = new Map<string, Target[]>();
  for (const target of base.targets) {
    const key = targetIdentity(target);
    const list = waiting.get(key);
    if (list) list.push(target);
    else waiting.set(key, [target]);
  }
  const pairs: TargetPair[] = [];
  for (const target of head.targets) pairs.push({ base: waiting.get(targetIdentity(target))?.shift(), head: target });
  for (const list of waiting.values()) for (const target of list) pairs.push({ base: target, head: undefined });
  return pairs;
}
