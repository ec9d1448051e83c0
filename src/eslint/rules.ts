/**
 * ne-lint's document rules as ESLint rules. The rule objects are the CLI's own (from `rules/`), not
 * copies: each ESLint rule visits the root once, calls the rule's `check` with the document and the
 * target facts, and turns every report into `context.report` at the location the CLI prints.
 * Target rules (entitlements vs profile, …) need a whole target and are not hosted: run the CLI.
 */
import type { RuleContext, RuleDefinition, RuleTextEdit, RulesMeta } from "@eslint/core";
import { locationOf } from "../linter/run.js";
import { formatMessage, type DocumentRule, type ReportDescriptor, type Rule, type Severity, type TextEdit } from "../linter/types.js";
import { ruleDocsUrl, ruleOptionsSchema } from "../docs/render.js";
import type { PlistSourceCode } from "./source-code.js";

/** The name the language is registered under; rules refuse to run in any other language. */
export const PLIST_LANGUAGE_ID = "ne-lint/plist";

/** ESLint has no "note": notes become warnings. */
export function eslintSeverity(severity: Severity): "error" | "warn" {
  return severity === "error" ? "error" : "warn";
}

export function isHostable(rule: Rule): rule is DocumentRule {
  return rule.scope === "document";
}

type HostedRuleContext = RuleContext<{
  LangOptions: Record<string, unknown>;
  Code: PlistSourceCode;
  RuleOptions: unknown[];
  Node: unknown;
  MessageIds: string;
}>;

function replace(edit: TextEdit): (fixer: { replaceTextRange(range: [number, number], text: string): RuleTextEdit }) => RuleTextEdit {
  return (fixer) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text);
}

export function hostRule(rule: DocumentRule): RuleDefinition {
  const { meta } = rule;
  const eslintMeta: RulesMeta = {
    type: meta.severity === "note" ? "suggestion" : "problem",
    docs: { description: meta.description, recommended: true, url: ruleDocsUrl(meta.id) },
    // ESLint validates a rule's options against this (array form: one schema per option position); `[]` accepts none.
    schema: meta.options ? [ruleOptionsSchema(meta)] : [],
    messages: { ...meta.messages },
    ...(meta.fixable ? { fixable: "code" as const } : {}),
    ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    languages: [PLIST_LANGUAGE_ID],
  };
  return {
    meta: eslintMeta,
    create(context: HostedRuleContext) {
      return {
        Document() {
          const { document, facts } = context.sourceCode;
          if (!rule.documents.includes(document.kind)) return;
          // The CLI keeps one finding per rule, position and message; so does the plugin.
          const seen = new Set<string>();
          const report = (descriptor: ReportDescriptor): void => {
            const loc = locationOf(descriptor.node);
            // A finding about the whole file (the CLI prints no position) points at the top-level value.
            const start = loc?.start ?? document.root.loc?.start ?? { line: 1, column: 1 };
            const message = formatMessage(meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data);
            const key = `${start.line}:${start.column}\0${message}`;
            if (seen.has(key)) return;
            seen.add(key);
            const data = descriptor.data ? { ...descriptor.data } : {};
            context.report({
              loc: loc ? { start: loc.start, end: loc.end } : { line: start.line, column: start.column },
              messageId: descriptor.messageId,
              data,
              // A fix only from a rule that declares it: ESLint throws on an undeclared one.
              ...(descriptor.fix && meta.fixable ? { fix: replace(descriptor.fix) } : {}),
              ...(descriptor.suggestions && meta.hasSuggestions
                ? { suggest: descriptor.suggestions.map((s) => ({ messageId: s.messageId, data: s.data ? { ...s.data } : {}, fix: replace(s.fix) })) }
                : {}),
            });
          };
          rule.check({ document, target: facts, report });
        },
      };
    },
  } as RuleDefinition;
}
