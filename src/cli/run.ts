/**
 * What the `ne-lint` binary does after `--version`/`--help` alone (src/cli/io.ts): `inspect`, `inventory`, or a
 * lint. On the common path (scripts/build.mjs): dist/cli.cjs runs it from the common path's script, with no
 * ES module loaded for a plain lint.
 */
import { main, type Io } from "./main.js";

/** Runs the CLI on `argv` (the arguments after the script) and returns the exit status. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  /** `inspect` and `inventory`: their own modules, and any error they throw is a sentence and exit status 2. */
  async function runSubcommand(load: () => Promise<(args: string[], io: Io) => Promise<number>>): Promise<number> {
    try {
      return await (await load())(argv.slice(1), io);
    } catch (error) {
      const { escapeControlCharacters } = await import("../report/untrusted-text.js");
      io.writeErr(`ne-lint: ${escapeControlCharacters(error instanceof Error ? error.message : String(error))}\n`);
      return 2;
    }
  }
  if (argv[0] === "inspect") return runSubcommand(async () => (await import("./inspect.js")).inspect);
  if (argv[0] === "inventory") return runSubcommand(async () => (await import("./inventory.js")).inventory);
  return main(argv, io);
}
