/** The `ne-lint` command: parse arguments, lint, print, choose the exit status. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { ConfigError, loadConfig } from "../config/config.js";
import { lint } from "../engine.js";
import { formatGithub } from "../report/github.js";
import { formatJson } from "../report/json.js";
import { formatSarif } from "../report/sarif.js";
import { formatStylish } from "../report/stylish.js";
import type { Finding } from "../rules/finding.js";
import { severityRank, type Severity } from "../rules/types.js";
import { TOOL_VERSION } from "../version.js";
import { HELP, parseCli, UsageError, type FailOn } from "./args.js";

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTty: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function exceedsThreshold(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const threshold = severityRank(failOn as Severity);
  return findings.some((finding) => severityRank(finding.severity) >= threshold);
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
    for (const missing of result.missing) io.writeErr(`ne-lint: ${missing}: no such file or directory\n`);
    const report =
      options.format === "json"
        ? formatJson(result.findings, result.summary)
        : options.format === "sarif"
          ? formatSarif(result.findings, RULES)
          : options.format === "github"
            ? formatGithub(result.findings)
            : formatStylish(result.findings, result.summary, { color: options.color && options.output === undefined });
    if (options.output !== undefined) {
      const target = path.resolve(io.cwd, options.output);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, report);
    } else io.writeOut(report);
    if (result.failures.length > 0) {
      for (const failure of result.failures) io.writeErr(`ne-lint: internal error in rule ${failure.ruleId}${failure.file ? ` on ${failure.file}` : ""}: ${failure.message}\n`);
      return 2;
    }
    if (result.missing.length > 0 && result.summary.files === 0) return 2;
    return exceedsThreshold(result.findings, options.failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.writeErr(`ne-lint: ${error.message}\nRun "ne-lint --help" for usage.\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.writeErr(`ne-lint: ${error.message}\n`);
      return 2;
    }
    io.writeErr(`ne-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.NE_LINT_DEBUG && error instanceof Error && error.stack) io.writeErr(`${error.stack}\n`);
    return 2;
  }
}
