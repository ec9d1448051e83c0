/** The `ne-lint` command: parse arguments, lint, print, choose the exit status. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from "../baseline/baseline.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { configEffect } from "../config/effect.js";
import { DriftError, lintAgainstRevision } from "../drift/against-revision.js";
import { diffBuilds } from "../drift/diff.js";
import { resolveConfig } from "../config/print-config.js";
import { lint } from "../engine.js";
import { formatGithub } from "../report/github.js";
import { formatJson } from "../report/json.js";
import { fileSizes } from "../report/artifact.js";
import { formatSarif } from "../report/sarif.js";
import { formatStylish } from "../report/stylish.js";
import { summarise } from "../linter/finding.js";
import { coverageProblems, exceedsThreshold } from "../linter/gate.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";
import { TOOL_VERSION } from "../version.js";
import { HELP, parseCli, UsageError } from "./args.js";
import { progressWanted, startProgress } from "./progress.js";
import { formatRulesList } from "./rules-list.js";
import { withStdinFile } from "./stdin.js";

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTty: boolean;
  /** Progress lines go to standard error only when it is a terminal. */
  readonly stderrIsTty?: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Standard input, for `--stdin`. */
  readStdin?(): Promise<Buffer>;
}

/** Runs the CLI and returns the exit status (never throws). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseCli(argv, io.env, io.stdoutIsTty);
    if (options.command === "help") {
      io.writeOut(`${HELP}\n`);
      return 0;
    }
    if (options.command === "version") {
      io.writeOut(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (options.command === "rules") {
      if (options.format !== "stylish" && options.format !== "json") throw new UsageError("ne-lint rules prints text or --format json");
      io.writeOut(formatRulesList(RULES, options.format === "json" ? "json" : "text"));
      return 0;
    }
    const config = await loadConfig(io.cwd, options.config);
    if (options.command === "print-config") {
      if (options.paths.length > 1) throw new UsageError("--print-config takes at most one path");
      io.writeOut(`${JSON.stringify(resolveConfig(config, RULES, io.cwd, options.pathsGiven ? options.paths[0] : undefined), null, 2)}\n`);
      return 0;
    }
    if (options.output !== undefined) await refuseFolder(io.cwd, options.output, "--output");
    if (options.writeBaseline !== undefined) await refuseFolder(io.cwd, options.writeBaseline, "--write-baseline");
    const optionsAt = (cwd: string, paths: string[]) => ({
      paths,
      cwd,
      config,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.distribution ? { distribution: options.distribution } : {}),
      ...(options.configuration ? { configuration: options.configuration } : {}),
    });
    const stopProgress = progressWanted({ stderrIsTty: io.stderrIsTty === true, env: io.env, format: options.format }) ? startProgress("checking", io.writeErr) : () => {};
    let result;
    try {
      result =
        options.stdinFilename !== undefined
          ? await withStdinFile(await (io.readStdin ?? noStdin)(), options.stdinFilename, io.cwd, (folder, file) => lint(optionsAt(folder, [file])))
          : // --base and diff compare two sides (src/drift/); their results have the shape of a plain lint's.
            options.command === "diff"
            ? await diffBuilds({ ...optionsAt(io.cwd, []), old: options.paths[0]!, new: options.paths[1]! })
            : options.base !== undefined
              ? await lintAgainstRevision({ ...optionsAt(io.cwd, options.paths), base: options.base })
              : await lint(optionsAt(io.cwd, options.paths));
    } finally {
      stopProgress();
    }
    const coverage = { ...(options.stdinFilename !== undefined ? { paths: [options.stdinFilename], missing: [] } : { paths: options.paths, missing: result.missing }), files: result.summary.files, incomplete: result.summary.incomplete };
    const problems = coverageProblems(coverage, options.allowEmpty, "pass --allow-empty");
    for (const problem of problems) io.writeErr(`ne-lint: ${escapeControlCharacters(problem)}\n`);
    if (options.writeBaseline !== undefined) {
      if (result.failures.length > 0) throw new Error(`rule ${result.failures[0]?.ruleId} failed; the baseline would be incomplete`);
      if (problems.length > 0) return 2;
      await writeBaseline(options.writeBaseline, io.cwd, result.findings);
      io.writeErr(`ne-lint: wrote ${result.findings.length} accepted findings to ${escapeControlCharacters(options.writeBaseline)}\n`);
      return 0;
    }
    const findings = options.baseline !== undefined ? applyBaseline(result.findings, await readBaseline(options.baseline, io.cwd)).kept : result.findings;
    // --quiet shows errors only; the gate below still sees every finding, as ESLint's --max-warnings does.
    const shown = options.quiet ? findings.filter((finding) => finding.severity === "error") : findings;
    const summary = shown === result.findings ? result.summary : summarise(shown, result.summary.files, result.summary);
    // Every format says what the config turned off, down or ignores: a pull request can add the config.
    const effect = configEffect(config, RULES);
    const report =
      options.format === "json"
        ? formatJson(shown, summary, effect)
        : options.format === "sarif"
          ? formatSarif(shown, RULES, { config: effect, artifactSize: fileSizes(io.cwd), ...(options.sarifCategory ? { category: options.sarifCategory } : {}) })
          : options.format === "github"
            ? formatGithub(shown, effect)
            : formatStylish(shown, summary, { color: options.color && options.output === undefined, config: effect });
    if (options.output !== undefined) await writeReport(io.cwd, options.output, report, "--output");
    // "No problems in 0 files" would read as a pass; the problems above say what went wrong instead.
    else if (!(problems.length > 0 && result.summary.files === 0 && options.format === "stylish")) io.writeOut(report);
    if (result.failures.length > 0) {
      for (const failure of result.failures) io.writeErr(`ne-lint: ${escapeControlCharacters(`internal error in rule ${failure.ruleId}${failure.file ? ` on ${failure.file}` : ""}: ${failure.message}`)}\n`);
      return 2;
    }
    if (problems.length > 0) return 2;
    const warnings = findings.filter((finding) => finding.severity === "warning").length;
    if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
      io.writeErr(`ne-lint: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${options.maxWarnings}\n`);
      return 1;
    }
    return exceedsThreshold(findings, options.failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.writeErr(`ne-lint: ${escapeControlCharacters(error.message)}\nRun "ne-lint --help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BaselineError || error instanceof OutputError || error instanceof DriftError) {
      // Config and baseline errors quote the file (a pull request writes it): one line, no control characters.
      io.writeErr(`ne-lint: ${escapeControlCharacters(error.message)}\n`);
      return 2;
    }
    io.writeErr(`ne-lint: internal error: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
    if (io.env.NE_LINT_DEBUG && error instanceof Error && error.stack) io.writeErr(`${error.stack.split("\n").map(escapeControlCharacters).join("\n")}\n`);
    return 2;
  }
}

async function noStdin(): Promise<Buffer> {
  throw new UsageError("--stdin is not available here");
}

/** A report or baseline file that cannot be written: a sentence naming the file, not `EISDIR`. */
class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

/** Checked before linting, so a long run does not end in a write that was bound to fail. */
async function refuseFolder(cwd: string, file: string, option: string): Promise<void> {
  const stat = await fs.stat(path.resolve(cwd, file)).catch(() => undefined);
  if (stat?.isDirectory()) throw new OutputError(`${option} ${file} is a folder; name a file to write`);
}

async function writeReport(cwd: string, file: string, text: string, option: string): Promise<void> {
  const target = path.resolve(cwd, file);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EISDIR" ? "it is a folder" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOTDIR" || code === "EEXIST" ? "a part of the path is a file" : code === "ENOSPC" ? "the disk is full" : (code ?? "unknown error");
    throw new OutputError(`cannot write ${option} ${file}: ${reason}`);
  }
}
