/**
 * `pkijs-loader.ts` as bundled (`scripts/build.mjs` swaps it in): loads `pkijs-fallback.ts` the first
 * time a fast reader declines something, so a run whose profiles are all canonical DER never loads or
 * compiles pkijs and asn1js.
 *
 * Synchronously, because profile decoding is synchronous all the way up. The build emits the fallback as
 * its own entry point, `chunks/pkijs-fallback.js`, beside the chunk this code lands in, and `require()`
 * loads it: Node 20.19+ and 22.12+ (ne-lint's `engines`) load an ES module graph without top-level
 * `await` that way, sharing the module instances already loaded. (22.12 alone prints an
 * ExperimentalWarning for it, unless ne-lint runs from a `node_modules` folder.)
 */
import { createRequire } from "node:module";
import type * as PkijsFallback from "./pkijs-fallback.js";

/** The fallback entry point, relative to the chunk that holds this code (`dist/chunks/`). */
const BUNDLED_FALLBACK = "./pkijs-fallback.js";

let fallback: typeof PkijsFallback | undefined;

export function pkijsFallback(): typeof PkijsFallback {
  fallback ??= createRequire(import.meta.url)(BUNDLED_FALLBACK) as typeof PkijsFallback;
  return fallback;
}
