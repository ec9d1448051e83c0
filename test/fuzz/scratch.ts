/**
 * A per-process scratch folder for the targets whose decoders read files (zip, Xcode project).
 * Every execution overwrites the same paths, so a long run leaves no litter; the folder goes when
 * the process exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

let dir: string | undefined;

export function scratchPath(...parts: string[]): string {
  if (!dir) {
    const created = mkdtempSync(path.join(os.tmpdir(), "ne-lint-fuzz-"));
    dir = created;
    process.once("exit", () => rmSync(created, { recursive: true, force: true }));
  }
  return path.join(dir, ...parts);
}
