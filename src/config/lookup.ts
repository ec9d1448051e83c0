/**
 * Where `.ne-lint.json` is found when `--config` does not name one: the working directory, then each
 * parent up to the repository root (the first folder that holds `.git`), like ESLint's flat config. The
 * walk stops at the repository root so a config outside the checkout (another project, a shared `/tmp`)
 * never changes a run; without a repository it goes up to the filesystem root, as ESLint does.
 */
import { lstatSync } from "node:fs";
import path from "node:path";
import { rebase } from "../discover/walk.js";

export const CONFIG_FILE_NAME = ".ne-lint.json";

/** The nearest config file from `cwd` upwards, or undefined. `exists` is for tests. */
export function findConfigFile(cwd: string, exists: (fsPath: string) => boolean = pathExists): string | undefined {
  for (let directory = path.resolve(cwd); ; ) {
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (isRepositoryRoot(directory, exists)) return undefined;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The repository `cwd` is in (the nearest folder upwards holding `.git`), or undefined outside one.
 * Fingerprints hash paths relative to it, so they do not depend on the folder ne-lint ran from.
 */
export function repositoryRoot(cwd: string, exists: (fsPath: string) => boolean = pathExists): string | undefined {
  for (let directory = path.resolve(cwd); ; ) {
    if (isRepositoryRoot(directory, exists)) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Display paths (relative to `cwd`) as paths relative to the repository root; unchanged outside a repository. */
export function repositoryRelative(cwd: string): (file: string) => string {
  const root = repositoryRoot(cwd);
  if (root === undefined || root === path.resolve(cwd)) return (file) => file;
  return (file) => rebase(file, cwd, root);
}

/** `.git` is a folder in a clone and a file in a worktree or submodule: either marks the root. */
function isRepositoryRoot(directory: string, exists: (fsPath: string) => boolean): boolean {
  return exists(path.join(directory, ".git"));
}

function pathExists(fsPath: string): boolean {
  try {
    lstatSync(fsPath);
    return true;
  } catch {
    return false;
  }
}
