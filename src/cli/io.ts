/**
 * The binary's standard streams as an `Io`, and `--version`/`--help` alone: what the entry points (src/cli.ts,
 * and dist/cli.cjs, which scripts/build.mjs makes) do before they load the CLI (src/cli/run.ts).
 */
import type { Io } from "./main.js";
import { standardStream } from "./stdio.js";
import { TOOL_VERSION } from "../version.js";

/** Standard output and error of this process (written directly when they are files or pipes, src/cli/stdio.ts). */
export function processIo(): Io {
  // `ne-lint . | head`: when the reader closes the pipe, stop quietly with the status so far.
  const quitOnClosedPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  };
  // Node's streams only where they are needed (src/cli/stdio.ts).
  let stdoutStream: NodeJS.WriteStream | undefined;
  const stdout = standardStream(1, () => (stdoutStream ??= process.stdout.on("error", quitOnClosedPipe)));
  const stderr = standardStream(2, () => process.stderr);
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
