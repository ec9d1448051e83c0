/**
 * Where each Xcode project's `project.pbxproj` is and how large it is, measured once before any is parsed: the project
 * pool (project-pool.ts) and how the heap grows (src/heap-growth.ts) are decided by it. Not in the pool's chunk: the
 * heap's decision must come before that chunk is loaded and compiled.
 */
import { statSync } from "node:fs";
import path from "node:path";
import type { ConfinedFiles, Located } from "../../discover/confined-files.js";

/** A project as the walk found it: its `.xcodeproj` folder and the path shown for it. */
export interface ProjectInput {
  readonly xcodeprojFsPath: string;
  readonly displayPath: string;
}

/** Where each project's `project.pbxproj` is and its size: what the pool, and how the heap grows (src/heap-growth.ts), are decided by. */
export interface MeasuredProjects {
  readonly located: readonly Located[];
  readonly sizes: readonly number[];
  readonly totalBytes: number;
}

/** Located on this thread, by the run's confined reader: a worker reads only a path it was given here. */
export function measureProjects(projects: readonly ProjectInput[], files: ConfinedFiles): MeasuredProjects {
  const located = projects.map((project) => files.locate(path.join(project.xcodeprojFsPath, "project.pbxproj")));
  const sizes = located.map((where) => (where.ok ? (statSync(where.realPath, { throwIfNoEntry: false })?.size ?? 0) : 0));
  return { located, sizes, totalBytes: sizes.reduce((sum, size) => sum + size, 0) };
}

