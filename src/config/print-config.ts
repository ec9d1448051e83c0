/**
 * `ne-lint --print-config [path]`: the config a run would use, with every rule's effective severity and
 * options, where it came from, and whether `path` would be ignored — what `eslint --print-config` answers.
 * ne-lint's config has no per-file overrides, so the path changes only the `ignored` answer.
 */
import path from "node:path";
import { displayPath, ignoreMatcher, SKIPPED_DIRECTORIES } from "../discover/walk.js";
import type { Rule, SeveritySetting } from "../linter/types.js";
import type { Config } from "./config.js";
import { isWithin } from "../path-within.js";

export interface ResolvedConfig {
  /** The config file used, relative to the working directory; null when none was found. */
  readonly configFile: string | null;
  readonly file?: string;
  /** True when linting the folder above `file` would skip it (an ignore glob or a dependency folder). */
  readonly ignored?: boolean;
  readonly platform: string | null;
  readonly distribution: string | null;
  readonly configuration: string | null;
  readonly deploymentTarget: string | null;
  readonly ignore: readonly string[];
  readonly rules: Readonly<Record<string, SeveritySetting | [SeveritySetting, Readonly<Record<string, unknown>>]>>;
}

export function resolveConfig(config: Config, rules: readonly Rule[], cwd: string, file?: string): ResolvedConfig {
  const resolvedRules: Record<string, ResolvedConfig["rules"][string]> = {};
  for (const rule of [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const configured = config.rules[rule.meta.id];
    const severity = configured?.severity ?? rule.meta.severity;
    resolvedRules[rule.meta.id] = configured?.options ? [severity, configured.options] : severity;
  }
  const fsPath = file === undefined ? undefined : path.resolve(cwd, file);
  return {
    configFile: config.directory && config.source ? displayPath(cwd, path.resolve(cwd, config.source)) : null,
    ...(fsPath !== undefined ? { file: displayPath(cwd, fsPath), ignored: isSkipped(fsPath, config, cwd) } : {}),
    platform: config.platform ?? null,
    distribution: config.distribution ?? null,
    configuration: config.configuration ?? null,
    deploymentTarget: config.deploymentTarget ?? null,
    ignore: config.ignore,
    rules: resolvedRules,
  };
}

/** The walk skips a file when it, or a folder between the working directory and it, is ignored or skipped. */
function isSkipped(fsPath: string, config: Config, cwd: string): boolean {
  const ignored = ignoreMatcher(config.ignore, config.directory ?? cwd);
  if (!isWithin(cwd, fsPath)) return ignored(fsPath);
  let current = fsPath;
  for (;;) {
    if (ignored(current)) return true;
    const parent = path.dirname(current);
    if (parent === current || path.relative(cwd, parent) === "") return false;
    if (SKIPPED_DIRECTORIES.has(path.basename(parent))) return true;
    current = parent;
  }
}
