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
import { readTextBounded } from "../../discover/read-file.js";
import path from "node:path";
import { parseSettingKey } from "./settings.js";
import type { SettingAssignment, SettingCondition } from "./settings.js";

export type XcconfigStatement =
  | { readonly type: "assignment"; readonly name: string; readonly conditions: readonly SettingCondition[]; readonly value: string; readonly line: number }
  | { readonly type: "include"; readonly path: string; readonly optional: boolean; readonly line: number };

export interface XcconfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

const INCLUDE = /^#\s*include(\?)?\s*"([^"]*)"\s*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*\s*(?:\[[^\]]*\]\s*)*)=(.*)$/;
const MAX_STATEMENTS = 50_000;

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
      else errors.push({ line: lineNumber, message: `unsupported or malformed directive "${line.slice(0, 60)}"` });
      continue;
    }
    const assignment = ASSIGNMENT.exec(line);
    const key = assignment ? parseSettingKey(assignment[1] ?? "") : undefined;
    if (!assignment || !key) {
      errors.push({ line: lineNumber, message: `expected "NAME = value" but found "${line.slice(0, 60)}"` });
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
    value = value.replace(/\s*;$/, "");
    statements.push({ type: "assignment", name: key.name, conditions: key.conditions, value, line: lineNumber });
  }
  return { statements, errors };
}

/** Reads text files for the xcconfig loader; undefined when the file is absent or unreadable. */
export type TextReader = (fsPath: string) => string | undefined;

const MAX_XCCONFIG_BYTES = 4 * 1024 * 1024;

/** Reads regular files up to a size cap, caching by path so shared xcconfigs are read once. */
export function cachingTextReader(): TextReader {
  const cache = new Map<string, string | undefined>();
  return (fsPath) => {
    if (!cache.has(fsPath)) cache.set(fsPath, readTextBounded(fsPath, MAX_XCCONFIG_BYTES));
    return cache.get(fsPath);
  };
}

export interface LoadedXcconfig {
  /** In push order: included files' assignments appear where their `#include` was. */
  readonly assignments: SettingAssignment[];
  readonly problems: XcconfigProblem[];
  /** False when the top file itself could not be read. */
  readonly found: boolean;
}

const MAX_INCLUDE_DEPTH = 16;
const MAX_ASSIGNMENTS = 200_000;

/**
 * Loads an xcconfig and everything it includes. `displayPath` is how messages name the file; the
 * display path of an included file is derived from it the way the include spells the path.
 */
export function loadXcconfig(fsPath: string, displayPath: string, read: TextReader): LoadedXcconfig {
  const assignments: SettingAssignment[] = [];
  const problems: XcconfigProblem[] = [];

  function load(file: string, display: string, stack: readonly string[]): boolean {
    const text = read(file);
    if (text === undefined) return false;
    const parsed = parseXcconfig(text);
    for (const error of parsed.errors) problems.push({ file: display, line: error.line, message: `${display}:${error.line}: ${error.message}` });
    for (const statement of parsed.statements) {
      if (assignments.length >= MAX_ASSIGNMENTS) {
        problems.push({ file: display, message: `${display}: too many build settings; the rest are ignored` });
        return true;
      }
      if (statement.type === "assignment") {
        assignments.push({ name: statement.name, conditions: statement.conditions, value: statement.value, origin: { file: display, line: statement.line } });
        continue;
      }
      if (statement.path.startsWith("<")) {
        // `<DEVELOPER_DIR>/…` points into Xcode.app, which is not on this machine.
        if (!statement.optional) problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: cannot read "${statement.path}", which is inside Xcode` });
        continue;
      }
      const includedFile = path.resolve(path.dirname(file), statement.path);
      const includedDisplay = path.isAbsolute(statement.path) ? statement.path : path.posix.normalize(path.posix.join(path.posix.dirname(display), statement.path));
      if (stack.includes(includedFile)) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: "${statement.path}" includes itself (include cycle); skipped` });
        continue;
      }
      if (stack.length >= MAX_INCLUDE_DEPTH) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: includes nest more than ${MAX_INCLUDE_DEPTH} deep; "${statement.path}" skipped` });
        continue;
      }
      const found = load(includedFile, includedDisplay, [...stack, includedFile]);
      if (!found && !statement.optional) {
        problems.push({ file: display, line: statement.line, message: `${display}:${statement.line}: included file "${statement.path}" is missing` });
      }
    }
    return true;
  }

  const found = load(fsPath, displayPath, [fsPath]);
  return { assignments, problems, found };
}
