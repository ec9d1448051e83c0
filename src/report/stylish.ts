/** `--format stylish`: findings grouped by file, like ESLint's default formatter. */
import { describeConfigEffect, type ConfigEffect } from "../config/effect.js";
import { targetLabelOf, type Finding, type LintSummary } from "../linter/finding.js";
import { escapeControlCharacters, terminalLine } from "./untrusted-text.js";

export interface StylishOptions {
  readonly color: boolean;
  /** What the config turned off, down or ignores: said under the counts, also when nothing was found. */
  readonly config?: ConfigEffect;
}

const CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, underline: 4 } as const;

export function formatStylish(findings: readonly Finding[], summary: LintSummary, options: StylishOptions): string {
  const paint = (code: keyof typeof CODES, text: string): string => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  const severityLabel = { error: paint("red", "error"), warning: paint("yellow", "warning"), note: paint("cyan", "note") };
  const lines: string[] = [];
  let currentFile: string | undefined;
  const rows: string[][] = [];
  const flush = (): void => {
    if (rows.length === 0) return;
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => visibleLength(row[i] ?? ""))));
    for (const row of rows) lines.push(`  ${pad(row[0] ?? "", widths[0] ?? 0)}  ${pad(row[1] ?? "", widths[1] ?? 0)}  ${row[2]}  ${paint("dim", row[3] ?? "")}`);
    rows.length = 0;
  };
  for (const finding of findings) {
    if (finding.file !== currentFile) {
      flush();
      if (currentFile !== undefined) lines.push("");
      // File names and messages carry repository text: one line each, no terminal or workflow commands.
      lines.push(paint("underline", terminalLine(finding.file)));
      currentFile = finding.file;
    }
    const position = finding.line !== undefined ? `${finding.line}:${finding.column ?? 1}` : "-";
    // The target (and Xcode configuration) the finding was made for: one file can serve several.
    rows.push([position, severityLabel[finding.severity], escapeControlCharacters(finding.message), finding.target ? `${finding.ruleId} [${escapeControlCharacters(targetLabelOf(finding) ?? "")}]` : finding.ruleId]);
  }
  flush();
  const total = summary.errors + summary.warnings + summary.notes;
  // Leftovers under Xcode projects and test data are not judged; saying how many keeps that visible.
  const unused = summary.unused ? `; ${plural(summary.unused, "file")} no target uses (leftovers, test data) ${summary.unused === 1 ? "was" : "were"} not judged` : "";
  const configNote = options.config ? describeConfigEffect(options.config, escapeControlCharacters) : undefined;
  const footer = configNote ? `${paint("yellow", `⚠ ${configNote}`)}\n` : "";
  // Said even when the finding is turned off: a clean result from an incomplete run is not clean.
  const incomplete = summary.incomplete ? `\n${paint("red", paint("bold", `⚠ Incomplete run: ${summary.incomplete.length === 1 ? "a cap was" : "caps were"} hit and some files were not read (lint/incomplete).`))}\n` : "";
  if (total === 0) return `${paint("bold", `✔ No problems in ${summary.files} ${summary.files === 1 ? "file" : "files"}${unused}`)}\n${footer}${incomplete}`;
  lines.push(
    "",
    paint(summary.errors > 0 ? "red" : "yellow", paint("bold", `✖ ${total} ${total === 1 ? "problem" : "problems"} (${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.notes, "note")}) in ${summary.files} ${summary.files === 1 ? "file" : "files"} checked${unused}`)),
  );
  return `${lines.join("\n")}\n${footer}${incomplete}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d+m/g, "").length;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleLength(text)));
}
