/** `--format json`: the machine contract other tools depend on (README, "JSON output"). Keys and order are fixed. */
import { relaxesGate, type ConfigEffect } from "../config/effect.js";
import type { Finding, LintSummary } from "../linter/finding.js";
import { ruleDocsUrl } from "../docs/render.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";

/** `config`: what the config turned off, down or ignores; added to `summary` only when it relaxes something. */
export function formatJson(findings: readonly Finding[], summary: LintSummary, config?: ConfigEffect): string {
  const report = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      ...(f.line !== undefined ? { line: f.line, column: f.column, endLine: f.endLine ?? f.line, endColumn: f.endColumn ?? f.column } : {}),
      // Added in 0.1 within version 1: new keys only, existing ones unchanged.
      ...(f.target !== undefined ? { target: f.target } : {}),
      ...(f.configuration !== undefined ? { configuration: f.configuration } : {}),
      fingerprint: f.fingerprint,
      docsUrl: ruleDocsUrl(f.ruleId),
    })),
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      notes: summary.notes,
      files: summary.files,
      ...(summary.incomplete ? { incomplete: summary.incomplete } : {}),
      ...(summary.unused ? { unused: summary.unused } : {}),
      ...(config && relaxesGate(config) ? { config: { file: config.file ?? null, rulesOff: config.rulesOff, rulesLowered: config.rulesLowered, ignore: config.ignore } } : {}),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
