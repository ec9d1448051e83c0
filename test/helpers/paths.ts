import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared research folder beside the repository; absent on a user's fresh clone. */
export const sharedDir = path.resolve(repoRoot, "../shared");
export const corpusDir = path.join(sharedDir, "corpus");
export const hasCorpus = existsSync(corpusDir);
export const corpusSkipReason = `skipped: ${corpusDir} is absent (the real-world corpus is only on ne-lint developer machines)`;
