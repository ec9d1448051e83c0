/**
 * `.ne-lint.json`: data only. ne-lint never executes code from the repository it lints, so there is
 * no `.js` config. The file is validated against the shipped JSON Schema (schema/config.schema.json).
 */
import path from "node:path";
import type { ErrorObject } from "ajv";
import type { Distribution, Platform } from "../model/target.js";
import type { SeveritySetting } from "../linter/types.js";
import { compileGlobs, GlobError } from "../discover/glob.js";
import configSchema from "../../schema/config.schema.json" with { type: "json" };
import { parseJsonText, readRepositoryText } from "./json-file.js";

export const CONFIG_FILE_NAME = ".ne-lint.json";
/** A real config is a few hundred bytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export interface RuleConfig {
  readonly severity?: SeveritySetting;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Config {
  readonly rules: Readonly<Record<string, RuleConfig>>;
  /** Globs relative to the working directory. */
  readonly ignore: readonly string[];
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly configuration?: string;
  readonly deploymentTarget?: string;
  /** Per-target settings by target name or bundle id (a Map: names are data, never object keys). */
  readonly targets?: ReadonlyMap<string, TargetConfig>;
  /** The file it came from, for messages. */
  readonly source?: string;
}

export interface TargetConfig {
  readonly distribution?: Distribution;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export const EMPTY_CONFIG: Config = { rules: {}, ignore: [] };

interface RawConfig {
  rules?: Record<string, SeveritySetting | [SeveritySetting, Record<string, unknown>?]>;
  ignore?: string[];
  platform?: Platform;
  distribution?: Distribution;
  configuration?: string;
  deploymentTarget?: string;
  targets?: Record<string, TargetConfig>;
}

/**
 * Loads `explicitPath`, or `.ne-lint.json` in `cwd` when present. A missing explicit file, invalid JSON
 * or a schema violation is a `ConfigError` (exit status 2).
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<Config> {
  const file = explicitPath ? path.resolve(cwd, explicitPath) : path.join(cwd, CONFIG_FILE_NAME);
  const shown = path.relative(cwd, file) || file;
  const read = readRepositoryText(file, { repository: cwd, explicit: explicitPath !== undefined, maxBytes: MAX_CONFIG_FILE_BYTES, shown });
  if (!read.ok) {
    if (read.missing && !explicitPath) return EMPTY_CONFIG;
    throw new ConfigError(read.missing ? `cannot read the config file ${explicitPath}` : `cannot use the config file: ${read.message}`);
  }
  return parseConfig(read.text, shown);
}

/** Parses and validates config text (read from disk, or from a commit by `src/git/`); `shown` names it in errors. */
export async function parseConfig(text: string, shown: string): Promise<Config> {
  const parsed = parseJsonText(text, shown);
  if (!parsed.ok) throw new ConfigError(`cannot use the config file: ${parsed.message}`);
  const raw = parsed.value;
  // ajv is CommonJS; its constructor is the default export's `default`.
  const ajvModule = await import("ajv");
  const Ajv = ajvModule.default.default ?? ajvModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(configSchema);
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as string[]).slice(0, 8).join(", ")}…)` : ""}`);
    // A hostile config can break the schema 100,000 times over; the first few say enough.
    throw new ConfigError(`${shown} does not match the ne-lint config schema: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`);
  }
  return normaliseConfig(raw as RawConfig, shown);
}

export function normaliseConfig(raw: RawConfig, source?: string): Config {
  const rules: Record<string, RuleConfig> = Object.create(null) as Record<string, RuleConfig>;
  for (const [id, value] of Object.entries(raw.rules ?? {})) {
    if (typeof value === "string") rules[id] = { severity: value };
    else rules[id] = { ...(value[0] ? { severity: value[0] } : {}), ...(value[1] ? { options: value[1] } : {}) };
  }
  const ignore = raw.ignore ?? [];
  try {
    compileGlobs(ignore);
  } catch (error) {
    if (error instanceof GlobError) throw new ConfigError(`${source ?? "the config"}: ${error.message}`);
    throw error;
  }
  return {
    rules,
    ignore,
    ...(raw.platform ? { platform: raw.platform } : {}),
    ...(raw.distribution ? { distribution: raw.distribution } : {}),
    ...(raw.configuration ? { configuration: raw.configuration } : {}),
    ...(raw.deploymentTarget ? { deploymentTarget: raw.deploymentTarget } : {}),
    ...(raw.targets ? { targets: new Map(Object.entries(raw.targets)) } : {}),
    ...(source ? { source } : {}),
  };
}
