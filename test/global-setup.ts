/** Once per vitest run: the cache folder for fixtures every test file shares (`helpers/shared-fixtures.ts`), and the Python interpreter's path (`helpers/python.ts`). */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON_ENV, resolvePython } from "./helpers/python.js";
import { CACHE_ENV } from "./helpers/shared-fixtures.js";

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-test-cache-"));
  // Set before the workers start, which inherit the environment.
  process.env[CACHE_ENV] = dir;
  process.env[PYTHON_ENV] = resolvePython() ?? "";
  return () => rmSync(dir, { recursive: true, force: true });
}
