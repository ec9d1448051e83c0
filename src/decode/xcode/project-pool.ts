/**
 * Xcode projects parsed on other cores. Parsing `project.pbxproj` (decoding the text, `@bacons/xcode`'s
 * parse, the objects a lint reads) is most of the time a run spends on projects and most of its garbage;
 * a worker thread does it for a run with enough project bytes to pay for starting one, while the main
 * thread decodes plists and profiles and builds the targets of the projects already done. The main thread
 * reads each file through `ConfinedFiles` and transfers the bytes, so a worker never opens a file; it posts
 * back plain `ProjectFacts` (`project-facts.ts`), and its parse tree never enters the main thread's heap.
 * Projects come back in the order they were found, so findings are the same as in-process.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ConfinedFiles } from "../../discover/confined-files.js";
import type { DecodeResult } from "../result.js";
import { readPbxprojBytes } from "./project.js";
import { projectFactsOfBytes, type ProjectFacts } from "./project-facts.js";

export interface ProjectJob {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly xcodeprojFsPath: string;
  readonly displayPath: string;
}

export interface ProjectJobResult {
  readonly id: number;
  readonly result: DecodeResult<ProjectFacts>;
}

/** When a run uses workers (tests lower `minBytes` to send a few small projects through the pool). */
export const projectPoolSettings = {
  /** Project bytes below which starting a worker costs more than it saves (measured: docs/benchmarks.md). */
  minBytes: 2 * 1024 * 1024,
  /** Workers at most; never more than the cores besides the main thread's. */
  maxWorkers: 3,
};

/** Work sent to workers in this process, for tests that check a run went through them. */
export const projectPoolCounts = { workers: 0, projects: 0 };

/**
 * Each worker's young generation (V8's semi-spaces): the default lets a parse grow it to 16 MB per semi-space;
 * the parse tree is short-lived garbage, collected as well in a smaller one, and the process's peak memory is
 * lower.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

export interface ProjectInput {
  readonly xcodeprojFsPath: string;
  readonly displayPath: string;
}

/**
 * The facts of each project, in input order: from workers when the projects are large enough together and the
 * machine has a core to spare, else undefined (the caller reads them in-process).
 */
export function startProjectPool(projects: readonly ProjectInput[], files: ConfinedFiles): Promise<DecodeResult<ProjectFacts>>[] | undefined {
  const workerCount = Math.min(projectPoolSettings.maxWorkers, availableParallelism() - 1, projects.length);
  if (workerCount < 1) return undefined;
  const entry = workerEntry();
  if (!entry) return undefined;
  // Read on the main thread, through the confined reader: the bytes decide whether workers pay.
  const reads = projects.map((project) => readPbxprojBytes(project.xcodeprojFsPath, project.displayPath, files));
  const total = reads.reduce((sum, read) => sum + (read.ok ? read.value.byteLength : 0), 0);
  if (total < projectPoolSettings.minBytes) return undefined;

  const results = reads.map(() => {
    let resolve!: (result: DecodeResult<ProjectFacts>) => void;
    const promise = new Promise<DecodeResult<ProjectFacts>>((done) => (resolve = done));
    return { promise, resolve, settled: false };
  });
  const settle = (id: number, result: DecodeResult<ProjectFacts>): void => {
    const entry = results[id]!;
    if (entry.settled) return;
    entry.settled = true;
    entry.resolve(result);
  };
  // Each project goes to the worker with the fewest bytes so far, in file order.
  const assigned: number[][] = Array.from({ length: workerCount }, () => []);
  const load = new Array<number>(workerCount).fill(0);
  for (const [id, read] of reads.entries()) {
    if (!read.ok) {
      settle(id, read);
      continue;
    }
    const index = load.indexOf(Math.min(...load));
    load[index]! += read.value.byteLength;
    assigned[index]!.push(id);
  }
  for (const ids of assigned) {
    if (ids.length === 0) continue;
    const worker = new Worker(entry.url, { ...(entry.execArgv ? { execArgv: entry.execArgv } : {}), resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    worker.unref();
    projectPoolCounts.workers++;
    projectPoolCounts.projects += ids.length;
    let pending = ids.length;
    worker.on("message", (message: ProjectJobResult) => {
      settle(message.id, message.result);
      if (--pending === 0) void worker.terminate();
    });
    // A worker that dies (out of memory, a bug) hands its unfinished projects back: they are read in-process.
    const takeBack = (): void => {
      for (const id of ids) {
        if (results[id]!.settled) continue;
        const read = readPbxprojBytes(projects[id]!.xcodeprojFsPath, projects[id]!.displayPath, files);
        settle(id, read.ok ? projectFactsOfBytes(read.value, projects[id]!.xcodeprojFsPath, projects[id]!.displayPath) : read);
      }
    };
    worker.on("error", takeBack);
    worker.on("exit", () => {
      if (pending > 0) takeBack();
    });
    for (const id of ids) {
      const bytes = (reads[id] as { value: Buffer }).value;
      // Transferred when the read has the buffer to itself (files under 4 KB share Node's pool: copied).
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const job: ProjectJob = { id, bytes, ...projects[id]! };
      worker.postMessage(job, whole ? [bytes.buffer as ArrayBuffer] : []);
    }
  }
  return results.map((entry) => entry.promise);
}

/**
 * The worker's module. Bundled, it is the `chunks/xcode-project-worker.js` entry beside the chunk holding this
 * code (or below the entry file, should this code land there); from the sources (tests), the TypeScript file,
 * run through tsx.
 */
function workerEntry(): { url: URL; execArgv?: string[] } | undefined {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return { url: new URL("./project-worker.ts", here), execArgv: ["--import", "tsx"] };
  for (const candidate of ["./xcode-project-worker.js", "./chunks/xcode-project-worker.js"]) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  return undefined;
}
