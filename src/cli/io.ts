/**
 * The binary's standard streams as an `Io`, and `--version`/`--help` alone: what the entry points (src/cli.ts,
 * and dist/cli.cjs, which scripts/build.mjs makes) do before they load the CLI (src/cli/run.ts).
 */
import type { Io } from "./main.js";
import { standardStream } from "./stdio.js";
import { offerCodeCacheFolder } from "../code-cache.js";
import { cliCompileCacheFolder, enableCompileCache, ownProcessHeap } from "../compile-cache.js";
import { exitThirteenUnlessSettled } from "../unsettled-exit.js";
// Static, not `import()`: the run may have failed because code could not be loaded.
import { escapeControlCharacters } from "../report/untrusted-text.js";
import { TOOL_VERSION } from "../version.js";

/** What the entry points need beyond the CLI's `Io`. */
export interface ProcessIo extends Io {
  /** Whether output handed to Node's streams may not have reached its descriptor yet (an asynchronous pipe, on macOS or Windows). */
  outputPending(): boolean;
}

/** Standard output and error of this process (written directly when they are files or pipes, src/cli/stdio.ts). */
export function processIo(): ProcessIo {
  // `ne-lint . | head`: when the reader closes the pipe, stop quietly with the status so far.
  const quitOnClosedPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  };
  // Node's streams only where they are needed (src/cli/stdio.ts).
  let stdoutStream: NodeJS.WriteStream | undefined;
  let stderrStream: NodeJS.WriteStream | undefined;
  const stdout = standardStream(1, () => (stdoutStream ??= process.stdout.on("error", quitOnClosedPipe)));
  const stderr = standardStream(2, () => (stderrStream ??= process.stderr));
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: stdout.isTty,
    stderrIsTty: stderr.isTty,
    writeOut: (text) => {
      try {
        stdout.write(text);
      } catch (error) {
        quitOnClosedPipe(error as NodeJS.ErrnoException);
      }
    },
    writeErr: (text) => {
      try {
        stderr.write(text);
      } catch (error) {
        // Nobody reads standard error any more: the report and the exit status still count.
        if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
      }
    },
    readStdin: async () => (await import("./stdin.js")).readStdin(process.stdin),
    outputPending: () => [stdoutStream, stderrStream].some((stream) => stream !== undefined && stream.writableLength > 0),
  };
}

/** `--version` or `--help` alone, as scripts and people type them: answered without loading the argument parser or the CLI. */
export async function answerAlone(argv: readonly string[], io: Io): Promise<number | undefined> {
  const option = argv.length === 1 ? argv[0] : undefined;
  if (option === "--version" || option === "-v") io.writeOut(`${TOOL_VERSION}\n`);
  else if (option === "--help" || option === "-h") io.writeOut(`${(await import("./help.js")).HELP}\n`);
  else return undefined;
  return 0;
}

/**
 * The binary, for both entry points (src/cli.ts and dist/cli.cjs): the caches first (before the CLI's code is
 * loaded, which `runCli` does), then `--version`/`--help` alone or the CLI. The exit status is the run's, and never
 * 0 for a run that failed before the CLI's own error handling (2, one line) or never settled (13, as Node's
 * unsettled top-level await).
 *
 * A run that has settled and whose output has all been written ends the process there (`process.exit`, which
 * runs the `exit` listeners: the code cache is still written): what Node would do before exiting on its own is
 * no work of ours — a young-generation garbage collection V8 schedules as a task near the end of a lint, and
 * tearing down the heap (~10 ms of a lint of examples/, docs/benchmarks.md). Output still in one of Node's
 * streams (an asynchronous pipe) is left to Node to flush, as before.
 */
export function startCli(runCli: (argv: readonly string[], io: Io) => Promise<number>): void {
  const cacheFolder = cliCompileCacheFolder(process.env, process.platform);
  enableCompileCache(cacheFolder);
  offerCodeCacheFolder(cacheFolder);
  ownProcessHeap();
  const argv = process.argv.slice(2);
  const io = processIo();
  const settle = exitThirteenUnlessSettled();
  (async () => (await answerAlone(argv, io)) ?? (await runCli(argv, io)))().then(
    (status) => {
      settle();
      exitWhenWritten(status);
    },
    (error: unknown) => {
      settle();
      // One line, escaped: the message may quote a path from the linted repository.
      io.writeErr(`ne-lint: internal error: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
      exitWhenWritten(2);
    },
  );
  function exitWhenWritten(status: number): void {
    process.exitCode = status;
    if (!io.outputPending()) process.exit();
  }
}
