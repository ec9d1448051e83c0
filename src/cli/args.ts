/** Command-line parsing for `ne-lint [options] [paths...]` and `ne-lint rules`. Usage errors exit with status 2. */
import { parseArgs } from "node:util";
import { DISTRIBUTIONS, PLATFORMS, type Distribution, type Platform } from "../model/target.js";
import { FAIL_ON, type FailOn } from "../linter/gate.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly command: "lint" | "help" | "version" | "print-config" | "rules";
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

export const HELP = `Usage: ne-lint [options] [paths...]
       ne-lint rules [--format json]
       ne-lint inspect [--format text|json] [--show-devices] <file>

Lints Apple app security hygiene: App Transport Security in Info.plists, Network Extension and
multicast entitlements, provisioning profiles, signed binaries. Paths (default: the current
directory) may be source trees, .ipa files and .app/.xcarchive folders. \`rules\` lists every rule;
\`inspect\` prints what ne-lint decodes from a profile, executable, bundle or plist.

Options:
  -f, --format <stylish|json|sarif|github>
                                         Output format (default: stylish)
  -o, --output <file>                    Write the report to a file instead of standard output
  --sarif-category <name>                Code scanning category of the SARIF run (default: ne-lint)
  -c, --config <file>                    Config file (default: the nearest .ne-lint.json from the working
                                         directory up to the repository root)
  --print-config [path]                  Print the resolved config that applies to path, and exit
  --fail-on <error|warning|note|none>    Lowest severity that makes the exit status 1 (default: error)
  --max-warnings <n>                     Also exit 1 when there are more than n warnings
  --quiet                                Report errors only (warnings still count for --fail-on and
                                         --max-warnings)
  --platform <ios|macos|tvos|visionos|watchos>
                                         Platform of targets whose platform cannot be derived
  --distribution <development|ad-hoc|app-store|enterprise|developer-id>
                                         How the build is distributed
  --configuration <name|all>             Xcode configuration (default: what shared schemes archive, else Release)
  --baseline <file>                      Drop findings accepted in this baseline file
  --write-baseline <file>                Write the current findings as the baseline and exit 0
  --allow-empty                          Exit 0 when there is nothing to lint (default: exit 2); ESLint's
                                         --no-error-on-unmatched-pattern is accepted too
  --stdin --stdin-filename <path>        Lint one file read from standard input, reported as path
  --color, --no-color                    Force or turn off colours (default: on a terminal, unless
                                         NO_COLOR is set; FORCE_COLOR=1 forces them, FORCE_COLOR=0
                                         turns them off)
  -v, --version                          Print the version
  -h, --help                             Print this help

Examples:
  ne-lint                                      Lint the current folder (every target in the tree)
  ne-lint ios/ build/App.ipa                   A source tree and a built product
  ne-lint --fail-on warning --max-warnings 0   Fail on any warning
  ne-lint --format sarif -o ne-lint.sarif .    SARIF for GitHub code scanning
  ne-lint --write-baseline .ne-lint-baseline.json
                                               Accept today's findings; then gate with --baseline
  cat Info.plist | ne-lint --stdin --stdin-filename App/Info.plist
                                               One plist from standard input (editors, hooks)
  ne-lint --print-config App/Info.plist        The config that applies, and where it came from
  ne-lint rules                                Every rule: id, severity, category, what it reports

Exit status: 0 no finding at or above --fail-on and at most --max-warnings warnings; 1 otherwise;
2 usage error (a path that does not exist, nothing to lint, a bad option or config) or ne-lint failed.
Rules: docs/rules/README.md in the package, or \`ne-lint rules\`.`;

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
  const rulesCommand = positionals[0] === "rules";
  if (rulesCommand) positionals = positionals.slice(1);
  const command = values.help ? "help" : values.version ? "version" : rulesCommand ? "rules" : values["print-config"] ? "print-config" : "lint";
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
    ...(values["sarif-category"] !== undefined ? { sarifCategory: values["sarif-category"] } : {}),
    ...(values["stdin-filename"] !== undefined ? { stdinFilename: values["stdin-filename"] } : {}),
  };
}
