#!/usr/bin/env node
// Entry point of the `ne-lint` binary as an ES module (bundled to dist/cli.js; the package's `bin` is
// dist/cli.cjs, which does the same without ES modules): `ne-lint [options] [paths...]`, `ne-lint inspect <file>`
// or `ne-lint inventory [paths...]`.
import { offerCodeCacheFolder } from "./code-cache.js";
import { cliCompileCacheFolder, enableCompileCache } from "./compile-cache.js";
import { answerAlone, processIo } from "./cli/io.js";

// Before anything else is imported: the chunks below compile from the cache on Node 22.1+, and the common path's
// code from its own cache on every Node (src/code-cache.ts).
const cacheFolder = cliCompileCacheFolder(process.env, process.platform);
enableCompileCache(cacheFolder);
offerCodeCacheFolder(cacheFolder);

const argv = process.argv.slice(2);
const io = processIo();
process.exitCode = (await answerAlone(argv, io)) ?? (await (await import("./cli/run.js")).runCli(argv, io));
