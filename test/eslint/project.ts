/**
 * Temporary ESLint projects for the plugin tests: the fixture files, an `eslint.config.js` that
 * imports the BUILT plugin (dist/eslint-plugin.js, what users install), and runners for the real
 * installed ESLint (API and CLI binary) and the ne-lint CLI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import type SourcePlugin from "../../src/eslint/plugin.js";
import { repoRoot } from "../helpers/paths.js";

export const builtPlugin = path.join(repoRoot, "dist/eslint-plugin.js");
export const fixtureProject = path.join(repoRoot, "test/eslint/fixtures/project");
const eslintBin = path.join(repoRoot, "node_modules/.bin/eslint");

/** The plugin as users import it: from the build. */
export async function importBuiltPlugin(): Promise<typeof SourcePlugin> {
  return ((await import(pathToFileURL(builtPlugin).href)) as { default: typeof SourcePlugin }).default;
}

export interface Project {
  readonly dir: string;
  readonly configFile: string;
  remove(): void;
}

/**
 * A temp dir holding `files` (relative path → text; default: the fixture project) and an
 * `eslint.config.js` whose body uses `neLint` (default: the recommended config alone).
 */
export function makeProject(options: { files?: Readonly<Record<string, string | Uint8Array>>; config?: string } = {}): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-eslint-"));
  if (options.files) {
    for (const [name, text] of Object.entries(options.files)) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  } else {
    cpSync(fixtureProject, dir, { recursive: true });
  }
  const configFile = path.join(dir, "eslint.config.js");
  writeFileSync(configFile, `import neLint from ${JSON.stringify(pathToFileURL(builtPlugin).href)};\n\nexport default ${options.config ?? "[neLint.configs.recommended]"};\n`);
  return { dir, configFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One ESLint message in a comparable shape, file relative to the project. */
export interface Row {
  readonly file: string;
  readonly ruleId: string | null;
  readonly severity: number;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** What `rowsOf` reads from a result: the `ESLint` class's results and `--format json` output both fit. */
export interface ResultLike {
  readonly filePath: string;
  readonly messages: readonly { ruleId: string | null; severity: number; message: string; line: number; column: number; endLine?: number; endColumn?: number }[];
}

export function rowsOf(results: readonly ResultLike[], dir: string): Row[] {
  return results.flatMap((result) =>
    result.messages.map((m) => ({
      file: path.relative(dir, result.filePath).split(path.sep).join("/"),
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      line: m.line,
      column: m.column,
      ...(m.endLine !== undefined ? { endLine: m.endLine, endColumn: m.endColumn } : {}),
    })),
  );
}

/** The ESLint API (the `ESLint` class of the installed package) on a project. */
export function eslintFor(project: Project, options: ESLint.Options = {}): ESLint {
  return new ESLint({ cwd: project.dir, overrideConfigFile: project.configFile, ...options });
}

export interface ProcessRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The installed `eslint` binary in a child process, as CI runs it. */
export function runEslintBin(project: Project, args: readonly string[]): ProcessRun {
  const result = spawnSync(process.execPath, [eslintBin, ...args], { cwd: project.dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The bundled ne-lint CLI in a child process. */
export function runNeLint(project: Project, args: readonly string[]): ProcessRun {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.js"), ...args], { cwd: project.dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
