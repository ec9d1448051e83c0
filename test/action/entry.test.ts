/**
 * The Action's entry that action.yml runs, dist/index.cjs (issue #17: the Action's cold start): built into a temp
 * folder, it must do what dist/index.js (the ES module entry) does, byte for byte, while loading no ES module and
 * none of the Node modules the Action's common case does not need; the GitHub client's chunk only when the API
 * is called. Counted with Node's own lists (a module-loader hook, `process.moduleLoadList`), never timed.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";
import { parseOutputFile } from "./run-action.js";

let scratch: string;
let outdir: string;
let register: string;
let recorder: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-action-entry-"));
  outdir = path.join(scratch, "dist");
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/build.mjs"), "--outdir", outdir], { cwd: repoRoot, stdio: "pipe" });
  // The bundle finds its package.json (the version) beside dist/, as in the repository.
  writeFileSync(path.join(scratch, "package.json"), readFileSync(path.join(repoRoot, "package.json")));
  const hooks = path.join(scratch, "record-loads.mjs");
  register = path.join(scratch, "register.mjs");
  recorder = path.join(scratch, "record-builtins.cjs");
  writeFileSync(hooks, 'export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write(`loaded ${url}\\n`); return next(url, context); }\n');
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(recorder, 'process.on("exit", () => process.stderr.write(`builtins ${process.moduleLoadList.filter((name) => name.startsWith("NativeModule ")).map((name) => name.slice(13)).join(",")}\\n`));\n');
}, 120_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly output: string;
}

/** One step on examples/ as the runner runs it (output and summary files, a fresh RUNNER_TEMP), stdout a pipe. */
async function step(entry: string, nodeArgs: readonly string[], env: Record<string, string> = {}): Promise<StepRun> {
  const dir = mkdtempSync(path.join(scratch, "step-"));
  const files = { summary: path.join(dir, "summary"), output: path.join(dir, "output") };
  writeFileSync(files.summary, "");
  writeFileSync(files.output, "");
  mkdirSync(path.join(dir, "runner-temp"));
  const child = spawn(process.execPath, [...nodeArgs, path.join(outdir, entry)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, RUNNER_TEMP: path.join(dir, "runner-temp"), INPUT_PATHS: "examples/", "INPUT_FAIL-ON": "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { status, stdout, stderr, summary: readFileSync(files.summary, "utf8"), output: readFileSync(files.output, "utf8") };
}

const loadedChunks = (stderr: string): string[] => [...stderr.matchAll(/^loaded file:.*\/(chunks\/[^/]+\.js)$/gm)].map((match) => match[1] as string);

describe("dist/index.cjs, the entry action.yml runs", () => {
  it("writes what dist/index.js writes, loading no ES module", async () => {
    const env = { INPUT_ANNOTATIONS: "commands" };
    const esm = await step("index.js", ["--import", pathToFileURL(register).href], env);
    const commonJs = await step("index.cjs", ["--import", pathToFileURL(register).href], env);
    // examples/ has errors: the gate fails the step, with the findings as annotations, the listing, the summary and outputs.
    expect(commonJs.status).toBe(1);
    expect(commonJs.stdout).toMatch(/^::error file=examples\/ios-vpn-app\/App\/Info\.plist,line=17,/m);
    expect(commonJs.stdout).toMatch(/^::error::ne-lint: \d+ findings at or above "error"$/m);
    expect(parseOutputFile(commonJs.output)).toMatchObject({ result: "fail", "sarif-file": "" });
    expect(commonJs.summary).toContain("ne-lint");
    for (const key of ["status", "stdout", "summary", "output"] as const) expect(commonJs[key], key).toEqual(esm[key]);
    expect(loadedChunks(esm.stderr).length).toBeGreaterThan(0);
    expect(loadedChunks(commonJs.stderr)).toEqual([]);
  }, 60_000);

  it("writes the SARIF file dist/index.js writes (its writer `import()`ed from the chunks)", async () => {
    const sarif = path.join(scratch, "sarif", "out.sarif");
    const esm = await step("index.js", [], { INPUT_ANNOTATIONS: "none", "INPUT_SARIF-FILE": sarif });
    const esmSarif = readFileSync(sarif, "utf8");
    rmSync(sarif);
    const commonJs = await step("index.cjs", [], { INPUT_ANNOTATIONS: "none", "INPUT_SARIF-FILE": sarif });
    expect(JSON.parse(readFileSync(sarif, "utf8")).runs[0].results.length).toBeGreaterThan(0);
    expect(readFileSync(sarif, "utf8")).toBe(esmSarif);
    expect(parseOutputFile(commonJs.output)["sarif-file"]).toBe(sarif);
    for (const key of ["status", "stdout", "summary", "output"] as const) expect(commonJs[key], key).toEqual(esm[key]);
  }, 60_000);

  it("loads neither node:crypto, Node's stream modules, fs/promises nor node:net in the common case", async () => {
    const run = await step("index.cjs", ["--require", recorder], { INPUT_ANNOTATIONS: "none", "INPUT_FAIL-ON": "none", INPUT_TOKEN: "ghs_exampleexampleexampleexample1234" });
    expect(run.status, run.stderr).toBe(0);
    // Standard output is a pipe, as on a runner; the token is masked, the findings listed.
    expect(run.stdout).toMatch(/^::add-mask::ghs_exampleexampleexampleexample1234$/m);
    expect(run.stdout).toMatch(/^::stop-commands::ne-lint-listing-\d+$/m);
    const builtinsOf = (stderr: string): string[] => /^builtins (.*)$/m.exec(stderr)?.[1]?.split(",") ?? [];
    // What Node loads by itself (some stream and ES module helpers at bootstrap) is not the Action's.
    const node = execFileSync(process.execPath, ["--require", recorder, "-e", "0"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(node).toBe("");
    const own = new Set(builtinsOf(spawnSyncStderr(["--require", recorder, "-e", "0"])));
    expect(own.size).toBeGreaterThan(0);
    const builtins = builtinsOf(run.stderr).filter((name) => !own.has(name));
    expect(builtins).toContain("vm");
    expect(builtins.filter((name) => /^(crypto|net|stream|internal\/fs\/promises|internal\/streams\/.*|readline|internal\/modules\/esm\/.*)$/.test(name))).toEqual([]);
  }, 60_000);

  it("imports the GitHub client's chunk when it calls the API, and falls back to workflow commands when refused", async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(403, { "content-type": "application/json" }).end('{"message":"Resource not accessible by integration"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const env = { INPUT_ANNOTATIONS: "checks", INPUT_TOKEN: "ghs_exampleexampleexampleexample1234", GITHUB_REPOSITORY: "octo-org/vpn-app", GITHUB_SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", GITHUB_API_URL: apiUrl };
      const run = await step("index.cjs", ["--import", pathToFileURL(register).href], env);
      expect(run.status, run.stderr).toBe(1);
      expect(requests.length).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/^::error file=examples\/ios-vpn-app\/App\/Info\.plist,line=17,/m);
      expect(loadedChunks(run.stderr).some((chunk) => /^chunks\/github-/.test(chunk))).toBe(true);
      // Without a token the Action never calls the API (with one it does even in commands mode, for a pull request's files).
      const without = await step("index.cjs", ["--import", pathToFileURL(register).href], { ...env, INPUT_ANNOTATIONS: "commands", INPUT_TOKEN: "" });
      expect(without.stdout).toMatch(/^::error file=examples\/ios-vpn-app\/App\/Info\.plist,line=17,/m);
      expect(loadedChunks(without.stderr)).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);

  it("fails the step with one line when the Action's code cannot be loaded", async () => {
    const broken = path.join(scratch, "broken");
    cpSync(outdir, broken, { recursive: true });
    // The Action's main module's script gone (a damaged install): Node's error, one line, no stack trace.
    for (const name of readdirSync(path.join(broken, "chunks")).filter((file) => /^main-.*\.script\.js$/.test(file))) rmSync(path.join(broken, "chunks", name));
    const run = await step(path.join("..", "broken", "index.cjs"), []);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ne-lint: internal error: ".*"\n$/);
  }, 60_000);

  it("fails the step with status 13 when its run never settles (as an unsettled top-level await), in both entries", async () => {
    // The SARIF writer's chunk never resolves: the run's promise stays pending and nothing keeps Node alive.
    const hang = path.join(scratch, "hang-sarif.mjs");
    const hangRegister = path.join(scratch, "hang-register.mjs");
    writeFileSync(hang, 'export async function resolve(specifier, context, next) { return /\\/sarif-[^/]*\\.js$/.test(specifier) ? new Promise(() => {}) : next(specifier, context); }\n');
    writeFileSync(hangRegister, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hang).href)});\n`);
    for (const entry of ["index.cjs", "index.js"]) {
      const run = await step(entry, ["--import", pathToFileURL(hangRegister).href], { INPUT_ANNOTATIONS: "none", "INPUT_FAIL-ON": "none", "INPUT_SARIF-FILE": path.join(scratch, "never.sarif") });
      expect([entry, run.status, run.output]).toEqual([entry, 13, ""]);
    }
  }, 60_000);
});

function spawnSyncStderr(args: readonly string[]): string {
  return spawnSync(process.execPath, args, { encoding: "utf8" }).stderr;
}
