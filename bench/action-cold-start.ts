/**
 * Cold start of the bundled Action (the entry action.yml runs, dist/index.cjs) against `node -e 0`: how much a workflow step pays for
 * ne-lint beyond starting Node. Runs the Action as the runner does (INPUT_* environment, summary and
 * output files) on examples/ with annotations off, so no network is involved; separately times loading
 * the GitHub API client chunk, which the Action imports only when it calls the API.
 *
 *   npx tsx bench/action-cold-start.ts [runs]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median, pairedRatio, type PairedRatio } from "./paired.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The entry action.yml runs (`runs.main`), relative to the repository (test/action/run-action.ts runs it too). */
export function actionEntry(): string {
  const main = /^runs:\n(?: {2}.*\n)*? {2}main: (\S+)$/m.exec(readFileSync(path.join(root, "action.yml"), "utf8"))?.[1];
  if (!main) throw new Error("action.yml names no runs.main");
  return main;
}

export interface ColdStart {
  readonly runs: number;
  readonly nodeMs: number;
  readonly actionMs: number;
  /** Per-pair ratios of the Action's run to the `node -e 0` beside it (bench/paired.ts). */
  readonly ratio: PairedRatio;
  /** Extra time to import the Octokit chunk (paid only when annotating via the API or listing PR files). */
  readonly apiClientMs: number;
}

function time(args: string[], env: NodeJS.ProcessEnv, expectStatus: number): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== expectStatus) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
}

export function measureActionColdStart(runs = 15): ColdStart {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-cold-start-"));
  try {
    const summary = path.join(dir, "summary");
    const output = path.join(dir, "output");
    const base = { PATH: process.env.PATH, HOME: process.env.HOME };
    // RUNNER_TEMP emptied before every run, as at the start of a job: on Node 22.1+ the compile cache the
    // Action keeps there is written but never read, so this is a first ne-lint step, not a repeated one.
    const runnerTemp = path.join(dir, "runner-temp");
    const actionEnv = { ...base, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, RUNNER_TEMP: runnerTemp, INPUT_PATHS: "examples/", INPUT_ANNOTATIONS: "none", "INPUT_FAIL-ON": "none" };
    const freshJob = (): void => {
      rmSync(runnerTemp, { recursive: true, force: true });
      mkdirSync(runnerTemp);
      writeFileSync(summary, "");
      writeFileSync(output, "");
    };
    // Two chunks are named github-*: the Octokit client (@actions/github) and the workflow-command report's; the client is the large one.
    const chunks = path.join(root, "dist/chunks");
    const githubChunk = readdirSync(chunks)
      .filter((name) => /^github-.*\.js$/.test(name))
      .sort((a, b) => statSync(path.join(chunks, b)).size - statSync(path.join(chunks, a)).size)[0];
    if (!githubChunk) throw new Error("dist/chunks/github-*.js not found: run npm run build");
    const importChunk = `await import(${JSON.stringify(pathToFileURL(path.join(root, "dist/chunks", githubChunk)).href)})`;
    const node: number[] = [];
    const action: number[] = [];
    const nodeImport: number[] = [];
    const chunkImport: number[] = [];
    // Warm the file cache once, then interleave so drift on a shared machine hits all equally.
    const entry = actionEntry();
    freshJob();
    time([entry], actionEnv, 0);
    for (let i = 0; i < runs; i++) {
      freshJob();
      node.push(time(["-e", "0"], base, 0));
      action.push(time([entry], actionEnv, 0));
      nodeImport.push(time(["--input-type=module", "-e", "await 0"], base, 0));
      chunkImport.push(time(["--input-type=module", "-e", importChunk], base, 0));
    }
    const nodeMs = median(node);
    const actionMs = median(action);
    return { runs, nodeMs, actionMs, ratio: pairedRatio(action, node), apiClientMs: median(chunkImport) - median(nodeImport) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = measureActionColdStart(Number(process.argv[2] ?? 15));
  console.log(
    `action cold start (median of ${result.runs}): node -e 0 ${result.nodeMs.toFixed(1)} ms, ${actionEntry()} on examples/ ${result.actionMs.toFixed(1)} ms ` +
      `→ ${result.ratio.median.toFixed(2)}× node (middle half of the pairs ×${result.ratio.low.toFixed(2)}–×${result.ratio.high.toFixed(2)}); loading the GitHub API client adds ${result.apiClientMs.toFixed(1)} ms when used`,
  );
}
