/** A finding: one problem, located, with the words a user reads. The unit every reporter prints. */
import type { Severity } from "./types.js";

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Display path: relative to the working directory, `/`-separated; `App.ipa!/Payload/…` inside archives. */
  readonly file: string;
  /** 1-based; absent when unknown (binary formats). `endColumn` is exclusive. */
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The target (and configuration) the finding was made for, when there is one. */
  readonly target?: string;
  /**
   * A location-independent identity: rule, file and the plist key path (or message) — stable when lines
   * move, used by SARIF `partialFingerprints` and baselines.
   */
  readonly fingerprint: string;
  /** Edits for `--fix` and ESLint (offsets into the file's text). */
  readonly fix?: { readonly range: readonly [number, number]; readonly text: string };
}

export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly files: number;
  /**
   * Present when the run did not read everything (a walk cap was hit): one sentence per cap. Every
   * front says so next to its totals, whatever the configured severity of `lint/incomplete`.
   */
  readonly incomplete?: readonly string[];
}

export function summarise(findings: readonly Finding[], files: number, incomplete: readonly string[] = []): LintSummary {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const finding of findings) {
    if (finding.severity === "error") errors++;
    else if (finding.severity === "warning") warnings++;
    else notes++;
  }
  return { errors, warnings, notes, files, ...(incomplete.length > 0 ? { incomplete } : {}) };
}

/** Sort order of every output: file, then position (unlocated first), then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
