/**
 * The release gate every front applies: does any finding reach the `fail-on` severity, and did the run
 * lint what it was asked to? A path that does not exist, or a run that found nothing ne-lint can read, is
 * a usage error (exit status 2, a failed step): a gate that passes because it looked at nothing lies.
 */
import type { Finding } from "./finding.js";
import { severityRank, type Severity } from "./types.js";

export const FAIL_ON = ["error", "warning", "note", "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function exceedsThreshold(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const threshold = severityRank(failOn as Severity);
  return findings.some((finding) => severityRank(finding.severity) >= threshold);
}

export interface RunCoverage {
  /** The paths the user gave, as given. */
  readonly paths: readonly string[];
  /** Given paths that do not exist, as given. */
  readonly missing: readonly string[];
  /** Files ne-lint read (plists, profiles, projects, app configs, bundles). */
  readonly files: number;
  /** Set when the walk stopped at a cap: such a run is incomplete (`lint/incomplete`), not empty. */
  readonly incomplete?: readonly string[] | undefined;
}

/**
 * Sentences for what makes a run unusable as a verdict: each missing path, and an empty run unless the
 * caller said an empty run is expected (`allowEmpty`, named `optOut` in the hint). Empty means none.
 */
export function coverageProblems(coverage: RunCoverage, allowEmpty: boolean, optOut: string): string[] {
  const problems = coverage.missing.map((given) => `${given}: no such file or directory`);
  if (coverage.files === 0 && !coverage.incomplete?.length && coverage.missing.length < coverage.paths.length && !allowEmpty) {
    const present = coverage.paths.filter((given) => !coverage.missing.includes(given));
    problems.push(
      `nothing to lint in ${present.join(", ")}: no Info.plist, entitlements, provisioning profile, Xcode project, app config or built product was found (${optOut} when an empty run is expected)`,
    );
  }
  return problems;
}
