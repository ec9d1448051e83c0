// Bundles dist/ with esbuild: one file per entry point plus shared chunks, so `npx ne-lint` installs
// no dependencies and heavy decoders load only when a run needs them (dynamic import → own chunk).
import { build } from "esbuild";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entryPoints = {
  cli: "src/cli.ts",
  api: "src/api.ts",
  // asn1js + pkijs, required only when a fast DER reader declines a profile or certificate (see
  // src/decode/profile/pkijs-loader-bundled.ts): an entry point, so no chunk imports it and its name is fixed.
  "chunks/pkijs-fallback": "src/decode/profile/pkijs-fallback.ts",
  // The worker threads that parse Xcode projects (src/decode/xcode/project-pool.ts finds it beside its chunk).
  "chunks/xcode-project-worker": "src/decode/xcode/project-worker.ts",
};
for (const [name, file] of [["index", "src/action/index.ts"], ["eslint-plugin", "src/eslint/plugin.ts"]]) {
  if (existsSync(path.join(root, file))) entryPoints[name] = file;
}

/** Bundles pkijs-loader-bundled.ts (require the fallback entry when first needed) where the sources import pkijs-loader.ts. */
const lazyPkijsFallback = {
  name: "lazy-pkijs-fallback",
  setup(builder) {
    builder.onResolve({ filter: /\/pkijs-loader\.js$/ }, (args) => ({ path: path.join(args.resolveDir, "pkijs-loader-bundled.ts") }));
  },
};

/**
 * `@actions/core` declares no `sideEffects`, so esbuild keeps every module it imports: its OIDC client
 * (`getIDToken`, which the Action never calls) pulls in `@actions/http-client` and undici (~420 KB, with
 * http, https, tls and zlib), and its `platform` helpers pull in `@actions/exec`. Marked side-effect free,
 * they are dropped unless used (test/startup-imports.test.ts checks the Action's static imports).
 */
const unusedActionsCoreParts = {
  name: "unused-actions-core-parts",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(oidc-utils|platform)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir) ? { path: path.join(args.resolveDir, args.path), sideEffects: false } : undefined,
    );
  },
};

// `--outdir DIR` builds elsewhere (the staleness test compares that build with the committed dist/).
const outdirFlag = process.argv.indexOf("--outdir");
const outdir = outdirFlag > 0 ? path.resolve(process.argv[outdirFlag + 1]) : path.join(root, "dist");
// `--metafile FILE` writes esbuild's import graph (test/startup-imports.test.ts reads what dist/cli.js loads statically).
const metafileFlag = process.argv.indexOf("--metafile");
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // `--no-minify` keeps names readable for `--cpu-prof` profiling.
  minify: !process.argv.includes("--no-minify"),
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: 'import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);' },
  external: ["eslint", "eslint/*"],
  plugins: [lazyPkijsFallback, unusedActionsCoreParts],
  logLevel: "warning",
  metafile: metafileFlag > 0,
});
if (metafileFlag > 0) writeFileSync(path.resolve(process.argv[metafileFlag + 1]), JSON.stringify(result.metafile));
console.log(`built ${path.relative(root, outdir) || outdir} (${Object.keys(entryPoints).join(", ")})`);
