import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "threads",
    // vitest's default is one worker fewer than the cores: on a 2-core CI machine that is a single file at a
    // time, with one core idle whenever a test waits on a child process (most files start the CLI, the
    // Action, git or openssl). Tests bound work, never wall-clock time, so sharing the cores is safe.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share a worker's module cache instead of re-importing the sources for each file (~38 s of
    // summed import time on 2 cores). Safe because module state is caches of pure functions (certificates,
    // parsed settings texts) and tests that patch globals (process.env, String.prototype spies, fake timers)
    // restore them; verified with shuffled file orders (`--sequence.shuffle.files`).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
