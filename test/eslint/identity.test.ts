/**
 * ESLint with the plugin and the ne-lint CLI agree: for the same files, the hosted rules give the
 * same (rule, message, line, column, endLine, endColumn), and a file the CLI cannot read is an
 * ESLint parse error at the same position with the same words. Both sides run from the build.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Api from "../../src/api.js";
import { corpusDir, corpusSkipReason, hasCorpus, repoRoot } from "../helpers/paths.js";
import { eslintFor, importBuiltPlugin, makeProject, runNeLint, type Project } from "./project.js";

interface Located {
  readonly file: string;
  readonly ruleId: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
}

const key = (f: Located): string => JSON.stringify([f.file, f.ruleId, f.message, f.line, f.column, f.endLine, f.endColumn]);
const sorted = (list: readonly Located[]): string[] => list.map(key).sort();

/** ESLint's view of a project: hosted-rule findings (namespace stripped) and parse errors. */
async function eslintView(project: Project, patterns: readonly string[] = ["."]): Promise<{ findings: Located[]; parseErrors: Located[] }> {
  const results = await eslintFor(project).lintFiles([...patterns]);
  const findings: Located[] = [];
  const parseErrors: Located[] = [];
  for (const result of results) {
    const file = path.relative(project.dir, result.filePath).split(path.sep).join("/");
    for (const m of result.messages) {
      if (m.fatal) parseErrors.push({ file, ruleId: "plist/parse-error", message: m.message.replace(/^Parsing error: /, ""), line: m.line, column: m.column, endLine: undefined, endColumn: undefined });
      else if (m.ruleId?.startsWith("ne-lint/")) findings.push({ file, ruleId: m.ruleId.slice("ne-lint/".length), message: m.message, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn });
    }
  }
  return { findings, parseErrors };
}

describe("ESLint and the CLI report the same findings on the fixture project", () => {
  let project: Project;
  let hosted: Set<string>;
  beforeAll(async () => {
    project = makeProject();
    hosted = new Set(Object.keys((await importBuiltPlugin()).rules));
  });
  afterAll(() => project.remove());

  it("same ids, messages and ranges; parse errors at the same place", async () => {
    const cli = runNeLint(project, ["--format", "json", "."]);
    expect(cli.stderr).toBe("");
    const report = JSON.parse(cli.stdout) as { findings: (Located & { severity: string })[] };
    const cliFindings = report.findings.map(({ file, ruleId, message, line, column, endLine, endColumn }) => ({ file, ruleId, message, line, column, endLine, endColumn }));
    const eslint = await eslintView(project);

    const cliHosted = cliFindings.filter((f) => hosted.has(f.ruleId));
    expect(cliHosted.length).toBeGreaterThanOrEqual(10);
    expect(sorted(eslint.findings)).toEqual(sorted(cliHosted));
    // A parse error has a start position only (ESLint shows no end for it).
    expect(sorted(eslint.parseErrors)).toEqual(sorted(cliFindings.filter((f) => f.ruleId === "plist/parse-error").map((f) => ({ ...f, endLine: undefined, endColumn: undefined }))));
  });
});

/** XML property lists in the corpus (binary ones are the CLI's alone), as paths relative to the corpus. */
function corpusTextPlists(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(plist|entitlements|xcent)$/i.test(name)) {
        const bytes = readFileSync(full);
        // ESLint reads files as UTF-8; UTF-16 and binary plists are out of its reach.
        if (bytes.length > 0 && bytes.subarray(0, 6).toString("latin1") !== "bplist" && !bytes.includes(0)) found.push(path.relative(corpusDir, full).split(path.sep).join("/"));
      }
    }
  };
  walk(corpusDir);
  return found.sort();
}

describe.skipIf(!hasCorpus)("ESLint and the CLI agree on every XML plist in the real-world corpus", () => {
  it("same findings file by file (each file linted alone, as ESLint sees it)", async () => {
    const files = corpusTextPlists();
    expect(files.length).toBeGreaterThan(300);
    const api = (await import(pathToFileURL(path.join(repoRoot, "dist/api.js")).href)) as typeof Api;
    const hosted = new Set(Object.keys((await importBuiltPlugin()).rules));
    // The corpus is read in place; the project only holds the config.
    const project = makeProject({ files: {} });
    try {
      // ESLint runs in the corpus folder (so paths match the CLI's) with the project's config.
      const eslint = await eslintView({ ...project, dir: corpusDir }, files);
      let cliFindings: Located[] = [];
      const cliParseErrors: Located[] = [];
      const cliRead = new Set<string>();
      for (const file of files) {
        const result = await api.lint({ paths: [file], cwd: corpusDir });
        for (const document of result.workspace.documents) cliRead.add(document.file.path);
        for (const f of result.findings) {
          const row = { file: f.file, ruleId: f.ruleId, message: f.message, line: f.line ?? 0, column: f.column ?? 0, endLine: f.endLine, endColumn: f.endColumn };
          if (f.ruleId === "plist/parse-error") cliParseErrors.push({ ...row, endLine: undefined, endColumn: undefined });
          else if (hosted.has(f.ruleId)) cliFindings.push(row);
        }
      }
      cliFindings = cliFindings.filter((f) => cliRead.has(f.file));
      // Files the CLI skips (a `Settings.plist` that is neither an Info.plist nor entitlements) are linted by ESLint as plain plists.
      const eslintFindings = eslint.findings.filter((f) => cliRead.has(f.file));
      expect(cliFindings.length).toBeGreaterThan(50);
      expect(sorted(eslintFindings)).toEqual(sorted(cliFindings));
      const cliParseErrorFiles = new Set(cliParseErrors.map((f) => f.file));
      expect(sorted(eslint.parseErrors.filter((f) => cliParseErrorFiles.has(f.file)))).toEqual(sorted(cliParseErrors));
    } finally {
      project.remove();
    }
  }, 120_000);
});
if (!hasCorpus) console.warn(`identity.test.ts: ${corpusSkipReason}`);
