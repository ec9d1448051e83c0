/**
 * V8's compile cache for ne-lint's own bundle (Node 22.1+; a no-op on Node 20): the second and later runs
 * load the compiled code instead of parsing and compiling the chunks again. Called first by the entry
 * points (src/cli.ts, src/action/index.ts), before they import the rest.
 *
 * The cache is never written into the linted repository: the CLI uses the user's cache folder, the Action
 * the runner's temporary folder (emptied between jobs, so it pays from the second run in a job on).
 * `NODE_COMPILE_CACHE` (a folder) wins, and `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as for any Node
 * program. Node reports an unwritable folder in its return value instead of throwing; nothing is printed.
 */
import path from "node:path";
import { makeCacheFolder } from "./code-cache.js";

type EnableCompileCache = (directory?: string) => { status: number; directory?: string };

/** The folder for the CLI's cache: per user, never a shared temporary folder another user could fill. */
export function cliCompileCacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  // From the environment rather than os.homedir(): one built-in module less to load on every start.
  const home = platform === "win32" ? env.USERPROFILE : env.HOME;
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : platform === "win32"
        ? env.LOCALAPPDATA && path.isAbsolute(env.LOCALAPPDATA)
          ? env.LOCALAPPDATA
          : undefined
        : home && path.isAbsolute(home)
          ? path.join(home, platform === "darwin" ? "Library/Caches" : ".cache")
          : undefined;
  return base ? path.join(base, "ne-lint", "compile-cache") : undefined;
}

/**
 * Whether this Node has `module.enableCompileCache` (22.1+), known from its version: loading `node:module` to look
 * loads Node's ES module loader and source maps too (~0.7 ms of a lint on Node 20, where the answer is no).
 */
export function hasCompileCache(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}

/** Enables the cache in `folder`; false when this Node has no compile cache, it is off, or the folder cannot be used. */
export function enableCompileCache(folder: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!hasCompileCache()) return false;
  const enable = (process.getBuiltinModule("node:module") as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  // With NODE_COMPILE_CACHE set, Node has enabled it already, in the folder the user chose.
  if (typeof enable !== "function" || folder === undefined || env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return false;
  // Node would create the folder itself, and loop forever under /proc (makeCacheFolder).
  if (!makeCacheFolder(folder)) return false;
  try {
    // module.constants.compileCacheStatus: FAILED 0, ENABLED 1, ALREADY_ENABLED 2, DISABLED 3 (NODE_DISABLE_COMPILE_CACHE).
    const { status } = enable(folder);
    return status === 1 || status === 2;
  } catch {
    return false;
  }
}

/**
 * Marks this process as ne-lint's own (the CLI, the Action): a large run may then limit how its heap grows
 * (src/heap-growth.ts reads the mark; the API and the ESLint plugin never set it). Here rather than there: every
 * entry point imports this module already, and a module shared by an entry and the engine would be one more chunk
 * to load at every start. On the global object: `dist/cli.cjs` and `dist/index.cjs` bundle their own copies of this
 * module, beside the common path's that the engine uses.
 */
export function ownProcessHeap(): void {
  (globalThis as { [key: symbol]: unknown })[Symbol.for("ne-lint.heap-growth.owned")] = true;
}
