/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
 * What GitHub needs (peers.md §E): one run, every rule declared with short/full description, help and
 * helpUri; repo-relative URIs; 1-based regions with exclusive end column; stable fingerprints.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { relaxesGate, type ConfigEffect } from "../config/effect.js";
import { targetLabelOf, type Finding } from "../linter/finding.js";
import type { Rule, Severity } from "../linter/types.js";
import { renderRuleDoc, ruleDocsUrl } from "../docs/render.js";
import { artifactOf, hasFilePosition, shownMessage } from "./artifact.js";
import { TOOL_HOMEPAGE, TOOL_NAME, TOOL_VERSION } from "../version.js";
import { sarifPlainText } from "./untrusted-text.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", note: "note" };

/** Spec §3.10: paths as URI references; keep `/` and other safe characters readable. */
export function toUriReference(path: string): string {
  return path.split("/").map((segment) => encodeURIComponent(segment).replace(/%21/g, "!")).join("/");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, "");
}

export interface SarifOptions {
  /** What the config turned off, down or ignores; recorded in the run's property bag when it relaxes something. */
  readonly config?: ConfigEffect;
  /**
   * The size in bytes of a repository file (display path), for findings without a line: a binary file
   * (profile, Mach-O) or an archive gets a whole-file byte region. Undefined when it cannot be known.
   */
  readonly artifactSize?: (file: string) => number | undefined;
  /**
   * `automationDetails.id` category: what code scanning keeps apart (one per linted tree in a monorepo).
   * github/codeql-action/upload-sarif uses this instead of its own `category` input when the file has one.
   */
  readonly category?: string;
}

export const DEFAULT_SARIF_CATEGORY = "ne-lint";

export function buildSarif(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions = {}): object {
  const { config } = options;
  const index = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            fullName: `${TOOL_NAME} ${TOOL_VERSION}: Apple app security hygiene linter`,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_HOMEPAGE,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: truncate(`${rule.meta.description}.`, 1024) },
              fullDescription: { text: truncate(plain(rule.meta.rationale), 1024) },
              help: { text: truncate(`${plain(rule.meta.rationale)}\n\nHow to fix: ${plain(rule.meta.fix)}`, 10_000), markdown: renderRuleDoc(rule) },
              // The rule's own page at this release (Apple's sources are listed on it).
              helpUri: ruleDocsUrl(rule.meta.id),
              defaultConfiguration: { level: LEVEL[rule.meta.severity] },
              properties: {
                tags: [...new Set([...(rule.meta.tags ?? []), ...(rule.meta.securitySeverity !== undefined ? ["security"] : [])])],
                precision: "high",
                ...(rule.meta.securitySeverity !== undefined ? { "security-severity": rule.meta.securitySeverity.toFixed(1) } : { "problem.severity": rule.meta.severity === "note" ? "recommendation" : rule.meta.severity }),
              },
            })),
          },
        },
        automationDetails: { id: `${options.category ?? DEFAULT_SARIF_CATEGORY}/` },
        columnKind: "utf16CodeUnits",
        ...(config && relaxesGate(config) ? { properties: { neLintConfig: { file: config.file ?? null, rulesOff: config.rulesOff, rulesLowered: config.rulesLowered, ignore: config.ignore } } } : {}),
        results: findings.map((finding) => {
          const { file, member } = artifactOf(finding);
          const region = regionOf(finding, file, options);
          return {
            ruleId: finding.ruleId,
            ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
            level: LEVEL[finding.severity],
            // Only `text`, never `markdown`: messages quote repository text; brackets are escaped so it links nowhere.
            message: { text: sarifPlainText(shownMessage(finding)) },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: toUriReference(file) }, ...(region ? { region } : {}) },
                ...(member !== undefined ? { logicalLocations: [{ name: member.slice(member.lastIndexOf("/") + 1), fullyQualifiedName: member }] } : {}),
              },
            ],
            partialFingerprints: { "neLintFingerprint/v1": finding.fingerprint },
            ...(finding.target ? { properties: { target: targetLabelOf(finding) } } : {}),
          };
        }),
      },
    ],
  };
}

/**
 * A located finding keeps its line and columns. Anything else (a binary file, an archive member) gets the
 * whole file as a byte region (SARIF §3.30.2), which code scanning shows at the file and which Microsoft's
 * validator accepts (SARIF2017 wants every location to have a region).
 */
function regionOf(finding: Finding, file: string, options: SarifOptions): object | undefined {
  if (hasFilePosition(finding)) {
    return { startLine: finding.line, startColumn: finding.column ?? 1, endLine: finding.endLine ?? finding.line, endColumn: finding.endColumn ?? (finding.column ?? 1) + 1 };
  }
  const size = options.artifactSize?.(file);
  return size === undefined ? undefined : { byteOffset: 0, byteLength: size };
}

export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(findings, rules, options), null, 2)}\n`;
}
