/**
 * The reviewed findings on the real corpus (../shared/corpus), per repository. `expected.json` was
 * written by `npx tsx test/corpus/snapshot.ts --write` and then reviewed finding by finding (the review
 * notes are in docs/corpus-review.md); the test fails when a change adds a finding (a possible false
 * positive) or loses one (a lost true finding).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lint } from "../../src/engine.js";

/** Fixed so profile expiry findings do not change with the calendar. */
export const CORPUS_NOW = new Date("2026-11-25T00:00:00Z");

export type Snapshot = Record<string, string[]>;

export async function corpusSnapshot(corpusDir: string): Promise<Snapshot> {
  const result = await lint({ paths: ["."], cwd: corpusDir, now: CORPUS_NOW });
  const snapshot: Snapshot = {};
  for (const finding of result.findings) {
    const [repository = "", ...rest] = finding.file.split("/");
    const line = `${finding.severity} ${finding.ruleId} ${rest.join("/")}${finding.line !== undefined ? `:${finding.line}` : ""}`;
    (snapshot[repository] ??= []).push(line);
  }
  for (const lines of Object.values(snapshot)) lines.sort();
  return Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && process.argv.includes("--write")) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const snapshot = await corpusSnapshot(path.resolve(here, "../../../shared/corpus"));
  writeFileSync(path.join(here, "expected.json"), `${JSON.stringify(snapshot, null, 1)}\n`);
  console.log(`wrote ${Object.values(snapshot).flat().length} findings in ${Object.keys(snapshot).length} repositories`);
}
