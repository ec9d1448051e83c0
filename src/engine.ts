/**
 * One lint run, in four stages with typed hand-offs, each its own module that can be read, tested and
 * timed alone:
 *
 *   findFiles (discover/found.ts)      paths → FoundFiles: the files, grouped by role
 *   decodeFiles (decode/decoded.ts)    FoundFiles → DecodedFiles: plists, profiles, app configs
 *   buildTargets (targets/build.ts)    → BuiltTargets: targets and the documents rules see (projects and
 *                                        built products are decoded one at a time as targets are built)
 *   runRules (linter/run.ts)           Workspace → findings
 *
 * The CLI, the GitHub Action, the API and tests all call `lint()`; reporters turn its result into text.
 */
import { RULES } from "../rules/index.js";
import type { Config } from "./config/config.js";
import { EMPTY_CONFIG } from "./config/config.js";
import { repositoryRelative } from "./config/lookup.js";
import type { ConfinedFiles } from "./discover/confined-files.js";
import { decodeFiles } from "./decode/decoded.js";
import { findFiles } from "./discover/found.js";
import { incompleteReasons, walkStopProblems } from "./discover/walk-stops.js";
import type { Distribution, Platform } from "./model/target.js";
import type { Workspace } from "./model/workspace.js";
import { summarise, type Finding, type LintSummary } from "./linter/finding.js";
import { runRules, type RuleFailure } from "./linter/run.js";
import type { Rule } from "./linter/types.js";
import { buildTargets, type TargetSettings } from "./targets/build.js";
import { decideDistributions, distributionInputs } from "./targets/distribution.js";

export interface LintOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly config?: Config;
  /** Command-line hints; they win over the config file. */
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  /** Xcode build configuration to check: a name, or `all`. Default: Release. */
  readonly configuration?: string;
  readonly now?: Date;
  /** Defaults to every rule. */
  readonly rules?: readonly Rule[];
  /** Every read goes through it; default: confined to `paths` (see `ConfinedFiles`). */
  readonly files?: ConfinedFiles;
  /**
   * The folder fingerprints hash paths relative to; default: the repository `cwd` is in. A git revision
   * materialised in a temporary folder (`--base`, src/drift/) names its mirrored repository root.
   */
  readonly repositoryRoot?: string;
}

export interface LintResult {
  readonly findings: Finding[];
  readonly summary: LintSummary;
  /** Rules that crashed: ne-lint bugs, surfaced as exit status 2. */
  readonly failures: RuleFailure[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  readonly workspace: Workspace;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const config = options.config ?? EMPTY_CONFIG;
  const found = findFiles(options.paths, { cwd: options.cwd, ...(config.ignore ? { ignore: config.ignore } : {}), ...(config.directory ? { ignoreBase: config.directory } : {}), ...(options.files ? { files: options.files } : {}) });
  const decoded = await decodeFiles(found);
  const built = await buildTargets(found, decoded, targetSettings(options, config), options.cwd);
  // Distribution per target from evidence; an app exported with several methods is checked once per method.
  const targets = decideDistributions(built.targets, distributionInputs(found, options.cwd, options.distribution, config));
  const workspace: Workspace = { documents: built.documents, targets, problems: [...walkStopProblems(found.stops), ...decoded.problems, ...built.problems], files: decoded.files + built.files };
  const { findings, failures } = await runRules(workspace, options.rules ?? RULES, { rules: config.rules, fingerprintPath: repositoryRelative(options.cwd, options.repositoryRoot), ...(options.now ? { now: options.now } : {}) });
  return { findings, summary: summarise(findings, workspace.files, { incomplete: incompleteReasons(workspace.problems), unused: built.unused + found.testData }), failures, missing: found.missing, workspace };
}

function targetSettings(options: LintOptions, config: Config): TargetSettings {
  const platform = options.platform ?? config.platform;
  const configuration = options.configuration ?? config.configuration;
  return {
    ...(platform ? { platform } : {}),
    ...(configuration ? { configuration } : {}),
    ...(config.deploymentTarget ? { deploymentTarget: config.deploymentTarget } : {}),
  };
}
