/** The `ne-lint` command: parse arguments, lint, print, choose the exit status. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from "../baseline/baseline.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { configEffect } from "../config/effect.js";
import { lint } from "../engine.js";
import { formatGithub } from "../report/github.js";
import { formatJson } from "../report/json.js";
import { formatSarif } from "../report/sarif.js";
import { formatStylish } from "../report/stylish.js";
import { summarise } from "../linter/finding.js";
import { exceedsThreshold } from "../linter/gate.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";
import { TOOL_VERSION } from "../version.js";
import { HELP, parseCli, UsageError } from "./args.js";

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTty: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
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
    const config = await loadConfig(io.cwd, options.config);
    const result = await lint({
      paths: options.paths,
      cwd: io.cwd,
      config,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.distribution ? { distribution: options.distribution } : {}),
      ...(options.configuration ? { configuration: options.configuration } : {}),
    });
    for (const missing of result.missing) io.writeErr(`ne-lint: ${escapeControlCharacters(missing)}: no such file or directory\n`);
    if (options.writeBaseline !== undefined) {
      if (result.failures.length > 0) throw new Error(`rule ${result.failures[0]?.ruleId} failed; the baseline would be incomplete`);
      await writeBaseline(options.writeBaseline, io.cwd, result.findings);
      io.writeErr(`ne-lint: wrote ${result.findings.length} accepted findings to ${escapeControlCharacters(options.writeBaseline)}\n`);
      return 0;
    }
    const findings = options.baseline !== undefined ? applyBaseline(result.findings, await readBaseline(options.baseline, io.cwd)).kept : result.findings;
    const summary = findings === result.findings ? result.summary : summarise(findings, result.summary.files, result.summary);
    // Every format says what the config turned off, down or ignores: a pull request can add the config.
    const effect = configEffect(config, RULES);
    const report =
      options.format === "json"
        ? formatJson(findings, summary, effect)
        : options.format === "sarif"
          ? formatSarif(findings, RULES, effect)
          : options.format === "github"
            ? formatGithub(findings, effect)
            : formatStylish(findings, summary, { color: options.color && options.output === undefined, config: effect });
    if (options.output !== undefined) {
      const target = path.resolve(io.cwd, options.output);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, report);
    } else io.writeOut(report);
    if (result.failures.length > 0) {
      for (const failure of result.failures) io.writeErr(`ne-lint: ${escapeControlCharacters(`internal error in rule ${failure.ruleId}${failure.file ? ` on ${failure.file}` : ""}: ${failure.message}`)}\n`);
      return 2;
    }
    if (result.missing.length > 0 && result.summary.files === 0) return 2;
    return exceedsThreshold(findings, options.failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.writeErr(`ne-lint: ${escapeControlCharacters(error.message)}\nRun "ne-lint --help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof BaselineError) {
      // Config and baseline errors quote the file (a pull request writes it): one line, no control characters.
      io.writeErr(`ne-lint: ${escapeControlCharacters(error.message)}\n`);
      return 2;
    }
    io.writeErr(`ne-lint: internal error: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
    if (io.env.NE_LINT_DEBUG && error instanceof Error && error.stack) io.writeErr(`${error.stack.split("\n").map(escapeControlCharacters).join("\n")}\n`);
    return 2;
  }
}
