/**
 * `ne-lint --base REV`: lint the working tree, lint the same paths as they are in git revision `REV` (read
 * from the object store into a temporary folder, `revision-tree.ts`), and report what the working tree
 * brings: ordinary findings that are new relative to `REV` (matched by rule, file and the location-independent
 * fingerprint, as a baseline matches them: `src/baseline/`), plus the drift findings of the two models, and
 * what of the revision could not be read (`unread-base.ts`: drift not fully checked).
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyBaseline, createBaseline } from "../baseline/baseline.js";
import { repositoryRelative, repositoryRoot } from "../config/lookup.js";
import { lint, type LintOptions, type LintResult } from "../engine.js";
import { checkCommit, isShallowRepository, repositoryTopLevel } from "../git/read-at-revision.js";
import { compareFindings, summarise } from "../linter/finding.js";
import { compareWorkspaces } from "./compare.js";
import { REVISION_LIMITS, RevisionTreeError, writeRevisionTree } from "./revision-tree.js";
import { unreadBase } from "./unread-base.js";
import { isWithin } from "../path-within.js";

/** A comparison that cannot be made: exit status 2 with this sentence. */
export class DriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DriftError";
  }
}


const SHALLOW_ADVICE =
  "the clone is shallow: fetch the base commit (`git fetch --depth=1 origin <sha>`) or, in GitHub Actions, give actions/checkout `fetch-depth: 0`";

/** `present`: the caller found the repository's top folder and the base commit in it already (`ensureBaseCommit`). */
export async function lintAgainstRevision(options: LintOptions & { readonly base: string; readonly present?: { readonly top: string } }): Promise<LintResult> {
  const cwd = realpathOrSelf(path.resolve(options.cwd));
  const top = options.present?.top ?? (await repositoryTopLevel(cwd));
  if (!top) throw new DriftError(`--base needs a git repository, and ${options.cwd} is not inside one`);
  const commit = options.present ? ({ ok: true } as const) : await checkCommit(top, options.base);
  if (!commit.ok) {
    if (commit.reason === "no-revision") throw new DriftError(`${commit.message}; ${(await isShallowRepository(top)) ? SHALLOW_ADVICE : "fetch it first (`git fetch origin <ref>`)"}`);
    throw new DriftError(commit.reason === "no-git" ? "--base needs git, which is not installed" : `--base: ${commit.message}`);
  }
  const treePaths = options.paths.map((given) => {
    const absolute = realpathOrSelf(path.resolve(cwd, given));
    const inTree = path.relative(top, absolute);
    if (!isWithin(top, absolute)) throw new DriftError(`${given} is outside the git repository ${top}; --base compares paths inside it`);
    return inTree.split(path.sep).join("/");
  });

  const head = await lint(options);
  const temp = mkdtempSync(path.join(os.tmpdir(), "ne-lint-base-"));
  try {
    // The mirror keeps absolute paths, so display paths (relative to the working directory) are identical.
    const mirror = (absolute: string): string => path.join(temp, "root", absolute);
    let written;
    try {
      written = await writeRevisionTree(top, options.base, treePaths.includes("") ? [] : treePaths, mirror(top));
    } catch (error) {
      if (error instanceof RevisionTreeError) throw new DriftError(`--base ${options.base}: ${error.message}`);
      throw error;
    }
    // The base side is its own linted root: read through its own ConfinedFiles (the default, confined to the
    // mirrored paths), never the head's. Its fingerprints hash paths relative to the mirrored repository root,
    // so a finding the revision already had matches the working tree's, as a baseline entry would.
    const { files: _headFiles, ...baseOptions } = options;
    const root = realpathOrSelf(repositoryRoot(cwd) ?? top);
    const base = await lint({
      ...baseOptions,
      cwd: mirror(cwd),
      paths: options.paths.map((given) => (path.isAbsolute(given) ? mirror(realpathOrSelf(given)) : given)),
      repositoryRoot: mirror(root),
    });
    // Files of the revision ne-lint could not read: drift on the targets built from them is unknown.
    const displayOf = (treePath: string): string => path.relative(cwd, path.join(top, ...treePath.split("/"))).split(path.sep).join("/");
    const unread = unreadBase(base.workspace, head.workspace, {
      side: `the base revision ${options.base}`,
      skipped: written.skipped.map((treePath) => ({ file: { path: displayOf(treePath), fsPath: path.join(top, ...treePath.split("/")) }, why: `larger than ${REVISION_LIMITS.fileBytes} bytes` })),
    });
    const drift = await compareWorkspaces(base.workspace, head.workspace, {
      ...(options.config ? { config: options.config } : {}),
      removalsIn: "base",
      fingerprintPath: repositoryRelative(options.cwd, options.repositoryRoot),
      ...(options.rules ? { rules: options.rules } : {}),
      unread,
    });
    const introduced = applyBaseline(head.findings, createBaseline(base.findings));
    const findings = [...introduced.kept, ...drift.findings].sort(compareFindings);
    return {
      findings,
      summary: summarise(findings, head.summary.files, { ...head.summary, incomplete: [...(head.summary.incomplete ?? []), ...unread.map((problem) => problem.message)] }),
      failures: [...head.failures, ...base.failures, ...drift.failures],
      missing: head.missing,
      workspace: head.workspace,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
