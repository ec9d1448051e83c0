/**
 * Xcode projects parsed on other cores, on machines that have cores to spare (GitHub's hosted runners have 4). Parsing `project.pbxproj` (decoding the text, `@bacons/xcode`'s
 * parse, the objects a lint reads) is most of the time a run spends on projects and most of its garbage;
 * a worker thread does it for a run with enough project bytes to pay for starting one, while the main
 * thread decodes plists and profiles and builds the targets of the projects already done. The main thread's
 * `ConfinedFiles` decides whether each `project.pbxproj` may be read and where it really is (inside the roots,
 * no link); a worker reads only that real path, as `ConfinedFiles.read` would (`O_NOFOLLOW`, bounded), and
 * posts back plain `ProjectFacts` (`project-facts.ts`): its parse tree never enters the main thread's heap.
 * Projects come back in the order they were found, so findings are the same as in-process.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { unreadLocated, type ConfinedFiles } from "../../discover/confined-files.js";
import { measureProjects, type MeasuredProjects, type ProjectInput } from "./project-sizes.js";
import type { DecodeResult } from "../result.js";
import { guardProject, pbxprojReadFailure, projectFactsAt, type ProjectFacts } from "./project-facts.js";

export interface ProjectJob {
  readonly id: number;
  /** Where `ConfinedFiles` located `project.pbxproj`: inside the linted roots, no symbolic link left. */
  readonly realPath: string;
  readonly xcodeprojFsPath: string;
  readonly displayPath: string;
}

export interface ProjectJobResult {
  readonly id: number;
  readonly result: DecodeResult<ProjectFacts>;
  /** Bytes read, for `ConfinedFiles.counts`. */
  readonly bytes: number;
}

/** When a run uses workers (tests lower `minBytes` and `coresLeft` to send a few small projects through the pool). */
export const projectPoolSettings = {
  /** Project bytes below which starting a worker costs more than it saves. */
  minBytes: 2 * 1024 * 1024,
  /** Workers at most. */
  maxWorkers: 2,
  /**
   * Cores left to the main thread and V8's own helper threads (parallel and concurrent garbage collection,
   * background compiling), which already keep a second core half busy during a lint: on 2 cores a worker only
   * competes with them and the corpus took as long (docs/benchmarks.md), so workers start from 3 cores on.
   */
  coresLeft: 2,
  /**
   * Each worker's young generation (V8's semi-spaces): by default a parse grows it to 16 MB per semi-space; the
   * parse tree is short-lived garbage, collected as well in a smaller one, and the process's peak memory is lower
   * (docs/benchmarks.md).
   */
  resourceLimits: { maxYoungGenerationSizeMb: 2 } as ResourceLimits,
};

/** Work sent to workers in this process, for tests that check a run went through them. */
export const projectPoolCounts = { workers: 0, projects: 0, readHere: 0 };

/**
 * The facts of each project, in input order: from workers when the projects are large enough together and the
 * machine has a core to spare, else undefined (the caller reads them in-process).
 */
export function startProjectPool(projects: readonly ProjectInput[], files: ConfinedFiles, measured: MeasuredProjects = measureProjects(projects, files)): Promise<DecodeResult<ProjectFacts>>[] | undefined {
  const workerCount = Math.min(projectPoolSettings.maxWorkers, availableParallelism() - projectPoolSettings.coresLeft, projects.length);
  if (workerCount < 1) return undefined;
  const entry = workerEntry();
  if (!entry) return undefined;
  const { located, sizes, totalBytes } = measured;
  if (totalBytes < projectPoolSettings.minBytes) return undefined;

  const results = projects.map(() => {
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
  const readHere = (id: number): DecodeResult<ProjectFacts> => {
    projectPoolCounts.readHere++;
    const { xcodeprojFsPath, displayPath } = projects[id]!;
    const done = projectFactsAt((located[id] as { realPath: string }).realPath, xcodeprojFsPath, displayPath);
    files.counts.bytes += done.bytes;
    return done.result;
  };
  // Each project goes to the worker with the fewest bytes so far, in file order.
  const assigned: number[][] = Array.from({ length: workerCount }, () => []);
  const load = new Array<number>(workerCount).fill(0);
  for (const [id, where] of located.entries()) {
    if (!where.ok) {
      // What `ConfinedFiles.read` answers for such a path, and so `readXcodeProject`.
      settle(id, guardProject(() => {
        throw pbxprojReadFailure(unreadLocated(where), projects[id]!.displayPath);
      }));
      continue;
    }
    const index = load.indexOf(Math.min(...load));
    load[index]! += sizes[id]!;
    assigned[index]!.push(id);
  }
  for (const ids of assigned) {
    if (ids.length === 0) continue;
    let worker: Worker;
    try {
      worker = new Worker(entry.url, { ...(entry.eval ? { eval: true } : {}), resourceLimits: projectPoolSettings.resourceLimits });
    } catch {
      // No thread to be had (a resource limit, a platform without workers): these projects are read on this thread.
      for (const id of ids) {
        files.counts.opened++;
        settle(id, readHere(id));
      }
      continue;
    }
    // Not unref'd: while the main thread awaits a project, the worker may be the only thing keeping the process
    // alive. It is terminated once its last project is posted back.
    projectPoolCounts.workers++;
    projectPoolCounts.projects += ids.length;
    let pending = ids.length;
    worker.on("message", (message: ProjectJobResult) => {
      files.counts.bytes += message.bytes;
      settle(message.id, message.result);
      if (--pending === 0) void worker.terminate();
    });
    // A worker that dies (out of memory, a bug) or loses a message hands its unfinished projects back: they are
    // read on this thread, and the worker is stopped.
    const takeBack = (): void => {
      pending = 0;
      void worker.terminate();
      for (const id of ids) if (!results[id]!.settled) settle(id, readHere(id));
    };
    worker.on("error", takeBack);
    worker.on("messageerror", takeBack);
    worker.on("exit", () => {
      if (pending > 0) takeBack();
    });
    for (const id of ids) {
      files.counts.opened++;
      const job: ProjectJob = { id, realPath: (located[id] as { realPath: string }).realPath, ...projects[id]! };
      worker.postMessage(job);
    }
  }
  return results.map((entry) => entry.promise);
}

/**
 * The worker's module. Bundled, it is the `chunks/xcode-project-worker.js` entry beside the chunk holding this
 * code (or below the entry file, should this code land there). From the sources (tests), the TypeScript file,
 * loaded through tsx's loader, which a worker registers itself (Node 20 gives `--import` no effect in one).
 */
function workerEntry(): { url: URL | string; eval?: true } | undefined {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    // The ES module build of tsx's API, beside the CommonJS one `require.resolve` finds (which registers nothing here).
    const tsx = pathToFileURL(path.join(path.dirname(createRequire(here).resolve("tsx/esm/api")), "index.mjs")).href;
    const source = new URL("./project-worker.ts", here).href;
    return { url: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
  }
  for (const candidate of ["./xcode-project-worker.js", "./chunks/xcode-project-worker.js"]) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  return undefined;
}
