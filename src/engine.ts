/**
 * One lint run: discover files → decode → model (documents, targets) → run rules → findings.
 * The CLI, the GitHub Action and tests all call `lint()`; reporters turn its result into text.
 */
import { RULES } from "../rules/index.js";
import { roleByName, type FileRole } from "./discover/classify.js";
import { walk, type FoundFile } from "./discover/walk.js";
import type { Config } from "./config/config.js";
import { EMPTY_CONFIG } from "./config/config.js";
import { readPlistFile } from "./decode/read-plist-file.js";
import { folderTargets } from "./model/folder-targets.js";
import type { Distribution, Platform } from "./model/target.js";
import { emptyWorkspace, type Workspace } from "./model/workspace.js";
import { summarise, type Finding, type LintSummary } from "./rules/finding.js";
import { runRules, type RuleFailure } from "./rules/run.js";
import type { Rule } from "./rules/types.js";

export interface LintOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly config?: Config;
  /** Command-line hints; they win over the config file. */
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly configuration?: string;
  readonly now?: Date;
  /** Defaults to every rule. */
  readonly rules?: readonly Rule[];
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

/** How many files are read at once: enough to hide I/O latency, few enough to bound memory. */
const READ_CONCURRENCY = 16;

export async function lint(options: LintOptions): Promise<LintResult> {
  const config = options.config ?? EMPTY_CONFIG;
  const walked = await walk(options.paths, { cwd: options.cwd, ignore: config.ignore });
  const workspace = emptyWorkspace();

  const plistFiles: { file: FoundFile; role: FileRole }[] = [];
  for (const file of walked.files) {
    const role = roleByName(file.fsPath);
    if (role === "info-plist" || role === "entitlements" || role === "plist" || (file.explicit && role === undefined)) {
      plistFiles.push({ file, role: role ?? "plist" });
    }
  }

  await forEachConcurrently(plistFiles, READ_CONCURRENCY, async ({ file, role }) => {
    const outcome = await readPlistFile({ path: file.path, fsPath: file.fsPath }, role, file.explicit);
    if (!outcome) return;
    workspace.files++;
    if ("document" in outcome) workspace.documents.push(outcome.document);
    else workspace.problems.push(outcome.problem);
  });
  // Reads finish in any order; keep everything downstream deterministic.
  workspace.documents.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));

  const platform = options.platform ?? config.platform;
  const distribution = options.distribution ?? config.distribution;
  workspace.targets.push(
    ...folderTargets(workspace.documents, {
      ...(platform ? { platform } : {}),
      ...(distribution ? { distribution } : {}),
      ...(config.deploymentTarget ? { deploymentTarget: config.deploymentTarget } : {}),
    }),
  );

  const { findings, failures } = await runRules(workspace, options.rules ?? RULES, { rules: config.rules, ...(options.now ? { now: options.now } : {}) });
  return { findings, summary: summarise(findings, workspace.files), failures, missing: walked.missing, workspace };
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, body: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await body(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
