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

/** Matched against the trimmed comment, so no quantifier can trade characters with another (linear). */
const DIRECTIVE_NAME = /^(ne-lint|eslint)-disable-next-line(?=\s|$)/;

/** `ne-lint-disable-next-line a/b, c/d` (or ESLint's spelling): the tool and the rules it lists. */
export function parseDirective(body: string): { tool: "ne-lint" | "eslint"; listed: string[] } | undefined {
  const trimmed = body.trim();
  const match = DIRECTIVE_NAME.exec(trimmed);
  if (!match) return undefined;
  const listed = trimmed.slice(match[0].length).split(",").map((rule) => rule.trim()).filter((rule) => rule !== "");
  return { tool: match[1] as "ne-lint" | "eslint", listed };
}

export function parseSuppressions(comments: readonly PlistComment[]): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of comments) {
    const [body = "", reason] = splitReason(comment.value);
    const directive = parseDirective(body);
    if (!directive) continue;
    const listed = directive.listed;
    // An ESLint directive names rules as `ne-lint/<id>`; one that names only other plugins' rules is not ours.
    const rules = directive.tool === "eslint" ? listed.filter((rule) => rule.startsWith("ne-lint/")).map((rule) => rule.slice("ne-lint/".length)) : listed;
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
