/**
 * Bounded reads of the files being linted.
 *
 * Synchronous on purpose: a run reads hundreds of small local files (plists, profiles, xcconfigs,
 * sources), and each asynchronous read is several round trips through libuv's thread pool
 * (open, fstat, read, close) while the main thread idles. Reading them synchronously measured
 * ~100 ms faster on the corpus (docs/benchmarks.md), as ESLint does for the same reason. Archives and
 * bundle trees (`decode/zip.ts`, `decode/bundle/`) keep positional asynchronous reads: they read a few
 * bytes of large files.
 *
 * The file is opened non-blocking, and a file is taken only as a regular file (a small one answering one
 * positional read, else checked with `fstat`), so a FIFO or device named like a plist cannot hang the run,
 * and no more than `maxBytes` is ever allocated.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

export type FileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: "unreadable"; readonly code: string }
  | { readonly ok: false; readonly reason: "not-a-file" }
  | { readonly ok: false; readonly reason: "too-large"; readonly size: number };

/** `O_NONBLOCK` does not exist on Windows, where opening a pipe by path does not block either. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Work done here, process-wide, for tests that bound it: files opened and `fstat` calls. */
export const fileReadWork = { opened: 0, statted: 0 };

/** What the first read of a file asks for: a plist, entitlements or profile of a repository is almost always smaller. */
const FIRST_READ_BYTES = 64 * 1024;
let firstRead: Buffer | undefined;

/**
 * `extraFlags`: `O_NOFOLLOW` when the caller has resolved the path and wants no symbolic link swapped in.
 *
 * A small file is read with one positional read into a reused buffer and no `fstat` (20,000 plists in a large
 * monorepo: a system call each): fewer bytes than asked is the whole of a regular file (POSIX: a short read of a
 * regular file is its end). A FIFO or a terminal fails a positional read (`ESPIPE`), a directory fails it
 * (`EISDIR`), `/dev/zero` fills the buffer and `/dev/null` gives nothing, so they take the checked path; a device
 * that gave a few bytes would be read as a file, bounded by the buffer (a checkout holds no device, and paths
 * outside the roots are never opened). Anything else (empty, as large as the buffer, larger than `maxBytes`, an
 * error) takes the checked path below: `fstat`, regular files only, the size cap.
 */
export function readFileBounded(fsPath: string, maxBytes: number, extraFlags = 0): FileRead {
  let fd: number;
  try {
    fd = openSync(fsPath, OPEN_FLAGS | extraFlags);
  } catch (error) {
    return { ok: false, reason: "unreadable", code: errorCode(error) };
  }
  fileReadWork.opened++;
  try {
    firstRead ??= Buffer.allocUnsafe(FIRST_READ_BYTES);
    let first = 0;
    try {
      first = readSync(fd, firstRead, 0, FIRST_READ_BYTES, 0);
    } catch {
      // Not a regular file, or unreadable: the checked path says which.
    }
    if (first > 0 && first < FIRST_READ_BYTES && first <= maxBytes) {
      // `copy` is one native copy (`Buffer.from` of a Buffer copies byte by byte in JavaScript on Node 20).
      const bytes = Buffer.allocUnsafe(first);
      firstRead.copy(bytes, 0, 0, first);
      return { ok: true, bytes };
    }
    fileReadWork.statted++;
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: "not-a-file" };
    if (stat.size > maxBytes) return { ok: false, reason: "too-large", size: stat.size };
    const bytes = Buffer.allocUnsafe(stat.size);
    // A large file's first bytes are in hand already (a regular file answered the first read in full).
    let filled = first === FIRST_READ_BYTES && stat.size >= first ? firstRead.copy(bytes, 0, 0, first) : 0;
    // A file that shrinks while being read ends early; one that grows is read to its size at fstat.
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { ok: true, bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
  } catch (error) {
    return { ok: false, reason: "unreadable", code: errorCode(error) };
  } finally {
    closeSync(fd);
  }
}

/** A file's text: UTF-8, a leading byte-order mark removed. */
export function textOf(bytes: Buffer): string {
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

/** Text with a leading byte-order mark removed; undefined when the file cannot be read whole. */
export function readTextBounded(fsPath: string, maxBytes: number): string | undefined {
  const read = readFileBounded(fsPath, maxBytes);
  return read.ok ? textOf(read.bytes) : undefined;
}

/** Grown on demand up to the largest cap asked for, and reused: sources are read one after another. */
let scratch = Buffer.alloc(0);

/**
 * The text of a file of at most `maxBytes`, for the many small files source scans read (40,000 Swift files
 * below one Info.plist): three system calls (open, read, close) instead of five and no allocation but the
 * string. No `fstat`: the read itself is the bound. One read of up to `maxBytes + 1` bytes into a reused
 * buffer; filling it means the file is too large, and fewer bytes than asked is the end of a regular local
 * file (POSIX: a short read of a regular file is its end). A FIFO or device is still harmless: opened
 * non-blocking, a FIFO reads nothing (or fails with `EAGAIN`), a directory fails with `EISDIR`, an endless
 * device stops at the cap. Undefined when the file cannot be read whole.
 */
export function readSourceText(fsPath: string, maxBytes: number): { readonly text: string; readonly bytes: number } | undefined {
  if (scratch.length < maxBytes + 1) scratch = Buffer.allocUnsafe(maxBytes + 1);
  let fd: number;
  try {
    fd = openSync(fsPath, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const read = readSync(fd, scratch, 0, maxBytes + 1, null);
    if (read > maxBytes) return undefined;
    const text = scratch.toString("utf8", 0, read);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes: read };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "error";
}
