/**
 * The Action's inputs (action.yml), read through `getInput` so the runner's `INPUT_<NAME>` environment
 * convention stays inside @actions/core. Invalid values are an `InputError`: the step fails with the
 * message, before anything is linted.
 */
import { FAIL_ON, type FailOn } from "../linter/gate.js";
import { DISTRIBUTIONS, PLATFORMS, type Distribution, type Platform } from "../model/target.js";

export const ANNOTATION_MODES = ["auto", "checks", "commands", "none"] as const;
export type AnnotationMode = (typeof ANNOTATION_MODES)[number];
/** Where the config comes from on pull requests: the pull request's checkout, or its base commit. */
export const CONFIG_SOURCES = ["head", "base"] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export interface ActionInputs {
  readonly paths: string[];
  readonly config?: string;
  readonly failOn: FailOn;
  readonly annotations: AnnotationMode;
  readonly sarifFile?: string;
  /** SARIF `automationDetails` category (default `ne-lint`). */
  readonly sarifCategory?: string;
  readonly baseline?: string;
  readonly configuration?: string;
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly token?: string;
  readonly onlyChangedFiles: boolean;
  readonly configFrom: ConfigSource;
  /** A run that finds nothing to lint passes instead of failing the step. */
  readonly allowEmpty: boolean;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** `getInput(name)` returns the trimmed value, "" when unset (the @actions/core contract). */
export type GetInput = (name: string) => string;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T | undefined {
  if (value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`input "${name}" must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
}

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them; empty means the default. */
function flag(name: string, value: string, fallback: boolean): boolean {
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input "${name}" must be true or false (got "${value}")`);
}

export function readInputs(getInput: GetInput): ActionInputs {
  const paths = getInput("paths")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const optional = (name: string): string | undefined => getInput(name) || undefined;
  const config = optional("config");
  const sarifFile = optional("sarif-file");
  const sarifCategory = optional("sarif-category");
  const baseline = optional("baseline");
  const configuration = optional("configuration");
  const token = optional("token");
  const platform = oneOf("platform", getInput("platform"), PLATFORMS);
  const distribution = oneOf("distribution", getInput("distribution"), DISTRIBUTIONS);
  return {
    paths: paths.length > 0 ? paths : ["."],
    failOn: oneOf("fail-on", getInput("fail-on"), FAIL_ON) ?? "error",
    annotations: oneOf("annotations", getInput("annotations"), ANNOTATION_MODES) ?? "auto",
    onlyChangedFiles: flag("only-changed-files", getInput("only-changed-files"), false),
    configFrom: oneOf("config-from", getInput("config-from"), CONFIG_SOURCES) ?? "head",
    allowEmpty: flag("allow-empty", getInput("allow-empty"), false),
    ...(config ? { config } : {}),
    ...(sarifFile ? { sarifFile } : {}),
    ...(sarifCategory ? { sarifCategory } : {}),
    ...(baseline ? { baseline } : {}),
    ...(configuration ? { configuration } : {}),
    ...(token ? { token } : {}),
    ...(platform ? { platform } : {}),
    ...(distribution ? { distribution } : {}),
  };
}
