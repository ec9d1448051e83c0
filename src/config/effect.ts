/**
 * What a config does to the gate. `.ne-lint.json` lives in the repository, so a pull request can add one
 * that turns rules off or ignores everything and then "passes". Every report therefore says which rules
 * the config turned off or down (against each rule's default severity) and what it ignores
 * (`configEffect`), and when the base branch's config is known, a head config that relaxes it is itself
 * a finding (`configRelaxations`, reported under `config/gate-relaxed`).
 */
import type { Rule, Severity, SeveritySetting } from "../linter/types.js";
import type { Problem } from "../model/workspace.js";
import type { Config } from "./config.js";

export interface LoweredRule {
  readonly ruleId: string;
  readonly from: Severity;
  readonly to: Severity;
}

export interface ConfigEffect {
  /** The config file, as the run names it (undefined when no file was read). */
  readonly file?: string;
  readonly rulesOff: readonly string[];
  readonly rulesLowered: readonly LoweredRule[];
  readonly ignore: readonly string[];
}

const RANK: Record<SeveritySetting, number> = { off: 0, note: 1, warning: 2, error: 3 };

function effectiveSeverity(config: Config, rule: Rule): SeveritySetting {
  return config.rules[rule.meta.id]?.severity ?? rule.meta.severity;
}

/** The rules `config` turns off or below their default severity, and its ignore globs. */
export function configEffect(config: Config, rules: readonly Rule[]): ConfigEffect {
  const rulesOff: string[] = [];
  const rulesLowered: LoweredRule[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(config, rule);
    if (severity === "off") rulesOff.push(rule.meta.id);
    else if (RANK[severity] < RANK[rule.meta.severity]) rulesLowered.push({ ruleId: rule.meta.id, from: rule.meta.severity, to: severity });
  }
  return { ...(config.source ? { file: config.source } : {}), rulesOff, rulesLowered, ignore: [...config.ignore] };
}

export function relaxesGate(effect: ConfigEffect): boolean {
  return effect.rulesOff.length > 0 || effect.rulesLowered.length > 0 || effect.ignore.length > 0;
}

/** How many names a one-line description lists before it counts the rest (a config can hold 100,000 globs). */
const LISTED = 10;

function list(items: readonly string[], quote: (text: string) => string): string {
  const shown = items.slice(0, LISTED).map(quote).join(", ");
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

/**
 * One sentence for a report's footer, or undefined when the config relaxes nothing. `quote` renders
 * repository text (globs, the file name) for the output at hand: escaped for a terminal, code in Markdown.
 */
export function describeConfigEffect(effect: ConfigEffect, quote: (text: string) => string): string | undefined {
  if (!relaxesGate(effect)) return undefined;
  const parts: string[] = [];
  if (effect.rulesOff.length > 0) parts.push(`turns off ${effect.rulesOff.length === 1 ? "1 rule" : `${effect.rulesOff.length} rules`} (${list(effect.rulesOff, (id) => id)})`);
  if (effect.rulesLowered.length > 0) {
    parts.push(`lowers ${effect.rulesLowered.length === 1 ? "1 rule" : `${effect.rulesLowered.length} rules`} (${list(effect.rulesLowered.map((rule) => `${rule.ruleId} ${rule.from} → ${rule.to}`), (text) => text)})`);
  }
  if (effect.ignore.length > 0) parts.push(`ignores ${list(effect.ignore, quote)}`);
  const last = parts.pop();
  const joined = parts.length > 0 ? `${parts.join(", ")} and ${last}` : last;
  return `The config ${effect.file ? quote(effect.file) : "given"} ${joined}.`;
}

/** One way the head config lets more through than the base config. */
export type Relaxation =
  | { readonly kind: "rule-off"; readonly ruleId: string; readonly from: Severity }
  | { readonly kind: "rule-lowered"; readonly ruleId: string; readonly from: Severity; readonly to: Severity }
  | { readonly kind: "rule-options"; readonly ruleId: string }
  | { readonly kind: "ignore-added"; readonly glob: string }
  | { readonly kind: "setting-changed"; readonly setting: "platform" | "distribution" | "configuration" | "deploymentTarget"; readonly from?: string; readonly to?: string };

const SETTINGS = ["platform", "distribution", "configuration", "deploymentTarget"] as const;

/** Stable JSON for comparing rule options (key order does not count). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Every way `head` relaxes the gate that `base` sets: a rule whose effective severity went down or off,
 * a rule whose options changed (options narrow or widen what a rule reports; ne-lint cannot tell which,
 * so any change is listed), an ignore glob `base` does not have, and a changed platform, distribution,
 * configuration or deployment target (each decides which rules apply). Pure: no files, no rules run.
 */
export function configRelaxations(base: Config, head: Config, rules: readonly Rule[]): Relaxation[] {
  const relaxations: Relaxation[] = [];
  for (const rule of rules) {
    const before = effectiveSeverity(base, rule);
    const after = effectiveSeverity(head, rule);
    if (before === "off") continue;
    if (after === "off") relaxations.push({ kind: "rule-off", ruleId: rule.meta.id, from: before });
    else if (RANK[after] < RANK[before]) relaxations.push({ kind: "rule-lowered", ruleId: rule.meta.id, from: before, to: after });
    else if (canonical(base.rules[rule.meta.id]?.options ?? {}) !== canonical(head.rules[rule.meta.id]?.options ?? {})) relaxations.push({ kind: "rule-options", ruleId: rule.meta.id });
  }
  const baseIgnores = new Set(base.ignore);
  for (const glob of new Set(head.ignore)) if (!baseIgnores.has(glob)) relaxations.push({ kind: "ignore-added", glob });
  for (const setting of SETTINGS) {
    const from = base[setting];
    const to = head[setting];
    if (from !== to) relaxations.push({ kind: "setting-changed", setting, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return relaxations;
}

/** The sentence a `config/gate-relaxed` finding carries for one relaxation (repository text is quoted as JSON strings). */
export function relaxationReason(relaxation: Relaxation): string {
  switch (relaxation.kind) {
    case "rule-off":
      return `turns off ${relaxation.ruleId}, which the base branch's config reports as ${relaxation.from}`;
    case "rule-lowered":
      return `lowers ${relaxation.ruleId} from ${relaxation.from} (base branch) to ${relaxation.to}`;
    case "rule-options":
      return `changes the options of ${relaxation.ruleId}`;
    case "ignore-added":
      return `ignores ${JSON.stringify(relaxation.glob)}, which the base branch's config does not`;
    case "setting-changed":
      return `changes ${relaxation.setting} from ${relaxation.from === undefined ? "unset" : JSON.stringify(relaxation.from)} (base branch) to ${relaxation.to === undefined ? "unset" : JSON.stringify(relaxation.to)}`;
  }
}

export const GATE_RELAXED_RULE_ID = "config/gate-relaxed";

/** One `config/gate-relaxed` problem per relaxation, on the head config file (the engine's problem rules turn them into findings). */
export function relaxationProblems(relaxations: readonly Relaxation[], file: { readonly path: string; readonly fsPath: string }): Problem[] {
  return relaxations.map((relaxation) => ({ ruleId: GATE_RELAXED_RULE_ID, file, message: relaxationReason(relaxation) }));
}
