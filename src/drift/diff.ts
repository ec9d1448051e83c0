/**
 * `ne-lint diff OLD NEW`: what a build (or folder) claims that the older one did not, for release gating.
 * Both sides are linted by the ordinary stages and compared by the drift rules; every finding is located in
 * NEW (a removal on NEW's file of the same kind, or on NEW itself when a whole target is gone). Ordinary
 * findings are not repeated here: their fingerprints name the file, which differs between two builds.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { repositoryRelative } from "../config/lookup.js";
import { lint, type LintOptions, type LintResult } from "../engine.js";
import { summarise } from "../linter/finding.js";
import { DriftError } from "./against-revision.js";
import { compareWorkspaces } from "./compare.js";

export async function diffBuilds(options: Omit<LintOptions, "paths"> & { readonly old: string; readonly new: string }): Promise<LintResult> {
  for (const side of [options.old, options.new]) {
    if (!existsSync(path.resolve(options.cwd, side))) throw new DriftError(`diff: ${side} does not exist`);
  }
  const { old: oldPath, new: newPath, ...rest } = options;
  const base = await lint({ ...rest, paths: [oldPath] });
  const head = await lint({ ...rest, paths: [newPath] });
  const headRoot = path.relative(options.cwd, path.resolve(options.cwd, newPath)).split(path.sep).join("/") || ".";
  const drift = await compareWorkspaces(base.workspace, head.workspace, { ...(options.config ? { config: options.config } : {}), removalsIn: "head", headRoot, fingerprintPath: repositoryRelative(options.cwd, options.repositoryRoot), ...(options.rules ? { rules: options.rules } : {}) });
  return {
    findings: drift.findings,
    summary: summarise(drift.findings, base.summary.files + head.summary.files, { incomplete: [...(base.summary.incomplete ?? []), ...(head.summary.incomplete ?? [])] }),
    failures: [...base.failures, ...head.failures, ...drift.failures],
    missing: [],
    workspace: head.workspace,
  };
}
