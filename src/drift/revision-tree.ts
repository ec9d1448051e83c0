/**
 * Puts the files ne-lint reads, as they are in a git revision, into a temporary folder, so the ordinary
 * stages lint the revision like any tree: listed and read from the object store through the read-only git
 * reader (`src/git/read-at-revision.ts`), never checked out. Only the kinds of file the stages read are
 * written (by name, as discovery classifies them, plus `.xcconfig` files projects include and the contents of
 * bundle folders), regular files only (a committed symbolic link is never followed or recreated), under the
 * same folders the walk skips, and within bounds on count and bytes; a revision beyond them is refused with a
 * sentence rather than linted in part, which would make its findings look new. A single file above the
 * per-file bound is left out and named (`skipped`), so the comparison says drift was not fully checked.
 *
 * The folder mirrors absolute paths (`<temp>/root/<repository top>/…`), so a file's display path relative to
 * the mirrored working directory is exactly its display path in the working tree, and fingerprints match.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { roleByName } from "../discover/classify.js";
import { BUNDLE_EXTENSIONS, SKIPPED_DIRECTORIES } from "../discover/walk.js";
import { listFilesAtRevision, readBlobs, type TreeFile } from "../git/read-at-revision.js";
import { CAPACITOR_CONFIGS } from "../targets/config-targets.js";
import { isExportOptionsFile } from "../targets/distribution.js";
import { isSharedScheme } from "../targets/schemes.js";

export const REVISION_LIMITS: { readonly files: number; readonly totalBytes: number; readonly fileBytes: number; readonly listed: number } = {
  /** Files of the kinds ne-lint reads; the corpus has about 2,000. */
  files: 20_000,
  /** All of them together. */
  totalBytes: 256 * 1024 * 1024,
  /** One file; larger ones are left out (the stages would refuse most of them anyway). */
  fileBytes: 64 * 1024 * 1024,
  /** Tree entries listed before filtering (sources, assets, everything). */
  listed: 500_000,
};

export class RevisionTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RevisionTreeError";
  }
}

/** True for a file the stages read (or a project includes), judged by its path in the tree. */
export function isLintedPath(treePath: string): boolean {
  const segments = treePath.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".." || SKIPPED_DIRECTORIES.has(segment))) return false;
  if (segments.slice(0, -1).some((segment) => BUNDLE_EXTENSIONS.has(path.posix.extname(segment)))) return true;
  if (roleByName(treePath) !== undefined || treePath.endsWith(".xcconfig")) return true;
  // Files the stages read by name outside the roles: shared schemes (which configuration ships,
  // targets/schemes.ts), XcodeGen specs and the YAML files they include, Capacitor configs (whether a
  // config.xml is Cordova's). Without them the revision's targets would differ from the working tree's.
  const name = segments[segments.length - 1]!;
  return isSharedScheme(treePath) || /\.ya?ml$/i.test(name) || CAPACITOR_CONFIGS.includes(name) || isExportOptionsFile(treePath);
}

export interface RevisionTree {
  /** Files written. */
  readonly files: number;
  readonly bytes: number;
  /** Tree paths of linted files left out because each is larger than `fileBytes`. */
  readonly skipped: readonly string[];
}

/**
 * Writes the linted files of `revision` under `treePaths` (relative to `topDir`) below `mirrorTop`, the
 * mirror of `topDir`. Throws `RevisionTreeError` when the revision cannot be listed or read, or is too big.
 */
export async function writeRevisionTree(topDir: string, revision: string, treePaths: readonly string[], mirrorTop: string, limits: typeof REVISION_LIMITS = REVISION_LIMITS): Promise<RevisionTree> {
  const listing = await listFilesAtRevision(topDir, revision, treePaths, limits.listed);
  if (!listing.ok) throw new RevisionTreeError(listing.message);
  if (listing.truncated) throw new RevisionTreeError(`${revision} has more than ${limits.listed} files under the paths given; lint a narrower path`);
  const linted = listing.files.filter((file) => isLintedPath(file.path));
  const wanted: TreeFile[] = linted.filter((file) => file.size <= limits.fileBytes);
  const skipped = linted.filter((file) => file.size > limits.fileBytes).map((file) => file.path);
  if (wanted.length > limits.files) throw new RevisionTreeError(`${revision} has ${wanted.length} files ne-lint reads under the paths given (at most ${limits.files}); lint a narrower path`);
  const bytes = wanted.reduce((sum, file) => sum + file.size, 0);
  if (bytes > limits.totalBytes) throw new RevisionTreeError(`the files ne-lint reads in ${revision} add up to ${bytes} bytes (at most ${limits.totalBytes}); lint a narrower path`);
  // Identical files share one object: read each once.
  const read = await readBlobs(topDir, [...new Set(wanted.map((file) => file.object))], bytes);
  if (!read.ok) throw new RevisionTreeError(read.message);
  const folders = new Set<string>();
  for (const file of wanted) {
    const blob = read.blobs.get(file.object);
    if (!blob) throw new RevisionTreeError(`git did not return ${file.path} of ${revision}`);
    const target = path.join(mirrorTop, ...file.path.split("/"));
    // Tree paths were checked segment by segment (no `..`, no empty segment); this is the belt to those braces.
    if (!target.startsWith(mirrorTop + path.sep)) throw new RevisionTreeError(`${revision} has a file outside its tree`);
    const folder = path.dirname(target);
    if (!folders.has(folder)) {
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw new RevisionTreeError(`cannot write ${file.path} of ${revision} to a temporary folder (${(error as Error).message})`);
      }
      folders.add(folder);
    }
    try {
      writeFileSync(target, blob, { flag: "wx" });
    } catch (error) {
      // Two tree entries that differ only in case, on a case-insensitive disk: the first one stays.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new RevisionTreeError(`cannot write ${file.path} of ${revision} to a temporary folder (${(error as Error).message})`);
    }
  }
  return { files: wanted.length, bytes, skipped };
}
