/**
 * The `SourceCode` ESLint hands to rules for a plist: locations and ranges straight from the
 * foundation's nodes (the same numbers the CLI prints), traversal, and inline directives read from
 * XML comments, `<!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads -- reason -->`.
 */
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";
import type { DirectiveType, FileProblem, RulesConfig, SourceLocation, SourceRange as EslintRange } from "@eslint/core";
import type { PlistDocument } from "../model/document.js";
import type { PlistComment } from "../model/plist.js";
import type { TargetFacts } from "../linter/types.js";
import { parseDirective } from "../linter/suppressions.js";
import { RULES } from "../../rules/index.js";
import { childrenOf, type PlistAstNode, type PlistAstRoot } from "./ast.js";
import type { PlistLanguageOptions } from "./language-options.js";

type SyntaxElement = PlistAstNode | PlistComment;

const commentParser = new ConfigCommentParser();

/** Comments ESLint treats as inline configuration (the same test @eslint/json and @eslint/markdown use). */
const INLINE_CONFIG = /^\s*(?:eslint(?:-enable|-disable(?:(?:-next)?-line)?)?|ne-lint-disable-next-line)(?:\s|$)/u;
const HOSTED_RULE_IDS = new Set(RULES.filter((rule) => rule.scope === "document").map((rule) => rule.meta.id));

/**
 * Line breaks as the foundation's reader counts them (`\r\n`, `\n` and a lone `\r`), so ESLint's
 * offset ↔ line/column conversions agree with the node locations.
 */
const LINE_ENDING = /\r\n|[\r\n]/u;

export class PlistSourceCode extends TextSourceCodeBase<{
  LangOptions: PlistLanguageOptions;
  RootNode: PlistAstRoot;
  SyntaxElementWithLoc: SyntaxElement;
  ConfigNode: PlistComment;
}> {
  /** The decoded document, exactly as the CLI's rules see it. */
  readonly document: PlistDocument;
  /** What the file and the language options say about the target the file belongs to. */
  readonly facts: TargetFacts;
  readonly comments: readonly PlistComment[];
  #steps: VisitNodeStep[] | undefined;
  readonly #parents = new WeakMap<PlistAstNode, PlistAstNode>();
  #inlineConfigComments: PlistComment[] | undefined;

  constructor(options: { text: string; ast: PlistAstRoot; document: PlistDocument; facts: TargetFacts }) {
    super({ text: options.text, ast: options.ast, lineEndingPattern: LINE_ENDING });
    this.document = options.document;
    this.facts = options.facts;
    this.comments = options.ast.comments;
  }

  override getLoc(element: SyntaxElement): SourceLocation {
    if (!element.loc) throw new Error(`A ${element.type} node without a location cannot be reported in ESLint.`);
    return element.loc;
  }

  override getRange(element: SyntaxElement): EslintRange {
    if (!element.loc) throw new Error(`A ${element.type} node without a location cannot be reported in ESLint.`);
    return [element.loc.start.offset, element.loc.end.offset];
  }

  override getParent(node: PlistAstNode): PlistAstNode | undefined {
    this.#ensureTraversed();
    return this.#parents.get(node);
  }

  override traverse(): Iterable<VisitNodeStep> {
    return this.#ensureTraversed().values();
  }

  /** The AST never changes, so the steps (and the parent map) are built once. */
  #ensureTraversed(): VisitNodeStep[] {
    if (this.#steps) return this.#steps;
    const steps: VisitNodeStep[] = [];
    // An explicit stack: hostile plists nest deeply enough to overflow recursion.
    const stack: { node: PlistAstNode; parent: PlistAstNode | undefined; exit: boolean }[] = [{ node: this.ast, parent: undefined, exit: false }];
    while (stack.length > 0) {
      const { node, parent, exit } = stack.pop() as (typeof stack)[number];
      steps.push(new VisitNodeStep({ target: node, phase: exit ? 2 : 1, args: [node, parent] }));
      if (exit) continue;
      if (parent) this.#parents.set(node, parent);
      stack.push({ node, parent, exit: true });
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as PlistAstNode, parent: node, exit: false });
    }
    return (this.#steps = steps);
  }

  getInlineConfigNodes(): PlistComment[] {
    this.#inlineConfigComments ??= this.comments.filter((comment) => INLINE_CONFIG.test(comment.value));
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      // The CLI's own spelling works here too, so one comment serves the CLI, the Action and ESLint.
      const own = neLintDirective(comment.value);
      if (own) {
        if (own.rules !== undefined) directives.push(new Directive({ type: "disable-next-line", node: comment, value: own.rules, justification: own.justification }));
        continue;
      }
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed) continue;
      const { label, value, justification } = parsed;
      // A one-line directive spanning lines would leave readers guessing which line it covers.
      if (label === "eslint-disable-line" && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      if (label === "eslint-disable" || label === "eslint-enable" || label === "eslint-disable-next-line" || label === "eslint-disable-line") {
        directives.push(new Directive({ type: label.slice("eslint-".length) as DirectiveType, node: comment, value, justification }));
      }
    }
    return { problems, directives };
  }

  /** `<!-- eslint ne-lint/ats/arbitrary-loads: "off" -->` configures rules for this file. */
  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed?.label !== "eslint") continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }
}

/**
 * `ne-lint-disable-next-line a/b, c/d -- reason` as an ESLint directive on `ne-lint/a/b, ne-lint/c/d`.
 * Rules ESLint does not host (whole-target rules) are left out, so naming them is not an error here;
 * `rules` is undefined when nothing hosted is left to disable.
 */
function neLintDirective(text: string): { rules: string | undefined; justification: string } | undefined {
  const [body = "", ...reason] = text.split(/\s--\s/);
  const directive = parseDirective(body);
  if (directive?.tool !== "ne-lint") return undefined;
  const listed = directive.listed;
  const hosted = listed.filter((rule) => HOSTED_RULE_IDS.has(rule)).map((rule) => `ne-lint/${rule}`);
  return { rules: listed.length === 0 ? "" : hosted.length > 0 ? hosted.join(", ") : undefined, justification: reason.join(" -- ").trim() };
}
