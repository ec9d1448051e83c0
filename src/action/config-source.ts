/**
 * Which `.ne-lint.json` gates a pull request. The checked-out one belongs to the pull request, which can
 * relax it; the base commit's one is the maintainers'. With `config-from: base` the base commit's config
 * gates the run; in either mode, when the base commit can be read, each way the pull request's config
 * relaxes the base's is a `config/gate-relaxed` finding, whose severity only the base config decides.
 */
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { CONFIG_FILE_NAME, EMPTY_CONFIG, loadConfig, parseConfig, type Config } from "../config/config.js";
import { configRelaxations, GATE_RELAXED_RULE_ID, relaxationProblems } from "../config/effect.js";
import { emptyWorkspace } from "../model/workspace.js";
import type { Finding } from "../linter/finding.js";
import { runRules } from "../linter/run.js";
import type { ConfigSource } from "./inputs.js";

/** A config is a few KB; the same bound as for the checked-out file. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ActionConfig {
  /** The config that gates this run. */
  readonly config: Config;
  readonly origin: "pull request" | "base commit" | "checkout";
  /** `config/gate-relaxed` findings (empty when the base config is unknown or nothing was relaxed). */
  readonly relaxations: Finding[];
  /** A sentence for the job summary when the base config could not be compared. */
  readonly note?: string;
}

export class ConfigSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigSourceError";
  }
}

export async function resolveActionConfig(options: { readonly cwd: string; readonly configPath?: string; readonly from: ConfigSource; readonly baseSha?: string }): Promise<ActionConfig> {
  const head = await loadConfig(options.cwd, options.configPath);
  if (!options.baseSha) {
    // Not a pull request (push, schedule): whoever could push the checkout could also change the workflow.
    return { config: head, origin: "checkout", relaxations: [] };
  }
  const file = options.configPath ?? CONFIG_FILE_NAME;
  // git (a child process) only on pull requests: a push never loads it.
  const { readFileAtRevision } = await import("../git/read-at-revision.js");
  const read = await readFileAtRevision(options.cwd, options.baseSha, file.split(path.sep).join("/"), MAX_CONFIG_BYTES);
  const short = options.baseSha.slice(0, 12);
  let base: Config | undefined;
  let note: string | undefined;
  if (read.ok) base = await parseConfig(read.text, `${file} at the base commit ${short}`);
  else if (read.reason === "no-file") base = EMPTY_CONFIG;
  else note = `The base commit's config could not be read (${read.message}), so the pull request's config was not compared with it. Check out with \`fetch-depth: 2\` (or 0) in actions/checkout.`;

  if (options.from === "base" && !base) throw new ConfigSourceError(`config-from: base: the base commit's config cannot be read (${read.ok ? "" : read.message}); check out with fetch-depth: 2 (or 0)`);
  const relaxations = base ? await relaxationFindings(base, head, { path: file.split(path.sep).join("/"), fsPath: path.resolve(options.cwd, file) }) : [];
  if (options.from === "base" && base) return { config: { ...base, source: base.source ?? `${file} at the base commit ${short} (none)` }, origin: "base commit", relaxations };
  return { config: head, origin: "pull request", relaxations, ...(note ? { note } : {}) };
}

/** The `config/gate-relaxed` findings for `head` against `base`, at the severity `base` gives the rule. */
export async function relaxationFindings(base: Config, head: Config, file: { readonly path: string; readonly fsPath: string }): Promise<Finding[]> {
  const rule = RULES.find((candidate) => candidate.meta.id === GATE_RELAXED_RULE_ID);
  const relaxations = configRelaxations(base, head, RULES);
  if (!rule || relaxations.length === 0) return [];
  const workspace = { ...emptyWorkspace(), problems: relaxationProblems(relaxations, file) };
  return (await runRules(workspace, [rule], { rules: base.rules })).findings;
}
