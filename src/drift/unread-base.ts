/**
 * What the older side of a comparison could not read. A file the base revision (or the older build) has but
 * ne-lint could not read — a plist that does not parse, a project past a cap, a file too large to take from
 * git, a walk cap — leaves the targets built from it partial, so drift on them is unknown: an entitlement
 * that was there looks added. Each such file is a `lint/incomplete` problem (a warning: the working tree or
 * new build itself was read) and an incomplete reason, so every front says drift was not fully checked
 * rather than reporting a made-up change or nothing.
 *
 * A file the newer side cannot read either (the same problem at the same path) is left out: both sides are
 * blind to it alike, the ordinary findings already name it, and a comparison of a tree with itself must
 * report nothing.
 */
import { DRIFT_INCOMPLETE_PREFIX, INCOMPLETE_RULE_ID } from "../discover/walk-stops.js";
import type { FileRef } from "../model/document.js";
import type { Problem, Workspace } from "../model/workspace.js";

/** Problems that mean a file (or a part of the tree) was not read, so the targets built from it are partial. */
const UNREAD_RULES = new Set([INCOMPLETE_RULE_ID, "plist/parse-error", "xcode/project-invalid", "xcode/limit-exceeded", "bundle/invalid-archive", "profile/cms-invalid"]);

/** At most this many files are named; the rest are counted in the last reason. */
const MAX_NAMED = 20;

export interface UnreadBaseOptions {
  /** How the older side is named in sentences: `the base revision main`, `2.3/App.ipa`. */
  readonly side: string;
  /** Maps each side's display path to one both sides share (the same file in two builds), for matching. */
  readonly baseKey?: (file: string) => string;
  readonly headKey?: (file: string) => string;
  /** Files the base side left out before the stages ran (too large to take from git). */
  readonly skipped?: readonly { readonly file: FileRef; readonly why: string }[];
}

export function unreadBase(base: Workspace, head: Workspace, options: UnreadBaseOptions): Problem[] {
  const baseKey = options.baseKey ?? ((file: string): string => file);
  const headKey = options.headKey ?? ((file: string): string => file);
  const key = (problem: Problem, of: (file: string) => string): string => `${problem.ruleId}\0${of(problem.file.path)}\0${problem.message}`;
  const alsoInHead = new Set(head.problems.map((problem) => key(problem, headKey)));
  const unread: { file: FileRef; why: string }[] = [...(options.skipped ?? [])];
  for (const problem of base.problems) {
    if (UNREAD_RULES.has(problem.ruleId) && !alsoInHead.has(key(problem, baseKey))) unread.push({ file: problem.file, why: problem.message });
  }
  const problems: Problem[] = unread.slice(0, MAX_NAMED).map(({ file, why }) => ({
    ruleId: INCOMPLETE_RULE_ID,
    file: { path: file.path, fsPath: file.fsPath },
    severity: "warning",
    message: `${DRIFT_INCOMPLETE_PREFIX}${file.path} in ${options.side} was not read (${midSentence(why)}), so what changed in the targets built from it is not known.`,
  }));
  if (unread.length > MAX_NAMED) {
    const last = unread[MAX_NAMED]!;
    problems.push({ ruleId: INCOMPLETE_RULE_ID, file: { path: last.file.path, fsPath: last.file.fsPath }, severity: "warning", message: `${DRIFT_INCOMPLETE_PREFIX}${unread.length - MAX_NAMED} more files in ${options.side} were not read.` });
  }
  return problems;
}

/** A sentence inside parentheses: no final full stop, and a capital only where the word needs one ("XML"). */
function midSentence(text: string): string {
  const trimmed = text.replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1) : trimmed;
}
