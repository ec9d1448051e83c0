/**
 * A worker thread of `project-pool.ts`: turns the bytes of `project.pbxproj` files the main thread read
 * (through `ConfinedFiles`) into `ProjectFacts`, one message per project, in the order they come. It reads
 * no file: every read stays with the main thread's confined reader. The bundle has it as its own entry
 * point (`scripts/build.mjs`: `chunks/xcode-project-worker.js`).
 */
import { parentPort } from "node:worker_threads";
import { projectFactsOfBytes } from "./project-facts.js";
import type { ProjectJob, ProjectJobResult } from "./project-pool.js";

parentPort?.on("message", (job: ProjectJob) => {
  const result: ProjectJobResult = { id: job.id, result: projectFactsOfBytes(job.bytes, job.xcodeprojFsPath, job.displayPath) };
  parentPort!.postMessage(result);
});
