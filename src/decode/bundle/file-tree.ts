/**
 * A read-only view of a built product, the same whether it is a folder (`App.app`, `App.xcarchive`)
 * or a zip archive (`App.ipa`), so bundle layout, plist and Mach-O decoding never care which.
 *
 * A tree never follows symbolic links and never names anything outside its root: symlinks are
 * listed as such, and paths with `..`, absolute names or drive letters are refused. Every read is
 * capped by the caller, because a hostile archive can claim or inflate to any size.
 */
import { DecodeFailure, failed } from "../result.js";
import type { DecodeResult } from "../result.js";
import type { ByteSource } from "../macho/byte-source.js";

export interface TreeEntry {
  /** `/`-separated, relative to the tree root, never empty, `.` or `..` in any segment. */
  path: string;
  /** File size in bytes (uncompressed, for zip members); the target length for symlinks; 0 for folders. */
  size: number;
  kind: "file" | "dir" | "symlink";
}

export type TreeProblemCode =
  /** A zip member name that could write outside the extraction folder (`../x`, `/etc/x`, `C:\x`). Skipped. */
  | "unsafe-path"
  /** A second zip member with a name already seen. The first one wins. */
  | "duplicate-entry"
  /** A symlink whose target lies outside the tree root (or is absolute). Listed, never followed. */
  | "symlink-escape"
  /** A symlink that resolves to itself or to a folder containing it. Listed, never followed. */
  | "symlink-loop"
  /** A zip member that inflates far beyond its compressed size. Listed; reading it is refused. */
  | "zip-bomb"
  /** The tree has more entries than the limit; the rest were not listed. */
  | "too-many-entries"
  /** Folders nest deeper than the limit; deeper entries were not listed. */
  | "too-deep"
  /** A FIFO, socket or device inside a folder tree. Not listed: reading one could block forever. */
  | "special-file"
  /** Reading stopped at a read budget (bytes inflated, whole files kept); later reads were refused. */
  | "budget-exceeded"
  /** A zip member that is encrypted or uses a compression method other than stored or deflate, or a folder that cannot be listed. */
  | "unreadable-entry";

export interface TreeProblem {
  readonly code: TreeProblemCode;
  /** The tree path concerned (for `unsafe-path`, the raw member name as decoded). */
  readonly path: string;
  /** One sentence for a human. */
  readonly message: string;
}

export interface FileTree {
  /** How findings name the tree: `build/App.ipa!` for zips, `build/App.app` for folders. */
  readonly displayRoot: string;
  /**
   * Problems found while listing. Complete for zips once opened; for folders, once `entries()` has
   * resolved (a folder is walked lazily).
   */
  readonly problems: readonly TreeProblem[];
  /** Every entry, sorted by path, bounded by the tree's entry limit. */
  entries(): Promise<DecodeResult<TreeEntry[]>>;
  /** The whole file, refused with `too-large` when it is (or turns out to be) bigger than `maxBytes`. */
  readFile(path: string, maxBytes: number): Promise<DecodeResult<Uint8Array>>;
  /**
   * Random-access reads for Mach-O parsing. The source's `read` rejects with a `DecodeFailure` on
   * I/O or archive damage; it stays usable until `close()`.
   */
  byteSource(path: string): Promise<DecodeResult<ByteSource>>;
  /** Releases file handles; later reads fail. */
  close(): Promise<void>;
}

export interface TreeLimits {
  /** Entries listed before `too-many-entries` (synthesised zip folders count too). */
  maxEntries: number;
  /** Folder nesting below the root before `too-deep`. */
  maxDepth: number;
  /** Symlinks whose targets are read and checked for escapes and loops; the rest are listed unchecked. */
  maxSymlinkChecks: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = {
  maxEntries: 200_000,
  maxDepth: 64,
  maxSymlinkChecks: 2_000,
};

/** The async twin of `guardDecode`: any failure in `body` becomes a `DecodeResult`, never a throw. */
export async function guardDecodeAsync<T>(body: () => Promise<T>): Promise<DecodeResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    if (error instanceof DecodeFailure) {
      return error.byteOffset === undefined ? failed(error.code, error.message) : failed(error.code, error.message, { byteOffset: error.byteOffset });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return failed("internal", `reading the file tree failed unexpectedly (${reason})`);
  }
}

/** A short, stable reason from a Node file-system error (`ENOENT` → "it does not exist"). */
export function describeFsError(error: unknown): { code: string; reason: string } {
  const errno = (error as { code?: unknown } | null)?.code;
  switch (errno) {
    case "ENOENT":
    case "ENOTDIR":
      return { code: "not-found", reason: "it does not exist" };
    case "EACCES":
    case "EPERM":
      return { code: "io-error", reason: "permission was denied" };
    case "ELOOP":
      return { code: "symlink-not-followed", reason: "it is a symbolic link, which ne-lint never follows" };
    case "EISDIR":
      return { code: "not-a-file", reason: "it is a folder" };
    default:
      return { code: "io-error", reason: error instanceof Error ? error.message : String(error) };
  }
}
