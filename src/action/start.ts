/**
 * The Action's start, for both entry points: `src/action/index.ts` (dist/index.js, an ES module) and the generated
 * dist/index.cjs that action.yml runs, which takes the Action's code from the same scripts as the CLI's bin
 * (scripts/build.mjs, cachedCommonPath) and so loads no ES module on the common path.
 */
import path from "node:path";
import { enableCompileCache } from "../compile-cache.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";

/**
 * The compile cache first (before `loadRun` loads the Action's code): Node 22.1+ keeps the code it compiles in the
 * runner's temporary folder, which pays from the second ne-lint step of a job on. The scripts' own code cache
 * (src/code-cache.ts) is not offered: writing it costs a first step more than it saves a second one, and
 * RUNNER_TEMP is emptied for every job (docs/benchmarks.md). `run` reports its own failures (core.setFailed);
 * code that cannot be loaded fails the step with one line, not a stack trace.
 */
export function startAction(loadRun: () => Promise<() => Promise<void>>, env: NodeJS.ProcessEnv = process.env): void {
  const runnerTemp = env.RUNNER_TEMP;
  enableCompileCache(runnerTemp && path.isAbsolute(runnerTemp) ? path.join(runnerTemp, "ne-lint-compile-cache") : undefined, env);
  loadRun()
    .then((run) => run())
    .catch((error: unknown) => {
      process.exitCode = 1;
      process.stderr.write(`ne-lint: internal error: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
    });
}
