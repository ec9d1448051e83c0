/** Command-line parsing for `ne-lint [options] [paths...]` and `ne-lint rules`. Usage errors exit with status 2. */
import { parseArgs } from "node:util";
import { DISTRIBUTIONS, PLATFORMS, type Distribution, type Platform } from "../model/target.js";
import { FAIL_ON, type FailOn } from "../linter/gate.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly command: "lint" | "diff" | "help" | "version" | "print-config" | "rules";
  readonly paths: string[];
  /** False when no path was given and `paths` is the default `.`. */
  readonly pathsGiven: boolean;
  readonly format: Format;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: FailOn;
  /** More warnings than this exit 1, whatever `failOn` says (ESLint's `--max-warnings`). */
  readonly maxWarnings?: number;
  /** Report errors only; warnings and notes still count for `failOn` and `maxWarnings` (as in ESLint). */
  readonly quiet: boolean;
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly configuration?: string;
  readonly color: boolean;
  /** Accepted findings to drop (see src/baseline/baseline.ts). */
  readonly baseline?: string;
  /** Write the current findings as the baseline to this file and exit 0. */
  readonly writeBaseline?: string;
  /** `--base REV`: report what the working tree changes relative to a git revision (src/drift/). */
  readonly base?: string;
  /** SARIF `automationDetails` category (default `ne-lint`). */
  readonly sarifCategory?: string;
  /** A run that finds nothing to lint is expected (exit 0 instead of 2). */
  readonly allowEmpty: boolean;
  /** Lint one file read from standard input, reported as this path (`--stdin --stdin-filename`). */
  readonly stdinFilename?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
}

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} must be a whole number of 0 or more (got "${value}")`);
  return Number(value);
}

/**
 * Colours: an explicit flag wins; then FORCE_COLOR (`0`/`false` off, anything else on, as Node and
 * chalk read it), then NO_COLOR (set and not empty: off, https://no-color.org), then a terminal that is
 * not `TERM=dumb`.
 */
export function colorEnabled(flags: { color?: boolean; noColor?: boolean }, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !["0", "false"].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTty && env.TERM !== "dumb";
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}, isTty = false): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        output: { type: "string", short: "o" },
        config: { type: "string", short: "c" },
        "fail-on": { type: "string" },
        "max-warnings": { type: "string" },
        quiet: { type: "boolean" },
        platform: { type: "string" },
        distribution: { type: "string" },
        configuration: { type: "string" },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        base: { type: "string" },
        "allow-empty": { type: "boolean" },
        // ESLint's name for the same opt-out.
        "no-error-on-unmatched-pattern": { type: "boolean" },
        "print-config": { type: "boolean" },
        "sarif-category": { type: "string" },
        stdin: { type: "boolean" },
        "stdin-filename": { type: "string" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, "") : String(error));
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  const diff = argv[0] === "diff";
  const rulesCommand = !diff && positionals[0] === "rules";
  if (diff || rulesCommand) positionals = positionals.slice(1);
  if (diff && positionals.length !== 2 && !values.help) throw new UsageError("diff needs two paths: ne-lint diff <old> <new>");
  if (diff && values.base !== undefined) throw new UsageError("--base compares with a git revision; diff compares two paths: use one or the other");
  if (values.stdin && (diff || values.base !== undefined)) throw new UsageError("--stdin lints one file; --base and diff compare two sides: use one or the other");
  const command = values.help ? "help" : values.version ? "version" : diff ? "diff" : rulesCommand ? "rules" : values["print-config"] ? "print-config" : "lint";
  if (values.stdin && values["stdin-filename"] === undefined) throw new UsageError("--stdin needs --stdin-filename <path>: the name decides what kind of file it is and how findings name it");
  if (values["stdin-filename"] !== undefined && !values.stdin) throw new UsageError("--stdin-filename goes with --stdin");
  if (values.stdin && positionals.length > 0) throw new UsageError("--stdin lints standard input only; give no paths");
  const platform = oneOf("platform", values.platform, PLATFORMS);
  const distribution = oneOf("distribution", values.distribution, DISTRIBUTIONS);
  const maxWarnings = count("max-warnings", values["max-warnings"]);
  return {
    command,
    paths: positionals.length > 0 ? positionals : ["."],
    pathsGiven: positionals.length > 0,
    format: oneOf("format", values.format, FORMATS) ?? "stylish",
    failOn: oneOf("fail-on", values["fail-on"], FAIL_ON) ?? "error",
    quiet: values.quiet === true,
    color: colorEnabled({ ...(values.color !== undefined ? { color: values.color } : {}), ...(values["no-color"] !== undefined ? { noColor: values["no-color"] } : {}) }, env, isTty),
    allowEmpty: values["allow-empty"] === true || values["no-error-on-unmatched-pattern"] === true,
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(platform ? { platform } : {}),
    ...(distribution ? { distribution } : {}),
    ...(values.configuration !== undefined ? { configuration: values.configuration } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(values["write-baseline"] !== undefined ? { writeBaseline: values["write-baseline"] } : {}),
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values["sarif-category"] !== undefined ? { sarifCategory: values["sarif-category"] } : {}),
    ...(values["stdin-filename"] !== undefined ? { stdinFilename: values["stdin-filename"] } : {}),
  };
}
