/**
 * A V8 code cache for the chunk every lint loads (the common path, see scripts/build.mjs), on every Node
 * version. Node 20 has no compile cache for ES modules, and the one of Node 22.1+ (src/compile-cache.ts) is made
 * as a module is compiled, before it runs: V8 compiles a function when it is first called, so that cache holds
 * little more than top-level code. This one is made as the process exits and holds every function the run
 * compiled, so the next run neither parses the chunk nor compiles the functions a lint calls.
 *
 * The build turns the common-path chunk into a small ES module (same file, same exports) that runs the chunk's
 * code, written out beside it as one function expression, with `runCachedCode`: as a `vm.Script` with the
 * cached data when there is a cache, else compiled from source as before. V8 checks that cached data fits
 * its version and flags, but of the source only its length: the file name carries a hash of the code
 * (computed by the build) as well as Node's version and architecture.
 *
 * Nothing is cached unless an entry point offers a folder (`offerCodeCacheFolder`: only the CLI does, with the
 * user's cache folder; never the linted repository): the Action's `RUNNER_TEMP` is emptied for every job, and the
 * API and the ESLint plugin, imported by other programs, write nothing. `NODE_DISABLE_COMPILE_CACHE` turns it off too. A cache that cannot be read or
 * written changes nothing: the code is compiled from source and no error is shown.
 */
import type { Script } from "node:vm";
import { CHECKSUM_BYTES, checksumArea, checksumOf } from "./code-cache-checksum.js";

/** Larger than any cache a run writes (~0.5 MB for the common path after a corpus-sized lint): not read. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Where the entry point's choice of folder is kept: the stub that runs the chunk is a bundle of its own, so module state cannot carry it. */
const FOLDER_KEY = Symbol.for("ne-lint.code-cache-folder");
/** The exports of the scripts run so far in this process, by path. */
const RAN_KEY = Symbol.for("ne-lint.scripts-run");

/** Lets the common-path chunk keep its code cache in `folder` (an absolute path outside the linted repository). */
export function offerCodeCacheFolder(folder: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (folder === undefined || env.NODE_DISABLE_COMPILE_CACHE) return;
  (globalThis as Record<symbol, unknown>)[FOLDER_KEY] = folder;
}

/** How the chunk's code reaches what the chunk imported: its static imports and built-ins (`require`), and `import()`. */
export interface CodeLinks {
  require(specifier: string): unknown;
  import(specifier: string): Promise<unknown>;
}

/**
 * Runs `file` (a function expression `(require, exports, module, importModule) => …`, written by the build) and
 * returns its exports. `key` identifies the code (a hash of it); the cache file is named by it.
 */
export function runCachedCode(file: string, key: string, encoding: "latin1" | "utf8", links: CodeLinks): Record<string, unknown> {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  // Once per process, like a module: dist/cli.cjs runs the scripts itself, and the ES module stubs of the chunks
  // (imported later by what only some runs need) must find the same instances.
  const ran = ((globalThis as Record<symbol, unknown>)[RAN_KEY] ??= new Map()) as Map<string, Record<string, unknown>>;
  const known = ran.get(path.resolve(file));
  if (known !== undefined) return known;
  const { Script: VmScript } = process.getBuiltinModule("node:vm");
  // Latin-1 when the build found the code ASCII: one byte per character, no UTF-8 decoding.
  const source = fs.readFileSync(file, encoding);
  const folder = (globalThis as Record<symbol, unknown>)[FOLDER_KEY];
  const cacheFile = typeof folder === "string" && path.isAbsolute(folder) ? path.join(folder, `${path.basename(file, ".js")}-${key}-${process.version}-${process.arch}.v8`) : undefined;
  const cachedData = cacheFile !== undefined && isPrivateFolder(path.dirname(cacheFile)) ? readCache(cacheFile) : undefined;
  const script = new VmScript(source, { filename: file, cachedData });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) saveAtExit(script, cacheFile);
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (require: CodeLinks["require"], exports: object, module: object, importModule: CodeLinks["import"]) => void)(
    links.require,
    module.exports,
    module,
    links.import,
  );
  // What the code set `module.exports` to (esbuild's CommonJS replaces the object).
  ran.set(path.resolve(file), module.exports);
  return module.exports;
}

/** The caches to write at exit, for every copy of this module (each ES module stub of a chunk bundles one). */
const TO_SAVE_KEY = Symbol.for("ne-lint.code-cache-to-save");

/** One `exit` listener for all the scripts a run compiles (a corpus-sized run compiles ~20; Node warns from 11 listeners on). */
function saveAtExit(script: Script, cacheFile: string): void {
  const global = globalThis as Record<symbol, unknown>;
  let toSave = global[TO_SAVE_KEY] as Array<() => void> | undefined;
  if (toSave === undefined) {
    const saves: Array<() => void> = (toSave = global[TO_SAVE_KEY] = []);
    process.once("exit", () => {
      // A large run changed V8's heap flags (src/heap-growth.ts): put back first, since V8 stamps a cache with its
      // flags' hash and every later start would refuse one made under other flags.
      const restoreFlags = global[Symbol.for("ne-lint.restore-v8-flags")];
      if (typeof restoreFlags === "function") restoreFlags();
      saves.forEach((save) => save());
    });
  }
  toSave.push(() => saveCache(script, cacheFile));
}

/** At exit, when the run has compiled what it needed: written to a temporary name and renamed, so a reader never sees half a file. */
function saveCache(script: Script, cacheFile: string): void {
  const fs = process.getBuiltinModule("node:fs");
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  let created = false;
  try {
    const data = script.createCachedData();
    if (!makeCacheFolder(process.getBuiltinModule("node:path").dirname(cacheFile))) return;
    const file = checksumArea(CHECKSUM_BYTES + data.length);
    if (file === undefined) return;
    file.set(data, CHECKSUM_BYTES);
    new DataView(file.buffer, file.byteOffset, CHECKSUM_BYTES).setBigUint64(0, checksumOf(file.subarray(CHECKSUM_BYTES)), true);
    fs.writeFileSync(temporary, file, { mode: 0o600, flag: "wx" });
    created = true;
    fs.renameSync(temporary, cacheFile);
    pruneCaches(process.getBuiltinModule("node:path").dirname(cacheFile), Date.now());
  } catch {
    // Only our own temporary file: a name another process holds (`wx` failed) is left alone.
    if (created) {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Renamed already, or removed.
      }
    }
  }
}

/**
 * The cached data of `cacheFile`, if it is a regular file whose data matches the checksum before it
 * (src/code-cache-checksum.ts: release builds of V8 do not check the data's own). Valid until the next read: V8
 * reads it as the script is compiled.
 */
function readCache(cacheFile: string): Uint8Array | undefined {
  const fs = process.getBuiltinModule("node:fs");
  let fd: number | undefined;
  try {
    // Not a link, and a FIFO planted at the name cannot block the open or the read.
    fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size <= CHECKSUM_BYTES || stats.size > MAX_CACHE_BYTES) return undefined;
    const file = checksumArea(stats.size);
    if (file === undefined) return undefined;
    // Read in place (no copy to sum); a file that changed size meanwhile is not used.
    for (let filled = 0; filled < file.length; ) {
      const read = fs.readSync(fd, file, filled, file.length - filled, null);
      if (read === 0) return undefined;
      filled += read;
    }
    const data = file.subarray(CHECKSUM_BYTES);
    return new DataView(file.buffer, file.byteOffset, CHECKSUM_BYTES).getBigUint64(0, true) === checksumOf(data) ? data : undefined;
  } catch {
    // No cache yet, or it cannot be read: compiled from source (and a new cache written at exit).
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Whether a cache in `folder` may be used: the folder and the one above it (`…/ne-lint/compile-cache`) are real
 * folders, not links, owned by this user and writable by no one else. A cache file is code (V8 checks it against
 * the source's length only), so a folder another user can write — a `HOME` or `XDG_CACHE_HOME` in a shared
 * folder — must not be read from or written to. On Windows the per-user `LOCALAPPDATA` is protected by its ACLs.
 */
export function isPrivateFolder(folder: string): boolean {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const uid = process.getuid?.();
  for (const candidate of [folder, path.dirname(folder)]) {
    let stats;
    try {
      stats = fs.lstatSync(candidate, { throwIfNoEntry: false });
    } catch {
      // ENOTDIR, EACCES, ELOOP…: not a folder this run can use.
      return false;
    }
    if (!stats?.isDirectory()) return false;
    if (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o022) !== 0)) return false;
  }
  return true;
}

/** A cache file of ours: `<chunk>.script-<key>-<Node version>-<arch>.v8`, or one left half-written by a process that died. */
const CACHE_FILE = /\.script-[0-9a-f]{16}-v[\d.]+-\w+\.v8(\.\d+\.tmp)?$/;
const PRUNE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Every ne-lint release (and Node version) has caches of its own, ~0.5 MB each: when a run writes one, it removes
 * ours written more than 30 days ago. A version still in use then is cached again by its next run.
 */
export function pruneCaches(folder: string, now: number): void {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  for (const name of fs.readdirSync(folder)) {
    if (!CACHE_FILE.test(name)) continue;
    const file = path.join(folder, name);
    try {
      const stats = fs.lstatSync(file);
      if (stats.isFile() && now - stats.mtimeMs > PRUNE_AFTER_MS) fs.unlinkSync(file);
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

/**
 * Creates `folder` and the missing folders above it (at most 8), only for its owner; false if it cannot, or if
 * the folder is not private (`isPrivateFolder`: this also keeps Node's own compile cache out of it). Not
 * `mkdirSync(…, { recursive: true })`, nor Node's compile cache left to do it: both loop forever where
 * `mkdir` answers ENOENT for a parent that exists (`/proc`, e.g. `XDG_CACHE_HOME=/proc`).
 */
export function makeCacheFolder(folder: string): boolean {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const missing: string[] = [];
  for (let candidate = folder; ; candidate = path.dirname(candidate)) {
    try {
      fs.mkdirSync(candidate, { mode: 0o700 });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") break;
      if (code !== "ENOENT" || missing.length === 8 || path.dirname(candidate) === candidate) return false;
      missing.push(candidate);
    }
  }
  try {
    for (const child of missing.reverse()) fs.mkdirSync(child, { mode: 0o700 });
  } catch {
    return false;
  }
  return isPrivateFolder(folder);
}
