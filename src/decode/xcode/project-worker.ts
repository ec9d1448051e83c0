/**
 * A worker thread of `project-pool.ts`: reads the `project.pbxproj` files the main thread's `ConfinedFiles`
 * located (their real paths, inside the linted roots) and posts back their `ProjectFacts`, one message per
 * project, in the order they come. It reads no other file. The bundle has it as its own entry point
 * (`scripts/build.mjs`: `chunks/xcode-project-worker.js`).
 */
import { parentPort } from "node:worker_threads";
import { projectFactsAt } from "./project-facts.js";
import type { ProjectJob, ProjectJobResult } from "./project-pool.js";

parentPort?.on("message", (job: ProjectJob) => {
  const result: ProjectJobResult = { id: job.id, ...projectFactsAt(job.realPath, job.xcodeprojFsPath, job.displayPath) };
  parentPort!.postMessage(result);
});
