/** Where seeds and regression inputs live, and how they are read and written. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TargetName } from "./targets/index.js";

export const fuzzDir = path.dirname(fileURLToPath(import.meta.url));
export const seedsDir = path.join(fuzzDir, "seeds");
export const regressionsDir = path.join(fuzzDir, "regressions");

export function seedDir(target: TargetName): string {
  return path.join(seedsDir, target);
}

/** The committed seeds of a target, in file-name order (empty when none were made). */
export function loadSeeds(target: TargetName): Buffer[] {
  const dir = seedDir(target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((name) => readFileSync(path.join(dir, name)));
}

export interface RegressionFile {
  readonly target: string;
  readonly name: string;
  readonly file: string;
}

/** Every committed regression input; the target is the file-name prefix (`bplist-1a2b3c4d5e6f.bin`). */
export function listRegressions(): RegressionFile[] {
  if (!existsSync(regressionsDir)) return [];
  return readdirSync(regressionsDir)
    .filter((name) => name.endsWith(".bin"))
    .sort()
    .map((name) => ({ target: name.slice(0, name.indexOf("-")), name, file: path.join(regressionsDir, name) }));
}

/** Saves a crashing input as `<target>-<hash>.bin` and returns its path. */
export function saveRegression(target: TargetName, input: Uint8Array): string {
  mkdirSync(regressionsDir, { recursive: true });
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 12);
  const file = path.join(regressionsDir, `${target}-${hash}.bin`);
  writeFileSync(file, input);
  return file;
}
