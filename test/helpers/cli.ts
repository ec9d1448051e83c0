/** Runs the bundled CLI (dist/cli.cjs, the package's `bin`) the way a user does, in a child process. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./paths.js";

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string | Buffer } = {}): CliRun {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "dist/cli.cjs"), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same CLI (`main()` from the sources) in this process: arguments, working directory, environment and
 * standard input as `runCli` passes them, standard output and error captured, the exit status returned. It
 * spares a Node start-up and bundle load per run; each test file keeps `runCli` for what only the binary
 * does (its entry point, `inspect` and `inventory`, pipes). Not for `inspect`/`inventory`, which the entry
 * point dispatches.
 */
export async function runCliInProcess(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<CliRun> {
  if (args[0] === "inspect" || args[0] === "inventory") throw new Error(`runCliInProcess runs the linter; use runCli for ${args[0]}`);
  const { main } = await import("../../src/cli/main.js");
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdoutIsTty: false,
    stderrIsTty: false,
    writeOut: (text) => void (stdout += text),
    writeErr: (text) => void (stderr += text),
    readStdin: async () => Buffer.from(options.input ?? ""),
  });
  return { status, stdout, stderr };
}
