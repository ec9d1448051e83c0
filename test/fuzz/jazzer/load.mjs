// Loads a bundled fuzz target for a Jazzer.js entry file. NE_LINT_FUZZ_BUNDLE_DIR overrides where
// the bundles are (the vitest check bundles into a temp folder).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const require = createRequire(import.meta.url);

export function loadTarget(name) {
  const dir = process.env.NE_LINT_FUZZ_BUNDLE_DIR ?? path.join(repoRoot, "node_modules/.cache/ne-lint-fuzz");
  const file = path.join(dir, `${name}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run 'node test/fuzz/jazzer/bundle.mjs' first`);
  const { fuzz } = require(file);
  if (typeof fuzz !== "function") throw new Error(`${file} does not export fuzz()`);
  return fuzz;
}
