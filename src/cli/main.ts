/** The `ne-lint` command: parse arguments, lint, print, choose the exit status. */
import type { BaselineError } from "../baseline/baseline.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { configEffect, type ConfigEffect } from "../config/effect.js";
import { lint } from "../engine.js";
import { RULES } from "../../rules/index.js";
import type { DriftError } from "../drift/against-revision.js";
import { formatStylish } from "../report/stylish.js";
import { summarise, type Finding } from "../linter/finding.js";
import type { Rule } from "../linter/types.js";
import { coverageProblems, exceedsThreshold } from "../linter/gate.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";
import type { ReportFileError } from "../report/write-report-file.js";
import { TOOL_VERSION } from "../version.js";
import { parseCli, UsageError } from "./args.js";
import { progressWanted, startProgress } from "./progress.js";

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

/**
 * Error classes of modules loaded only by the options that use them (`--base`, `diff`, baselines): an error
 * can only be one of them once its module is loaded. `--help`, `--version` and a plain lint load neither
 * git nor the drift engine nor the other report formats (test/startup-imports.test.ts).
 */
const lazyErrors: { drift?: typeof DriftError; baseline?: typeof BaselineError; reportFile?: typeof ReportFileError } = {};

async function driftModules() {
  const [againstRevision, diff] = await Promise.all([import("../drift/against-revision.js"), import("../drift/diff.js")]);
  lazyErrors.drift = againstRevision.DriftError;
  return { lintAgainstRevision: againstRevision.lintAgainstRevision, diffBuilds: diff.diffBuilds };
}

/** The report-file writer, for `--output` and `--write-baseline` only. */
async function reportFileModule() {
  const reportFile = await import("../report/write-report-file.js");
  lazyErrors.reportFile = reportFile.ReportFileError;
  return reportFile;
}

async function baselineModule() {
  const baseline = await import("../baseline/baseline.js");
  lazyErrors.baseline = baseline.BaselineError;
  return baseline;
}

/** Runs the CLI and returns the exit status (never throws). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const options = parseCli(argv, io.env, io.stdoutIsTty);
    if (options.command === "help") {
      io.writeOut(`${(await import("./help.js")).HELP}\n`);
      return 0;
    }
    if (options.command === "version") {
      io.writeOut(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (options.command === "rules") {
      if (options.format !== "stylish" && options.format !== "json") throw new UsageError("ne-lint rules prints text or --format json");
      const { formatRulesList } = await import("./rules-list.js");
      io.writeOut(formatRulesList(RULES, options.format === "json" ? "json" : "text"));
      return 0;
    }
    // The engine and the rules are imported statically: the bundle puts them in the chunk with this module
    // (scripts/build.mjs), and `--version` and `--help` alone never load it (src/cli.ts).
    const config = await loadConfig(io.cwd, options.config);
    if (options.command === "print-config") {
      const { resolveConfig } = await import("../config/print-config.js");
      if (options.paths.length > 1) throw new UsageError("--print-config takes at most one path");
      io.writeOut(`${JSON.stringify(resolveConfig(config, RULES, io.cwd, options.pathsGiven ? options.paths[0] : undefined), null, 2)}\n`);
      return 0;
    }
    // Checked before linting, so a long run does not end in a write that was bound to fail.
    if (options.output !== undefined || options.writeBaseline !== undefined) {
      const { checkReportPath } = await reportFileModule();
      if (options.output !== undefined) checkReportPath(io.cwd, options.output, "--output");
      if (options.writeBaseline !== undefined) checkReportPath(io.cwd, options.writeBaseline, "--write-baseline");
    }
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
          ? await (await import("./stdin.js")).withStdinFile(await (io.readStdin ?? noStdin)(), options.stdinFilename, io.cwd, (folder, file) => lint(optionsAt(folder, [file])))
          : // --base and diff compare two sides (src/drift/); their results have the shape of a plain lint's.
            options.command === "diff"
            ? await (await driftModules()).diffBuilds({ ...optionsAt(io.cwd, []), old: options.paths[0]!, new: options.paths[1]! })
            : options.base !== undefined
              ? await (await driftModules()).lintAgainstRevision({ ...optionsAt(io.cwd, options.paths), base: options.base })
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
      await (await baselineModule()).writeBaseline(options.writeBaseline, io.cwd, result.findings);
      io.writeErr(`ne-lint: wrote ${result.findings.length} accepted findings to ${escapeControlCharacters(options.writeBaseline)}\n`);
      return 0;
    }
    let findings = result.findings;
    if (options.baseline !== undefined) {
      const { applyBaseline, readBaseline } = await baselineModule();
      findings = applyBaseline(findings, await readBaseline(options.baseline, io.cwd)).kept;
    }
    // --quiet shows errors only; the gate below still sees every finding, as ESLint's --max-warnings does.
    const shown = options.quiet ? findings.filter((finding) => finding.severity === "error") : findings;
    const summary = shown === result.findings ? result.summary : summarise(shown, result.summary.files, result.summary);
    // Every format says what the config turned off, down or ignores: a pull request can add the config.
    const effect = configEffect(config, RULES);
    const report =
      options.format === "json"
        ? (await import("../report/json.js")).formatJson(shown, summary, effect)
        : options.format === "sarif"
          ? await sarifReport(shown, RULES, effect, io.cwd, options.sarifCategory)
          : options.format === "github"
            ? (await import("../report/github.js")).formatGithub(shown, effect)
            : formatStylish(shown, summary, { color: options.color && options.output === undefined, config: effect });
    if (options.output !== undefined) (await reportFileModule()).writeReportFile(io.cwd, options.output, report, "--output");
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
    if (error instanceof ConfigError || (lazyErrors.reportFile && error instanceof lazyErrors.reportFile) || (lazyErrors.baseline && error instanceof lazyErrors.baseline) || (lazyErrors.drift && error instanceof lazyErrors.drift)) {
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

async function sarifReport(findings: readonly Finding[], rules: readonly Rule[], effect: ConfigEffect, cwd: string, category: string | undefined): Promise<string> {
  const [{ formatSarif }, { fileSizes }] = await Promise.all([import("../report/sarif.js"), import("../report/artifact.js")]);
  return formatSarif(findings, rules, { config: effect, artifactSize: fileSizes(cwd), ...(category ? { category } : {}) });
}

