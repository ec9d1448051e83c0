/**
 * What a start loads (issue #17, "less to load"): the bundle is built into a temp folder with esbuild's
 * metafile, and the modules `ne-lint --version`, a plain lint and the Action load are checked against the
 * heavy ones that only some runs need. Statically (every import that is not `import()`), and at run time
 * (the chunks Node actually loads to lint examples/, recorded by a module-loader hook).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import module from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliCompileCacheFolder } from "../src/compile-cache.js";
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

/** The inputs bundled into `outputs` and every chunk they import statically. */
function staticInputs(outputs: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of meta.outputs[output]?.imports ?? []) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  outputs.forEach(visit);
  return new Set([...seen].flatMap((output) => Object.keys(meta.outputs[output]?.inputs ?? {})));
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
  it("--help and --version load neither the engine nor the rules", () => {
    const inputs = staticInputs([outputPath("cli.js"), outputOf("src/cli/main.ts")]);
    expect(inputs).toContain("src/cli/args.ts");
    expect([...inputs].filter((input) => input === "src/engine.ts" || input.startsWith("rules/"))).toEqual([]);
    expect(heavyIn(inputs)).toEqual([]);
  });

  it("a plain lint loads the engine, the rules and the plist readers, and none of the heavy modules", () => {
    const inputs = staticInputs([outputPath("cli.js"), outputOf("src/cli/main.ts"), outputOf("src/engine.ts"), outputOf("rules/index.ts")]);
    for (const needed of ["src/engine.ts", "rules/index.ts", "src/decode/xml-plist.ts", "src/decode/bplist.ts"]) expect(inputs).toContain(needed);
    expect(heavyIn(inputs)).toEqual([]);
  });

  it("the Action loads @actions/core without its HTTP client (undici) or exec helpers", () => {
    const inputs = staticInputs([outputPath("index.js"), outputOf("src/action/main.ts")]);
    expect([...inputs].some((input) => input.includes("node_modules/@actions/core/"))).toBe(true);
    expect(inputs).toContain("src/engine.ts");
    expect(heavyIn(inputs)).toEqual([]);
  });
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
