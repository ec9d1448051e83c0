/**
 * What a start loads (issue #17, "less to load"): the bundle is built into a temp folder with esbuild's
 * metafile, and the modules `ne-lint --version`, a plain lint and the Action load are checked against the
 * heavy ones that only some runs need. Statically (every import that is not `import()`), and at run time
 * (the chunks Node actually loads to lint examples/, recorded by a module-loader hook).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import module from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliCompileCacheFolder, hasCompileCache } from "../src/compile-cache.js";
import { repoRoot } from "./helpers/paths.js";

interface Metafile {
  readonly outputs: Record<string, { readonly imports: readonly { readonly path: string; readonly kind: string; readonly external?: boolean }[]; readonly inputs: Record<string, unknown> }>;
}

/** Loaded only by the runs that need them: decoders of other formats, git and drift, other report formats, config validation, the GitHub client. */
const HEAVY = [
  "node_modules/yaml/",
  "node_modules/@bacons/xcode/",
  "node_modules/yauzl/",
  "node_modules/asn1js/",
  "node_modules/pkijs/",
  "node_modules/ajv/",
  "node_modules/@humanwhocodes/momoa/",
  "node_modules/undici/",
  "node_modules/@octokit/",
  "node_modules/@actions/http-client/",
  "node_modules/@actions/exec/",
  "schema/config.schema.json",
  "src/git/",
  "src/drift/against-revision.ts",
  "src/baseline/",
  "src/report/sarif.ts",
  "src/decode/macho/",
  "src/decode/profile/",
];

let outdir: string;
let meta: Metafile;

/** `outputs` and every chunk they import statically. */
function staticChunks(...outputs: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of meta.outputs[output]?.imports ?? []) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  outputs.forEach(visit);
  return seen;
}

/** The inputs bundled into `outputs` and every chunk they import statically. */
function staticInputs(outputs: readonly string[]): Set<string> {
  return new Set([...staticChunks(...outputs)].flatMap((output) => Object.keys(meta.outputs[output]?.inputs ?? {})));
}

/** The output file `import()` loads for `input` (scripts/build.mjs wraps every `import()` target of ours). */
function lazyOutputOf(input: string): string {
  return outputOf(`ne-lint-lazy:${input}`);
}

/** The output file that bundles `input` (a source path relative to the repository). */
function outputOf(input: string): string {
  const found = Object.entries(meta.outputs).filter(([, output]) => input in output.inputs);
  expect(found, input).toHaveLength(1);
  return found[0]![0];
}

const heavyIn = (inputs: Iterable<string>): string[] => [...inputs].filter((input) => HEAVY.some((heavy) => input.includes(heavy)));
const outputPath = (name: string): string => path.relative(repoRoot, path.join(outdir, name)).split(path.sep).join("/");

beforeAll(() => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-startup-"));
  outdir = path.join(scratch, "dist");
  const metafile = path.join(scratch, "meta.json");
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/build.mjs"), "--outdir", outdir, "--metafile", metafile], { cwd: repoRoot, stdio: "pipe" });
  meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
}, 120_000);
afterAll(() => {
  if (outdir) rmSync(path.dirname(outdir), { recursive: true, force: true });
});

describe("what a start loads (static imports of the bundle)", () => {
  // The start escapes the one line an early failure prints, so it holds untrusted-text.ts (not an `import()`: the run
  // may have failed because code could not be loaded).
  it("--version loads only the start of the CLI and the version; --help adds its text", () => {
    const inputs = staticInputs([outputPath("cli.js")]);
    // `ne-lint-builtin:…`: what stdio.ts imports from node:fs, without the ES module facade (scripts/build.mjs, builtinsWithoutFacade).
    expect([...inputs].sort()).toEqual(["ne-lint-builtin:fs:fstatSync,statSync,writeSync", "package.json", "src/cli.ts", "src/cli/io.ts", "src/cli/stdio.ts", "src/code-cache-checksum.ts", "src/code-cache.ts", "src/compile-cache.ts", "src/report/untrusted-text.ts", "src/unsettled-exit.ts", "src/version.ts"]);
    expect([...staticInputs([outputOf("src/cli/help.ts")])].filter((input) => !inputs.has(input))).toEqual(["src/cli/help.ts"]);
  });

  it("a plain lint loads the engine, the rules and the plist readers in one chunk, and none of the heavy modules", () => {
    const main = staticInputs([lazyOutputOf("src/cli/run.ts")]);
    for (const needed of ["src/cli/args.ts", "src/engine.ts", "rules/index.ts", "src/decode/xml-plist.ts", "src/decode/bplist.ts", "src/report/stylish.ts"]) expect(main).toContain(needed);
    expect(heavyIn(main)).toEqual([]);
    // scripts/build.mjs (commonPathInOneChunk): the engine and the rules are in the chunk the CLI's main module imports.
    const core = outputOf("src/engine.ts");
    expect(outputOf("rules/index.ts")).toBe(core);
    expect(outputOf("src/decode/xml-plist.ts")).toBe(core);
    expect(meta.outputs[lazyOutputOf("src/cli/run.ts")]?.imports.some((imported) => imported.path === core)).toBe(true);
  });

  it("the Action loads @actions/core without its HTTP client (undici) or exec helpers", () => {
    const inputs = staticInputs([outputPath("index.js"), lazyOutputOf("src/action/main.ts")]);
    expect([...inputs].some((input) => input.includes("node_modules/@actions/core/"))).toBe(true);
    expect(inputs).toContain("src/engine.ts");
    expect(heavyIn(inputs)).toEqual([]);
  });
});

describe("the wrappers of scripts/build.mjs (commonPathInOneChunk) change no module's exports", () => {
  it("the API and the ESLint plugin export what their sources export", async () => {
    for (const [built, source] of [
      ["api.js", "../src/api.js"],
      ["eslint-plugin.js", "../src/eslint/plugin.js"],
    ] as const) {
      const bundle = (await import(pathToFileURL(path.join(outdir, built)).href)) as Record<string, unknown>;
      const sources = (await import(source)) as Record<string, unknown>;
      expect(Object.keys(bundle).sort(), built).toEqual(Object.keys(sources).sort());
    }
  }, 60_000);

  it("an import() target exports its module's names, and the namespace that makes the common path whole", async () => {
    const stub = (await import(pathToFileURL(path.join(repoRoot, lazyOutputOf("src/report/sarif.ts"))).href)) as Record<string, unknown>;
    const sources = (await import("../src/report/sarif.js")) as Record<string, unknown>;
    expect(Object.keys(stub).sort()).toEqual([...Object.keys(sources), "__neLintCommonPath"].sort());
  }, 60_000);
});

describe("what a lint of examples/ loads (at run time)", () => {
  it("no chunk with a heavy module", () => {
    const hooks = path.join(path.dirname(outdir), "record-loads.mjs");
    const register = path.join(path.dirname(outdir), "register.mjs");
    writeFileSync(hooks, 'export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write(`loaded ${url}\\n`); return next(url, context); }\n');
    writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const run = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, path.join(outdir, "cli.js"), "--format", "json", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect(run.status, run.stderr).toBe(1);
    const loaded = [...run.stderr.matchAll(/^loaded (file:\S+)$/gm)].map((match) => path.relative(repoRoot, fileURLToPath(match[1]!)).split(path.sep).join("/"));
    const inputs = loaded.flatMap((output) => Object.keys(meta.outputs[output]?.inputs ?? {}));
    expect(inputs).toContain("rules/index.ts");
    expect(heavyIn(inputs)).toEqual([]);
    // Each ES module costs a read, a resolution and a link: cli.js, the compile cache, the version, esbuild's
    // helpers, the CLI's main module, the common-path chunk, what it shares with the Xcode project worker, and
    // the JSON report's module (this run asks for JSON): 8 on 2026-12-05, from 33.
    expect(loaded.length, loaded.join("\n")).toBeLessThanOrEqual(8);
  });

  it("through the package's bin (dist/cli.cjs): no chunk loaded as an ES module, and the output of dist/cli.js", () => {
    const hooks = path.join(path.dirname(outdir), "record-loads.mjs");
    const register = path.join(path.dirname(outdir), "register.mjs");
    writeFileSync(hooks, 'export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write(`loaded ${url}\\n`); return next(url, context); }\n');
    writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const lint = (entry: string, ...args: string[]) =>
      spawnSync(process.execPath, ["--import", pathToFileURL(register).href, path.join(outdir, entry), ...args, "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    const [bin, esm] = [lint("cli.cjs"), lint("cli.js")];
    expect([bin.status, bin.stdout]).toEqual([1, esm.stdout]);
    // (With loader hooks registered, Node hands the entry itself to them too.)
    expect(bin.stderr).not.toMatch(/^loaded .*\/chunks\//m);
    expect(esm.stderr).toMatch(/^loaded .*\/chunks\//m);
    // What only some runs need is still loaded from the chunks, into the same module instances: a JSON report.
    const [binJson, esmJson] = [lint("cli.cjs", "--format", "json"), lint("cli.js", "--format", "json")];
    expect([binJson.status, binJson.stdout]).toEqual([1, esmJson.stdout]);
    expect(binJson.stderr).toMatch(/^loaded file:.*\/json-[^/]*\.js$/m);
    expect((JSON.parse(binJson.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });

  it("no node:crypto or node:net when no output needs a fingerprint and no ATS key looks like an address", () => {
    const recorder = path.join(path.dirname(outdir), "record-builtins.cjs");
    writeFileSync(recorder, 'process.on("exit", () => process.stderr.write(`builtins ${process.moduleLoadList.filter((name) => /^NativeModule (crypto|net|tty)$/.test(name)).join(",")}\\n`));\n');
    // Output to files: Node's streams for a pipe or a terminal load node:net themselves.
    const lint = (...args: string[]): { status: number | null; stderr: string } => {
      const [out, err] = ["out.txt", "err.txt"].map((name) => path.join(path.dirname(outdir), name)) as [string, string];
      const fds = [openSync(out, "w"), openSync(err, "w")];
      try {
        const run = spawnSync(process.execPath, ["--require", recorder, path.join(outdir, "cli.js"), ...args, "examples"], { cwd: repoRoot, stdio: ["ignore", ...fds], env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
        return { status: run.status, stderr: readFileSync(err, "utf8") };
      } finally {
        fds.forEach((fd) => closeSync(fd));
      }
    };
    const plain = lint();
    expect(plain.status, plain.stderr).toBe(1);
    expect(plain.stderr).toMatch(/^builtins $/m);
    expect(lint("--format", "json").stderr).toMatch(/^builtins NativeModule crypto$/m);
  });
});

describe("the end of a run (startCli)", () => {
  // `beforeExit` is emitted when Node's event loop runs dry, not by process.exit().
  const recorder = (): string => {
    const file = path.join(path.dirname(outdir), "record-end.cjs");
    writeFileSync(file, 'process.on("beforeExit", () => process.stderr.write("event loop ran dry\\n"));\n');
    return file;
  };

  it("ends the process as soon as the output is written, with the run's status", () => {
    const run = spawnSync(process.execPath, ["--require", recorder(), path.join(outdir, "cli.cjs"), "--format", "json", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect([run.status, run.stderr]).toEqual([1, ""]);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const passing = spawnSync(process.execPath, ["--require", recorder(), path.join(outdir, "cli.cjs"), "--fail-on", "none", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect([passing.status, passing.stderr]).toEqual([0, ""]);
    const usage = spawnSync(process.execPath, ["--require", recorder(), path.join(outdir, "cli.cjs"), "--fail-on", "off", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect([usage.status, usage.stderr]).toEqual([2, 'ne-lint: --fail-on must be one of error, warning, note, none (got "off")\nRun "ne-lint --help" for usage.\n']);
  });

  it.runIf(process.platform !== "win32")("leaves output still in Node's stream (a non-blocking pipe, a slow reader) to be flushed: nothing is lost", () => {
    // Touching process.stdout first makes the pipe non-blocking: the report (~300 KB) fills it, the CLI's direct
    // writes answer EAGAIN and the rest waits in the stream while the reader sleeps.
    const touch = path.join(path.dirname(outdir), "touch-stdout.cjs");
    writeFileSync(touch, "process.stdout;\n");
    const [expected] = [spawnSync(process.execPath, [path.join(outdir, "cli.cjs"), "--format", "sarif", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } }).stdout];
    expect(expected.length).toBeGreaterThan(4 * 65536);
    const run = spawnSync("sh", ["-c", `"${process.execPath}" --require "${touch}" --require "${recorder()}" "${path.join(outdir, "cli.cjs")}" --format sarif examples | (sleep 1; wc -c)`], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect([run.stdout.trim(), run.stderr]).toEqual([String(Buffer.byteLength(expected)), "event loop ran dry\n"]);
  });
});

describe("the compile cache", () => {
  it("lives in the user's cache folder, never a relative or shared one", () => {
    expect(cliCompileCacheFolder({ HOME: "/home/ana" }, "linux")).toBe(path.join("/home/ana", ".cache", "ne-lint", "compile-cache"));
    expect(cliCompileCacheFolder({ HOME: "/home/ana", XDG_CACHE_HOME: "/var/cache/ana" }, "linux")).toBe(path.join("/var/cache/ana", "ne-lint", "compile-cache"));
    expect(cliCompileCacheFolder({ HOME: "/Users/ana" }, "darwin")).toBe(path.join("/Users/ana", "Library/Caches", "ne-lint", "compile-cache"));
    expect(cliCompileCacheFolder({ HOME: "/home/ana", XDG_CACHE_HOME: "cache" }, "linux")).toBe(path.join("/home/ana", ".cache", "ne-lint", "compile-cache"));
    expect(cliCompileCacheFolder({ HOME: "relative" }, "linux")).toBeUndefined();
    expect(cliCompileCacheFolder({}, "linux")).toBeUndefined();
  });

  it("is known to exist from Node's version: where it does not (Node 20), a lint does not load node:module to look", () => {
    expect([hasCompileCache("20.20.2"), hasCompileCache("22.0.0"), hasCompileCache("22.1.0"), hasCompileCache("23.0.0"), hasCompileCache("24.21.0")]).toEqual([false, false, true, true, true]);
    expect(hasCompileCache()).toBe(typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function");
    const recorder = path.join(path.dirname(outdir), "record-module.cjs");
    writeFileSync(recorder, 'process.on("exit", () => { const loaded = process.moduleLoadList.filter((name) => name === "NativeModule module").join(","); process.stderr.write(`builtins ${loaded}\\n`); });\n');
    const run = spawnSync(process.execPath, ["--require", recorder, path.join(outdir, "cli.cjs"), "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    expect(run.status, run.stderr).toBe(1);
    if (!hasCompileCache()) expect(run.stderr).toBe("builtins \n");
  });

  it("an unusable cache folder changes nothing; a usable one is filled on Node 22.1+", () => {
    const scratch = path.join(path.dirname(outdir), "cache-home");
    mkdirSync(scratch);
    writeFileSync(path.join(scratch, "a-file"), "");
    const version = (xdg: string) => spawnSync(process.execPath, [path.join(outdir, "cli.js"), "--version"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: "" } });
    const blocked = version(path.join(scratch, "a-file"));
    expect([blocked.status, blocked.stderr]).toEqual([0, ""]);
    expect(blocked.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const usable = version(path.join(scratch, "cache"));
    expect([usable.status, usable.stderr, usable.stdout]).toEqual([0, "", blocked.stdout]);
    const folder = path.join(scratch, "cache", "ne-lint", "compile-cache");
    if (typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function") expect(readdirSync(folder).length).toBeGreaterThan(0);
    else expect(existsSync(folder)).toBe(false);
  });
});

describe("the common path's code cache (src/code-cache.ts)", () => {
  // Through the package's bin, dist/cli.cjs (dist/cli.js runs the same scripts through their ES module stubs).
  const lintExamples = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(outdir, "cli.cjs"), "--format", "json", ...args, "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", ...env } });
  const cacheFiles = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".v8")) : []);

  it("a lint writes it at exit, the next lint runs from it, and the findings are those of a run without it", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    const uncached = lintExamples({ NODE_DISABLE_COMPILE_CACHE: "1", XDG_CACHE_HOME: xdg });
    expect(uncached.status, uncached.stderr).toBe(1);
    expect(cacheFiles(folder)).toEqual([]);
    const first = lintExamples({ XDG_CACHE_HOME: xdg });
    expect([first.status, first.stderr, first.stdout]).toEqual([1, "", uncached.stdout]);
    // One per script a lint runs: the common path and the chunks it imports (not the Action's main module, a script
    // for dist/index.cjs), each named by the chunk, a hash of its code, Node's version and the architecture (V8
    // checks only the source's length).
    const linted = [...staticChunks(outputOf("src/engine.ts"))].filter((output) => existsSync(path.join(repoRoot, output.replace(/\.js$/, ".script.js"))));
    expect(linted.length).toBeGreaterThan(1);
    expect(cacheFiles(folder).map((name) => name.replace(/\.script-.*$/, ".js")).sort()).toEqual(linted.map((output) => path.basename(output)).sort());
    const cache = cacheFiles(folder).find((name) => name.startsWith(`${path.basename(outputOf("src/engine.ts"), ".js")}.script-`));
    expect(cache).toMatch(new RegExp(`^${path.basename(outputOf("src/engine.ts"), ".js")}\\.script-[0-9a-f]{16}-${process.version}-${process.arch}\\.v8$`));
    const written = statSync(path.join(folder, cache!));
    const second = lintExamples({ XDG_CACHE_HOME: xdg });
    expect([second.status, second.stderr, second.stdout]).toEqual([1, "", uncached.stdout]);
    // Accepted: a cache V8 rejects (or one that could not be read) is written again, under a new inode.
    const after = statSync(path.join(folder, cache!));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("a run that changed V8's heap flags (a large run) writes a cache the usual start accepts, and runs from one", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    // 1 MB of Xcode project makes the run large (src/heap-growth.ts): the fixture's project, padded with a comment.
    // V8 stamps a cache with its flags' hash, so they are put back before the cache is made at exit.
    const repo = path.join(xdg, "repo");
    cpSync(path.join(repoRoot, "test/fixtures/lan-app/declared"), repo, { recursive: true });
    const pbxproj = path.join(repo, "LanApp.xcodeproj", "project.pbxproj");
    writeFileSync(pbxproj, `${readFileSync(pbxproj, "utf8")}\n/* ${"padding ".repeat(140_000)} */\n`);
    // Whether the run changed the flags: the restoring hook src/heap-growth.ts leaves on the global object.
    const recorder = path.join(xdg, "record-flags.cjs");
    const record = path.join(xdg, "flags-changed");
    writeFileSync(recorder, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(record)}, String(typeof globalThis[Symbol.for("ne-lint.restore-v8-flags")] === "function")));\n`);
    const large = () => spawnSync(process.execPath, ["--require", recorder, path.join(outdir, "cli.cjs"), "--format", "json", repo], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", XDG_CACHE_HOME: xdg } });
    const inodes = () => cacheFiles(folder).map((name) => [name, statSync(path.join(folder, name)).ino]);
    const first = large();
    expect(first.stderr).toBe("");
    expect(readFileSync(record, "utf8")).toBe("true");
    const written = inodes();
    expect(written.length).toBeGreaterThan(1);
    // Accepted by the next large run and by a small one (a refused cache is written again, under a new inode).
    const warm = large();
    expect([warm.status, warm.stderr, warm.stdout]).toEqual([first.status, "", first.stdout]);
    expect(inodes()).toEqual(written);
    expect(lintExamples({ XDG_CACHE_HOME: xdg }).status).toBe(1);
    expect(inodes()).toEqual(written);
    // A small project is not worth loading node:v8 for: the flags stay V8's own.
    spawnSync(process.execPath, ["--require", recorder, path.join(outdir, "cli.cjs"), "test/fixtures/lan-app/declared"], { cwd: repoRoot, env: { ...process.env, XDG_CACHE_HOME: xdg } });
    expect(readFileSync(record, "utf8")).toBe("false");
  });

  it("a damaged cache is compiled past and replaced; an unusable folder changes nothing", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    const good = lintExamples({ XDG_CACHE_HOME: xdg });
    const cache = cacheFiles(folder).find((name) => name.startsWith(`${path.basename(outputOf("src/engine.ts"), ".js")}.script-`));
    const size = statSync(path.join(folder, cache!)).size;
    // One byte changed near the end: V8's release builds accept such data (and then hang, abort or crash on every
    // later run); the file's checksum of its data is what refuses it.
    const flipped = Buffer.from(readFileSync(path.join(folder, cache!)));
    flipped[size - 8000] = flipped[size - 8000]! ^ 0xff;
    for (const damaged of [Buffer.alloc(0), Buffer.alloc(size, 0xa5), readFileSync(path.join(folder, cache!)).subarray(0, size >> 1), flipped]) {
      writeFileSync(path.join(folder, cache!), damaged);
      const run = spawnSync(process.execPath, [path.join(outdir, "cli.cjs"), "--format", "json", "examples"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", XDG_CACHE_HOME: xdg } });
      expect([run.status, run.stderr, run.stdout]).toEqual([1, "", good.stdout]);
      // Written again (its size varies by a few bytes with what the run compiled), and accepted by the next run.
      const replaced = statSync(path.join(folder, cache!));
      expect(replaced.size).toBeGreaterThan(size * 0.9);
      lintExamples({ XDG_CACHE_HOME: xdg });
      expect(statSync(path.join(folder, cache!)).ino).toBe(replaced.ino);
    }
    const blocker = path.join(xdg, "a-file");
    writeFileSync(blocker, "");
    const blocked = lintExamples({ XDG_CACHE_HOME: blocker });
    expect([blocked.status, blocked.stderr, blocked.stdout]).toEqual([1, "", good.stdout]);
  });

  it("a warm cache is checked without node:crypto, zlib or Node's streams (and they are not loaded otherwise)", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const recorder = path.join(path.dirname(outdir), "record-checksum-builtins.cjs");
    // The list is read before `process.stderr` (which loads the stream modules) is.
    writeFileSync(recorder, 'process.on("exit", () => { const loaded = process.moduleLoadList.filter((name) => /^NativeModule (crypto|zlib|stream)$/.test(name)).join(","); process.stderr.write(`builtins ${loaded}\\n`); });\n');
    // A plain report: JSON's fingerprints load node:crypto themselves.
    const lint = () => spawnSync(process.execPath, ["--require", recorder, path.join(outdir, "cli.cjs"), "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", XDG_CACHE_HOME: xdg } });
    const [writes, reads] = [lint(), lint()];
    expect(cacheFiles(path.join(xdg, "ne-lint", "compile-cache")).length).toBeGreaterThan(0);
    for (const run of [writes, reads]) {
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toBe("builtins \n");
    }
    expect(reads.stdout).toBe(writes.stdout);
  });

  it("without WebAssembly (node --jitless), which computes its checksum, no cache is read or written", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const good = lintExamples({ XDG_CACHE_HOME: xdg });
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    const written = cacheFiles(folder).map((name) => [name, statSync(path.join(folder, name)).mtimeMs]);
    expect(written.length).toBeGreaterThan(0);
    const jitless = spawnSync(process.execPath, ["--jitless", path.join(outdir, "cli.cjs"), "--format", "json", "examples"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", XDG_CACHE_HOME: xdg } });
    expect([jitless.status, jitless.stdout]).toEqual([1, good.stdout]);
    expect(cacheFiles(folder).map((name) => [name, statSync(path.join(folder, name)).mtimeMs])).toEqual(written);
    const fresh = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    spawnSync(process.execPath, ["--jitless", path.join(outdir, "cli.cjs"), "examples"], { cwd: repoRoot, env: { ...process.env, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "", XDG_CACHE_HOME: fresh } });
    expect(cacheFiles(path.join(fresh, "ne-lint", "compile-cache"))).toEqual([]);
  });

  // Node's recursive mkdir (and its compile cache, which uses it) loops forever where mkdir answers ENOENT
  // for a parent that exists: /proc. A lint takes ~0.3 s here; the guard is 60 times that.
  it.runIf(existsSync("/proc/self"))("a cache folder under /proc is given up, not waited for", () => {
    for (const xdg of ["/proc", "/proc/self/missing"]) {
      const run = spawnSync(process.execPath, [path.join(outdir, "cli.js"), "examples"], { cwd: repoRoot, encoding: "utf8", timeout: 20_000, env: { ...process.env, XDG_CACHE_HOME: xdg, NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" } });
      expect([run.signal, run.status, run.stderr], xdg).toEqual([null, 1, ""]);
    }
  });

  it.runIf(process.platform !== "win32")("a cache folder other users can write (or a link to one) is neither read nor written", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    const good = lintExamples({ XDG_CACHE_HOME: xdg });
    expect(cacheFiles(folder).length).toBeGreaterThan(0);
    // A cache file is code: in a folder another user could write, a planted file would run as this user.
    chmodSync(folder, 0o777);
    const cache = cacheFiles(folder)[0]!;
    writeFileSync(path.join(folder, cache), Buffer.alloc(64, 0xa5));
    const shared = lintExamples({ XDG_CACHE_HOME: xdg });
    expect([shared.status, shared.stderr, shared.stdout]).toEqual([1, "", good.stdout]);
    expect(readFileSync(path.join(folder, cache))).toEqual(Buffer.alloc(64, 0xa5));
    chmodSync(folder, 0o700);
    chmodSync(path.join(xdg, "ne-lint"), 0o777);
    expect(lintExamples({ XDG_CACHE_HOME: xdg }).stdout).toBe(good.stdout);
    expect(readFileSync(path.join(folder, cache))).toEqual(Buffer.alloc(64, 0xa5));
    // The folder itself a link (to a private folder, even): not used either.
    const elsewhere = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const linked = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    mkdirSync(path.join(linked, "ne-lint"), { mode: 0o700 });
    symlinkSync(elsewhere, path.join(linked, "ne-lint", "compile-cache"));
    expect(lintExamples({ XDG_CACHE_HOME: linked }).stdout).toBe(good.stdout);
    expect(cacheFiles(elsewhere)).toEqual([]);
  });

  it("dist/cli.cjs never exits 0 for a run that failed or never finished (as dist/cli.js's top-level await)", () => {
    const preloads = mkdtempSync(path.join(path.dirname(outdir), "preload-"));
    // Standard input that never ends, and nothing else keeping the process alive: the run cannot settle.
    writeFileSync(path.join(preloads, "endless-stdin.cjs"), `const s = new (require("node:stream").PassThrough)(); Object.defineProperty(process, "stdin", { get: () => s, configurable: true });\n`);
    // The common path's script cannot be read: the run fails before the CLI's own error handling.
    writeFileSync(path.join(preloads, "unreadable-script.cjs"), `const fs = require("node:fs"); const read = fs.readFileSync; fs.readFileSync = function (file, ...rest) { if (String(file).endsWith(".script.js")) throw Object.assign(new Error("EIO: i/o error\\u001b[31m"), { code: "EIO" }); return read.call(this, file, ...rest); };\n`);
    const run = (preload: string, ...args: string[]) =>
      spawnSync(process.execPath, ["--unhandled-rejections=warn", "--require", path.join(preloads, preload), path.join(outdir, "cli.cjs"), ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
    const endless = run("endless-stdin.cjs", "--stdin", "--stdin-filename", "Info.plist");
    expect([endless.signal, endless.status, endless.stdout]).toEqual([null, 13, ""]);
    const unreadable = run("unreadable-script.cjs", "examples");
    expect([unreadable.signal, unreadable.status, unreadable.stdout]).toEqual([null, 2, ""]);
    // Escaped as every repository text the CLI prints (src/report/untrusted-text.ts): the message may quote a path.
    expect(unreadable.stderr).toBe("ne-lint: internal error: EIO: i/o error\\x1b[31m\n");
  });

  it("writing a cache removes ours older than 30 days, and nothing else", () => {
    const xdg = mkdtempSync(path.join(path.dirname(outdir), "code-cache-"));
    const folder = path.join(xdg, "ne-lint", "compile-cache");
    mkdirSync(folder, { recursive: true });
    const old = Date.now() / 1000 - 31 * 24 * 60 * 60;
    const files = {
      oldRelease: `chunk-AAAAAAAA.script-0123456789abcdef-${process.version}-${process.arch}.v8`,
      oldNode: "chunk-AAAAAAAA.script-0123456789abcdef-v18.0.0-x64.v8",
      oldHalfWritten: "chunk-AAAAAAAA.script-0123456789abcdef-v18.0.0-x64.v8.4242.tmp",
      recentRelease: "chunk-BBBBBBBB.script-fedcba9876543210-v18.0.0-x64.v8",
      notOurs: "notes.txt",
    };
    for (const [kind, name] of Object.entries(files)) {
      writeFileSync(path.join(folder, name), "x");
      if (kind !== "recentRelease") utimesSync(path.join(folder, name), old, old);
    }
    const run = lintExamples({ XDG_CACHE_HOME: xdg });
    expect([run.status, run.stderr]).toEqual([1, ""]);
    const written = cacheFiles(folder).filter((name) => !Object.values(files).includes(name));
    expect(written.length).toBeGreaterThan(0);
    expect(readdirSync(folder).sort()).toEqual([files.notOurs, files.recentRelease, ...written].sort());
  });

  it("is written only when an entry point offers a folder: the API writes nothing", () => {
    const home = mkdtempSync(path.join(path.dirname(outdir), "code-cache-home-"));
    const api = pathToFileURL(path.join(outdir, "api.js")).href;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", `const { lint } = await import(${JSON.stringify(api)}); await lint({ paths: ["examples"], cwd: process.cwd() });`], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, "cache"), NODE_COMPILE_CACHE: "", NODE_DISABLE_COMPILE_CACHE: "" } });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(readdirSync(home)).toEqual([]);
  });

  it("no module of ours exports a binding it can reassign (the stub's exports are read once the code has run)", () => {
    const mutable: string[] = [];
    const sources = ["src", "rules"].flatMap((folder) => readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts")).map((file) => path.join(folder, file)));
    for (const file of sources) {
      const source = ts.createSourceFile(file, readFileSync(path.join(repoRoot, file), "utf8"), ts.ScriptTarget.ES2022);
      const letOrVar = new Set<string>();
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) !== 0) continue;
        const exported = statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true;
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name)) continue;
          if (exported) mutable.push(`${file}: ${declaration.name.text}`);
          else letOrVar.add(declaration.name.text);
        }
      }
      for (const statement of source.statements) {
        if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
        for (const element of statement.exportClause.elements) if (letOrVar.has((element.propertyName ?? element.name).getText(source))) mutable.push(`${file}: ${element.name.getText(source)}`);
      }
    }
    expect(sources.length).toBeGreaterThan(100);
    expect(mutable).toEqual([]);
  });
});
