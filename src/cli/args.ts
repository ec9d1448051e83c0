/** Command-line parsing for `ne-lint [options] [paths...]`. Usage errors exit with status 2. */
import { parseArgs } from "node:util";
import { DISTRIBUTIONS, PLATFORMS, type Distribution, type Platform } from "../model/target.js";
import { FAIL_ON, type FailOn } from "../linter/gate.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly command: "lint" | "help" | "version";
  readonly paths: string[];
  readonly format: Format;
  readonly output?: string;
  readonly config?: string;
  readonly failOn: FailOn;
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly configuration?: string;
  readonly color: boolean;
  /** Accepted findings to drop (see src/baseline/baseline.ts). */
  readonly baseline?: string;
  /** Write the current findings as the baseline to this file and exit 0. */
  readonly writeBaseline?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const HELP = `Usage: ne-lint [options] [paths...]
       ne-lint inspect [--format text|json] [--show-devices] <file>

Lints Apple app security hygiene: App Transport Security in Info.plists, Network Extension and
multicast entitlements, provisioning profiles, signed binaries. Paths (default: the current
directory) may be source trees, .ipa files and .app/.xcarchive folders. \`inspect\` prints what
ne-lint decodes from a profile, executable, bundle or plist.

Options:
  --format <stylish|json|sarif|github>   Output format (default: stylish)
  --output <file>                        Write the report to a file instead of standard output
  --config <file>                        Config file (default: .ne-lint.json if present)
  --fail-on <error|warning|note|none>    Lowest severity that makes the exit status 1 (default: error)
  --platform <ios|macos|tvos|visionos|watchos>
                                         Platform of targets whose platform cannot be derived
  --distribution <development|ad-hoc|app-store|enterprise|developer-id>
                                         How the build is distributed
  --configuration <name|all>             Xcode configuration (default: what shared schemes archive, else Release)
  --baseline <file>                      Drop findings accepted in this baseline file
  --write-baseline <file>                Write the current findings as the baseline and exit 0
  --no-color                             Plain output
  -v, --version                          Print the version
  -h, --help                             Print this help

Exit status: 0 no finding at or above --fail-on; 1 at least one; 2 usage error or ne-lint failed.
Rules: docs/rules/README.md in the package.`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
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
        platform: { type: "string" },
        distribution: { type: "string" },
        configuration: { type: "string" },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, "") : String(error));
  }
  const { values, positionals } = parsed;
  const command = values.help ? "help" : values.version ? "version" : "lint";
  const color = values["no-color"] ? false : values.color ? true : isTty && env.NO_COLOR === undefined && env.TERM !== "dumb";
  const platform = oneOf("platform", values.platform, PLATFORMS);
  const distribution = oneOf("distribution", values.distribution, DISTRIBUTIONS);
  return {
    command,
    paths: positionals.length > 0 ? positionals : ["."],
    format: oneOf("format", values.format, FORMATS) ?? "stylish",
    failOn: oneOf("fail-on", values["fail-on"], FAIL_ON) ?? "error",
    color,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(platform ? { platform } : {}),
    ...(distribution ? { distribution } : {}),
    ...(values.configuration !== undefined ? { configuration: values.configuration } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(values["write-baseline"] !== undefined ? { writeBaseline: values["write-baseline"] } : {}),
  };
}
