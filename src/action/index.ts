// Entry point of the GitHub Action (bundled to dist/index.js, run by `runs.main` in action.yml).
import path from "node:path";
import { enableCompileCache, ownProcessHeap } from "../compile-cache.js";

// Before the Action's code is imported (hence the dynamic import): compiled code is cached in the runner's
// temporary folder on Node 22.1+, which pays from the second ne-lint step of a job on. The common path's own
// code cache (src/code-cache.ts) is not offered: writing it costs a first step ~10 ms more than it saves a
// second one, and RUNNER_TEMP is emptied for every job (docs/benchmarks.md).
enableCompileCache(process.env.RUNNER_TEMP && path.isAbsolute(process.env.RUNNER_TEMP) ? path.join(process.env.RUNNER_TEMP, "ne-lint-compile-cache") : undefined);
ownProcessHeap();
const { run } = await import("./main.js");
await run();
