/**
 * The job summary's opening section on pull requests: "What this pull request changes in what ships", one
 * table per target of the drift findings (capabilities added and removed, ATS changes, local network keys,
 * targets) with their consequences. Messages and file names come from the pull request, so they are shown as
 * inline code like every other row of the summary.
 */
import { markdownCode } from "../report/untrusted-text.js";
import type { Finding } from "../linter/finding.js";

/**
 * The section sits above the findings in a summary GitHub caps (1 MiB for the job, 65,535 characters for a
 * check run's): past this many bytes the rest is counted, and the findings table still lists every change.
 */
const MAX_SECTION_BYTES = 20_000;

const CHANGE_WORDS: Readonly<Record<string, string>> = {
  "drift/entitlement-added": "Entitlement added",
  "drift/entitlement-removed": "Entitlement removed",
  "drift/entitlement-value-added": "Entitlement value added",
  "drift/entitlement-value-removed": "Entitlement value removed",
  "drift/ats-relaxed": "ATS relaxed",
  "drift/ats-tightened": "ATS tightened",
  "drift/local-network-changed": "Local network",
  "drift/target-added": "Target added",
  "drift/target-removed": "Target removed",
};

export function isDriftFinding(finding: Finding): boolean {
  return finding.ruleId.startsWith("drift/");
}

export function renderDriftSection(findings: readonly Finding[], subject = "this pull request"): string {
  const drift = findings.filter(isDriftFinding);
  const lines = [`### What ${subject} changes in what ships`, ""];
  if (drift.length === 0) {
    lines.push("No change to entitlements, App Transport Security, local network keys or the targets that ship.");
    return lines.join("\n");
  }
  const byTarget = new Map<string, Finding[]>();
  for (const finding of drift) {
    const target = finding.target ?? "(no target)";
    const list = byTarget.get(target);
    if (list) list.push(finding);
    else byTarget.set(target, [finding]);
  }
  let shown = 0;
  let bytes = 0;
  const full = (): boolean => bytes > MAX_SECTION_BYTES;
  for (const [target, list] of byTarget) {
    if (full()) break;
    lines.push(`**${markdownCode(target)}**`, "", "| Change | Where | What it means |", "| --- | --- | --- |");
    for (const finding of list) {
      const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
      const row = `| ${CHANGE_WORDS[finding.ruleId] ?? finding.ruleId} | ${markdownCode(where)} | ${markdownCode(finding.message)} |`;
      bytes += Buffer.byteLength(row) + 1;
      if (full()) break;
      lines.push(row);
      shown++;
    }
    lines.push("");
  }
  if (shown < drift.length) lines.push(`${drift.length - shown} more changes are listed under Findings and in the SARIF file.`);
  return lines.join("\n").trimEnd();
}
