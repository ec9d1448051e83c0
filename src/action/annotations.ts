/**
 * What to annotate and in which order. Both channels — Checks API annotations and workflow commands —
 * take findings errors first and, within a level, findings in the pull request's changed files first,
 * because GitHub shows only the first few workflow-command annotations and a reviewer reads the first ones.
 */
import { compareFindings, type Finding } from "../linter/finding.js";
import { severityRank, type Severity } from "../linter/types.js";
import { artifactOf, hasFilePosition, repoPath, shownMessage } from "../report/artifact.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";

/** Checks API: at most 50 annotations per create/update request (REST docs, "Update a check run"). */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;
/** Workflow commands: GitHub displays 10 annotations per level per step and 50 per job (peers.md §C.4). */
export const COMMAND_ANNOTATIONS_PER_LEVEL = 10;
export const COMMAND_ANNOTATIONS_PER_JOB = 50;

export function orderForAnnotation(findings: readonly Finding[], changedFiles: ReadonlySet<string> | undefined): Finding[] {
  const changed = (finding: Finding): number => (changedFiles?.has(repoPath(finding.file)) ? 0 : 1);
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || changed(a) - changed(b) || compareFindings(a, b));
}

export { repoPath } from "../report/artifact.js";

const CHECK_LEVEL: Record<Severity, "failure" | "warning" | "notice"> = { error: "failure", warning: "warning", note: "notice" };

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title: string;
}

export function toCheckAnnotation(finding: Finding): CheckAnnotation {
  // Unlocated findings (binary files, archive members) still need a line; the file's first line is the honest choice.
  const located = hasFilePosition(finding);
  const startLine = located ? finding.line : 1;
  const endLine = located ? (finding.endLine ?? startLine) : 1;
  return {
    path: artifactOf(finding).file,
    start_line: startLine,
    end_line: endLine,
    // The API accepts columns only on single-line annotations.
    ...(located && finding.column !== undefined && endLine === startLine
      ? { start_column: finding.column, end_column: Math.max(finding.column, (finding.endColumn ?? finding.column + 1) - 1) }
      : {}),
    annotation_level: CHECK_LEVEL[finding.severity],
    // Plain text on GitHub (only the check run's summary and text are Markdown), but still shown to people.
    message: escapeControlCharacters(shownMessage(finding)),
    title: `ne-lint ${finding.ruleId}`,
  };
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * How many of these findings GitHub will not display when sent as workflow commands, given that
 * `warningsBefore` warning annotations (the Action's own log warnings) already used slots in this step.
 */
export function hiddenByCommandLimits(findings: readonly Finding[], warningsBefore = 0): number {
  const perLevel = new Map<Severity, number>();
  for (const finding of findings) perLevel.set(finding.severity, (perLevel.get(finding.severity) ?? 0) + 1);
  let shown = 0;
  for (const [severity, count] of perLevel) {
    const slots = COMMAND_ANNOTATIONS_PER_LEVEL - (severity === "warning" ? Math.min(warningsBefore, COMMAND_ANNOTATIONS_PER_LEVEL) : 0);
    shown += Math.min(count, slots);
  }
  return findings.length - Math.min(shown, Math.max(0, COMMAND_ANNOTATIONS_PER_JOB - warningsBefore));
}
