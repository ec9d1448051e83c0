/**
 * Writes a report file (SARIF, `--output`, `--write-baseline`) at a path the workflow or user named, below
 * a working folder the linted repository controls. The repository may hold symbolic links where that path
 * goes (`reports -> /elsewhere`, `reports -> /proc/self`), so:
 * - below the working folder no path component may be a symbolic link (lstat each one; a link is refused):
 *   the file lands where the path says, never where the repository points it;
 * - missing folders are made one level at a time: Node's recursive mkdir loops forever under `/proc`
 *   (see `makeCacheFolder` in src/code-cache.ts);
 * - a file below the working folder is opened with O_NOFOLLOW and O_NONBLOCK and kept only if `fstat` says
 *   it is a regular file: a link at its name is refused and a FIFO or device neither blocks nor is written to.
 * Folders and files above the working folder (an absolute path into the runner's temporary folder,
 * `--output /dev/stdout`) are the workflow's or the user's own: links there are followed and a device is
 * written to, as a shell's redirection would. Node has no `openat`, so this is a check-then-use on paths: it defends against what
 * the checkout holds, not against another process changing the tree during the run.
 */
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, realpathSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { isWithin } from "../path-within.js";

/** A report file that cannot be written: one sentence naming the option and the problem (quotes the path as given). */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportFileError";
  }
}

// Windows has neither flag (undefined there); its links are checked by lstat like everywhere else.
const OPEN_INSIDE = constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const OPEN_OUTSIDE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;

/**
 * Writes `content` to `file` (resolved against `cwd`), replacing a regular file there. `option` names what
 * asked for the file in the message (`--output`, `the sarif-file input`). Throws `ReportFileError`.
 */
export function writeReportFile(cwd: string, file: string, content: string | Uint8Array, option: string): void {
  const fail = (reason: string): never => {
    throw new ReportFileError(`cannot write ${option} ${file}: ${reason}`);
  };
  const target = path.resolve(cwd, file);
  const inside = walkFolders(cwd, path.dirname(target), fail, true) === true;
  let fd: number;
  try {
    fd = openSync(target, inside ? OPEN_INSIDE : OPEN_OUTSIDE, 0o666);
  } catch (error) {
    return fail(openFailure(error));
  }
  try {
    if (inside) {
      if (!fstatSync(fd).isFile()) fail("it is not a regular file (a pipe, device or socket)");
      ftruncateSync(fd, 0);
    }
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    if (error instanceof ReportFileError) throw error;
    fail(reasonOf(error));
  } finally {
    closeSync(fd);
  }
}

/**
 * The checks `writeReportFile` makes on the folders, without making any: a CLI run calls it before linting
 * so a long run does not end in a write that was bound to fail. A folder at the file's name is refused too.
 */
export function checkReportPath(cwd: string, file: string, option: string): void {
  const fail = (reason: string): never => {
    throw new ReportFileError(`cannot write ${option} ${file}: ${reason}`);
  };
  const target = path.resolve(cwd, file);
  const inside = walkFolders(cwd, path.dirname(target), fail, false);
  if (inside === undefined) return;
  if (inside && kindOf(target, true, fail) === "link") fail("it is a symbolic link; ne-lint does not write through links");
  let stat;
  try {
    stat = statSync(target, { throwIfNoEntry: false });
  } catch {
    return;
  }
  // The wording of the CLI's usage error since before this module.
  if (stat?.isDirectory()) throw new ReportFileError(`${option} ${file} is a folder; name a file to write`);
}

type Kind = "missing" | "folder" | "link" | "other";

/**
 * Checks each folder from the top of the file system down to `folderOfFile` (a link below `cwd`, or a file, fails); a
 * missing one is made when `make`, else the walk stops there and the answer is undefined. Otherwise whether
 * `folderOfFile` is the working folder or below it: by its text, or by the real path of a folder above it, as when
 * the path names the working folder through a link of the workflow's (`/tmp` on macOS) — below that point every
 * part is the repository's.
 */
function walkFolders(cwd: string, folderOfFile: string, fail: (reason: string) => never, make: boolean): boolean | undefined {
  const working = path.resolve(cwd);
  const realWorking = realPathOf(working) ?? working;
  let inside = false;
  for (const folder of foldersDownTo(folderOfFile)) {
    let kind = kindOf(folder, inside, fail);
    if (kind === "missing") {
      if (!make) return undefined;
      try {
        mkdirSync(folder);
        kind = "folder";
      } catch (error) {
        // Made meanwhile by someone else: judged like any existing folder.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") fail(reasonOf(error));
        kind = kindOf(folder, inside, fail);
      }
    }
    if (kind !== "folder") fail(partProblem(working, folder, kind));
    // The working folder itself is the workflow's: the parts after it are the repository's.
    if (!inside) inside = isWithin(working, folder) || isWithin(realWorking, realPathOf(folder) ?? folder);
  }
  return inside;
}

/** Every folder from the top of the file system down to `folder`. */
function foldersDownTo(folder: string): string[] {
  const chain: string[] = [];
  for (let current = folder; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (path.dirname(current) === current) break;
  }
  return chain;
}

function realPathOf(folder: string): string | undefined {
  try {
    return realpathSync.native(folder);
  } catch {
    return undefined;
  }
}

/** Inside the working folder a link is a link; above it the workflow's links are followed. */
function kindOf(entry: string, inside: boolean, fail: (reason: string) => never): Kind {
  let stat;
  try {
    stat = inside ? lstatSync(entry, { throwIfNoEntry: false }) : statSync(entry, { throwIfNoEntry: false });
  } catch (error) {
    return fail(reasonOf(error));
  }
  if (!stat) return "missing";
  return stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "folder" : "other";
}

function partProblem(working: string, folder: string, kind: Kind): string {
  const shown = path.relative(working, folder) || folder;
  return kind === "link" ? `${shown} is a symbolic link in the working folder; ne-lint does not write through links` : "a part of the path is a file";
}

function openFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  // O_NOFOLLOW on a link: ELOOP (Linux, macOS) or EMLINK (FreeBSD). A FIFO without a reader: ENXIO.
  if (code === "ELOOP" || code === "EMLINK") return "it is a symbolic link; ne-lint does not write through links";
  if (code === "ENXIO") return "it is not a regular file (a pipe, device or socket)";
  return reasonOf(error);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EISDIR") return "it is a folder; name a file to write";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR" || code === "EEXIST") return "a part of the path is a file";
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EROFS") return "the file system is read-only";
  return code ?? "unknown error";
}
