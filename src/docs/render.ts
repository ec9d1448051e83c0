/** Renders rule reference pages and the config schema from rule metadata (see scripts/generate.ts). */
import { MAX_IGNORE_PATTERN_LENGTH, MAX_IGNORE_PATTERNS } from "../discover/glob.js";
import { DISTRIBUTIONS, PLATFORMS } from "../model/target.js";
import type { Rule, RuleMeta, RuleOptionSchema } from "../linter/types.js";
import { RELEASE_TAG, TOOL_REPOSITORY } from "../version.js";

const SEVERITY_WORD = { error: "error", warning: "warning", note: "note" } as const;

/** Where a rule's page lives in the repository and the npm package. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The rule's page at this release's tag: what SARIF `helpUri`, JSON `docsUrl` and the job summary link to. */
export function ruleDocsUrl(id: string): string {
  return `${TOOL_REPOSITORY}/blob/${RELEASE_TAG}/${ruleDocPath(id)}`;
}

/** GitHub code scanning's bands for `security-severity`. */
export function securityBand(score: number): "critical" | "high" | "medium" | "low" {
  return score >= 9 ? "critical" : score >= 7 ? "high" : score >= 4 ? "medium" : "low";
}

function appliesTo(rule: Rule): string {
  if (rule.scope === "document") return `${rule.documents.join(", ")} documents (runs in the CLI, the Action and the ESLint plugin)`;
  if (rule.scope === "target") return "whole targets: Info.plist, entitlements, profiles and related bundles together (CLI and Action)";
  if (rule.scope === "drift") return "a target on two sides of a comparison: `--base REV` against the working tree, or `ne-lint diff OLD NEW` (CLI and Action)";
  return rule.meta.reads ?? "files ne-lint cannot read (reported by the decoders)";
}

/**
 * The JSON Schema of a rule's options object (`"id": ["warning", { … }]`): only the declared options, each of
 * its declared type. The config schema and the ESLint plugin's `meta.schema` both use it.
 */
export function ruleOptionsSchema(meta: RuleMeta): { type: "object"; additionalProperties: false; properties: Readonly<Record<string, RuleOptionSchema>> } {
  return { type: "object", additionalProperties: false, properties: meta.options ?? {} };
}

/** Markdown table cells come from rule metadata: a `|` would split a cell, a line break end the table. */
function tableCell(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .join(" ")
    .replace(/\|/g, "\\|");
}

function optionType(option: RuleOptionSchema): string {
  const bounds = [option.minimum !== undefined ? `≥ ${option.minimum}` : "", option.maximum !== undefined ? `≤ ${option.maximum}` : ""].filter(Boolean);
  return bounds.length > 0 ? `${option.type} (${bounds.join(", ")})` : option.type;
}

/** The rule's options as a table and a config example that sets each to its default; nothing for a rule without options. */
function optionsSection(meta: RuleMeta): string[] {
  const options = Object.entries(meta.options ?? {});
  if (options.length === 0) return [];
  const defaults = options.filter(([, option]) => option.default !== undefined).map(([name, option]) => `${JSON.stringify(name)}: ${JSON.stringify(option.default)}`);
  return [
    "",
    "## Options",
    "",
    "| Option | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...options.map(
      ([name, option]) =>
        `| \`${name}\` | ${optionType(option)} | ${option.default === undefined ? "none" : `\`${JSON.stringify(option.default)}\``} | ${tableCell(option.description)} |`,
    ),
    "",
    "```json",
    `{ "rules": { "${meta.id}": ["${meta.severity}", { ${defaults.join(", ")} }] } }`,
    "```",
  ];
}

export function renderRuleDoc(rule: Rule): string {
  const { meta } = rule;
  const lines = [
    `# ${meta.id}`,
    "",
    `> ${meta.description}.`,
    "",
    `Default severity: **${SEVERITY_WORD[meta.severity]}** · Reads: ${appliesTo(rule)}`,
    "",
    "## Why",
    "",
    meta.rationale,
    "",
    "## How to fix",
    "",
    meta.fix,
  ];
  if (meta.securitySeverity !== undefined) {
    lines.push("", "## Security", "", `Security severity **${meta.securitySeverity.toFixed(1)}** (${securityBand(meta.securitySeverity)}) in code scanning. ${meta.securityWeakness ?? ""}`.trimEnd());
  }
  if (rule.scope === "document" && rule.declarative) {
    const { given, field, condition } = rule.declarative;
    lines.push("", "## Check", "", `At \`${given}\`${field ? `, key \`${field}\`` : ""}: reported when the value ${condition}.`);
  }
  lines.push("", "## Messages", "", ...Object.values(meta.messages).map((message) => `- ${message}`));
  if (meta.examples?.incorrect) lines.push("", "## Incorrect", "", "```xml", meta.examples.incorrect, "```");
  if (meta.examples?.correct) lines.push("", "## Correct", "", "```xml", meta.examples.correct, "```");
  lines.push(...optionsSection(meta));
  lines.push(
    "",
    "## Configuration",
    "",
    "```json",
    `{ "rules": { "${meta.id}": "off" } }`,
    "```",
    "",
    `Inline, above the key: \`<!-- ne-lint-disable-next-line ${meta.id} -- reason -->\``,
    ...(rule.scope === "problem"
      ? []
      : ["", "Which configurations, distribution and platform each target is judged for, and how to override them: [How ne-lint judges a target](../../how-targets-are-judged.md)."]),
    "",
    "## Sources",
    "",
    ...meta.sources.map((source) => `- <${source}>`),
    "",
  );
  return lines.join("\n");
}

export function renderRuleTable(rules: readonly Rule[]): string {
  const lines = [
    "# ne-lint rules",
    "",
    "Generated from the rule files in `rules/` by `npm run docs`.",
    "",
    "Each target is judged for the configurations that ship (shared schemes' archive configuration, else Release), its distribution " +
      "(embedded profile, ExportOptions plist, signing identity, named profile, then `--distribution`) and its platform (SDK, Info.plist, " +
      "binary, then `--platform`); [How ne-lint judges a target](../how-targets-are-judged.md) says how each is decided and how to override it " +
      "(`--configuration`, `.ne-lint.json` `targets`).",
    "",
    "| Rule | Default | What it reports |",
    "| --- | --- | --- |",
    ...rules.map((rule) => `| [\`${rule.meta.id}\`](${rule.meta.id}.md) | ${rule.meta.severity} | ${tableCell(rule.meta.description)} |`),
    "",
  ];
  return lines.join("\n");
}

export function renderConfigSchema(rules: readonly Rule[]): string {
  const severity = { enum: ["error", "warning", "note", "off"] };
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://json.schemastore.org/ne-lint.json",
    title: "ne-lint configuration (.ne-lint.json)",
    description: "Data only: ne-lint never executes code from the repository it lints.",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      rules: {
        description: "Severity per rule id, or [severity, options].",
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((rule) => [
            rule.meta.id,
            {
              oneOf: [
                severity,
                { type: "array", minItems: 1, maxItems: 2, items: [severity, ruleOptionsSchema(rule.meta)] },
              ],
            },
          ]),
        ),
      },
      ignore: {
        description:
          "Glob patterns (relative to the config file) of paths not to lint: `*`, `**` (whole segments), `?`, `[a-z]`, `[!a]`, `{a,b}`. " +
          "Negation and extglobs are not supported.",
        type: "array",
        maxItems: MAX_IGNORE_PATTERNS,
        items: { type: "string", maxLength: MAX_IGNORE_PATTERN_LENGTH },
      },
      platform: { description: "Platform of targets whose platform cannot be derived.", enum: [...PLATFORMS] },
      distribution: { description: "How targets with no evidence of their distribution (embedded profile, ExportOptions plist, signing identity, named profile) are distributed; see docs/how-targets-are-judged.md.", enum: [...DISTRIBUTIONS] },
      configuration: { description: "Xcode build configuration to check, or `all` (default: what the shared schemes archive, else Release).", type: "string" },
      targets: {
        description: "Per-target settings, by Xcode target name or bundle identifier; they win over the evidence ne-lint finds.",
        type: "object",
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          properties: { distribution: { description: "How this target is distributed.", enum: [...DISTRIBUTIONS] } },
        },
      },
      deploymentTarget: { description: "Minimum OS version of targets whose deployment target cannot be derived.", type: "string", pattern: "^\\d+(\\.\\d+){0,2}$" },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
