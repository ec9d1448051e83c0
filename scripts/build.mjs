// Bundles dist/ with esbuild: one file per entry point plus shared chunks, so `npx ne-lint` installs
// no dependencies and heavy decoders load only when a run needs them (dynamic import → own chunk).
import { build, transformSync } from "esbuild";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entryPoints = {
  cli: "./src/cli.ts",
  api: "./src/api.ts",
  // asn1js + pkijs, required only when a fast DER reader declines a profile or certificate (see
  // src/decode/profile/pkijs-loader-bundled.ts): an entry point, so no chunk imports it and its name is fixed.
  "chunks/pkijs-fallback": "./src/decode/profile/pkijs-fallback.ts",
  // The worker threads that parse Xcode projects (src/decode/xcode/project-pool.ts finds it beside its chunk).
  "chunks/xcode-project-worker": "./src/decode/xcode/project-worker.ts",
};
for (const [name, file] of [["index", "./src/action/index.ts"], ["eslint-plugin", "./src/eslint/plugin.ts"]]) {
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
 * http, https, tls and zlib), and its `platform` helpers pull in `@actions/exec`; its summary and file commands,
 * which the Action writes itself (src/action/runner.ts), `fs.promises` and `node:crypto`. Marked side-effect free,
 * they are dropped unless used (test/startup-imports.test.ts checks the Action's static imports).
 */
const unusedActionsCoreParts = {
  name: "unused-actions-core-parts",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(oidc-utils|platform|summary|file-command)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir) ? { path: path.join(args.resolveDir, args.path), sideEffects: false } : undefined,
    );
  },
};

const REQUIRE_BANNER = 'import { createRequire as __neLintCreateRequire } from "node:module"; const require = __neLintCreateRequire(import.meta.url);';

/**
 * esbuild puts the banner on every file, but only the chunk with esbuild's `__require` helper (and code that
 * calls `require` itself) uses it; elsewhere it would make a `Module` and an `import.meta` for nothing, once
 * per chunk a run loads. esbuild says which files refer to a free `require`: a `define` marks every such
 * reference (not the word in a string).
 */
function dropUnusedRequireBanners(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, "utf8");
    const start = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
    const rest = start + REQUIRE_BANNER.length + 1;
    if (!text.startsWith(`${REQUIRE_BANNER}\n`, start)) continue;
    const marked = transformSync(text.slice(rest), { format: "esm", platform: "node", define: { require: "__neLintFreeRequire" } }).code;
    if (!marked.includes("__neLintFreeRequire")) writeFileSync(file, text.slice(0, start) + text.slice(rest));
  }
}

/**
 * One chunk for what every lint loads. esbuild splits code by the set of entry points (dynamic `import()`
 * targets included) that reach it, so the modules a lint needs ended up in ~30 small chunks (a
 * module used by the engine and by `inspect` is in another chunk than one only the engine uses), and
 * Node's ES module loader pays a file read, a resolution and a link for each. Here every entry point and
 * `import()` target of ours (but the start of the CLI and the Action, and `--help`) also reaches
 * `COMMON_PATH` as a whole, through a wrapper module: what it holds is then reached from the same
 * entries, and esbuild puts it in one chunk. What a wrapped module reaches outside it still gets
 * chunks of its own. Module code is unchanged: a wrapper re-exports its module (`export *`) plus, for
 * `import()` targets, the namespace `__neLintCommonPath`, which nothing reads.
 */
// The CLI's lint and its JSON report, and what the Action's main module also imports (~7 KB in all): a JSON
// report loads one module more than a plain lint, not two, and the Action three fewer.
const COMMON_PATH = ["src/cli/run.ts", "src/cli/main.ts", "src/engine.ts", "rules/index.ts", "src/report/json.ts", "src/report/github.ts", "src/report/artifact.ts", "src/docs/render.ts"];
/**
 * Modules that load before or without the common path: the starts of the CLI and the Action, `--help`, and the
 * Xcode project worker (a thread that parses projects: it would load the whole common path for ~30 KB it
 * uses; what it shares with the lint, ~5 KB of file reading, is then a chunk of its own).
 */
const OUTSIDE_COMMON_PATH = new Set(["src/cli.ts", "src/action/index.ts", "src/cli/help.ts", "src/decode/xcode/project-worker.ts"].map((file) => path.join(root, file)));
const commonPathInOneChunk = {
  name: "common-path-in-one-chunk",
  setup(builder) {
    const ours = (file) => file.endsWith(".ts") && !file.includes(`${path.sep}node_modules${path.sep}`) && !OUTSIDE_COMMON_PATH.has(file);
    // Paths in the namespaces are relative to the repository, so the output (and its hashed names) does not depend on where it is built.
    const relative = (file) => path.relative(root, file).split(path.sep).join("/");
    const specifier = (file) => JSON.stringify(`./${path.basename(file)}`);
    builder.onResolve({ filter: /^ne-lint:common-path$/ }, () => ({ path: "common-path", namespace: "ne-lint-common-path" }));
    builder.onLoad({ filter: /.*/, namespace: "ne-lint-common-path" }, () => ({
      // `__neLintRunCli`: how dist/cli.cjs finds the CLI among the chunk's (minified) exports (cachedCommonPath).
      contents: [...COMMON_PATH.map((file, index) => `export * as m${index} from ${JSON.stringify(`./${file}`)};`), 'export { runCli as __neLintRunCli } from "./src/cli/run.ts";'].join("\n"),
      resolveDir: root,
      loader: "js",
    }));
    builder.onResolve({ filter: /^\./ }, async (args) => {
      if ((args.kind !== "dynamic-import" && args.kind !== "entry-point") || args.pluginData === "wrapped") return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "wrapped" });
      if (resolved.errors.length > 0 || !ours(resolved.path)) return undefined;
      return { path: relative(resolved.path), namespace: args.kind === "entry-point" ? "ne-lint-entry" : "ne-lint-lazy" };
    });
    builder.onLoad({ filter: /.*/, namespace: "ne-lint-lazy" }, (args) => ({
      contents: `export * from ${specifier(args.path)};\nexport * as __neLintCommonPath from "ne-lint:common-path";\n`,
      resolveDir: path.dirname(path.join(root, args.path)),
      loader: "js",
    }));
    // An entry point keeps its exports exactly (the package's API): the namespace is made whole by a use instead.
    builder.onLoad({ filter: /.*/, namespace: "ne-lint-entry" }, (args) => {
      const file = path.join(root, args.path);
      const reexport = `export * from ${specifier(file)};\n` + (/^export default /m.test(readFileSync(file, "utf8")) ? `export { default } from ${specifier(file)};\n` : "");
      return { contents: `${reexport}import * as commonPath from "ne-lint:common-path";\nObject.keys(commonPath);\n`, resolveDir: path.dirname(file), loader: "js" };
    });
  },
};

/**
 * `node:fs` and `node:util` for our modules without Node's ES module facade: importing a built-in as an ES
 * module reads every export, and some exports are getters that load more of Node (`fs.ReadStream` and its
 * kin the whole stream stack, 16 modules; `util.MIMEType` the MIME parser) or print a deprecation warning
 * (`fs.F_OK` on Node 24). Each importing module of ours gets a small module instead that takes the names it
 * imports, and only those, from `process.getBuiltinModule`. A namespace import (`import * as fs`) keeps the
 * real import; so do dependencies.
 */
const builtinsWithoutFacade = {
  name: "builtins-without-facade",
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?(fs|util)$/ }, (args) => {
      if (!args.importer.startsWith(root) || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const builtin = args.path.replace(/^node:/, "");
      const names = new Set();
      // `import def, { a, b as c, type T } from "node:fs"` (TypeScript source, one or more statements).
      for (const [, clause] of readFileSync(args.importer, "utf8").matchAll(new RegExp(`^import\\s+(?!type\\s)([^;]*?)\\s+from\\s+"${args.path}";`, "gms"))) {
        if (clause.includes("*")) return undefined;
        const [, defaultName, named = ""] = /^([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?$/s.exec(clause.trim()) ?? [];
        if (defaultName) names.add("default");
        for (const specifier of named.split(",").map((part) => part.trim()).filter((part) => part && !part.startsWith("type "))) names.add(specifier.split(/\s+as\s+/)[0]);
      }
      return { path: `${builtin}:${[...names].sort().join(",")}`, namespace: "ne-lint-builtin" };
    });
    builder.onLoad({ filter: /.*/, namespace: "ne-lint-builtin" }, (args) => {
      const [builtin, names] = args.path.split(":");
      const exports = names.split(",").filter(Boolean).map((name) => (name === "default" ? "export default builtin;" : `export const ${name} = builtin.${name};`));
      return { contents: `const builtin = process.getBuiltinModule("node:${builtin}");\n${exports.join("\n")}\n`, loader: "js" };
    });
  },
};

/**
 * The common-path chunk through a V8 code cache (src/code-cache.ts: Node 20 has no compile cache for ES
 * modules, and Node 22+'s holds little more than top-level code), and with it the chunks it imports. Each one's
 * code, turned into CommonJS by esbuild (live bindings become property reads, `export` a getter object), is
 * written as one function expression to `<chunk>.script.js`, and the chunk becomes a small ES module with the
 * same imports and exports that runs it with `runCachedCode`. One instance of every module either way (the
 * scripts run once per process, whoever asks first): the other chunks import the stub's exports, which are
 * the code's own values read once it has run — so no module of ours may export a binding it reassigns later
 * (`export let`; test/startup-imports.test.ts checks the sources). Refused here: a chunk that is not plain code
 * for a script (`import.meta`, an `import()` esbuild does not report, a cycle).
 *
 * Then `cli.cjs`, the package's `bin`, and `index.cjs`, the Action's (action.yml): CommonJS entries that run the
 * same scripts themselves (the Action's main module is one too), so a plain lint loads no ES module at all
 * (Node's ES module loader costs a quarter of `node -e 0`, docs/benchmarks.md); what only some runs need is still
 * `import()`ed from the chunks, and its stubs find the scripts already run.
 */
async function cachedCommonPath(metafile) {
  const [common] = Object.entries(metafile.outputs).find(([, candidate]) => "src/engine.ts" in candidate.inputs) ?? [];
  if (!common) throw new Error("cachedCommonPath: no chunk holds src/engine.ts");
  // The Action's main module (the `import()` target of src/action/index.ts) is a script too, for dist/index.cjs.
  const [actionMain] = Object.entries(metafile.outputs).find(([, candidate]) => candidate.entryPoint === "ne-lint-lazy:src/action/main.ts") ?? [];
  // action.yml runs dist/index.cjs: a build with the Action but without its script would ship an Action that cannot start.
  if (entryPoints.index && !actionMain) throw new Error("cachedCommonPath: no chunk holds the Action's main module (src/action/main.ts)");
  const staticChunks = (chunk) => [...new Set((metafile.outputs[chunk]?.imports ?? []).filter((imported) => imported.kind === "import-statement" && !imported.external).map((imported) => imported.path))];
  const chunks = [];
  const visit = (chunk) => {
    if (chunks.includes(chunk)) return;
    chunks.push(chunk);
    staticChunks(chunk).forEach(visit);
  };
  visit(common);
  if (actionMain) visit(actionMain);
  const scripts = {};
  for (const chunk of chunks) scripts[chunk] = await scriptChunk(metafile, chunk, staticChunks(chunk));
  const scriptsRunner = { metafile, common, scripts };
  // As src/cli.ts, with the CLI taken from the common path's script (startCli offers the cache folder first).
  await commonJsEntry(scriptsRunner, "cli.cjs", [
    `import { startCli } from ${JSON.stringify(path.join(root, "src/cli/io.ts"))};`,
    `startCli((argv, io) => Object.values(runScript(${JSON.stringify(`./${path.basename(common)}`)})).find((value) => typeof value?.__neLintRunCli === "function").__neLintRunCli(argv, io));`,
  ]);
  // As src/action/index.ts, with the Action's main module taken from its script (action.yml runs this one).
  if (actionMain) {
    await commonJsEntry(scriptsRunner, "index.cjs", [
      `import { startAction } from ${JSON.stringify(path.join(root, "src/action/start.ts"))};`,
      `startAction(async () => runScript(${JSON.stringify(`./${path.basename(actionMain)}`)}).run);`,
    ]);
  }
}

/**
 * A CommonJS entry (`dist/<name>`) that runs the scripts of cachedCommonPath itself (`runScript(specifier)` gives a
 * script's exports; `start` is the entry's own code), so what they hold loads no ES module.
 */
async function commonJsEntry({ metafile, common, scripts }, name, start) {
  // The specifiers are the scripts' own (`./chunk-….js`, relative to the chunks folder).
  const table = Object.fromEntries(Object.entries(scripts).map(([chunk, script]) => [`./${path.basename(chunk)}`, script]));
  const chunksFolder = path.dirname(path.resolve(root, common));
  const entry = [
    `import { runCachedCode } from ${JSON.stringify(path.join(root, "src/code-cache.ts"))};`,
    `const path = process.getBuiltinModule("node:path");`,
    `const { pathToFileURL } = process.getBuiltinModule("node:url");`,
    `const chunks = path.join(__dirname, ${JSON.stringify(path.relative(outdir, chunksFolder).split(path.sep).join("/"))});`,
    `const scripts = ${JSON.stringify(table)};`,
    `const links = {`,
    `  require: (specifier) => (Object.hasOwn(scripts, specifier) ? runScript(specifier) : (process.getBuiltinModule(specifier) ?? require(specifier))),`,
    `  import: (specifier) => import(pathToFileURL(path.join(chunks, specifier)).href),`,
    `};`,
    `function runScript(specifier) {`,
    `  const { script, key, encoding } = scripts[specifier];`,
    `  return runCachedCode(path.join(chunks, script), key, encoding, links);`,
    `}`,
    ...start,
  ].join("\n");
  // `import()` in the bundled start (help, stdin) goes to the chunks the main build made for them.
  const lazyOutputs = {};
  for (const [output, info] of Object.entries(metafile.outputs)) for (const input of Object.keys(info.inputs)) if (input.startsWith("ne-lint-lazy:") || input === "src/cli/help.ts") lazyOutputs[input.replace(/^ne-lint-lazy:/, "")] = output;
  await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: `${name} (entry)`, loader: "js" },
    outfile: path.join(outdir, name),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify,
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
    plugins: [
      builtinsWithoutFacade,
      {
        name: "lazy-chunks",
        setup(builder) {
          builder.onResolve({ filter: /^\./ }, (args) => {
            if (args.kind !== "dynamic-import") return undefined;
            const input = path.relative(root, path.resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"))).split(path.sep).join("/");
            const output = lazyOutputs[input];
            if (!output) throw new Error(`cachedCommonPath: no chunk for import(${args.path}) in ${args.importer}`);
            return { path: `./${path.relative(outdir, path.resolve(root, output)).split(path.sep).join("/")}`, external: true };
          });
        },
      },
    ],
  });
  // Executable, like dist/cli.js (esbuild marks an entry that starts with `#!`; this one's comes from the banner).
  chmodSync(path.join(outdir, name), 0o755);
}

/** Turns one chunk into `<chunk>.script.js` and a stub (see cachedCommonPath); returns what runs the script. */
async function scriptChunk(metafile, chunk, staticChunks) {
  const output = metafile.outputs[chunk];
  const file = path.resolve(root, chunk);
  let text = readFileSync(file, "utf8");
  const fail = (why) => {
    throw new Error(`cachedCommonPath: ${path.relative(root, file)} ${why}`);
  };
  // The script's `require` gives built-ins (the only modules bundled code requires) without createRequire first.
  if (text.startsWith(`${REQUIRE_BANNER}\n`)) text = text.slice(REQUIRE_BANNER.length + 1);
  if (text.includes("import.meta")) fail("uses import.meta, which a script has not");
  const staticImports = staticChunks.map((imported) => `./${path.relative(path.dirname(chunk), imported)}`);
  // A chunk it imports that imported it back would run before the stub has its exports.
  const reaches = (from, seen = new Set()) => seen.has(from) ? false : (seen.add(from), (metafile.outputs[from]?.imports ?? []).some((imported) => imported.kind === "import-statement" && (imported.path === chunk || reaches(imported.path, seen))));
  if (reaches(chunk)) fail("is imported back by a chunk it imports");
  const dynamicImports = output.imports.filter((imported) => imported.kind === "dynamic-import").length;
  let code = transformSync(text, { format: "cjs", platform: "node", target: "node20", minifyWhitespace: minify, legalComments: "none", charset: "ascii" }).code;
  // A script has no module to resolve `import()` against: the stub, which is in the same folder, imports for it.
  if ((code.match(/\bimport\s*\(/g) ?? []).length !== dynamicImports) fail("has import( where esbuild reports no dynamic import");
  code = code.replace(/\bimport\((?="\.\/)/g, "__neLintImport(");
  if (/\bimport\s*\(/.test(code)) fail("has an import() of no relative file");
  const script = `(function (require, exports, module, __neLintImport) {"use strict";\n${code}\n})\n`;
  // esbuild escapes non-ASCII characters in code; an unminified build keeps comments as they are.
  const encoding = /[\x80-\uffff]/.test(script) ? "utf8" : "latin1";
  const key = createHash("sha256").update(script).digest("hex").slice(0, 16);
  const scriptName = `${path.basename(file, ".js")}.script.js`;
  writeFileSync(path.join(path.dirname(file), scriptName), script);
  const names = output.exports;
  const stub = [
    ...staticImports.map((specifier, index) => `import * as linked${index} from ${JSON.stringify(specifier)};`),
    `import { runCachedCode } from ${JSON.stringify(path.join(root, "src/code-cache.ts"))};`,
    `const linked = new Map([${staticImports.map((specifier, index) => `[${JSON.stringify(specifier)}, linked${index}]`).join(", ")}]);`,
    `const code = runCachedCode(process.getBuiltinModule("node:url").fileURLToPath(new URL(${JSON.stringify(`./${scriptName}`)}, import.meta.url)), ${JSON.stringify(key)}, ${JSON.stringify(encoding)}, {`,
    // Built-ins are all bundled code requires; anything else as the chunk's banner would have (createRequire).
    `  require: (specifier) => linked.get(specifier) ?? process.getBuiltinModule(specifier) ?? process.getBuiltinModule("node:module").createRequire(import.meta.url)(specifier),`,
    `  import: (specifier) => import(specifier),`,
    `});`,
    names.length > 0 ? `export const { ${names.join(", ")} } = code;` : "",
  ].join("\n");
  await build({
    stdin: { contents: stub, resolveDir: path.dirname(file), sourcefile: `${path.basename(file)} (stub)`, loader: "js" },
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify,
    external: staticImports,
    logLevel: "warning",
  });
  return { script: scriptName, key, encoding };
}

// `--outdir DIR` builds elsewhere (the staleness test compares that build with the committed dist/).
const outdirFlag = process.argv.indexOf("--outdir");
const outdir = outdirFlag > 0 ? path.resolve(process.argv[outdirFlag + 1]) : path.join(root, "dist");
// `--metafile FILE` writes esbuild's import graph (test/startup-imports.test.ts reads what dist/cli.js loads statically).
const metafileFlag = process.argv.indexOf("--metafile");
const minify = !process.argv.includes("--no-minify");
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
  minify,
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: REQUIRE_BANNER },
  external: ["eslint", "eslint/*"],
  plugins: [lazyPkijsFallback, unusedActionsCoreParts, commonPathInOneChunk, builtinsWithoutFacade],
  logLevel: "warning",
  metafile: true,
});
dropUnusedRequireBanners(outdir);
await cachedCommonPath(result.metafile);
if (metafileFlag > 0) writeFileSync(path.resolve(process.argv[metafileFlag + 1]), JSON.stringify(result.metafile));
console.log(`built ${path.relative(root, outdir) || outdir} (${Object.keys(entryPoints).join(", ")})`);
