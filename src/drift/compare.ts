/**
 * The drift comparison as one pure step over two linted workspaces: pair the targets
 * (`pair.ts`) and run the drift rules on the pairs, through the ordinary rule runner, so drift findings have
 * configurable severity, inline suppressions, fingerprints and bounds like every other finding.
 */
import { RULES } from "../../rules/index.js";
import type { Config } from "../config/config.js";
import { INCOMPLETE_RULE_ID } from "../discover/walk-stops.js";
import { emptyWorkspace, type Problem, type Workspace } from "../model/workspace.js";
import { runRules, type RunResult } from "../linter/run.js";
import type { DriftSettings, Rule } from "../linter/types.js";
import { pairTargets } from "./pair.js";

export interface DriftOptions {
  readonly config?: Config;
  /** See `DriftSettings.removalsIn`: `base` for a git revision, `head` for two builds. */
  readonly removalsIn: DriftSettings["removalsIn"];
  readonly headRoot?: string;
  /** As for ordinary findings (`RuleSettings.fingerprintPath`): repository-relative paths. */
  readonly fingerprintPath?: (file: string) => string;
  /** Defaults to every drift rule. */
  readonly rules?: readonly Rule[];
  /** What the older side could not read (`unread-base.ts`), reported as `lint/incomplete` with the drift. */
  readonly unread?: readonly Problem[];
}

export async function compareWorkspaces(base: Workspace, head: Workspace, options: DriftOptions): Promise<RunResult> {
  const rules = (options.rules ?? RULES).filter((rule) => rule.scope === "drift" || (rule.meta.id === INCOMPLETE_RULE_ID && (options.unread?.length ?? 0) > 0));
  const drift: DriftSettings = { pairs: pairTargets(base, head), removalsIn: options.removalsIn, ...(options.headRoot !== undefined ? { headRoot: options.headRoot } : {}) };
  return runRules({ ...emptyWorkspace(), problems: [...(options.unread ?? [])] }, rules, { ...(options.config?.rules ? { rules: options.config.rules } : {}), ...(options.fingerprintPath ? { fingerprintPath: options.fingerprintPath } : {}), drift });
}
