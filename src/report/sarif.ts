/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
 * What GitHub needs (peers.md §E): one run, every rule declared with short/full description, help and
 * helpUri; repo-relative URIs; 1-based regions with exclusive end column; stable fingerprints.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { relaxesGate, type ConfigEffect } from "../config/effect.js";
import type { Finding } from "../linter/finding.js";
import type { Rule, Severity } from "../linter/types.js";
import { renderRuleDoc } from "../docs/render.js";
import { TOOL_HOMEPAGE, TOOL_NAME, TOOL_VERSION } from "../version.js";
import { sarifPlainText } from "./untrusted-text.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", note: "note" };

/** Spec §3.10: paths as URI references; keep `/`, `!` (archive members) and other safe characters readable. */
export function toUriReference(path: string): string {
  return path.split("/").map((segment) => encodeURIComponent(segment).replace(/%21/g, "!")).join("/");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, "");
}

/** `config`: what the config turned off, down or ignores; recorded in the run's property bag when it relaxes something. */
export function buildSarif(findings: readonly Finding[], rules: readonly Rule[], config?: ConfigEffect): object {
  const index = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_HOMEPAGE,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: truncate(`${rule.meta.description}.`, 1024) },
              fullDescription: { text: truncate(plain(rule.meta.rationale), 1024) },
              help: { text: truncate(`${plain(rule.meta.rationale)}\n\nHow to fix: ${plain(rule.meta.fix)}`, 10_000), markdown: renderRuleDoc(rule) },
              helpUri: rule.meta.sources[0],
              defaultConfiguration: { level: LEVEL[rule.meta.severity] },
              properties: {
                tags: [...new Set([...(rule.meta.tags ?? []), ...(rule.meta.securitySeverity !== undefined ? ["security"] : [])])],
                precision: "high",
                ...(rule.meta.securitySeverity !== undefined ? { "security-severity": rule.meta.securitySeverity.toFixed(1) } : { "problem.severity": rule.meta.severity === "note" ? "recommendation" : rule.meta.severity }),
              },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        ...(config && relaxesGate(config) ? { properties: { neLintConfig: { file: config.file ?? null, rulesOff: config.rulesOff, rulesLowered: config.rulesLowered, ignore: config.ignore } } } : {}),
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
          level: LEVEL[finding.severity],
          // Only `text`, never `markdown`: messages quote repository text; brackets are escaped so it links nowhere.
          message: { text: sarifPlainText(finding.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUriReference(finding.file) },
                ...(finding.line !== undefined
                  ? { region: { startLine: finding.line, startColumn: finding.column ?? 1, endLine: finding.endLine ?? finding.line, endColumn: finding.endColumn ?? (finding.column ?? 1) + 1 } }
                  : {}),
              },
            },
          ],
          partialFingerprints: { "neLintFingerprint/v1": finding.fingerprint },
          ...(finding.target ? { properties: { target: finding.target } } : {}),
        })),
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], config?: ConfigEffect): string {
  return `${JSON.stringify(buildSarif(findings, rules, config), null, 2)}\n`;
}
