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

/** One side of a comparison of two builds: where it is, and its display paths relative to it. */
export interface ComparedSide {
  /** The side's display path (`2.4/App.app`). */
  readonly root: string;
  /** Maps a display path to one both sides share (the same file in two builds). */
  readonly key: (file: string) => string;
}

/**
 * What makes a finding or problem the same on both sides: its rule, its side-relative file, and its message
 * with the side's root taken out (a walk stop, for one, names the folder it stopped in).
 */
export function sideNeutralKey(item: { readonly ruleId: string; readonly message: string }, file: string, side: ComparedSide | undefined): string {
  if (!side) return `${item.ruleId}\0${file}\0${item.message}`;
  return `${item.ruleId}\0${side.key(file)}\0${side.root === "." ? item.message : item.message.split(side.root).join("\0")}`;
}

export interface UnreadBaseOptions {
  /** How the older side is named in sentences: `the base revision main`, `2.3/App.ipa`. */
  readonly side: string;
  /** Two builds at different paths (`ne-lint diff`); a revision and the working tree share their paths. */
  readonly sides?: { readonly base: ComparedSide; readonly head: ComparedSide };
  /** Files the base side left out before the stages ran (too large to take from git). */
  readonly skipped?: readonly { readonly file: FileRef; readonly why: string }[];
}

export function unreadBase(base: Workspace, head: Workspace, options: UnreadBaseOptions): Problem[] {
  const alsoInHead = new Set(head.problems.map((problem) => sideNeutralKey(problem, problem.file.path, options.sides?.head)));
  const unread: { file: FileRef; why: string }[] = [...(options.skipped ?? [])];
  for (const problem of base.problems) {
    if (UNREAD_RULES.has(problem.ruleId) && !alsoInHead.has(sideNeutralKey(problem, problem.file.path, options.sides?.base))) unread.push({ file: problem.file, why: problem.message });
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
