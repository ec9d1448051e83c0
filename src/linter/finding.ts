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
  /** The target the finding was made for, when there is one. */
  readonly target?: string;
  /** The Xcode build configuration of that target (`Release`), for targets from a project. */
  readonly configuration?: string;
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
  /** Files no target uses, not judged: Info.plists and entitlements under an Xcode project's folder (targets/leftovers.ts), and what test folders hold (discover/walk.ts). */
  readonly unused?: number;
}

/** `extent`: what the run did not read (`incomplete`) or did not judge (`unused`); carried through re-summaries. */
export function summarise(findings: readonly Finding[], files: number, extent: Pick<LintSummary, "incomplete" | "unused"> = {}): LintSummary {
  const { incomplete = [], unused = 0 } = extent;
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const finding of findings) {
    if (finding.severity === "error") errors++;
    else if (finding.severity === "warning") warnings++;
    else notes++;
  }
  return { errors, warnings, notes, files, ...(incomplete.length > 0 ? { incomplete } : {}), ...(unused > 0 ? { unused } : {}) };
}

/** `App (Release)`: the target and configuration as the human-readable reports show them. */
export function targetLabelOf(finding: Pick<Finding, "target" | "configuration">): string | undefined {
  if (finding.target === undefined) return undefined;
  return finding.configuration ? `${finding.target} (${finding.configuration})` : finding.target;
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

/**
 * `Tunnel (Release, AppStore)` → [`Tunnel`, `Release, AppStore`]: split at the last ` (` of a label ending
 * in `)`. A scan, not `/^(.*) \((.*)\)$/s`: a target name is repository text, and that regex backtracks
 * quadratically over a long run of ` (`.
 */
export function splitTargetLabel(label: string): readonly [name: string, configurations: string] | undefined {
  if (!label.endsWith(")")) return undefined;
  const open = label.lastIndexOf(" (");
  return open < 0 ? undefined : [label.slice(0, open), label.slice(open + 2, -1)];
}

/**
 * One finding that holds in several configurations of a target is reported once and names them all:
 * `Tunnel (Release)` + `Tunnel (AppStore)` → `Tunnel (Release, AppStore)`. A finding on a document that
 * several different targets share keeps the first target's name, as before.
 */
export function mergeTargetLabels(existing: string, added: string): string {
  const a = splitTargetLabel(existing);
  const b = splitTargetLabel(added);
  if (!a || !b || a[0] !== b[0]) return existing;
  // Configuration labels of multi-SDK targets contain a comma (`Release, macosx`): then `;` separates them.
  const separator = a[1].includes("; ") || b[1].includes(", ") ? "; " : ", ";
  const known = a[1].split(separator);
  if (known.includes(b[1])) return existing;
  return `${a[0]} (${[...known, b[1]].join(separator)})`;
}
