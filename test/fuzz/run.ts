/**
 * `npm run fuzz [-- --target xml[,bplist…]] [--seconds 60] [--seed 42] [--hang-seconds 10]`
 *
 * Runs each target (all by default) for a bounded time on mutated seeds, one worker thread at a
 * time, and prints executions, exec/s and findings per target. A finding (an untyped exception, an
 * `internal` decode error, a small input over 1 s, a hang, running out of memory) is saved to
 * `test/fuzz/regressions/<target>-<hash>.bin` and makes the exit status 1. `--ignore REGEX` skips
 * findings whose message matches (known open bugs) and counts them instead.
 */
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import path from "node:path";
import { saveRegression } from "./corpus.js";
import type { CampaignResult } from "./driver.js";
import { isTargetName, TARGET_NAMES, type TargetName } from "./targets/index.js";
import { HEADER_BYTES, type WorkerInput } from "./shared-input.js";

const { values } = parseArgs({
  options: {
    target: { type: "string", multiple: true },
    seconds: { type: "string", default: "10" },
    seed: { type: "string" },
    "hang-seconds": { type: "string", default: "10" },
    "max-heap-mb": { type: "string", default: "1024" },
    ignore: { type: "string" },
  },
});

const targets = (values.target ?? []).flatMap((list) => list.split(",")).filter(Boolean);
for (const name of targets) {
  if (!isTargetName(name)) {
    console.error(`unknown target '${name}'; targets: ${TARGET_NAMES.join(", ")}`);
    process.exit(2);
  }
}
const selected = (targets.length > 0 ? targets : TARGET_NAMES) as TargetName[];
const seconds = Number(values.seconds);
const hangMs = Number(values["hang-seconds"]) * 1000;
const maxHeapMb = Number(values["max-heap-mb"]);
const seed = values.seed === undefined ? undefined : Number(values.seed);
// Known open bugs (a regular expression on the finding's message) are counted, not reported, so a long run can go past them.
const ignore = values.ignore === undefined ? undefined : new RegExp(values.ignore);
if (!(seconds > 0) || !(hangMs > 0) || !(maxHeapMb > 0) || (seed !== undefined && !Number.isInteger(seed))) {
  console.error("--seconds, --hang-seconds and --max-heap-mb take positive numbers, --seed an integer");
  process.exit(2);
}

/** Largest input kept for a hang or crash report; mutated seeds stay far below it. */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;

interface Outcome {
  readonly target: TargetName;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly seed?: number;
  readonly ignored?: number;
  readonly finding?: { readonly message: string; readonly input: Buffer };
}

function runTarget(target: TargetName): Promise<Outcome> {
  const shared = new SharedArrayBuffer(HEADER_BYTES + MAX_INPUT_BYTES);
  const header = new Int32Array(shared, 0, 2);
  const lastInput = (): Buffer => Buffer.from(new Uint8Array(shared, HEADER_BYTES, Atomics.load(header, 1)));
  const input: WorkerInput = { options: { target, millis: seconds * 1000, ...(seed !== undefined ? { seed } : {}), ...(ignore ? { ignore } : {}) }, shared };
  const started = performance.now();
  const worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
  return new Promise((resolve) => {
    let settled = false;
    let lastCount = 0;
    let lastProgress = performance.now();
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(outcome);
    };
    const stopped = (message: string): Outcome => {
      // A worker that never ran an input failed to start: a broken setup, not a finding.
      if (Atomics.load(header, 0) === 0) {
        console.error(`the ${target} fuzz worker failed before its first execution: ${message}`);
        process.exit(2);
      }
      return { target, executions: Atomics.load(header, 0), elapsedMs: performance.now() - started, finding: { message, input: lastInput() } };
    };
    const watchdog = setInterval(() => {
      const count = Atomics.load(header, 0);
      if (count !== lastCount) {
        lastCount = count;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > hangMs) {
        finish(stopped(`hang: one input ran for more than ${hangMs / 1000} s`));
      }
    }, 250);
    worker.on("message", (result: CampaignResult) => finish({ ...result, ...(result.finding ? { finding: { message: result.finding.message, input: Buffer.from(result.finding.input) } } : {}) }));
    worker.on("error", (error) => {
      const memory = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
      finish(stopped(memory ? `memory: the worker ran out of its ${maxHeapMb} MB heap` : `crash: the worker died (${error.message})`));
    });
    worker.on("exit", (code) => finish(stopped(`crash: the worker exited with status ${code} before reporting`)));
  });
}

const rows: string[][] = [["target", "executions", "exec/s", "seconds", "findings", "ignored"]];
let findings = 0;
for (const target of selected) {
  const outcome = await runTarget(target);
  const rate = outcome.executions / (outcome.elapsedMs / 1000);
  rows.push([target, String(outcome.executions), rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1), (outcome.elapsedMs / 1000).toFixed(1), outcome.finding ? "1" : "0", String(outcome.ignored ?? 0)]);
  if (outcome.finding) {
    findings++;
    const file = saveRegression(target, outcome.finding.input);
    console.log(`FINDING ${target}: ${outcome.finding.message}`);
    console.log(`  input (${outcome.finding.input.length} bytes) saved to ${path.relative(process.cwd(), file)}${outcome.seed !== undefined ? `; reproduce with --target ${target} --seed ${outcome.seed}` : ""}`);
  }
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; ${findings} finding${findings === 1 ? "" : "s"}`);
process.exit(findings > 0 ? 1 : 0);
