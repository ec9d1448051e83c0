/**
 * Finds the files ne-lint reads under the given paths. Walks without following symbolic links
 * (a link can point outside the repository or form a loop), skips dependency and build folders,
 * honours ignore globs, and caps the walk so a hostile tree cannot make it unbounded. Synchronous for
 * the reason given in `read-file.ts`: a repository is hundreds of small directories. Files in test folders are
 * marked as test data (`isTestFolder`).
 *
 * A cap that is hit is never silent: the result lists where the walk stopped (`stops`), and the engine
 * reports each as a `lint/incomplete` finding, because a file the walk skipped is a file whose
 * problems nobody sees (issue 16: a file 66 folders deep, or after 200,000 others, passed the gate).
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import { compileGlobs } from "./glob.js";

/** Built products: read as bundles (issue-3 pipeline), never walked as source folders. */
export const BUNDLE_EXTENSIONS = new Set([".app", ".appex", ".systemextension", ".xcarchive"]);

/** Folders that never hold the project's own configuration. */
export const SKIPPED_DIRECTORIES = new Set(["node_modules", "Pods", ".git", ".hg", ".svn", "build", "DerivedData", ".build", "Carthage", ".swiftpm", ".gradle"]);

/**
 * Test folders: a repository's specs, fixtures and test bundles (a signing tool's `spec/fixtures/*.mobileprovision`,
 * `Tests/Resources/*.app`, an Xcode `AppTests` folder). What they hold is test input, never the product, so files
 * found there are marked `testData` and set aside uncounted as findings (the engine counts them as not judged).
 * A project that names a file there (`INFOPLIST_FILE = Tests/Info.plist`) still has it read on its word; and only
 * folders below a given path count, so `ne-lint spec/fixtures` judges what it is given.
 */
const TEST_FOLDER_NAMES = /^(?:tests?|specs?|fixtures?|__tests__|__fixtures__|testdata)$/i;
/** Xcode's test-target folders: `AppTests`, `AppUITests`, `Unit Tests` (case as Xcode writes it). */
const XCODE_TEST_FOLDER = /^[\w .-]*Tests$/;

function isTestFolder(name: string): boolean {
  return TEST_FOLDER_NAMES.test(name) || XCODE_TEST_FOLDER.test(name);
}

export interface WalkOptions {
  /** Globs relative to `ignoreBase` (default `cwd`); a match on a folder skips the whole folder. */
  readonly ignore?: readonly string[];
  /** The folder ignore globs are relative to: the config file's. */
  readonly ignoreBase?: string;
  readonly cwd: string;
  readonly maxFiles?: number;
  readonly maxDepth?: number;
}

export interface FoundFile {
  readonly fsPath: string;
  /** Relative to cwd, `/`-separated: the path findings show. */
  readonly path: string;
  /** True when the path was named explicitly on the command line. */
  readonly explicit: boolean;
  /** Found inside a test folder below a given path (`isTestFolder`): test input, not judged. */
  readonly testData?: true;
}

export const DEFAULT_MAX_FILES = 200_000;
export const DEFAULT_MAX_DEPTH = 64;

/** Where a cap stopped the walk: the first folder or file not read, and how many such stops there were. */
export interface WalkStop {
  readonly cap: "depth" | "files";
  /** The cap's value. */
  readonly limit: number;
  /** The first folder not entered (`depth`) or the first file not listed (`files`). */
  readonly first: FoundFile;
  /** Folders not entered (`depth`); for `files`, always 1: the walk ends there. */
  count: number;
}

export interface WalkResult {
  readonly files: FoundFile[];
  /** Bundle folders (`.app`, `.xcarchive`, …) found; their contents are not in `files`. */
  readonly bundles: FoundFile[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  /** True when the walk stopped at `maxFiles`. */
  readonly truncated: boolean;
  /** Caps the walk hit, at most one entry per cap. */
  readonly stops: WalkStop[];
  /** The `fsPath` of every file in `files`. */
  readonly seen: ReadonlySet<string>;
  /** The given paths that were walked as folders (absolute, as written): every file not `explicit` is below one. */
  readonly folders: readonly string[];
}

export function displayPath(cwd: string, fsPath: string): string {
  const relative = path.relative(cwd, fsPath);
  // Another drive (Windows) has no relative path; show it whole.
  const shown = relative === "" ? "." : path.isAbsolute(relative) ? fsPath : relative;
  return shown.split(path.sep).join("/");
}

/**
 * A display path relative to `from` as a display path relative to `to`, `/`-separated. The member part of
 * an archive path (`App.ipa!/Payload/…`) is not a filesystem path and is kept as it is.
 */
export function rebase(file: string, from: string, to: string): string {
  const bang = file.indexOf("!");
  const onDisk = bang < 0 ? file : file.slice(0, bang);
  return `${displayPath(to, path.resolve(from, onDisk))}${bang < 0 ? "" : file.slice(bang)}`;
}

/** Whether a path matches ignore globs written relative to `base` (a folder also as `folder/`). */
export function ignoreMatcher(globs: readonly string[], base: string): (fsPath: string) => boolean {
  if (globs.length === 0) return () => false;
  const matcher = compileGlobs(globs);
  return (fsPath) => {
    const relative = displayPath(base, fsPath);
    return matcher.matches(relative) || matcher.matches(`${relative}/`);
  };
}

/** The display path of a folder that holds cwd: only `..` steps. */
const ANCESTOR_OF_CWD = /^\.\.(?:\/\.\.)*$/;

export function walk(paths: readonly string[], options: WalkOptions): WalkResult {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const isIgnored = ignoreMatcher(options.ignore ?? [], options.ignoreBase ?? options.cwd);
  const files: FoundFile[] = [];
  const bundles: FoundFile[] = [];
  const missing: string[] = [];
  const folders: string[] = [];
  const seen = new Set<string>();
  let truncated = false;
  const stops: WalkStop[] = [];
  const found = (fsPath: string): FoundFile => ({ fsPath, path: displayPath(options.cwd, fsPath), explicit: false });
  const tooDeep = (fsPath: string): void => {
    const stop = stops.find((candidate) => candidate.cap === "depth");
    if (stop) stop.count++;
    else stops.push({ cap: "depth", limit: maxDepth, first: found(fsPath), count: 1 });
  };

  // Paths are built by concatenation, not `path.join` and `path.relative` per entry (a fifth of the walk on
  // 40,000 files): a folder's own paths are normalised and an entry's name has no separator.
  const visit = (directory: string, shownDirectory: string, depth: number, inTests: boolean): void => {
    if (truncated) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
    const shownPrefix = shownDirectory === "." ? "" : shownDirectory.endsWith("/") ? shownDirectory : `${shownDirectory}/`;
    // A child's display path is the folder's plus its name, unless the folder holds cwd (`..`, `../..`): its
    // subfolders may lead back into cwd, so they take the general route. A folder beside or below cwd
    // (`../../tmp/tree`) does not: 10,000 folders there made 10,000 `path.relative` calls.
    const above = ANCESTOR_OF_CWD.test(shownDirectory);
    const subdirectories: { name: string; inTests: boolean }[] = [];
    for (const entry of entries) {
      const fsPath = prefix + entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(fsPath)) continue;
        if (BUNDLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) bundles.push(inTests ? { fsPath, path: displayPath(options.cwd, fsPath), explicit: false, testData: true } : { fsPath, path: displayPath(options.cwd, fsPath), explicit: false });
        else subdirectories.push({ name: entry.name, inTests: inTests || isTestFolder(entry.name) });
      } else if (entry.isFile()) {
        if (isIgnored(fsPath) || seen.has(fsPath)) continue;
        if (files.length >= maxFiles) {
          truncated = true;
          stops.push({ cap: "files", limit: maxFiles, first: found(fsPath), count: 1 });
          return;
        }
        seen.add(fsPath);
        // Two literals, not a spread of `{ testData }` per file: the spread is a runtime object copy (40,000 files).
        files.push(inTests ? { fsPath, path: shownPrefix + entry.name, explicit: false, testData: true } : { fsPath, path: shownPrefix + entry.name, explicit: false });
      }
    }
    for (const { name, inTests } of subdirectories) {
      if (truncated) return;
      const subdirectory = prefix + name;
      if (depth + 1 > maxDepth) tooDeep(subdirectory);
      else visit(subdirectory, above ? displayPath(options.cwd, subdirectory) : shownPrefix + name, depth + 1, inTests);
    }
  };

  for (const given of paths) {
    const fsPath = path.resolve(options.cwd, given);
    let stat;
    try {
      stat = statSync(fsPath);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory() && BUNDLE_EXTENSIONS.has(path.extname(fsPath).toLowerCase())) bundles.push({ fsPath, path: displayPath(options.cwd, fsPath), explicit: true });
    else if (stat.isDirectory()) {
      folders.push(fsPath);
      visit(fsPath, displayPath(options.cwd, fsPath), 0, false);
    }
    else if (!seen.has(fsPath)) {
      seen.add(fsPath);
      files.push({ fsPath, path: displayPath(options.cwd, fsPath), explicit: true });
    }
  }
  return { files, bundles, missing, truncated, stops, seen, folders };
}
