/**
 * Fixtures that are slow to build (the openssl PKI) and identical for every test file, built once per
 * vitest run. `test/global-setup.ts` creates a cache folder for the run and names it in
 * `NE_LINT_TEST_CACHE`; the first file that needs a fixture builds it there, the others reuse it. Outside
 * vitest (the fuzz seed script) there is no cache and callers build their own copy.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export const CACHE_ENV = "NE_LINT_TEST_CACHE";

/**
 * The folder holding fixture `name`, built by `build` on first use; undefined without a run cache. Test
 * files run in parallel workers: each builds into its own folder and renames it into place, so a reader
 * never sees half a fixture, and a builder that loses the race drops its copy.
 */
export function sharedFixture(name: string, build: (dir: string) => void): string | undefined {
  const cache = process.env[CACHE_ENV];
  if (!cache || !existsSync(cache)) return undefined;
  const ready = path.join(cache, name);
  if (existsSync(ready)) return ready;
  const building = mkdtempSync(path.join(cache, `${name}-building-`));
  try {
    build(building);
    renameSync(building, ready);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(ready)) throw error;
  }
  return ready;
}
