/**
 * `.xcconfig` build configuration files.
 *
 * No public spec. Source of truth: swift-build `Sources/SWBMacro/MacroConfigFileParser.swift`
 * (the parser Xcode's build system uses). Line grammar:
 *
 *   line        = "" | "#include" "?"? "\"" path "\"" | assignment ";"?
 *   assignment  = NAME ( "[" param "=" pattern "]" )* "=" value
 *   comment     = "//" … end of line   — also inside values, as Xcode does
 *   value       = may continue on the next line when it ends with "\"
 *
 * Include paths are relative to the including file. Later assignments win (the caller pushes them
 * in order). `@bacons/xcode/xcconfig` is not used: it keeps no line numbers and throws on a missing
 * include, and `origin()` needs the line of each assignment.
 */
import path from "node:path";
import { isRefusal, refusalReason, type ConfinedFiles, type Refusal } from "../../discover/confined-files.js";
import { parseSettingKey } from "./settings.js";
import type { SettingAssignment, SettingCondition } from "./settings.js";

export type XcconfigStatement =
  | { readonly type: "assignment"; readonly name: string; readonly conditions: readonly SettingCondition[]; readonly value: string; readonly line: number }
  | { readonly type: "include"; readonly path: string; readonly optional: boolean; readonly line: number };

export interface XcconfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
  readonly kind?: XcconfigProblemKind;
}

const INCLUDE = /^#\s*include(\?)?\s*"([^"]*)"\s*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*\s*(?:\[[^\]]*\]\s*)*)=(.*)$/;
const MAX_STATEMENTS = 50_000;
/** Malformed lines reported per file; a file of garbage is one problem, not millions. */
const MAX_ERRORS = 100;

/** Strips a `//` comment; Xcode ends the value there even inside what looks like a URL. */
function withoutComment(line: string): string {
  const comment = line.indexOf("//");
  return comment < 0 ? line : line.slice(0, comment);
}

/** Parses one file's text. Lines Xcode would reject are reported and skipped, as Xcode does. */
export function parseXcconfig(text: string): { statements: XcconfigStatement[]; errors: { line: number; message: string }[] } {
  const statements: XcconfigStatement[] = [];
  const errors: { line: number; message: string }[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n|\u2028|\u2029/);
  for (let index = 0; index < lines.length && statements.length < MAX_STATEMENTS; index++) {
    const lineNumber = index + 1;
    const line = withoutComment(lines[index]!).trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const include = INCLUDE.exec(line);
      if (include && include[2]) statements.push({ type: "include", path: include[2], optional: include[1] === "?", line: lineNumber });
      else if (errors.length < MAX_ERRORS) errors.push({ line: lineNumber, message: `unsupported or malformed directive "${line.slice(0, 60)}"` });
      continue;
    }
    const assignment = ASSIGNMENT.exec(line);
    const key = assignment ? parseSettingKey(assignment[1] ?? "") : undefined;
    if (!assignment || !key) {
      if (errors.length < MAX_ERRORS) errors.push({ line: lineNumber, message: `expected "NAME = value" but found "${line.slice(0, 60)}"` });
      continue;
    }
    let value = (assignment[2] ?? "").trim();
    // A trailing backslash continues the value on the next line, joined with one space.
    while (value.endsWith("\\") && index + 1 < lines.length) {
      value = value.slice(0, -1).trim();
      index++;
      const next = withoutComment(lines[index]!).trim();
      value = value && next ? `${value} ${next}` : value || next;
    }
    // Not `/\s*;$/`: that backtracks quadratically over a long run of spaces.
    if (value.endsWith(";")) value = value.slice(0, -1).trimEnd();
    statements.push({ type: "assignment", name: key.name, conditions: key.conditions, value, line: lineNumber });
  }
  return { statements, errors };
}

/** An xcconfig's parsed text, why it may not be read, or undefined when it is absent or unreadable. */
export type XcconfigFile = ReturnType<typeof parseXcconfig> | { readonly refused: Refusal } | undefined;

/** Reads xcconfig files for the loader. */
export type XcconfigReader = (fsPath: string) => XcconfigFile;

const MAX_XCCONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads regular files inside the linted roots (see `ConfinedFiles`) up to a size cap, and parses each
 * once: shared xcconfigs are included by many files and configurations.
 */
export function cachingXcconfigReader(files: ConfinedFiles): XcconfigReader {
  const cache = new Map<string, XcconfigFile>();
  return (fsPath) => {
    if (!cache.has(fsPath)) {
      const read = files.readText(fsPath, MAX_XCCONFIG_BYTES);
      cache.set(fsPath, read.ok ? parseXcconfig(read.text) : isRefusal(read.reason) ? { refused: read.reason } : undefined);
    }
    return cache.get(fsPath);
  };
}

export interface LoadedXcconfig {
  /** In push order: included files' assignments appear where their `#include` was. */
  readonly assignments: SettingAssignment[];
  readonly problems: XcconfigProblem[];
  /** False when the top file itself could not be read. */
  readonly found: boolean;
  /** Set when the top file was not read because it is outside the linted roots or inside `.git`. */
  readonly refused?: Refusal;
}

const MAX_INCLUDE_DEPTH = 16;

/**
 * What all the xcconfigs of one project may cost together. The include cycle check is per include
 * stack, so without a shared budget 15 files that each include the next 10 are 10^15 loads.
 */
export class XcconfigBudget {
  static readonly MAX_LOADS = 5_000;
  static readonly MAX_ASSIGNMENTS = 200_000;
  loads = 0;
  assignments = 0;
  /** Files whose malformed lines were reported: a file included a thousand times is reported once. */
  readonly errorsReported = new Set<string>();
  /** Which limit ran out, once one has. */
  exceeded: "loads" | "assignments" | undefined;
}

/** A problem that is a budget overrun (`limit`) or a refused read (`refused`), as opposed to a mistake in the project. */
export type XcconfigProblemKind = "limit" | "refused";

/**
 * Loads an xcconfig and everything it includes. `displayPath` is how messages name the file; the
 * display path of an included file is derived from it the way the include spells the path. The
 * budget is shared by every xcconfig of a project.
 */
export function loadXcconfig(fsPath: string, displayPath: string, read: XcconfigReader, budget: XcconfigBudget = new XcconfigBudget()): LoadedXcconfig {
  const assignments: SettingAssignment[] = [];
  const problems: XcconfigProblem[] = [];
  const overrun = (display: string, line: number | undefined): void => {
    const what = budget.exceeded === "loads" ? `more than ${XcconfigBudget.MAX_LOADS} xcconfig loads (#include fan-out)` : `more than ${XcconfigBudget.MAX_ASSIGNMENTS} build settings`;
    // The finding is located at the file and line; the message need not repeat them.
    problems.push({ file: display, kind: "limit", ...(line !== undefined ? { line } : {}), message: `reading the project's xcconfig files stopped here: they add up to ${what}, ne-lint's limit; the rest are not read and the settings they would set are unknown` });
  };

  /** `found`: the file was read; `refused`: it was not, because of where it is. */
  function load(file: string, display: string, stack: readonly string[], line: number | undefined): { found: boolean; refused?: Refusal } {
    if (budget.exceeded) return { found: true };
    if (++budget.loads > XcconfigBudget.MAX_LOADS) {
      budget.exceeded = "loads";
      overrun(display, line);
      return { found: true };
    }
    const parsed = read(file);
    if (parsed === undefined) return { found: false };
    if ("refused" in parsed) return { found: false, refused: parsed.refused };
    if (!budget.errorsReported.has(file)) for (const error of parsed.errors) problems.push({ file: display, line: error.line, message: `${display}:${error.line}: ${error.message}` });
    budget.errorsReported.add(file);
    for (const statement of parsed.statements) {
      if (budget.exceeded) return { found: true };
      if (statement.type === "assignment") {
        if (++budget.assignments > XcconfigBudget.MAX_ASSIGNMENTS) {
          budget.exceeded = "assignments";
          overrun(display, statement.line);
          return { found: true };
        }
        assignments.push({ name: statement.name, conditions: statement.conditions, value: statement.value, origin: { file: display, line: statement.line } });
        continue;
      }
      const quoted = quote(statement.path);
      if (statement.path.startsWith("<")) {
        // `<DEVELOPER_DIR>/…` points into Xcode.app, which is not on this machine: its settings are unknown values.
        if (!statement.optional) problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: cannot read ${quoted}, which is inside Xcode` });
        continue;
      }
      const includedFile = path.resolve(path.dirname(file), statement.path);
      const includedDisplay = path.isAbsolute(statement.path) ? statement.path : path.posix.normalize(path.posix.join(path.posix.dirname(display), statement.path));
      if (stack.includes(includedFile)) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: ${quoted} includes itself (include cycle); skipped` });
        continue;
      }
      if (stack.length >= MAX_INCLUDE_DEPTH) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: includes nest more than ${MAX_INCLUDE_DEPTH} deep; ${quoted} skipped` });
        continue;
      }
      const loaded = load(includedFile, includedDisplay, [...stack, includedFile], statement.line);
      if (loaded.refused) {
        // Optional or not: the include names a file ne-lint must not read, which is worth saying either way.
        problems.push({ file: display, line: statement.line, kind: "refused", message: `#include ${quoted} names a file ${refusalReason(loaded.refused)}; the settings it would set are unknown` });
      } else if (!loaded.found && !statement.optional) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: included file ${quoted} is missing` });
      }
    }
    return { found: true };
  }

  const loaded = load(fsPath, displayPath, [fsPath], undefined);
  return { assignments, problems, found: loaded.found, ...(loaded.refused ? { refused: loaded.refused } : {}) };
}

/** Repository text in a message, cut short so a hostile value cannot flood the output. */
export function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Repository text in a message: quoted and cut short. */
export function quote(text: string, max = 120): string {
  return JSON.stringify(shorten(text, max));
}
