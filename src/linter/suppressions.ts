/**
 * Inline suppressions in XML plists. Both spellings work in the CLI, so one comment serves the CLI,
 * the Action and ESLint:
 *   <!-- ne-lint-disable-next-line ats/arbitrary-loads -- legacy CDN, tracked in #123 -->
 *   <!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads -- legacy CDN -->
 * No rule list means every rule. The directive covers findings that start on the next line, so it
 * goes right above the `<key>`.
 */
import type { PlistComment } from "../model/plist.js";

export interface Suppression {
  /** The line whose findings are suppressed. */
  readonly line: number;
  /** Rule ids; empty means all. */
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly comment: PlistComment;
}

const DIRECTIVE = /^\s*(ne-lint|eslint)-disable-next-line(?:\s+([\s\S]*?))?\s*$/;

export function parseSuppressions(comments: readonly PlistComment[]): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of comments) {
    const [body = "", reason] = splitReason(comment.value);
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const listed = (match[2] ?? "").split(",").map((rule) => rule.trim()).filter((rule) => rule !== "");
    // An ESLint directive names rules as `ne-lint/<id>`; one that names only other plugins' rules is not ours.
    const rules = match[1] === "eslint" ? listed.filter((rule) => rule.startsWith("ne-lint/")).map((rule) => rule.slice("ne-lint/".length)) : listed;
    if (listed.length > 0 && rules.length === 0) continue;
    suppressions.push({ line: comment.loc.end.line + 1, rules, ...(reason ? { reason } : {}), comment });
  }
  return suppressions;
}

function splitReason(value: string): [string, string | undefined] {
  const index = value.search(/\s--\s/);
  if (index < 0) return [value, undefined];
  return [value.slice(0, index), value.slice(index).replace(/^\s--\s/, "").trim()];
}

export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, line: number | undefined): boolean {
  if (line === undefined) return false;
  return suppressions.some((s) => s.line === line && (s.rules.length === 0 || s.rules.includes(ruleId)));
}
