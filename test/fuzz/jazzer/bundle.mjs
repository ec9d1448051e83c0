// Bundles each fuzz target (test/fuzz/targets/*.ts) with the decoders and their dependencies into
// one CommonJS file for Jazzer.js. CommonJS because Jazzer instruments code through its require
// hook; `.js` files beside a {"type":"commonjs"} package.json because that hook matches `.js`.
// Usage: node test/fuzz/jazzer/bundle.mjs [--outdir DIR]   (default node_modules/.cache/ne-lint-fuzz)
import { build } from "esbuild";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
/** Where entry files look for the bundles; the folder name is what `--includes` selects for instrumentation. */
export const defaultBundleDir = path.join(repoRoot, "node_modules/.cache/ne-lint-fuzz");

export async function bundleTargets(outdir = defaultBundleDir) {
  const targetsDir = path.join(repoRoot, "test/fuzz/targets");
  const entryPoints = Object.fromEntries(
    readdirSync(targetsDir)
      .filter((name) => name.endsWith(".ts") && name !== "index.ts")
      .map((name) => [path.basename(name, ".ts"), path.join(targetsDir, name)]),
  );
  mkdirSync(outdir, { recursive: true });
  writeFileSync(path.join(outdir, "package.json"), '{ "type": "commonjs" }\n');
  await build({ entryPoints, outdir, bundle: true, format: "cjs", platform: "node", target: "node20", logLevel: "warning" });
  return Object.keys(entryPoints);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf("--outdir");
  const outdir = flag > 0 ? path.resolve(process.argv[flag + 1]) : defaultBundleDir;
  const names = await bundleTargets(outdir);
  console.log(`bundled ${names.join(", ")} into ${path.relative(process.cwd(), outdir) || outdir}`);
}
