/**
 * The drift comparison as one pure step over two linted workspaces: pair the targets
 * (`pair.ts`) and run the drift rules on the pairs, through the ordinary rule runner, so drift findings have
 * configurable severity, inline suppressions, fingerprints and bounds like every other finding.
 */
import { RULES } from "../../rules/index.js";
import type { Config } from "../config/config.js";
import { emptyWorkspace, type Workspace } from "../model/workspace.js";
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
}

export async function compareWorkspaces(base: Workspace, head: Workspace, options: DriftOptions): Promise<RunResult> {
  const rules = (options.rules ?? RULES).filter((rule) => rule.scope === "drift");
  const drift: DriftSettings = { pairs: pairTargets(base, head), removalsIn: options.removalsIn, ...(options.headRoot !== undefined ? { headRoot: options.headRoot } : {}) };
  return runRules(emptyWorkspace(), rules, { ...(options.config?.rules ? { rules: options.config.rules } : {}), ...(options.fingerprintPath ? { fingerprintPath: options.fingerprintPath } : {}), drift });
}
