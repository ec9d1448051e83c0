// Bundles dist/ with esbuild: one file per entry point plus shared chunks, so `npx ne-lint` installs
// no dependencies and heavy decoders load only when a run needs them (dynamic import → own chunk).
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entryPoints = {
  cli: "src/cli.ts",
  api: "src/api.ts",
};
for (const [name, file] of [["index", "src/action/index.ts"], ["eslint-plugin", "src/eslint/plugin.ts"]]) {
  try {
    readdirSync(path.join(root, path.dirname(file))).includes(path.basename(file)) && (entryPoints[name] = file);
  } catch {
    // that front is not built yet
  }
}

rmSync(path.join(root, "dist"), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: 'import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);' },
  external: ["eslint", "eslint/*"],
  logLevel: "warning",
});
console.log(`built dist/ (${Object.keys(entryPoints).join(", ")})`);
