/** The release gate every front applies: does any finding reach the `fail-on` severity? */
import type { Finding } from "./finding.js";
import { severityRank, type Severity } from "./types.js";

export const FAIL_ON = ["error", "warning", "note", "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function exceedsThreshold(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const threshold = severityRank(failOn as Severity);
  return findings.some((finding) => severityRank(finding.severity) >= threshold);
}
