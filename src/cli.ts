#!/usr/bin/env node
// Entry point of the `ne-lint` binary (bundled to dist/cli.js): `ne-lint [options] [paths...]`, `ne-lint inspect <file>` or `ne-lint inventory [paths...]`.
import type { Io } from "./cli/main.js";
import { offerCodeCacheFolder } from "./code-cache.js";
import { cliCompileCacheFolder, enableCompileCache } from "./compile-cache.js";
import { standardStream } from "./cli/stdio.js";
import { TOOL_VERSION } from "./version.js";

// Before anything else is imported: the chunks below compile from the cache on Node 22.1+, and the common path's
// code from its own cache on every Node (src/code-cache.ts).
const cacheFolder = cliCompileCacheFolder(process.env, process.platform);
enableCompileCache(cacheFolder);
offerCodeCacheFolder(cacheFolder);

// `ne-lint . | head`: when the reader closes the pipe, stop quietly with the status so far.
const quitOnClosedPipe = (error: NodeJS.ErrnoException): void => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
};
// Node's streams only where they are needed (src/cli/stdio.ts).
let stdoutStream: NodeJS.WriteStream | undefined;
const stdout = standardStream(1, () => (stdoutStream ??= process.stdout.on("error", quitOnClosedPipe)));
const stderr = standardStream(2, () => process.stderr);

const io: Io = {
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
  readStdin: async () => (await import("./cli/stdin.js")).readStdin(process.stdin),
};
const argv = process.argv.slice(2);

/** `inspect` and `inventory`: their own modules, and any error they throw is a sentence and exit status 2. */
async function runSubcommand(load: () => Promise<(args: string[], io: Io) => Promise<number>>): Promise<number> {
  try {
    return await (await load())(argv.slice(1), io);
  } catch (error) {
    const { escapeControlCharacters } = await import("./report/untrusted-text.js");
    io.writeErr(`ne-lint: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

/** `--version` or `--help` alone, as scripts and people type them: answered without loading the argument parser or the CLI. */
async function answerAlone(option: string | undefined): Promise<number | undefined> {
  if (option === "--version" || option === "-v") io.writeOut(`${TOOL_VERSION}\n`);
  else if (option === "--help" || option === "-h") io.writeOut(`${(await import("./cli/help.js")).HELP}\n`);
  else return undefined;
  return 0;
}

process.exitCode =
  (await answerAlone(argv.length === 1 ? argv[0] : undefined)) ??
  (argv[0] === "inspect"
    ? await runSubcommand(async () => (await import("./cli/inspect.js")).inspect)
    : argv[0] === "inventory"
      ? await runSubcommand(async () => (await import("./cli/inventory.js")).inventory)
      : await (await import("./cli/main.js")).main(argv, io));
