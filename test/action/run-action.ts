/**
 * Runs the bundled Action (dist/index.js) in a child process the way the runner does: inputs as
 * `INPUT_<NAME>` (upper-cased, dashes kept), the event payload file, the step summary and output files
 * (file command protocol), and GITHUB_API_URL pointing at the fake API. Asynchronous, because the fake
 * API server lives in the test process and must keep answering while the Action runs.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../helpers/paths.js";

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
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

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-action-run-"));
  try {
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
    const child = spawn(process.execPath, [path.join(repoRoot, "dist/index.js")], { cwd: options.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
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
    return {
      status,
      stdout,
      stderr,
      summary: readFileSync(summaryFile, "utf8"),
      outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    };
  } finally {
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
