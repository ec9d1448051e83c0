/**
 * A `FileTree` over a folder on disk (`App.app`, `App.xcarchive`, a macOS `.app` with `Contents/`).
 *
 * Built products contain symlinks (framework `Versions/Current`, sometimes worse), so the walk uses
 * `lstat` and never follows one; reads refuse any path whose folders or final name are symlinks
 * (`realpath` on the parent plus `O_NOFOLLOW`), and open with `O_NONBLOCK` so a FIFO planted in a
 * bundle cannot hang the run.
 */
import { constants } from "node:fs";
import { lstat, open, opendir, readlink, realpath } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { ByteSource } from "../macho/byte-source.js";
import { DecodeFailure } from "../result.js";
import type { DecodeResult } from "../result.js";
import { DEFAULT_TREE_LIMITS, describeFsError, guardDecodeAsync } from "./file-tree.js";
import type { FileTree, TreeEntry, TreeLimits, TreeProblem } from "./file-tree.js";
import { checkSymlinks } from "./symlinks.js";
import { invalidRelativePathReason, joinTreePath, parentTreePath } from "./tree-path.js";

/** How many `lstat` calls run at once while walking one folder. */
const LSTAT_BATCH = 64;
/** Longer symlink targets are not read (PATH_MAX on macOS is 1024). */
const MAX_LINK_TARGET = 4096;

export function directoryTree(fsPath: string, displayRoot: string, limits: Partial<TreeLimits> = {}): FileTree {
  const settings: TreeLimits = { ...DEFAULT_TREE_LIMITS, ...limits };
  const problems: TreeProblem[] = [];
  const openHandles = new Set<FileHandle>();
  let listing: Promise<DecodeResult<TreeEntry[]>> | undefined;
  let realRoot: Promise<string> | undefined;
  let closed = false;

  const rootPath = (): Promise<string> => (realRoot ??= resolveRoot(fsPath));

  /** Opens a regular file at a tree path without following any symlink on the way. */
  async function openInside(path: string): Promise<{ handle: FileHandle; size: number }> {
    if (closed) throw new DecodeFailure("closed", `The folder tree '${displayRoot}' is closed.`);
    const invalid = invalidRelativePathReason(path);
    if (invalid) throw new DecodeFailure("unsafe-path", `Refusing to read '${path}' in '${displayRoot}': ${invalid}.`);
    const root = await rootPath();
    const parent = parentTreePath(path);
    const expectedParent = parent === "" ? root : join(root, ...parent.split("/"));
    let actualParent: string;
    try {
      actualParent = await realpath(expectedParent);
    } catch (error) {
      const { code, reason } = describeFsError(error);
      throw new DecodeFailure(code, `Cannot read '${path}' in '${displayRoot}': ${reason}.`);
    }
    if (actualParent !== expectedParent) {
      throw new DecodeFailure("symlink-not-followed", `Cannot read '${path}' in '${displayRoot}': a folder on its path is a symbolic link, which ne-lint never follows.`);
    }
    let handle: FileHandle;
    try {
      handle = await open(join(root, ...path.split("/")), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      const { code, reason } = describeFsError(error);
      throw new DecodeFailure(code, `Cannot read '${path}' in '${displayRoot}': ${reason}.`);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new DecodeFailure("not-a-file", `Cannot read '${path}' in '${displayRoot}': it is not a regular file.`);
      return { handle, size: stats.size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  return {
    displayRoot,
    problems,

    entries(): Promise<DecodeResult<TreeEntry[]>> {
      listing ??= guardDecodeAsync(async () => {
        const root = await rootPath();
        const { entries, targets } = await walk(root, settings, problems);
        const kinds = new Map(entries.map((entry) => [entry.path, entry.kind] as const));
        problems.push(...checkSymlinks(kinds, targets, "bundle folder"));
        return entries;
      });
      return listing;
    },

    readFile(path: string, maxBytes: number): Promise<DecodeResult<Uint8Array>> {
      return guardDecodeAsync(async () => {
        const { handle, size } = await openInside(path);
        try {
          if (size > maxBytes) {
            throw new DecodeFailure("too-large", `'${path}' in '${displayRoot}' is ${size} bytes, more than the ${maxBytes}-byte limit for this file.`);
          }
          return await readFully(handle, 0, size);
        } finally {
          await handle.close();
        }
      });
    },

    byteSource(path: string): Promise<DecodeResult<ByteSource>> {
      return guardDecodeAsync(async () => {
        const { handle, size } = await openInside(path);
        openHandles.add(handle);
        return {
          size,
          read(offset: number, length: number): Promise<Uint8Array> {
            if (!openHandles.has(handle)) return Promise.reject(new DecodeFailure("closed", `The folder tree '${displayRoot}' is closed.`));
            const start = clamp(offset, size);
            return readFully(handle, start, clamp(start + Math.max(0, length), size) - start);
          },
        };
      });
    },

    async close(): Promise<void> {
      closed = true;
      const handles = [...openHandles];
      openHandles.clear();
      await Promise.allSettled(handles.map((handle) => handle.close()));
    },
  };
}

async function resolveRoot(fsPath: string): Promise<string> {
  let root: string;
  try {
    // The root itself may be a symlink the user chose to point at; only links inside it are refused.
    root = await realpath(fsPath);
  } catch (error) {
    const { code, reason } = describeFsError(error);
    throw new DecodeFailure(code, `Cannot open the folder '${fsPath}': ${reason}.`);
  }
  const stats = await lstat(root);
  if (!stats.isDirectory()) throw new DecodeFailure("not-a-directory", `'${fsPath}' is not a folder.`);
  return root;
}

/** Breadth-first, so a limit cuts the deepest (least interesting) parts of a bundle first. */
async function walk(root: string, limits: TreeLimits, problems: TreeProblem[]): Promise<{ entries: TreeEntry[]; targets: Map<string, string> }> {
  const entries: TreeEntry[] = [];
  const targets = new Map<string, string>();
  let queue: { path: string; depth: number }[] = [{ path: "", depth: 0 }];
  let truncated = false;
  while (queue.length > 0 && !truncated) {
    const next: { path: string; depth: number }[] = [];
    for (const folder of queue) {
      if (truncated) break;
      const names: string[] = [];
      try {
        const dir = await opendir(folder.path === "" ? root : join(root, ...folder.path.split("/")));
        for await (const dirent of dir) {
          if (entries.length + names.length >= limits.maxEntries) {
            truncated = true;
            break;
          }
          names.push(dirent.name);
        }
      } catch (error) {
        if (folder.path === "") throw error;
        const { reason } = describeFsError(error);
        problems.push({ code: "unreadable-entry", path: folder.path, message: `The folder '${folder.path}' could not be listed: ${reason}.` });
      }
      names.sort();
      for (let i = 0; i < names.length; i += LSTAT_BATCH) {
        const batch = names.slice(i, i + LSTAT_BATCH).map((name) => joinTreePath(folder.path, name));
        // A file removed while we walk is simply not listed.
        const stats = await Promise.all(batch.map((path) => lstat(join(root, ...path.split("/"))).catch(() => undefined)));
        for (const [index, path] of batch.entries()) {
          const stat = stats[index];
          if (!stat) continue;
          if (stat.isDirectory()) {
            entries.push({ path, size: 0, kind: "dir" });
            if (folder.depth + 1 >= limits.maxDepth) {
              problems.push({ code: "too-deep", path, message: `'${path}' is nested more than ${limits.maxDepth} folders deep; its contents were not listed.` });
            } else {
              next.push({ path, depth: folder.depth + 1 });
            }
          } else if (stat.isSymbolicLink()) {
            entries.push({ path, size: stat.size, kind: "symlink" });
            if (targets.size < limits.maxSymlinkChecks && stat.size <= MAX_LINK_TARGET) {
              const target = await readlink(join(root, ...path.split("/"))).catch(() => undefined);
              if (target !== undefined) targets.set(path, target);
            }
          } else if (stat.isFile()) {
            entries.push({ path, size: stat.size, kind: "file" });
          } else {
            problems.push({ code: "special-file", path, message: `'${path}' is a FIFO, socket or device, not a file; it was not listed.` });
          }
        }
      }
    }
    queue = next;
  }
  if (truncated) {
    problems.push({ code: "too-many-entries", path: "", message: `The folder has more than ${limits.maxEntries} entries; the rest were not listed.` });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, targets };
}

async function readFully(handle: FileHandle, start: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

function clamp(value: number, size: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), size);
}
