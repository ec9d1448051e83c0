/**
 * The rule contract. A rule is metadata (id, severity, docs, Apple source) plus a check. Checks
 * come in three shapes:
 * - document rules look at one plist (every ATS rule): they also run inside ESLint;
 * - target rules look at a whole target (entitlements vs profile vs Info.plist vs children);
 * - problem rules have no check: the engine reports them when a decoder says a file is bad.
 * Declarative rules (`given`/`then`) compile to document rules (see `declarative.ts`).
 */
import type { DocumentKind, PlistDocument } from "../model/document.js";
import type { PlistNode } from "../model/plist.js";
import type { Distribution, Platform, ProductKind, Target } from "../model/target.js";

export type Severity = "error" | "warning" | "note";
export type SeveritySetting = Severity | "off";

/** Ordering used by `--fail-on` and sorting: error > warning > note. */
export function severityRank(severity: Severity): number {
  return severity === "error" ? 3 : severity === "warning" ? 2 : 1;
}

export interface RuleMeta {
  /** `category/name`, equal to the rule file's path under `rules/`. Never renamed or reused. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule reports. */
  readonly description: string;
  /** Why it matters: what Xcode, App Store upload or the OS does about it. Markdown. */
  readonly rationale: string;
  /** How to fix it. Markdown. */
  readonly fix: string;
  /** Apple documentation (or DTS posts) the rule is based on. The first is the rule's help link target. */
  readonly sources: readonly string[];
  /** Message templates keyed by message id; `{{name}}` is replaced from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
  /** Examples for the generated docs. */
  readonly examples?: { readonly incorrect?: string; readonly correct?: string };
  /** Tags for SARIF and docs (`security` is added for every rule that weakens security). */
  readonly tags?: readonly string[];
  /**
   * SARIF `security-severity` (0.1–10, GitHub: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low) for rules whose
   * finding is a security weakness. Always given with `securityWeakness`.
   */
  readonly securitySeverity?: number;
  /** Why a finding is a security weakness (the attack it opens, a CWE) and why the score: the justification for `securitySeverity`. */
  readonly securityWeakness?: string;
  /** What the rule looks at, for its doc page, when its scope does not say (problem rules not raised by a decoder). */
  readonly reads?: string;
  /** Some reports carry a `fix` (ESLint needs to know before the rule runs: `meta.fixable`). */
  readonly fixable?: boolean;
  /** Some reports carry `suggestions` (ESLint `meta.hasSuggestions`). */
  readonly hasSuggestions?: boolean;
  /**
   * The rule's options (`"id": ["warning", { … }]`), as JSON Schema properties by option name. The config
   * schema is generated from these (`npm run docs`): any other option, or a value of another type, is a
   * config error (exit status 2). A rule without options accepts none.
   */
  readonly options?: Readonly<Record<string, RuleOptionSchema>>;
}

/** The JSON Schema of one rule option (the subset ne-lint's options use). */
export interface RuleOptionSchema {
  readonly type: "integer" | "number" | "string" | "boolean";
  readonly description: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: number | string | boolean;
}

/** What a document rule knows about the target that owns the document (may be nothing). */
export interface TargetFacts {
  readonly platform?: Platform;
  readonly deploymentTarget?: string;
  readonly kind?: ProductKind;
  readonly distribution?: Distribution;
  /** Human name of the target, for messages. */
  readonly name?: string;
  /** Every platform whose build of the same project target uses this document (multiplatform targets), when more than one. */
  readonly builtFor?: readonly Platform[];
}

/** A text edit for `--fix`/ESLint: replace `range` (UTF-16 offsets into the document text) by `text`. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface ReportDescriptor {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The node the finding is about; entries are located at their `<key>`. Omit to point at the file. */
  readonly node?: PlistNode;
  /** Lowers or raises the rule's severity for this finding (e.g. heuristic evidence). Config still wins. */
  readonly severity?: Severity;
  /** An edit that certainly fixes the problem. */
  readonly fix?: TextEdit;
  /** Edits a person should choose between. */
  readonly suggestions?: readonly { readonly messageId: string; readonly data?: Readonly<Record<string, string | number>>; readonly fix: TextEdit }[];
}

export interface DocumentRuleContext {
  readonly document: PlistDocument;
  readonly target: TargetFacts;
  report(descriptor: ReportDescriptor): void;
}

/** A position in a non-plist file (a Swift source line, a pbxproj setting), 1-based, end exclusive. */
export interface TextLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface TargetRuleContext {
  readonly target: Target;
  /** Options from config (`"rules": {"profile/expiring-soon": ["warning", {"days": 14}]}`), validated by the rule. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The moment "now" for date checks; fixed in tests. */
  readonly now: Date;
  /** Every target of the run (for rules that must know what else a project builds). */
  readonly targets: readonly Target[];
  /**
   * Memoises work shared across targets for the length of one run (a source file scanned for evidence is
   * read once even when many targets and configurations compile it).
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Reports a finding. With `document` + `node` it is located in that plist; with `file` (+ `location`) in any
   * other file (a source line, an executable inside an archive); with neither, at the target's Info.plist.
   */
  report(descriptor: ReportDescriptor & { readonly document?: PlistDocument; readonly file?: string; readonly location?: TextLocation }): void;
}

export interface DocumentRule {
  readonly meta: RuleMeta;
  readonly scope: "document";
  /** Document kinds this rule reads. */
  readonly documents: readonly DocumentKind[];
  check(context: DocumentRuleContext): void;
  /** For declarative rules: the selector and condition, shown in docs. */
  readonly declarative?: { readonly given: string; readonly field?: string; readonly condition: string };
}

export interface TargetRule {
  readonly meta: RuleMeta;
  readonly scope: "target";
  /** May be async (e.g. to read source files for evidence); the runner awaits it. */
  check(context: TargetRuleContext): void | Promise<void>;
}

export interface ProblemRule {
  readonly meta: RuleMeta;
  readonly scope: "problem";
}

export type Rule = DocumentRule | TargetRule | ProblemRule;

export function defineDocumentRule(rule: Omit<DocumentRule, "scope">): DocumentRule {
  return { ...rule, scope: "document" };
}

export function defineTargetRule(rule: Omit<TargetRule, "scope">): TargetRule {
  return { ...rule, scope: "target" };
}

export function defineProblemRule(meta: RuleMeta): ProblemRule {
  return { meta, scope: "problem" };
}

/** Fills `{{name}}` placeholders of a message template. Unknown names are left visible, never dropped. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
