/** `ne-lint inventory [--format markdown|json] [options] [paths]`: what each target ships with (src/drift/inventory.ts). */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.js";
import { inventoryOf, formatInventoryMarkdown } from "../drift/inventory.js";
import { lint } from "../engine.js";
import { escapeControlCharacters } from "../report/untrusted-text.js";
import { UsageError } from "./args.js";
import type { Io } from "./main.js";

export const INVENTORY_HELP = `Usage: ne-lint inventory [--format markdown|json] [--configuration <name|all>] [--config <file>] [paths...]

Prints, per target and configuration, the entitlements (Network Extension values, app groups…), the App
Transport Security posture and the local network keys it ships with: what drift (--base, diff) compares.`;

export async function inventory(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { format: { type: "string" }, configuration: { type: "string" }, config: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeOut(`${INVENTORY_HELP}\n`);
    return 0;
  }
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new UsageError(`--format must be markdown or json (got "${format}")`);
  const config = await loadConfig(io.cwd, values.config);
  // Only the models are needed: no rule runs.
  const result = await lint({ paths: positionals.length > 0 ? positionals : ["."], cwd: io.cwd, config, rules: [], ...(values.configuration ? { configuration: values.configuration } : {}) });
  for (const missing of result.missing) io.writeErr(`ne-lint: ${escapeControlCharacters(missing)}: no such file or directory\n`);
  const items = inventoryOf(result.workspace);
  // Markdown values are inline code with control characters escaped; JSON escapes C0 itself, and C1, line
  // separators and bidi controls become \u escapes here (still the same JSON strings).
  const json = (): string => JSON.stringify({ version: 1, targets: items }, null, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  io.writeOut(format === "json" ? `${json()}\n` : formatInventoryMarkdown(items));
  return result.missing.length > 0 && result.summary.files === 0 ? 2 : 0;
}
