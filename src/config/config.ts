/**
 * `.ne-lint.json`: data only. ne-lint never executes code from the repository it lints, so there is
 * no `.js` config. The file is validated against the shipped JSON Schema (schema/config.schema.json).
 */
import path from "node:path";
import type { ErrorObject } from "ajv";
import type { Distribution, Platform } from "../model/target.js";
import type { SeveritySetting } from "../linter/types.js";
import { findConfigFile, repositoryRoot } from "./lookup.js";
import { compileGlobs, GlobError } from "../discover/glob.js";

export { CONFIG_FILE_NAME } from "./lookup.js";
/** A real config is a few hundred bytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export interface RuleConfig {
  readonly severity?: SeveritySetting;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Config {
  readonly rules: Readonly<Record<string, RuleConfig>>;
  /** Globs relative to `directory` (the config file's folder), else to the working directory. */
  readonly ignore: readonly string[];
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly configuration?: string;
  readonly deploymentTarget?: string;
  /** Per-target settings by target name or bundle id (a Map: names are data, never object keys). */
  readonly targets?: ReadonlyMap<string, TargetConfig>;
  /** The file it came from, for messages. */
  readonly source?: string;
  /** The folder of the file it came from: `ignore` globs are relative to it. */
  readonly directory?: string;
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
 * Loads `explicitPath`, or the nearest `.ne-lint.json` from `cwd` up to the repository root (`lookup.ts`). A missing explicit file, invalid JSON
 * or a schema violation is a `ConfigError` (exit status 2).
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<Config> {
  const file = explicitPath ? path.resolve(cwd, explicitPath) : findConfigFile(cwd);
  if (file === undefined) return EMPTY_CONFIG;
  const shown = path.relative(cwd, file) || file;
  // The JSON reader, the schema and ajv load only when there is a config to read (most runs have none).
  const { readRepositoryText } = await import("./json-file.js");
  // A config found above the working directory is inside the repository (lookup stops at its root).
  const read = readRepositoryText(file, { repository: explicitPath !== undefined ? cwd : (repositoryRoot(cwd) ?? path.dirname(file)), explicit: explicitPath !== undefined, maxBytes: MAX_CONFIG_FILE_BYTES, shown });
  if (!read.ok) {
    if (read.missing && !explicitPath) return EMPTY_CONFIG;
    throw new ConfigError(read.missing ? `cannot read the config file ${explicitPath}` : `cannot use the config file: ${read.message}`);
  }
  return { ...(await parseConfig(read.text, shown)), directory: path.dirname(file) };
}

/** Parses and validates config text (read from disk, or from a commit by `src/git/`); `shown` names it in errors. */
export async function parseConfig(text: string, shown: string): Promise<Config> {
  const [{ parseJsonText }, { default: configSchema }] = await Promise.all([import("./json-file.js"), import("../../schema/config.schema.json", { with: { type: "json" } })]);
  const parsed = parseJsonText(text, shown);
  if (!parsed.ok) throw new ConfigError(`cannot use the config file: ${parsed.message}`);
  const raw = parsed.value;
  // ajv is CommonJS; its constructor is the default export's `default`.
  const ajvModule = await import("ajv");
  const Ajv = ajvModule.default.default ?? ajvModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(configSchema);
  if (!validate(raw)) {
    const problems = describeSchemaErrors(validate.errors ?? []);
    // A hostile config can break the schema 100,000 times over; the first few say enough.
    throw new ConfigError(`${shown} does not match the ne-lint config schema: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`);
  }
  return normaliseConfig(raw as RawConfig, shown);
}

/**
 * Schema errors as key paths a user can find in the file (`rules["profile/expiring-soon"][1].dayz`).
 * A rule's value is one of two shapes (a severity, or [severity, options]); only the errors of the
 * deepest path are shown, which is the shape the user meant.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): string[] {
  const located = errors
    .filter((error) => error.keyword !== "oneOf")
    .map((error) => {
      const segments = error.instancePath.split("/").slice(1).map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
      if (error.keyword === "additionalProperties") segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
      return { segments, error };
    });
  // Per rule: the deepest errors only.
  const ruleOf = (segments: readonly string[]): string | undefined => (segments[0] === "rules" && segments.length > 1 ? segments[1] : undefined);
  const deepest = new Map<string, number>();
  for (const { segments } of located) {
    const rule = ruleOf(segments);
    if (rule !== undefined) deepest.set(rule, Math.max(deepest.get(rule) ?? 0, segments.length));
  }
  const shown = new Set<string>();
  for (const { segments, error } of located) {
    const rule = ruleOf(segments);
    if (rule !== undefined && segments.length < (deepest.get(rule) ?? 0)) continue;
    const where = segments.length === 0 ? "(root)" : keyPath(segments);
    const what =
      error.keyword === "additionalProperties"
        ? "is not a known key here"
        : `${error.message ?? "is invalid"}${"allowedValues" in error.params ? ` (${(error.params.allowedValues as string[]).slice(0, 8).join(", ")})` : ""}`;
    shown.add(`${where} ${what}`);
  }
  return [...shown];
}

function keyPath(segments: readonly string[]): string {
  return segments
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `${index === 0 ? "" : "."}${segment}` : `[${JSON.stringify(segment)}]`))
    .join("");
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
