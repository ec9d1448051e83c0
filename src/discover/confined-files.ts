/**
 * The only door to the file system for a lint run: every file ne-lint reads on behalf of the repository
 * (walked files, Info.plists and entitlements a build setting names, xcconfigs and their `#include`s,
 * the project file) goes through one `ConfinedFiles`, which reads a path only when its real path (symlinks,
 * `..` and absolute paths resolved) is inside the linted roots and not inside a `.git` folder.
 *
 * Why one object and not a check per caller: the ways a hostile pull request can point a reader outside
 * the repository are many (`#include "../.git/config"`, an absolute `INFOPLIST_FILE`, `projectDirPath =
 * ../../..`, `$(SRCROOT)/../…`, a committed symlink), and all of them end in a read. Checking at the read
 * covers the routes nobody listed. A refused path is never opened or stat'ed: a path that is outside the
 * roots as written is refused before any system call, and one that resolves outside only after `realpath`.
 *
 * The linted roots are the paths the run was given: a folder, the folder holding a given `.xcodeproj` (its
 * files live next to it, as Xcode's SRCROOT), or a given file by itself.
 */
import { constants, lstatSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { readFileBounded, textOf, type FileRead } from "./read-file.js";
import { isWithin } from "../path-within.js";

/** Why a path was not read although it may exist. */
export type Refusal = "outside-roots" | "git-folder";

export type ConfinedRead = FileRead | { readonly ok: false; readonly reason: Refusal };

/** What is at a path, as far as the run may know. */
export type Located = { readonly ok: true; readonly realPath: string } | { readonly ok: false; readonly reason: Refusal | "missing" };

/** Work done, for tests that bound it and for the benchmarks. */
export interface FileAccessCounts {
  /** Files opened for reading. */
  opened: number;
  /** Bytes read. */
  bytes: number;
  /** Paths refused (outside the roots or inside `.git`). */
  refused: number;
  /** `realpath` calls made to decide whether a path may be read (none for a file the walk listed; see `trustWalk`). */
  resolved: number;
}

/** Describes a refusal in a message: what was not read and why, never anything read. */
export function refusalReason(reason: Refusal): string {
  return reason === "git-folder"
    ? "inside a .git folder (symbolic links followed), which ne-lint never reads"
    : "outside the folders being linted (symbolic links followed), which ne-lint never reads";
}

export function isRefusal(reason: string): reason is Refusal {
  return reason === "outside-roots" || reason === "git-folder";
}

/** What reading a path `locate` refused or did not find answers. */
export function unreadLocated(located: Exclude<Located, { ok: true }>): Exclude<ConfinedRead, { ok: true }> {
  return located.reason === "missing" ? { ok: false, reason: "unreadable", code: "ENOENT" } : { ok: false, reason: located.reason };
}

/**
 * Reads a real path `locate` allowed (no symbolic link left in it): `O_NOFOLLOW` makes sure none was swapped
 * in since. For another thread that was given such a path (the Xcode project pool's workers).
 */
export function readLocated(realPath: string, maxBytes: number): FileRead {
  return readFileBounded(realPath, maxBytes, constants.O_NOFOLLOW ?? 0);
}

interface Root {
  readonly path: string;
  /** A folder (anything below it is inside) or a single file. */
  readonly folder: boolean;
}

export class ConfinedFiles {
  readonly counts: FileAccessCounts = { opened: 0, bytes: 0, refused: 0, resolved: 0 };
  /** The roots as given (for the check before any system call) and as real paths. */
  private readonly roots: readonly Root[];
  private readonly located = new Map<string, Located>();
  /** Folders the walk listed files below, with their real paths once asked (see `trustWalk`). */
  private walkedFolders: { readonly prefix: string; real?: string | null }[] = [];
  private isWalkedFile: (fsPath: string) => boolean = () => false;

  constructor(roots: readonly Root[]) {
    this.roots = roots;
  }

  /**
   * The roots of a run over `paths` (relative to `cwd`); paths that do not exist add nothing. A path
   * inside `cwd` as written names repository content, which a pull request controls: if it is a link
   * leading out of `cwd` (the Action's `paths: App/Info.plist` replaced by a link to `/proc/self/environ`),
   * its target is not a root. A path outside `cwd` as written is the user's choice and is followed.
   */
  static forPaths(paths: readonly string[], cwd: string): ConfinedFiles {
    const roots: Root[] = [];
    const realCwd = realPath(cwd) ?? path.resolve(cwd);
    for (const given of paths) {
      const lexical = path.resolve(cwd, given);
      const stat = statSync(lexical, { throwIfNoEntry: false });
      if (!stat) continue;
      const folder = stat.isDirectory();
      const project = folder && path.extname(lexical).toLowerCase() === ".xcodeproj";
      const rootOf = (fsPath: string): string => (project ? path.dirname(fsPath) : fsPath);
      roots.push({ path: rootOf(lexical), folder });
      const real = realPath(lexical);
      const followed = !isWithin(path.resolve(cwd), lexical) || (real !== undefined && isWithin(realCwd, real));
      if (real !== undefined && real !== lexical && followed) roots.push({ path: rootOf(real), folder });
    }
    return new ConfinedFiles(roots);
  }

  /** Whether the path may be read, and its real path when it exists. Cached: a run asks for the same files often. */
  locate(fsPath: string): Located {
    // Looked up as given first: the walk's own path strings (their hash already computed) need no `resolve`.
    let located = this.located.get(fsPath);
    if (!located) {
      // A walked file's path is absolute and normal already (20,000 `resolve` calls on a large tree); another
      // keeps the given string when resolving does not change it: a run keeps these keys and real paths (issue #17:
      // three copies of each path were a tenth of the 10,000-target tree's strings).
      let absolute = fsPath;
      if (!this.isWalkedFile(fsPath)) {
        const resolved = path.resolve(fsPath);
        if (resolved !== fsPath) absolute = resolved;
      }
      located = absolute === fsPath ? undefined : this.located.get(absolute);
      if (!located) {
        located = this.locateUncached(absolute);
        this.located.set(absolute, located);
      }
      if (absolute !== fsPath) this.located.set(fsPath, located);
    }
    if (!located.ok && located.reason !== "missing") this.counts.refused++;
    return located;
  }

  /**
   * Files the walk listed below a folder it was given have a known real path: the walk follows no link (it
   * enters only entries that are folders and lists only regular files, never links), so no component below
   * the folder is one, and a file's real path is the folder's real path plus the rest. That saves a `realpath`
   * per file (20,000 plists in a large monorepo); the real path is still checked against the roots and for
   * `.git` like any other, and read with `O_NOFOLLOW`. Files named on the command line are not the walk's.
   */
  trustWalk(folders: readonly string[], isWalkedFile: (fsPath: string) => boolean): void {
    this.walkedFolders = folders.map((folder) => ({ prefix: folder.endsWith(path.sep) ? folder : folder + path.sep }));
    this.isWalkedFile = isWalkedFile;
  }

  /** Reads a regular file of at most `maxBytes`, if it is inside the roots (see `readFileBounded`). */
  read(fsPath: string, maxBytes: number): ConfinedRead {
    const located = this.locate(fsPath);
    if (!located.ok) return unreadLocated(located);
    this.counts.opened++;
    const read = readLocated(located.realPath, maxBytes);
    if (read.ok) this.counts.bytes += read.bytes.length;
    return read;
  }

  /** Text with a leading byte-order mark removed, or why it cannot be had. */
  readText(fsPath: string, maxBytes: number): { readonly ok: true; readonly text: string } | Exclude<ConfinedRead, { ok: true }> {
    const read = this.read(fsPath, maxBytes);
    return read.ok ? { ok: true, text: textOf(read.bytes) } : read;
  }

  /** Whether a regular file is at the path: `true`, `false` (absent, or not a file), or why it may not be looked at. */
  fileState(fsPath: string): "file" | "missing" | Refusal {
    const located = this.locate(fsPath);
    if (!located.ok) return located.reason;
    return statSync(located.realPath, { throwIfNoEntry: false })?.isFile() ? "file" : "missing";
  }

  private locateUncached(absolute: string): Located {
    // As written first: a path outside every root is refused without touching the file system.
    const lexical = this.check(absolute);
    if (lexical !== undefined) return { ok: false, reason: lexical };
    let real = this.walkedRealPath(absolute);
    if (real === undefined) {
      this.counts.resolved++;
      real = realPath(absolute);
    }
    // Something that exists but has no real path (a link to `/proc/self/fd/1` when that is a pipe, a
    // dangling link) cannot be shown to be inside the roots.
    if (real === undefined) return lstatSync(absolute, { throwIfNoEntry: false }) ? { ok: false, reason: "outside-roots" } : { ok: false, reason: "missing" };
    const refusal = this.check(real);
    return refusal === undefined ? { ok: true, realPath: real } : { ok: false, reason: refusal };
  }

  private walkedRealPath(absolute: string): string | undefined {
    if (this.walkedFolders.length === 0 || !this.isWalkedFile(absolute)) return undefined;
    for (const folder of this.walkedFolders) {
      if (!absolute.startsWith(folder.prefix)) continue;
      if (folder.real === undefined) {
        this.counts.resolved++;
        const real = realPath(folder.prefix);
        folder.real = real === undefined ? null : real.endsWith(path.sep) ? real : real + path.sep;
      }
      if (folder.real === null) return undefined;
      return folder.real === folder.prefix ? absolute : folder.real + absolute.slice(folder.prefix.length);
    }
    return undefined;
  }

  private check(absolute: string): Refusal | undefined {
    if (GIT_COMPONENT.test(absolute)) return "git-folder";
    for (const root of this.roots) {
      if (absolute === root.path) return undefined;
      if (root.folder && absolute.startsWith(root.path.endsWith(path.sep) ? root.path : `${root.path}${path.sep}`)) return undefined;
    }
    return "outside-roots";
  }
}

/** A `.git` path component, in any case, between separators of either kind (one test, no split per path). */
const GIT_COMPONENT = /(?:^|[\\/])\.git(?:[\\/]|$)/i;

function realPath(fsPath: string): string | undefined {
  try {
    return realpathSync.native(fsPath);
  } catch {
    return undefined;
  }
}
