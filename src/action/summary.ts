/**
 * The job summary (Markdown for `$GITHUB_STEP_SUMMARY`): verdict (failed, incomplete or passed), counts,
 * a table by severity and rule, and every finding with its location and a link to the rule's docs. It needs no permission, so it is the
 * one report that is complete on fork pull requests too. GitHub refuses a step summary above 1 MiB, so
 * rows stop before the limit and the summary says how many were cut.
 */
import { describeConfigEffect, type ConfigEffect } from "../config/effect.js";
import { incompleteHeadline } from "../discover/walk-stops.js";
import type { FailOn } from "../linter/gate.js";
import type { Finding, LintSummary } from "../linter/finding.js";
import { severityRank, type Severity } from "../linter/types.js";
import { markdownCode } from "../report/untrusted-text.js";

/** GitHub's limit is 1 MiB per step; stay clearly below it (the runner adds nothing, but be safe). */
export const SUMMARY_BYTE_LIMIT = 1_000_000;

export interface SummaryInput {
  readonly findings: readonly Finding[];
  readonly summary: LintSummary;
  readonly failOn: FailOn;
  readonly failed: boolean;
  /** Findings the baseline accepted (not shown, not gated). */
  readonly accepted: number;
  /** Lines about annotations (posted, fallback, how many GitHub will not display). */
  readonly notes: readonly string[];
  readonly docsLink: (ruleId: string) => string | undefined;
  /** The config that gated the run and where it came from: what it turns off, down or ignores is said under the verdict. */
  readonly config?: { readonly effect: ConfigEffect; readonly origin: "pull request" | "base commit" | "checkout" };
  /** "What this pull request changes in what ships" (src/drift/summary.ts), shown right under the verdict. */
  readonly driftSection?: string;
  /** Bytes the result may take; defaults to `SUMMARY_BYTE_LIMIT`. */
  readonly byteLimit?: number;
}

const VERDICT_ICON = { failed: "❌", incomplete: "⚠️", passed: "✅" } as const;

const LABEL: Record<Severity, string> = { error: "Error", warning: "Warning", note: "Note" };

/** Table cells of ne-lint's own text (rule ids): no pipes, no line breaks, no raw HTML. Repository text goes through `markdownCode`. */
export function escapeCell(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function ruleLink(ruleId: string, docsLink: SummaryInput["docsLink"]): string {
  const url = docsLink(ruleId);
  return url ? `[${escapeCell(ruleId)}](${url})` : escapeCell(ruleId);
}

function location(finding: Finding): string {
  return finding.line === undefined ? finding.file : `${finding.file}:${finding.line}${finding.column !== undefined ? `:${finding.column}` : ""}`;
}

export function renderSummary(input: SummaryInput): string {
  const limit = input.byteLimit ?? SUMMARY_BYTE_LIMIT;
  const { summary } = input;
  const incomplete = summary.incomplete ?? [];
  // An incomplete run never reads as passed: files past a walk cap were not checked, whatever
  // severity the config gave `lint/incomplete`.
  const verdict = input.failed ? "failed" : incomplete.length > 0 ? "incomplete" : "passed";
  const head: string[] = [
    `## ne-lint: ${verdict}`,
    "",
    `${VERDICT_ICON[verdict]} **${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.notes, "note")}** in ${plural(summary.files, "file")} checked` +
      ` (fail-on: \`${input.failOn}\`).` +
      (input.accepted > 0 ? ` ${plural(input.accepted, "finding")} accepted by the baseline ${input.accepted === 1 ? "is" : "are"} not shown.` : ""),
    "",
  ];
  if (incomplete.length > 0) {
    head.push(`⚠️ **Incomplete run**: ${incompleteHeadline(incomplete)} (\`lint/incomplete\`).`, "");
    for (const reason of incomplete) head.push(`- ${markdownCode(reason)}`);
    head.push("");
  }
  if (input.driftSection) head.push(input.driftSection, "");
  const configNote = input.config ? describeConfigEffect(input.config.effect, markdownCode) : undefined;
  if (configNote) head.push(`⚠️ ${configNote.replace(/\.$/, "")} (config from the ${input.config?.origin}).`, "");
  else if (input.config?.origin === "base commit") head.push("The config was taken from the pull request's base commit.", "");
  for (const note of input.notes) head.push(`- ${note}`);
  if (input.notes.length > 0) head.push("");

  const byRule = new Map<string, { severity: Severity; ruleId: string; count: number }>();
  for (const finding of input.findings) {
    const key = `${finding.severity}\u0000${finding.ruleId}`;
    const entry = byRule.get(key) ?? { severity: finding.severity, ruleId: finding.ruleId, count: 0 };
    entry.count++;
    byRule.set(key, entry);
  }
  if (byRule.size > 0) {
    head.push("| Severity | Rule | Findings |", "| --- | --- | ---: |");
    const rows = [...byRule.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
    for (const row of rows) head.push(`| ${LABEL[row.severity]} | ${ruleLink(row.ruleId, input.docsLink)} | ${row.count} |`);
    head.push("", "### Findings", "", "| Severity | Location | Rule | Message |", "| --- | --- | --- | --- |");
  }

  let text = `${head.join("\n")}\n`;
  let bytes = Buffer.byteLength(text);
  // Room for the "N more" line, so the cut summary is still under the limit.
  const reserve = 300;
  const ordered = [...input.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  let shown = 0;
  for (const finding of ordered) {
    // File names and messages quote the pull request's files: shown as code, they cannot render as links,
    // images, headings, HTML or a second table row.
    const row = `| ${LABEL[finding.severity]} | ${markdownCode(location(finding))} | ${ruleLink(finding.ruleId, input.docsLink)} | ${markdownCode(finding.message)} |\n`;
    const rowBytes = Buffer.byteLength(row);
    if (bytes + rowBytes + reserve > limit) break;
    text += row;
    bytes += rowBytes;
    shown++;
  }
  const cut = ordered.length - shown;
  if (cut > 0) text += `\n**${plural(cut, "more finding")} not shown here**: a job summary is limited to 1 MiB. The log and the SARIF file list every finding.\n`;
  return text;
}
