/**
 * The Action's start, for both entry points: `src/action/index.ts` (dist/index.js, an ES module) and the generated
 * dist/index.cjs that action.yml runs, which takes the Action's code from the same scripts as the CLI's bin
 * (scripts/build.mjs, cachedCommonPath) and so loads no ES module on the common path.
 */
import path from "node:path";
import { standardStream } from "../cli/stdio.js";
import { enableCompileCache, ownProcessHeap } from "../compile-cache.js";
import { exitThirteenUnlessSettled } from "../unsettled-exit.js";
import type { run } from "./main.js";

/**
 * The compile cache first (before `loadRun` loads the Action's code): Node 22.1+ keeps the code it compiles in the
 * runner's temporary folder, which pays from the second ne-lint step of a job on. The scripts' own code cache
 * (src/code-cache.ts) is not offered: writing it costs a first step more than it saves a second one, and
 * RUNNER_TEMP is emptied for every job (docs/benchmarks.md). Standard output is written directly when it is a file
 * or pipe (src/cli/stdio.ts), not through Node's stream modules. `run` reports its own failures (as a failed
 * step); code that cannot be loaded fails the step with one line, not a stack trace; a run that never settles fails
 * it with status 13.
 */
export function startAction(loadRun: () => Promise<typeof run>, env: NodeJS.ProcessEnv = process.env): void {
  const runnerTemp = env.RUNNER_TEMP;
  enableCompileCache(runnerTemp && path.isAbsolute(runnerTemp) ? path.join(runnerTemp, "ne-lint-compile-cache") : undefined, env);
  ownProcessHeap();
  const stdout = standardStream(1, () => process.stdout);
  const settle = exitThirteenUnlessSettled();
  loadRun()
    .then((run) => run(env, process.cwd(), { writeOut: (text) => stdout.write(text) }))
    .then(settle, (error: unknown) => {
      settle();
      process.exitCode = 1;
      // JSON's escapes keep it one line; the message is Node's about the Action's own files, not the repository's text
      // (src/report/untrusted-text.ts is not imported here: the ES module entry would then split the chunk the CLI's shares).
      process.stderr.write(`ne-lint: internal error: ${JSON.stringify(error instanceof Error ? error.message : String(error))}\n`);
    });
}
