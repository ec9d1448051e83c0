/**
 * Runs the Action the way the runner does: inputs as `INPUT_<NAME>` (upper-cased, dashes kept), the event
 * payload file, the step summary and output files (file command protocol), and GITHUB_API_URL pointing at
 * the fake API. Asynchronous, because the fake API server lives in the test process and must keep
 * answering while the Action runs.
 *
 * `runAction` runs the bundle action.yml names (`runs.main`, dist/index.cjs) in a child process: what users run, kept for a few smoke
 * cases per test file. `runActionInProcess` calls the same `run()` from the sources in this process with
 * the same environment and files, and a retry clock that records the delays instead of waiting: same
 * Action code, same HTTP requests to the fake API, without a Node start-up and bundle load per case.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { actionEntry } from "../../bench/action-cold-start.js";
import { DEFAULT_RETRY } from "../../src/action/github-api.js";
import { run } from "../../src/action/main.js";
import { repoRoot } from "../helpers/paths.js";

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
  /** The delays the API retries asked for, in ms (in-process runs only: a child process really waits). */
  readonly retryDelays?: readonly number[];
}

export interface ActionRunOptions {
  /** The checked-out repository (GITHUB_WORKSPACE and working directory). */
  readonly workspace: string;
  readonly inputs: Record<string, string>;
  readonly apiUrl?: string;
  readonly event?: { readonly name: string; readonly payload: object };
  readonly env?: Record<string, string>;
}

/** `core.setOutput` writes `name<<DELIMITER\nvalue\nDELIMITER` blocks to $GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

interface Prepared {
  readonly env: NodeJS.ProcessEnv;
  readonly summaryFile: string;
  readonly outputFile: string;
}

/** The runner's environment and files for one run, in `dir`. */
function prepare(dir: string, options: ActionRunOptions): Prepared {
  const summaryFile = path.join(dir, "step_summary");
  const outputFile = path.join(dir, "output");
  writeFileSync(summaryFile, "");
  writeFileSync(outputFile, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: "octo-org/vpn-app",
    GITHUB_SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
    GITHUB_REF: "refs/pull/1347/merge",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: dir,
    ...(options.apiUrl ? { GITHUB_API_URL: options.apiUrl } : {}),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  if (options.event) {
    const eventFile = path.join(dir, "event.json");
    writeFileSync(eventFile, JSON.stringify(options.event.payload));
    env.GITHUB_EVENT_PATH = eventFile;
    env.GITHUB_EVENT_NAME = options.event.name;
  }
  return { env, summaryFile, outputFile };
}

function finish(prepared: Prepared, status: number | null, stdout: string, stderr: string): ActionRun {
  return { status, stdout, stderr, summary: readFileSync(prepared.summaryFile, "utf8"), outputs: parseOutputFile(readFileSync(prepared.outputFile, "utf8")) };
}

/** The bundled Action in a child process (`entry`: the bundle action.yml runs, unless a test compares another). */
export async function runAction(options: ActionRunOptions, entry: string = actionEntry()): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-action-run-"));
  try {
    const prepared = prepare(dir, options);
    const child = spawn(process.execPath, [path.join(repoRoot, entry)], { cwd: options.workspace, env: prepared.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`the Action did not finish within 60 s\n${stdout}\n${stderr}`));
      }, 60_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    return finish(prepared, status, stdout, stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `@actions/github` fixes its API base URL from `GITHUB_API_URL` once, when it is first imported; the
 * in-process runs therefore all talk to one relay in this process, which forwards each run's requests to
 * that run's fake API (tests start one fake API per scenario).
 */
let relay: { url: string; target: string } | undefined;
async function relayTo(target: string): Promise<string> {
  if (!relay) {
    const agent = new Agent({ keepAlive: false });
    const state = { url: "", target };
    const server = createServer((incoming, outgoing) => {
      const forward = request(new URL(incoming.url ?? "/", state.target), { method: incoming.method, headers: incoming.headers, agent }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.on("error", (error) => outgoing.destroy(error));
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // The relay lives as long as the test file; it must not keep the worker alive.
    server.unref();
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    relay = state;
  }
  relay.target = target;
  return relay.url;
}

/**
 * The Action's `run()` from the sources, in this process. `@actions/core` reads inputs from `process.env`, the
 * Action writes its log to the `writeOut` it is given and fails the step through `process.exitCode`: those are
 * swapped for the run and restored after it. Runs must not overlap (vitest runs a file's tests one after another).
 */
export async function runActionInProcess(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-action-run-"));
  const saved = { env: process.env, stdout: process.stdout.write, stderr: process.stderr.write, exitCode: process.exitCode };
  const retryDelays: number[] = [];
  let stdout = "";
  let stderr = "";
  const capture =
    (append: (text: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((arg): arg is () => void => typeof arg === "function");
      callback?.();
      return true;
    };
  try {
    // Without a fake API the relay forwards to a closed port: a run never reaches api.github.com.
    const prepared = prepare(dir, { ...options, apiUrl: await relayTo(options.apiUrl ?? "http://127.0.0.1:9") });
    process.env = prepared.env;
    process.exitCode = undefined;
    process.stdout.write = capture((text) => (stdout += text)) as typeof process.stdout.write;
    process.stderr.write = capture((text) => (stderr += text)) as typeof process.stderr.write;
    await run(prepared.env, options.workspace, { retry: { ...DEFAULT_RETRY, sleep: async (ms) => void retryDelays.push(ms) }, writeOut: (text) => void (stdout += text) });
    const status = process.exitCode === undefined ? 0 : Number(process.exitCode);
    return { ...finish(prepared, status, stdout, stderr), retryDelays };
  } finally {
    process.env = saved.env;
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A throwaway checked-out repository with the given files. */
export function makeWorkspace(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-action-ws-"));
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file);
    if (!existsSync(path.dirname(target))) mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
