/**
 * Build-setting resolution the way Xcode's build system evaluates macros.
 *
 * No public spec. Source of truth: swift-build `Sources/SWBMacro` (MacroValueAssignmentTable.swift,
 * MacroEvaluationScope.swift, MacroCondition.swift, MacroEvaluationProgram.swift), the open-source
 * core of Xcode's build system. The model it implements:
 *
 *   table:  NAME → assignment → assignment → …   (highest precedence first; each level pushes on top)
 *   levels: defaults < project xcconfig < project config < target xcconfig < target config
 *   assignment = { conditions: [param=fnmatch-pattern]…, expression }
 *
 * - A lookup takes the first assignment whose conditions all match the scope's condition values
 *   (`sdk`, `config`, `arch`, …). A parameter the scope does not bind only matches the pattern `*`.
 * - `$(inherited)` evaluates the next matching assignment below the one being evaluated; nothing
 *   below gives the empty string.
 * - A reference to a macro that is already being evaluated further up (`FOO = $(FOO) x`, or a cycle
 *   `A = $(B)`, `B = $(A)`) also continues below that evaluation, which is how Xcode terminates
 *   cycles. Where nothing is below, Xcode would substitute the empty string (or the environment);
 *   this module keeps the `$(NAME)` text instead, and reports a cycle through `onProblem`.
 * - A macro with no assignment at all stays as its `$(NAME)` text: its value comes from outside the
 *   project (the `xcodebuild` command line, the environment), so it is unknown here, not empty.
 * - Operators (`$(NAME:lower)`, `$(NAME:default=x)`, …) are applied when the operand is fully
 *   known; an operator this module does not evaluate keeps the whole reference as text.
 * - Bare `$NAME` (no parentheses) is left as literal text, as Xcode does when NAME is unset.
 */
import { detached } from "./detached.js";

/** One `[param=pattern]` condition, e.g. `sdk` / `iphoneos*`. */
export interface SettingCondition {
  readonly parameter: string;
  readonly pattern: string;
}

/** Where an assignment was written. `builtin` marks this module's table of Xcode defaults. */
export interface SettingOrigin {
  readonly file: string;
  readonly line?: number;
  readonly builtin?: boolean;
}

export interface SettingAssignment {
  readonly name: string;
  readonly conditions: readonly SettingCondition[];
  /** The unevaluated expression, as written. */
  readonly value: string;
  /** Computed on demand when finding the line is not free (the pbxproj line index). */
  readonly origin: SettingOrigin | (() => SettingOrigin);
}

/** Values bound to condition parameters: `{ sdk: "iphoneos", config: "Release" }`. */
export type ConditionValues = Readonly<Record<string, string | undefined>>;

export interface ResolvedSettings {
  /** Fully resolved string, or with `$(VAR)` left in place where unknown; `undefined` when never assigned. */
  get(name: string): string | undefined;
  /** Where the winning assignment for `name` was written. */
  origin(name: string): SettingOrigin | undefined;
  /** Every setting name (starting with `prefix`) with an assignment that applies in this scope. */
  names(prefix?: string): string[];
  /**
   * Evaluates any text against these settings, as Xcode does for `$(VAR)` in entitlements and
   * Info.plist values. Unknown references stay as written.
   */
  expand(text: string): string;
  /**
   * `expand`, recording in `trace` every setting the text reached and what it gave (`valueKey`): another
   * view whose `valueKey`s agree on those names expands the text to the same result, so a document
   * shared by many targets is expanded once per distinct set of values. `limited`: an expansion limit
   * was hit, the text came back unexpanded and the trace is incomplete.
   */
  expandTraced(text: string, trace: Map<string, string>): { readonly text: string; readonly limited: boolean };
  /** What a reference to `name` evaluates to in this view, as one comparable string. */
  valueKey(name: string): string;
  /** The condition values this view was resolved for (`sdk`, `config`, `arch`). */
  readonly conditions: ConditionValues;
}

/** Matches `NAME` followed by any number of `[param=pattern]` conditions. */
const CONDITIONAL_KEY = /^([A-Za-z_][A-Za-z0-9_]*)\s*((?:\[[^\]=[]+=[^\]]*\]\s*)*)$/;
/**
 * One condition of a key that matched `CONDITIONAL_KEY`, with the spaces after it. Sticky (`y`): each match
 * starts where the last ended, so an unclosed `[a=[a=[a=…` is not rescanned from every `[` (quadratic).
 */
const CONDITION = /\[([^\]=[]+)=([^\]]*)\]\s*/gy;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Shared by every unconditional setting (most of them): never changed. */
export const NO_CONDITIONS: readonly SettingCondition[] = Object.freeze([]);

/** Splits a key such as `CODE_SIGN_ENTITLEMENTS[config=Release][sdk=macosx*]`; `undefined` if malformed. */
export function parseSettingKey(key: string): { name: string; conditions: readonly SettingCondition[] } | undefined {
  // Nearly every key is a plain name; a large project has tens of thousands of them.
  if (PLAIN_KEY.test(key)) return { name: key, conditions: NO_CONDITIONS };
  const match = CONDITIONAL_KEY.exec(key.trim());
  if (!match) return undefined;
  const conditions: SettingCondition[] = [];
  for (const condition of (match[2] ?? "").matchAll(CONDITION)) {
    conditions.push({ parameter: (condition[1] ?? "").trim().toLowerCase(), pattern: (condition[2] ?? "").trim() });
  }
  return { name: match[1] ?? key, conditions };
}

/**
 * `fnmatch()`-style matching as MacroCondition uses it; only `*` and `?` are special here.
 *
 * Not a regular expression: `*a*a*a*a*a*a*a*a*b` as `.*a.*a…` backtracks exponentially against a long
 * configuration name. With only `*` and `?`, the first piece between stars must match at the start, the
 * last at the end, and each one between at its leftmost place after the previous (the leftmost place
 * leaves the most room for the rest), so one pass left to right decides: O(value × piece length).
 */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern.length === value.length && pieceAt(pattern, value, 0);
  const pieces = pattern.split("*");
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > value.length) return false;
  if (!pieceAt(first, value, 0) || !pieceAt(last, value, value.length - last.length)) return false;
  let from = first.length;
  const end = value.length - last.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index]!;
    const at = findPiece(piece, value, from, end);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** Whether `piece` (where `?` is any one character) matches `value` at `at`. */
function pieceAt(piece: string, value: string, at: number): boolean {
  for (let index = 0; index < piece.length; index++) {
    const char = piece[index];
    if (char !== "?" && char !== value[at + index]) return false;
  }
  return true;
}

/** Leftmost place of `piece` in `value` between `from` and `end`, or -1. */
function findPiece(piece: string, value: string, from: number, end: number): number {
  if (!piece.includes("?")) {
    const at = value.indexOf(piece, from);
    return at >= 0 && at + piece.length <= end ? at : -1;
  }
  for (let at = from; at + piece.length <= end; at++) if (pieceAt(piece, value, at)) return at;
  return -1;
}

function conditionsMatch(conditions: readonly SettingCondition[], values: ConditionValues): boolean {
  for (const condition of conditions) {
    const value = Object.hasOwn(values, condition.parameter) ? values[condition.parameter] : undefined;
    if (value === undefined) {
      if (condition.pattern !== "*") return false;
    } else if (!matchesPattern(condition.pattern, value)) {
      return false;
    }
  }
  return true;
}

/**
 * The assignments of every level, lowest precedence first, folded into one table per name with the
 * highest precedence first. Within a level, later assignments win, as each one is pushed on top.
 */
export class SettingsTable {
  private readonly levels: readonly (readonly SettingAssignment[])[];
  /** Each name's assignments, highest precedence first, merged when first asked for. */
  private readonly byName = new Map<string, SettingAssignment[]>();
  /** Assignments added below all others, highest first. */
  private readonly lowest: SettingAssignment[] = [];
  private names: Set<string> | undefined;

  /**
   * Nothing is merged up front: a lint reads a handful of settings per configuration (Info.plist,
   * entitlements, bundle id, SDK, deployment target), and every configuration of a project shares the
   * project's level, indexed once (`levelIndex`), instead of copying all of its assignments per table.
   */
  constructor(levels: readonly (readonly SettingAssignment[])[]) {
    this.levels = levels;
  }

  /** Adds an assignment below all others (a default that could only be worked out after reading the table). */
  addLowest(assignment: SettingAssignment): void {
    this.lowest.push(assignment);
    this.byName.get(assignment.name)?.push(assignment);
    this.names?.add(assignment.name);
  }

  assignments(name: string): readonly SettingAssignment[] | undefined {
    let list = this.byName.get(name);
    if (list === undefined) {
      list = [];
      for (let level = this.levels.length - 1; level >= 0; level--) {
        const own = levelIndex(this.levels[level]!).get(name);
        if (own) for (let index = own.length - 1; index >= 0; index--) list.push(own[index]!);
      }
      for (const assignment of this.lowest) if (assignment.name === name) list.push(assignment);
      this.byName.set(name, list);
    }
    return list.length > 0 ? list : undefined;
  }

  allNames(): IterableIterator<string> {
    if (!this.names) {
      this.names = new Set();
      for (const level of this.levels) for (const name of levelIndex(level).keys()) this.names.add(name);
      for (const assignment of this.lowest) this.names.add(assignment.name);
    }
    return this.names.values();
  }
}

/** A level's assignments by name, in order (later ones win); shared by every table over the same level. */
const levelIndexes = new WeakMap<readonly SettingAssignment[], Map<string, SettingAssignment[]>>();

function levelIndex(level: readonly SettingAssignment[]): Map<string, SettingAssignment[]> {
  let index = levelIndexes.get(level);
  if (!index) {
    index = new Map();
    for (const assignment of level) {
      const list = index.get(assignment.name);
      if (list) list.push(assignment);
      else index.set(assignment.name, [assignment]);
    }
    levelIndexes.set(level, index);
  }
  return index;
}

// ---- Expressions ------------------------------------------------------------------------------

interface Reference {
  /** The text as written, kept when the reference cannot be evaluated. */
  readonly raw: string;
  readonly name: Part[];
  readonly operators: { readonly name: string; readonly argument?: Part[] }[];
}
type Part = string | Reference;

const MAX_EXPRESSION_NESTING = 32;
/** Characters the parser may visit per character of text: well-formed text needs one or two. */
const PARSE_STEPS_PER_CHAR = 16;

class ParseBudgetExceeded extends Error {}

const DOLLAR = 0x24;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;
const EQUALS = 0x3d;
const SLASH = 0x2f;

/** Why a reference failed: it ran off the end of the text, or nested more than MAX_EXPRESSION_NESTING deep. */
type Failure = "end" | "deep";

/** Work done by one parse, for tests that bound it. */
export interface ParseStats {
  steps: number;
}

/**
 * Parses `a$(B:op=$(C))d` into literal text and references; an unterminated `$(` stays literal.
 *
 * Linear in the text. A naive recursive descent retries every unterminated `$(` from each enclosing
 * one, which is exponential in their number (32 of them took over a minute). Here:
 * - each position is parsed as a reference at most once (remembered, success or failure);
 * - a reference that runs off the end fails every reference directly around it with the same closing
 *   bracket at once: they would scan the same characters at the same level and fail the same way;
 * - a reference nested more than 32 deep fails with everything around it, so the outermost `$(` is
 *   literal (Xcode has no such limit, but no real setting comes near it);
 * - a reference with no closing bracket after it fails without scanning.
 * A step budget backs this up: past `PARSE_STEPS_PER_CHAR` visits per character the whole text is
 * literal, which leaves every `$(` in it unknown.
 */
export function parseExpression(text: string, stats?: ParseStats): Part[] {
  const parser = new ExpressionParser(text);
  try {
    return parser.parts();
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return text === "" ? [] : [text];
    throw error;
  } finally {
    if (stats) stats.steps += parser.steps;
  }
}

type ParsedReference = { readonly reference: Reference; readonly end: number } | { readonly failure: Failure };
const RAN_OFF_THE_END: ParsedReference = Object.freeze({ failure: "end" });
const TOO_DEEP: ParsedReference = Object.freeze({ failure: "deep" });

class ExpressionParser {
  steps = 0;
  private readonly text: string;
  private readonly references = new Map<number, ParsedReference>();
  private readonly maxSteps: number;
  private readonly lastCloseParen: number;
  private readonly lastCloseBrace: number;

  constructor(text: string) {
    this.text = text;
    this.maxSteps = PARSE_STEPS_PER_CHAR * text.length + 1024;
    this.lastCloseParen = text.lastIndexOf(")");
    this.lastCloseBrace = text.lastIndexOf("}");
  }

  parts(): Part[] {
    return this.parseParts(0, undefined, 0).parts;
  }

  /**
   * Literal text and references from `start` up to `:` or `close` (when inside a reference) or the end.
   * `doomed`: a reference inside failed in a way that fails this one too.
   */
  private parseParts(start: number, close: number | undefined, depth: number): { parts: Part[]; end: number; doomed?: Failure } {
    const text = this.text;
    const parts: Part[] = [];
    let literalStart = start;
    let index = start;
    while (index < text.length) {
      this.step();
      const code = text.charCodeAt(index);
      if (close !== undefined && (code === COLON || code === close)) break;
      if (code === DOLLAR) {
        const next = text.charCodeAt(index + 1);
        if (next === OPEN_PAREN || next === OPEN_BRACE) {
          const parsed: ParsedReference = depth >= MAX_EXPRESSION_NESTING ? TOO_DEEP : this.parseReference(index, depth + 1);
          if ("reference" in parsed) {
            if (index > literalStart) parts.push(text.slice(literalStart, index));
            parts.push(parsed.reference);
            index = literalStart = parsed.end;
            continue;
          }
          if (close !== undefined && (parsed.failure === "deep" || (next === OPEN_PAREN ? CLOSE_PAREN : CLOSE_BRACE) === close)) {
            return { parts, end: text.length, doomed: parsed.failure };
          }
        }
      }
      index++;
    }
    if (index > literalStart) parts.push(text.slice(literalStart, index));
    return { parts, end: index };
  }

  private parseReference(start: number, depth: number): ParsedReference {
    let parsed = this.references.get(start);
    if (!parsed) {
      parsed = this.parseReferenceAt(start, depth);
      this.references.set(start, parsed);
    }
    return parsed;
  }

  private parseReferenceAt(start: number, depth: number): ParsedReference {
    const text = this.text;
    const close = text.charCodeAt(start + 1) === OPEN_PAREN ? CLOSE_PAREN : CLOSE_BRACE;
    if ((close === CLOSE_PAREN ? this.lastCloseParen : this.lastCloseBrace) < start) return RAN_OFF_THE_END;
    const name = this.parseParts(start + 2, close, depth);
    if (name.doomed) return name.doomed === "deep" ? TOO_DEEP : RAN_OFF_THE_END;
    let index = name.end;
    const operators: { name: string; argument?: Part[] }[] = [];
    while (text.charCodeAt(index) === COLON) {
      const opStart = index + 1;
      let opEnd = opStart;
      for (; opEnd < text.length; opEnd++) {
        this.step();
        const code = text.charCodeAt(opEnd);
        if (code === EQUALS || code === COLON || code === close) break;
      }
      const opName = text.slice(opStart, opEnd);
      if (text.charCodeAt(opEnd) === EQUALS) {
        const argument = this.parseParts(opEnd + 1, close, depth);
        if (argument.doomed) return argument.doomed === "deep" ? TOO_DEEP : RAN_OFF_THE_END;
        operators.push({ name: opName, argument: argument.parts });
        index = argument.end;
      } else {
        operators.push({ name: opName });
        index = opEnd;
      }
    }
    if (text.charCodeAt(index) !== close) return RAN_OFF_THE_END;
    return { reference: { raw: text.slice(start, index + 1), name: name.parts, operators }, end: index + 1 };
  }

  private step(): void {
    if (++this.steps > this.maxSteps) throw new ParseBudgetExceeded();
  }
}

// ---- Evaluation -------------------------------------------------------------------------------

/** One level of nested evaluation: which assignment of which macro is being expanded. */
interface Frame {
  readonly macro: string;
  readonly index: number;
  readonly depth: number;
  readonly parent: Frame | undefined;
}

interface Evaluated {
  readonly text: string;
  /** False when some reference inside stayed as `$(…)` text. */
  readonly complete: boolean;
  /** False when the macro has no applicable assignment at all. */
  readonly assigned: boolean;
  /**
   * True when a reference inside reached back to an enclosing evaluation of another macro (a
   * cycle). Such a result depends on what is being evaluated around it and is never cached;
   * `$(inherited)` and a macro naming itself depend only on their own assignment and are fine.
   */
  readonly cyclic: boolean;
}

const MAX_FRAME_DEPTH = 64;
/** Expansion steps allowed per top-level lookup: bounds `A = $(B)$(B)`, `B = $(C)$(C)`, … blow-ups. */
const MAX_STEPS = 20_000;
const MAX_RESULT_LENGTH = 256 * 1024;
/** The limits, for messages. */
export { MAX_FRAME_DEPTH as MAX_EXPANSION_DEPTH, MAX_RESULT_LENGTH as MAX_EXPANSION_LENGTH, MAX_STEPS as MAX_EXPANSION_STEPS };
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class BudgetExceeded extends Error {}

function keyOf(value: Evaluated): string {
  return `${value.assigned ? "a" : "-"}${value.complete ? "c" : "-"}${value.cyclic ? "y" : "-"}${value.text}`;
}

/**
 * Texts expanded by many views (an Info.plist shared by every target and configuration) are parsed once.
 * Bounded: a hostile document of distinct strings cannot grow it without limit.
 */
const parsedTexts = new Map<string, Part[]>();
const MAX_PARSED_CHARACTERS = 4 * 1024 * 1024;
let parsedCharacters = 0;

function parsedText(text: string): Part[] {
  let parts = parsedTexts.get(text);
  if (!parts) {
    // Kept across projects: the key and the literal parts must not keep a project's text alive.
    text = detached(text);
    parts = parseExpression(text);
    if (parsedCharacters + text.length > MAX_PARSED_CHARACTERS) {
      parsedTexts.clear();
      parsedCharacters = 0;
    }
    parsedTexts.set(text, parts);
    parsedCharacters += text.length;
  }
  return parts;
}

/** Assignments are shared by every configuration and SDK view that includes them; parse each once. */
const parsedExpressions = new WeakMap<SettingAssignment, Part[]>();

/**
 * A table seen under fixed condition values, evaluated lazily with memoisation. `onProblem` hears
 * about cycles and expansion limits (once per setting name).
 */
export class SettingsScope implements ResolvedSettings {
  readonly conditions: ConditionValues;
  private readonly table: SettingsTable;
  private readonly cache = new Map<string, Evaluated>();
  private readonly firstIndex = new Map<string, number>();
  private readonly reported = new Set<string>();
  private readonly onProblem: ((message: string, kind?: "limit") => void) | undefined;
  private steps = 0;
  /** Set while `expandTraced` runs: the top-level lookups it makes. */
  private trace: Map<string, string> | undefined;

  constructor(table: SettingsTable, conditions: ConditionValues, onProblem?: (message: string, kind?: "limit") => void) {
    this.table = table;
    this.conditions = conditions;
    this.onProblem = onProblem;
  }

  get(name: string): string | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached.assigned ? cached.text : undefined;
    if (this.matchingIndex(name, 0) < 0) return undefined;
    this.steps = 0;
    try {
      return this.lookup(name, undefined).text;
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      this.report(name, `build setting ${name} expands too deeply or too often to resolve (more than ${MAX_STEPS} steps, ${MAX_FRAME_DEPTH} levels or ${MAX_RESULT_LENGTH} characters, ne-lint's limits); it is kept unresolved`, "limit");
      const unresolved: Evaluated = { text: `$(${name})`, complete: false, assigned: true, cyclic: false };
      this.cache.set(name, unresolved);
      return unresolved.text;
    }
  }

  origin(name: string): SettingOrigin | undefined {
    const index = this.matchingIndex(name, 0);
    if (index < 0) return undefined;
    const assignment = this.table.assignments(name)![index]!;
    return typeof assignment.origin === "function" ? assignment.origin() : assignment.origin;
  }

  names(prefix = ""): string[] {
    const names: string[] = [];
    // The prefix first: only the names asked for are merged from the levels (see SettingsTable).
    for (const name of this.table.allNames()) if (name.startsWith(prefix) && this.matchingIndex(name, 0) >= 0) names.push(name);
    return names;
  }

  expand(text: string): string {
    return this.expandTraced(text, undefined).text;
  }

  expandTraced(text: string, trace: Map<string, string> | undefined): { readonly text: string; readonly limited: boolean } {
    if (!text.includes("$")) return { text, limited: false };
    this.steps = 0;
    this.trace = trace;
    try {
      return { text: this.evaluateParts(parsedText(text), undefined).text, limited: false };
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      return { text, limited: true };
    } finally {
      this.trace = undefined;
    }
  }

  valueKey(name: string): string {
    this.steps = 0;
    try {
      return keyOf(this.lookup(name, undefined));
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      return "limit";
    }
  }

  /** True when `get(name)` resolved with no `$(…)` left unknown. */
  isComplete(name: string): boolean {
    this.get(name);
    return this.cache.get(name)?.complete ?? false;
  }

  private matchingIndex(name: string, from: number): number {
    if (from === 0) {
      const known = this.firstIndex.get(name);
      if (known !== undefined) return known;
    }
    const list = this.table.assignments(name);
    let found = -1;
    if (list) {
      for (let index = from; index < list.length; index++) {
        if (conditionsMatch(list[index]!.conditions, this.conditions)) {
          found = index;
          break;
        }
      }
    }
    if (from === 0) this.firstIndex.set(name, found);
    return found;
  }

  private report(name: string, message: string, kind?: "limit"): void {
    if (this.reported.has(name)) return;
    this.reported.add(name);
    this.onProblem?.(message, kind);
  }

  /** The value of `name` as seen from inside `frame` (undefined: a top-level lookup). */
  private lookup(name: string, frame: Frame | undefined, raw = `$(${name})`): Evaluated {
    for (let enclosing = frame; enclosing; enclosing = enclosing.parent) {
      if (enclosing.macro !== name) continue;
      const direct = enclosing === frame;
      const next = this.matchingIndex(name, enclosing.index + 1);
      if (next < 0) {
        if (!direct) this.report(name, `build setting ${name} refers back to itself through ${frame!.macro}; the reference is kept unresolved`);
        return { text: raw, complete: false, assigned: false, cyclic: !direct };
      }
      const result = this.expandAssignment(name, next, frame);
      return direct ? result : { ...result, cyclic: true };
    }
    const cached = this.cache.get(name);
    if (cached) return cached;
    const index = this.matchingIndex(name, 0);
    if (index < 0) return { text: raw, complete: false, assigned: false, cyclic: false };
    const result = this.expandAssignment(name, index, frame);
    if (!result.cyclic) this.cache.set(name, result);
    return result;
  }

  private expandAssignment(name: string, index: number, parent: Frame | undefined): Evaluated {
    if (++this.steps > MAX_STEPS) throw new BudgetExceeded();
    const depth = (parent?.depth ?? 0) + 1;
    if (depth > MAX_FRAME_DEPTH) throw new BudgetExceeded();
    const assignment = this.table.assignments(name)![index]!;
    let parts = parsedExpressions.get(assignment);
    if (!parts) {
      // Values are cut from the project text; what is built from them (target facts, expanded documents)
      // outlives the project's turn.
      parts = parseExpression(detached(assignment.value));
      parsedExpressions.set(assignment, parts);
    }
    const result = this.evaluateParts(parts, { macro: name, index, depth, parent });
    return { ...result, assigned: true };
  }

  private evaluateParts(parts: readonly Part[], frame: Frame | undefined): Evaluated {
    let text = "";
    let complete = true;
    let cyclic = false;
    for (const part of parts) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      const value = this.evaluateReference(part, frame);
      text += value.text;
      complete &&= value.complete;
      cyclic ||= value.cyclic;
      if (text.length > MAX_RESULT_LENGTH) throw new BudgetExceeded();
    }
    return { text, complete, assigned: true, cyclic };
  }

  private evaluateReference(reference: Reference, frame: Frame | undefined): Evaluated {
    const unresolved = (cyclic: boolean): Evaluated => ({ text: reference.raw, complete: false, assigned: true, cyclic });
    const nameValue = this.evaluateParts(reference.name, frame);
    const name = nameValue.text.trim();
    if (!nameValue.complete || !VALID_NAME.test(name)) return unresolved(nameValue.cyclic);

    let value: Evaluated;
    if (name === "inherited") {
      const next = frame === undefined ? -1 : this.matchingIndex(frame.macro, frame.index + 1);
      value = next < 0 ? { text: "", complete: true, assigned: true, cyclic: false } : this.expandAssignment(frame!.macro, next, frame);
    } else {
      value = this.lookup(name, frame, reference.raw);
      if (frame === undefined && this.trace && !this.trace.has(name)) this.trace.set(name, keyOf(value));
    }
    let cyclic = nameValue.cyclic || value.cyclic;
    if (reference.operators.length === 0) return { ...value, assigned: true, cyclic };

    // An unassigned macro is empty as far as `:default=` is concerned: that is what the operator is for.
    let text = value.assigned ? value.text : "";
    if (value.assigned && !value.complete) return unresolved(cyclic);
    for (const operator of reference.operators) {
      if (operator.argument !== undefined) {
        const argument = this.evaluateParts(operator.argument, frame);
        cyclic ||= argument.cyclic;
        if (!argument.complete) return unresolved(cyclic);
        const replaced = applyReplacement(operator.name, text, argument.text);
        if (replaced === undefined) return unresolved(cyclic);
        text = replaced;
      } else {
        if (!value.assigned && text === "") return unresolved(cyclic);
        const retrieved = applyRetrieval(operator.name, text);
        if (retrieved === undefined) return unresolved(cyclic);
        text = retrieved;
      }
    }
    return { text, complete: true, assigned: true, cyclic };
  }
}

/** Retrieval operators (`$(NAME:op)`), per swift-build's MacroEvaluationRetrievalOperator. */
function applyRetrieval(operator: string, value: string): string | undefined {
  switch (operator) {
    case "lower":
      return value.toLowerCase();
    case "upper":
      return value.toUpperCase();
    case "identifier":
      return toIdentifier(value.replace(/[^A-Za-z0-9_]/g, "_"));
    case "c99extidentifier":
      return toIdentifier(value.replace(/[^\p{L}\p{N}_]/gu, "_"));
    case "rfc1034identifier":
      return value.replace(/[^A-Za-z0-9.-]/g, "-");
    case "file":
      return lastComponent(value);
    case "base": {
      const file = lastComponent(value);
      const dot = file.lastIndexOf(".");
      return dot > 0 ? file.slice(0, dot) : file;
    }
    case "suffix": {
      const file = lastComponent(value);
      const dot = file.lastIndexOf(".");
      return dot > 0 ? file.slice(dot) : "";
    }
    case "dir": {
      const trimmed = withoutTrailingSlashes(value);
      const slash = trimmed.lastIndexOf("/");
      return slash < 0 ? "./" : trimmed.slice(0, slash + 1);
    }
    case "not":
      return value !== "YES" ? "YES" : "NO";
    default:
      return undefined;
  }
}

/** Replacement operators (`$(NAME:op=value)`); only `default` is evaluated here. */
function applyReplacement(operator: string, value: string, argument: string): string | undefined {
  if (operator === "default") return value === "" ? argument : value;
  return undefined;
}

function toIdentifier(value: string): string {
  return /^[0-9]/.test(value) ? `_${value}` : value;
}

function lastComponent(path: string): string {
  const trimmed = withoutTrailingSlashes(path);
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/**
 * `path` without its trailing `/`s. A scan back from the end, not `/\/+$/`: that regex restarts at
 * every `/` of a long run that does not end the string, quadratic on a hostile setting value.
 */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === SLASH) end--;
  return path.slice(0, end);
}
