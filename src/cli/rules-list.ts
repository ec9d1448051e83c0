/** `ne-lint rules`: every rule with its default severity, category and one line, as text or JSON. */
import { ruleDocsUrl } from "../docs/render.js";
import type { Rule } from "../linter/types.js";

export function formatRulesList(rules: readonly Rule[], format: "text" | "json"): string {
  const rows = [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))
    .map((rule) => ({
      id: rule.meta.id,
      severity: rule.meta.severity,
      category: rule.meta.id.slice(0, rule.meta.id.indexOf("/")),
      description: rule.meta.description,
      docsUrl: ruleDocsUrl(rule.meta.id),
      ...(rule.meta.securitySeverity !== undefined ? { securitySeverity: rule.meta.securitySeverity } : {}),
    }));
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const idWidth = Math.max(...rows.map((row) => row.id.length), "Rule".length);
  const categoryWidth = Math.max(...rows.map((row) => row.category.length), "Category".length);
  const line = (id: string, severity: string, category: string, description: string): string => `${id.padEnd(idWidth)}  ${severity.padEnd(8)}  ${category.padEnd(categoryWidth)}  ${description}`;
  return `${[line("Rule", "Severity", "Category", "What it reports"), ...rows.map((row) => line(row.id, row.severity, row.category, row.description))].join("\n")}\n\n${rows.length} rules. Pages: docs/rules/<rule>.md in the package.\n`;
}
