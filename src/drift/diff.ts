/**
 * `ne-lint diff OLD NEW`: what a build (or folder) claims that the older one did not, for release gating.
 * Both sides are linted by the ordinary stages and compared, as `--base` compares a revision with the working
 * tree: the ordinary findings of NEW that OLD did not have (matched as a baseline matches them, by rule, file
 * and the location-independent fingerprint), the drift findings, and what of OLD could not be read
 * (`unread-base.ts`). Every finding is located in NEW (a removal on NEW's file of the same kind, or on NEW itself
 * when a whole target is gone).
 *
 * Two builds live at different paths (`2.3/App.ipa`, `2.4/App.ipa`), so file names and fingerprints are taken
 * relative to each side (`!/Payload/App.app/Info.plist` in both): the same finding in both builds then matches,
 * and fingerprints stay the same from one release to the next.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { lint, type LintOptions, type LintResult } from "../engine.js";
import { compareFindings, summarise, type Finding } from "../linter/finding.js";
import { DriftError } from "./against-revision.js";
import { compareWorkspaces } from "./compare.js";
import { sideNeutralKey, unreadBase, type ComparedSide } from "./unread-base.js";

export async function diffBuilds(options: Omit<LintOptions, "paths"> & { readonly old: string; readonly new: string }): Promise<LintResult> {
  for (const side of [options.old, options.new]) {
    if (!existsSync(path.resolve(options.cwd, side))) throw new DriftError(`diff: ${side} does not exist`);
  }
  const { old: oldPath, new: newPath, ...rest } = options;
  const oldRoot = displayOf(options.cwd, oldPath);
  const newRoot = displayOf(options.cwd, newPath);
  const oldKey = sideRelative(oldRoot);
  const newKey = sideRelative(newRoot);
  const base = await lint({ ...rest, paths: [oldPath], fingerprintPath: oldKey });
  const head = await lint({ ...rest, paths: [newPath], fingerprintPath: newKey });
  const oldSide: ComparedSide = { root: oldRoot, key: oldKey };
  const newSide: ComparedSide = { root: newRoot, key: newKey };
  const unread = unreadBase(base.workspace, head.workspace, { side: oldRoot, sides: { base: oldSide, head: newSide } });
  const drift = await compareWorkspaces(base.workspace, head.workspace, {
    ...(options.config ? { config: options.config } : {}),
    removalsIn: "head",
    headRoot: newRoot,
    fingerprintPath: newKey,
    ...(options.rules ? { rules: options.rules } : {}),
    unread,
  });
  const introduced = newFindings(head.findings, base.findings, newSide, oldSide);
  const findings = [...introduced, ...drift.findings].sort(compareFindings);
  return {
    findings,
    summary: summarise(findings, base.summary.files + head.summary.files, { ...head.summary, incomplete: [...(head.summary.incomplete ?? []), ...unread.map((problem) => problem.message)] }),
    failures: [...base.failures, ...head.failures, ...drift.failures],
    missing: [],
    workspace: head.workspace,
  };
}

/**
 * The findings of NEW that OLD does not have. First as a baseline matches (rule, file, fingerprint), on
 * side-relative files; then, for a finding without a node (its fingerprint hashes its message data, which can
 * name the build's path), by rule, file and message with each side's path taken out. Each OLD finding
 * matches at most one NEW finding.
 */
function newFindings(head: readonly Finding[], base: readonly Finding[], headSide: ComparedSide, baseSide: ComparedSide): Finding[] {
  const byFingerprint = (finding: Finding, side: ComparedSide): string => `${finding.ruleId}\0${side.key(finding.file)}\0${finding.fingerprint}`;
  const byMessage = (finding: Finding, side: ComparedSide): string => sideNeutralKey(finding, finding.file, side);
  const used = new Set<number>();
  const index = (key: (finding: Finding, side: ComparedSide) => string): Map<string, number[]> => {
    const map = new Map<string, number[]>();
    base.forEach((finding, i) => {
      const k = key(finding, baseSide);
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    });
    return map;
  };
  const fingerprints = index(byFingerprint);
  const messages = index(byMessage);
  const take = (candidates: number[] | undefined): boolean => {
    const free = candidates?.find((i) => !used.has(i));
    if (free === undefined) return false;
    used.add(free);
    return true;
  };
  return head.filter((finding) => !take(fingerprints.get(byFingerprint(finding, headSide))) && !take(messages.get(byMessage(finding, headSide))));
}

function displayOf(cwd: string, given: string): string {
  return path.relative(cwd, path.resolve(cwd, given)).split(path.sep).join("/") || ".";
}

/** A display path relative to one side: `2.4/App.app/Info.plist` → `Info.plist`, `2.4/App.ipa!/Payload/…` → `!/Payload/…`. */
function sideRelative(root: string): (file: string) => string {
  if (root === ".") return (file) => file;
  return (file) => {
    if (file === root) return "";
    if (file.startsWith(`${root}/`)) return file.slice(root.length + 1);
    if (file.startsWith(`${root}!`)) return file.slice(root.length);
    return file;
  };
}
