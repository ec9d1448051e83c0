/**
 * A `FileTree` over a zip archive (`.ipa`, a zipped `.app` or `.xcarchive`), read in place.
 *
 * Format: PKWARE APPNOTE.TXT 6.3.x (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT).
 * yauzl 3.4.0 parses the records; this module decides what to trust.
 *
 *   [local header 1][data 1] … [local header n][data n]
 *   [central directory: n × { sizes, crc32, method, name, extra (zip64 sizes), external attrs }]
 *   [zip64 end record + locator]? [end of central directory: count, offset, comment]
 *
 * Only the end records, the central directory and the members asked for are ever read, never the
 * whole archive (an `.ipa` is often hundreds of megabytes). Member names are decoded here
 * (`decodeStrings: false`) because yauzl otherwise aborts the whole archive at the first `../`
 * name; here such a member becomes an `unsafe-path` problem and is skipped. Sizes in the central
 * directory are claims: a read is refused when the claim exceeds the caller's cap, and inflated
 * bytes are counted while streaming in case the claim is a lie. Unix symlinks (mode 0120000 in the
 * high half of the external attributes) are listed and never followed.
 *
 * Overlapping members (two central-directory records whose data ranges share bytes, which no zip
 * writer produces) are refused: they are how an overlapping-entry bomb multiplies its size, and every
 * byte read is also charged to a `ReadBudget` per archive and per run (`bundle/read-budget.ts`).
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import type { ByteSource } from "./macho/byte-source.js";
import { DecodeFailure, decoded, failed } from "./result.js";
import type { DecodeResult } from "./result.js";
import { DEFAULT_TREE_LIMITS, describeFsError, guardDecodeAsync } from "./bundle/file-tree.js";
import type { FileTree, TreeEntry, TreeLimits, TreeProblem } from "./bundle/file-tree.js";
import { forwardCursor } from "./bundle/forward-cursor.js";
import type { ForwardCursor } from "./bundle/forward-cursor.js";
import { ARCHIVE_READ_LIMITS, ReadBudget } from "./bundle/read-budget.js";
import type { ReadBudgetLimits } from "./bundle/read-budget.js";
import { checkSymlinks } from "./bundle/symlinks.js";
import { parentTreePath, unsafeTreePathReason } from "./bundle/tree-path.js";

export interface ZipLimits extends TreeLimits, ReadBudgetLimits {
  /** Uncompressed / compressed above this, on a member bigger than `bombMinSize`, is a `zip-bomb`. */
  maxCompressionRatio: number;
  bombMinSize: number;
  /** Backward seeks allowed per deflated member opened with `byteSource`. */
  maxSeekRestarts: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  ...DEFAULT_TREE_LIMITS,
  // Deflate cannot exceed about 1032:1, so only runs of one repeated byte get past 1000:1.
  maxCompressionRatio: 1000,
  bombMinSize: 1024 * 1024,
  maxSeekRestarts: 64,
  ...ARCHIVE_READ_LIMITS,
};

const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** `version made by` high byte: 3 = UNIX, 19 = OS X. Only these carry a POSIX mode in the external attributes. */
const HOSTS_WITH_UNIX_MODE = new Set([3, 19]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
/** Longer symlink targets are not read (PATH_MAX on macOS is 1024). */
const MAX_LINK_TARGET = 4096;
/** Central-directory records are small and read in order; one read-ahead block serves hundreds. */
const READ_AHEAD = 64 * 1024;
/** Enough for a local header with a typical name and extra field. */
const SMALL_READ = 1024;
/** A local file header's fixed part; every member's data starts at least this far past its record's offset. */
const LOCAL_HEADER_SIZE = 30;

interface Member {
  readonly path: string;
  readonly kind: TreeEntry["kind"];
  /** Absent for folders the archive implies but does not list. */
  readonly entry?: Entry;
  /** Why reading is refused before any byte is inflated, when it is. */
  readonly refusal?: { code: "unreadable-entry" | "zip-bomb"; reason: string };
}

export type ZipTree = FileTree & { readonly problems: TreeProblem[] };

/**
 * Opens an archive. `runBudget`, when given, is shared by every archive of a run: reads are charged to
 * it as well as to the archive's own budget.
 */
export async function openZipTree(fsPath: string, displayRoot: string, limits: Partial<ZipLimits> = {}, runBudget?: ReadBudget): Promise<DecodeResult<ZipTree>> {
  const settings: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  let handle: FileHandle;
  try {
    handle = await open(fsPath, "r");
  } catch (error) {
    const { code, reason } = describeFsError(error);
    return failed(code, `Cannot open the archive '${fsPath}': ${reason}.`);
  }
  const result = await guardDecodeAsync(() => readArchive(handle, displayRoot, settings, runBudget));
  if (!result.ok) await handle.close().catch(() => undefined);
  return result;
}

async function readArchive(handle: FileHandle, displayRoot: string, limits: ZipLimits, runBudget: ReadBudget | undefined): Promise<ZipTree> {
  const stats = await handle.stat();
  if (!stats.isFile()) throw new DecodeFailure("not-a-file", `'${displayRoot}' is not a regular file.`);
  const reader = new ArchiveReader(handle, stats.size);
  let zipfile: ZipFile;
  try {
    zipfile = await new Promise<ZipFile>((resolve, reject) => {
      yauzl.fromRandomAccessReader(reader, stats.size, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (error, opened) => (error ? reject(error) : resolve(opened)));
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/central directory record signature not found/i.test(reason)) {
      throw new DecodeFailure("zip-not-an-archive", `'${displayRoot}' is not a zip archive, or it is truncated: no end-of-central-directory record was found.`);
    }
    throw new DecodeFailure("zip-corrupt", `The zip archive '${displayRoot}' is damaged (${reason}).`);
  }
  // yauzl reports late failures (a reader closing) as events; an unheard 'error' event would crash the process.
  zipfile.on("error", () => undefined);

  const problems: TreeProblem[] = [];
  const members = await listMembers(zipfile, displayRoot, limits, problems);
  const budget = new ReadBudget(limits, `the archive '${displayRoot}'`, runBudget);
  const tree = new ZipTreeImpl(displayRoot, zipfile, reader, members, problems, limits, budget);
  await tree.checkSymlinks();
  return tree;
}

async function listMembers(zipfile: ZipFile, displayRoot: string, limits: ZipLimits, problems: TreeProblem[]): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  let truncated = false;
  await new Promise<void>((resolve, reject) => {
    zipfile.on("end", resolve);
    zipfile.on("error", (error: Error) => reject(new DecodeFailure("zip-corrupt", `The zip archive '${displayRoot}' has a damaged central directory after ${members.size} members (${error.message}).`)));
    zipfile.on("entry", (entry: Entry) => {
      if (members.size >= limits.maxEntries) {
        truncated = true;
        resolve();
        return;
      }
      addMember(entry, members, limits, problems);
      zipfile.readEntry();
    });
    zipfile.readEntry();
  });

  refuseOverlaps(members, problems);

  // Many zip tools list no folder records; bundle layout needs the folders, so imply them.
  for (const path of [...members.keys()]) {
    for (let parent = parentTreePath(path); parent !== "" && !members.has(parent); parent = parentTreePath(parent)) {
      if (members.size >= limits.maxEntries) {
        truncated = true;
        break;
      }
      members.set(parent, { path: parent, kind: "dir" });
    }
  }
  if (truncated) {
    problems.push({ code: "too-many-entries", path: "", message: `The archive has more than ${limits.maxEntries} entries; the rest were not listed.` });
  }
  return members;
}

function addMember(entry: Entry, members: Map<string, Member>, limits: ZipLimits, problems: TreeProblem[]): void {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const mode = HOSTS_WITH_UNIX_MODE.has(entry.versionMadeBy >>> 8) ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
  const isDir = name.endsWith("/") || mode === S_IFDIR;
  const path = name.endsWith("/") ? name.slice(0, -1) : name;
  const unsafe = unsafeTreePathReason(path) ?? yauzl.validateFileName(name) ?? undefined;
  if (unsafe) {
    problems.push({ code: "unsafe-path", path: printable(name), message: `The archive member '${printable(name)}' was skipped: ${unsafe}.` });
    return;
  }
  if (members.has(path)) {
    problems.push({ code: "duplicate-entry", path, message: `The archive lists '${path}' more than once; ne-lint reads the first and ignores the rest.` });
    return;
  }
  const kind: TreeEntry["kind"] = isDir ? "dir" : mode === S_IFLNK ? "symlink" : "file";
  let refusal: Member["refusal"];
  if (kind !== "dir") {
    if (entry.isEncrypted()) {
      refusal = { code: "unreadable-entry", reason: "it is encrypted" };
    } else if (entry.compressionMethod !== METHOD_STORED && entry.compressionMethod !== METHOD_DEFLATE) {
      refusal = { code: "unreadable-entry", reason: `it uses compression method ${entry.compressionMethod}; only stored and deflate are supported` };
    } else if (entry.uncompressedSize > limits.bombMinSize && entry.uncompressedSize > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
      refusal = { code: "zip-bomb", reason: `it claims to inflate ${entry.compressedSize} bytes to ${entry.uncompressedSize} (more than ${limits.maxCompressionRatio}:1), the signature of a zip bomb` };
    }
    if (refusal) {
      problems.push({ code: refusal.code, path, message: `The archive member '${path}' will not be read: ${refusal.reason}.` });
    }
  }
  members.set(path, refusal ? { path, kind, entry, refusal } : { path, kind, entry });
}

/**
 * Refuses every member whose data range shares bytes with another's. Each member occupies at least a
 * local header and its compressed data from its record's offset; in a real archive those ranges are
 * disjoint. Sorting by offset finds every overlap by comparing neighbours (O(n log n)).
 */
function refuseOverlaps(members: Map<string, Member>, problems: TreeProblem[]): void {
  const placed = [...members.values()].filter((member): member is Member & { entry: Entry } => member.entry !== undefined);
  placed.sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  const overlapping = new Set<Member & { entry: Entry }>();
  let reach: (Member & { entry: Entry }) | undefined;
  for (const member of placed) {
    if (reach && member.entry.relativeOffsetOfLocalHeader < end(reach)) {
      overlapping.add(reach);
      overlapping.add(member);
    }
    if (!reach || end(member) > end(reach)) reach = member;
  }
  if (overlapping.size === 0) return;
  const names = [...overlapping].map((member) => member.path);
  const reason = "its data overlaps another member's, which no zip tool writes: overlapping members are how a zip bomb multiplies its size";
  for (const member of overlapping) members.set(member.path, { ...member, refusal: { code: "zip-bomb", reason } });
  problems.push({
    code: "zip-bomb",
    path: "",
    message: `${overlapping.size} archive members share compressed data (${names.slice(0, 3).map((name) => `'${name}'`).join(", ")}${names.length > 3 ? ", …" : ""}); none of them is read, because overlapping members are how a zip bomb multiplies its size.`,
  });
}

function end(member: Member & { entry: Entry }): number {
  return member.entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_SIZE + member.entry.compressedSize;
}

class ZipTreeImpl implements ZipTree {
  readonly displayRoot: string;
  readonly problems: TreeProblem[];
  readonly #zipfile: ZipFile;
  readonly #reader: ArchiveReader;
  readonly #members: Map<string, Member>;
  readonly #limits: ZipLimits;
  readonly #budget: ReadBudget;
  readonly #cursors = new Set<ForwardCursor>();
  readonly #streams = new Set<Readable>();
  #closed = false;

  constructor(displayRoot: string, zipfile: ZipFile, reader: ArchiveReader, members: Map<string, Member>, problems: TreeProblem[], limits: ZipLimits, budget: ReadBudget) {
    this.displayRoot = displayRoot;
    this.#zipfile = zipfile;
    this.#reader = reader;
    this.#members = members;
    this.problems = problems;
    this.#limits = limits;
    this.#budget = budget;
  }

  /** Charges a read to the budgets; the first refusal is also a problem of the archive. */
  #charge(kind: "inflated" | "whole-file", bytes: number, path: string): void {
    try {
      if (kind === "inflated") this.#budget.chargeInflated(bytes, this.#describe(path));
      else this.#budget.chargeWholeFile(bytes, this.#describe(path));
    } catch (error) {
      if (error instanceof DecodeFailure && !this.problems.some((problem) => problem.code === "budget-exceeded")) {
        this.problems.push({ code: "budget-exceeded", path, message: error.message });
      }
      throw error;
    }
  }

  entries(): Promise<DecodeResult<TreeEntry[]>> {
    const list = [...this.#members.values()].map((member): TreeEntry => ({ path: member.path, size: member.entry && member.kind !== "dir" ? member.entry.uncompressedSize : 0, kind: member.kind }));
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return Promise.resolve(decoded(list));
  }

  readFile(path: string, maxBytes: number): Promise<DecodeResult<Uint8Array>> {
    return guardDecodeAsync(async () => {
      const entry = this.#readable(path);
      if (entry.uncompressedSize > maxBytes) {
        throw new DecodeFailure("too-large", `${this.#describe(path)} is ${entry.uncompressedSize} bytes, more than the ${maxBytes}-byte limit for this file.`);
      }
      this.#charge("whole-file", entry.uncompressedSize, path);
      const bytes = await this.#inflate(path, entry, entry.uncompressedSize);
      if (crc32(bytes) !== entry.crc32) {
        throw new DecodeFailure("zip-entry-corrupt", `${this.#describe(path)} fails its CRC-32 check; the archive is damaged.`);
      }
      return bytes;
    });
  }

  byteSource(path: string): Promise<DecodeResult<ByteSource>> {
    return guardDecodeAsync(async () => {
      const entry = this.#readable(path);
      const size = entry.uncompressedSize;
      if (entry.compressionMethod === METHOD_STORED) {
        const dataStart = await this.#dataStart(path, entry);
        return {
          size,
          read: (offset: number, length: number): Promise<Uint8Array> => {
            if (this.#closed) return Promise.reject(new DecodeFailure("closed", `The archive '${this.displayRoot}' is closed.`));
            const start = clamp(offset, size);
            const length_ = clamp(start + Math.max(0, length), size) - start;
            try {
              this.#charge("inflated", length_, path);
            } catch (error) {
              return Promise.reject(error);
            }
            return this.#reader.readRange(dataStart + start, length_);
          },
        };
      }
      const cursor = forwardCursor({
        size,
        describe: this.#describe(path),
        maxRestarts: this.#limits.maxSeekRestarts,
        open: async () => {
          const stream = await this.#openStream(path, entry);
          return { chunks: this.#charged(path, stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>), destroy: () => this.#release(stream) };
        },
      });
      this.#cursors.add(cursor);
      return cursor;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const cursor of this.#cursors) cursor.close();
    this.#cursors.clear();
    for (const stream of this.#streams) stream.destroy();
    this.#streams.clear();
    this.#zipfile.close();
    await this.#reader.closeHandle();
  }

  /** Reads every symlink's target (bounded) and reports escapes and loops. */
  async checkSymlinks(): Promise<void> {
    const targets = new Map<string, string>();
    for (const member of this.#members.values()) {
      const entry = member.entry;
      if (member.kind !== "symlink" || !entry || member.refusal || entry.uncompressedSize > MAX_LINK_TARGET) continue;
      if (targets.size >= this.#limits.maxSymlinkChecks) continue;
      try {
        targets.set(member.path, new TextDecoder().decode(await this.#inflate(member.path, entry, entry.uncompressedSize)));
      } catch {
        // An unreadable link target is reported when someone reads it; it cannot escape unread.
      }
    }
    if (targets.size === 0) return;
    const kinds = new Map([...this.#members.values()].map((member) => [member.path, member.kind] as const));
    this.problems.push(...checkSymlinks(kinds, targets, "archive"));
  }

  #describe(path: string): string {
    return `'${path}' in '${this.displayRoot}'`;
  }

  /** The member's zip entry, or the reason it may not be read. */
  #readable(path: string): Entry {
    if (this.#closed) throw new DecodeFailure("closed", `The archive '${this.displayRoot}' is closed.`);
    const unsafe = unsafeTreePathReason(path);
    if (unsafe) throw new DecodeFailure("unsafe-path", `Refusing to read '${printable(path)}' in '${this.displayRoot}': ${unsafe}.`);
    const member = this.#members.get(path);
    if (!member) throw new DecodeFailure("not-found", `${this.#describe(path)} does not exist.`);
    if (member.kind === "dir" || !member.entry) throw new DecodeFailure("not-a-file", `${this.#describe(path)} is a folder.`);
    if (member.kind === "symlink") throw new DecodeFailure("symlink-not-followed", `${this.#describe(path)} is a symbolic link, which ne-lint never follows.`);
    if (member.refusal) throw new DecodeFailure(member.refusal.code, `${this.#describe(path)} will not be read: ${member.refusal.reason}.`);
    return member.entry;
  }

  async #dataStart(path: string, entry: Entry): Promise<number> {
    try {
      const header = await new Promise<{ fileDataStart: number }>((resolve, reject) => {
        this.#zipfile.readLocalFileHeader(entry, { minimal: true }, (error, found) => (error ? reject(error) : resolve(found)));
      });
      return header.fileDataStart;
    } catch (error) {
      throw this.#damaged(path, error);
    }
  }

  async #openStream(path: string, entry: Entry): Promise<Readable> {
    if (this.#closed) throw new DecodeFailure("closed", `The archive '${this.displayRoot}' is closed.`);
    try {
      const stream = await new Promise<Readable>((resolve, reject) => {
        this.#zipfile.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened)));
      });
      this.#streams.add(stream);
      return stream;
    } catch (error) {
      throw this.#damaged(path, error);
    }
  }

  /** The stream's chunks, each charged to the budgets before it is handed on. */
  #charged(path: string, chunks: AsyncIterator<Uint8Array>): AsyncIterator<Uint8Array> {
    return {
      next: async () => {
        const next = await chunks.next();
        if (!next.done) this.#charge("inflated", next.value.length, path);
        return next;
      },
    };
  }

  #release(stream: Readable): void {
    this.#streams.delete(stream);
    stream.destroy();
  }

  /** Inflates a whole member, stopping as soon as it yields more than `cap` bytes. */
  async #inflate(path: string, entry: Entry, cap: number): Promise<Uint8Array> {
    const stream = await this.#openStream(path, entry);
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        this.#charge("inflated", chunk.length, path);
        total += chunk.length;
        if (total > cap) {
          throw new DecodeFailure("zip-entry-corrupt", `${this.#describe(path)} inflates past its declared ${entry.uncompressedSize} bytes; the archive lies about its size.`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      throw error instanceof DecodeFailure ? error : this.#damaged(path, error);
    } finally {
      this.#release(stream);
    }
    if (total !== entry.uncompressedSize) {
      throw new DecodeFailure("zip-entry-corrupt", `${this.#describe(path)} inflates to ${total} bytes but declares ${entry.uncompressedSize}.`);
    }
    return Buffer.concat(chunks, total);
  }

  #damaged(path: string, error: unknown): DecodeFailure {
    const reason = error instanceof Error ? error.message : String(error);
    return new DecodeFailure("zip-entry-corrupt", `${this.#describe(path)} is damaged or lies about its size (${reason}).`);
  }
}

/**
 * yauzl's view of the archive file: positional reads through one read-ahead block (the central
 * directory is thousands of tiny sequential reads) and plain file streams for member data.
 */
class ArchiveReader extends yauzl.RandomAccessReader {
  readonly #handle: FileHandle;
  readonly #size: number;
  #block: { start: number; bytes: Buffer } | undefined;
  #closing: Promise<void> | undefined;

  constructor(handle: FileHandle, size: number) {
    super();
    this.#handle = handle;
    this.#size = size;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const block = this.#block;
    if (block && position >= block.start && position + length <= block.start + block.bytes.length) {
      block.bytes.copy(buffer, offset, position - block.start, position - block.start + length);
      // Asynchronous even on a hit: yauzl reads the next record from inside this callback, and a
      // synchronous answer would nest one stack frame per central-directory record.
      queueMicrotask(() => callback(null, length));
      return;
    }
    // Read ahead only when reading on from the last block (the central directory walk); a local
    // header lookup jumps somewhere new and needs only a few dozen bytes.
    const sequential = block !== undefined && position >= block.start && position <= block.start + block.bytes.length;
    const want = Math.max(0, Math.min(Math.max(length, sequential ? READ_AHEAD : SMALL_READ), this.#size - position));
    this.readRange(position, want).then(
      (bytes) => {
        const fresh = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.#block = { start: position, bytes: fresh };
        const copied = Math.min(length, fresh.length);
        fresh.copy(buffer, offset, 0, copied);
        callback(null, copied);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // Not `handle.createReadStream`: destroying that stream closes the shared handle, even with autoClose off.
    let position = start;
    const handle = this.#handle;
    return new Readable({
      highWaterMark: READ_AHEAD,
      read(): void {
        const length = Math.min(READ_AHEAD, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        handle.read(Buffer.allocUnsafe(length), 0, length, position).then(
          ({ bytesRead, buffer }) => {
            if (this.destroyed) return;
            if (bytesRead === 0) {
              this.destroy(new Error(`unexpected end of file at byte ${position}`));
              return;
            }
            position += bytesRead;
            this.push(buffer.subarray(0, bytesRead));
          },
          (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    this.closeHandle().then(() => callback(null), (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  }

  closeHandle(): Promise<void> {
    this.#closing ??= this.#handle.close().catch(() => undefined);
    return this.#closing;
  }

  /** Up to `length` bytes at `position`; fewer only at the end of the file. */
  async readRange(position: number, length: number): Promise<Uint8Array> {
    if (this.#closing) throw new DecodeFailure("closed", "The archive is closed.");
    const bytes = Buffer.allocUnsafe(Math.max(0, length));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await this.#handle.read(bytes, filled, bytes.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  }
}

/** A member name safe to print: control characters (possible in hostile names) become `?`. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, "?");
}

function clamp(value: number, size: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), size);
}
