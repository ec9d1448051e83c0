/**
 * Stage 1 of a run (`lint()` in `src/engine.ts`): the files under the given paths, grouped by what
 * their names say they are. Nothing is read here but directories.
 */
import { roleByName, type FileRole } from "./classify.js";
import { ConfinedFiles } from "./confined-files.js";
import { walk, type FoundFile, type WalkStop } from "./walk.js";

export interface FoundFiles {
  /** Files by role, in walk order. A file named on the command line whose name says nothing is a `plist`. */
  readonly byRole: ReadonlyMap<FileRole, readonly FoundFile[]>;
  /** Bundle folders (`.app`, `.xcarchive`, …): read whole as built products, never walked. */
  readonly bundles: readonly FoundFile[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  /** File-system paths of every file the walk found: they exist, whatever their role, without another stat. */
  readonly existing: ReadonlySet<string>;
  /**
   * `existing` without the files in test folders: what readers that pick files by name (shared schemes,
   * ExportOptions, XcodeGen specs) may judge, as `byRole` holds only judged files.
   */
  readonly judged: ReadonlySet<string>;
  /** Every later read goes through it: confined to the given paths (see `ConfinedFiles`). */
  readonly files: ConfinedFiles;
  /** Caps the walk hit (reported as `lint/incomplete`). */
  readonly stops: readonly WalkStop[];
  /** Files ne-lint reads and bundles found in test folders (`isTestFolder`): set aside, not judged. */
  readonly testData: number;
}

export interface FindOptions {
  readonly cwd: string;
  readonly ignore?: readonly string[];
  /** The folder ignore globs are relative to (the config file's); default `cwd`. */
  readonly ignoreBase?: string;
  /** Default: confined to `paths`. */
  readonly files?: ConfinedFiles;
}

export function findFiles(paths: readonly string[], options: FindOptions): FoundFiles {
  const walked = walk(paths, { cwd: options.cwd, ...(options.ignore ? { ignore: options.ignore } : {}), ...(options.ignoreBase ? { ignoreBase: options.ignoreBase } : {}) });
  const byRole = new Map<FileRole, FoundFile[]>();
  let testData = 0;
  let judged: Set<string> | undefined;
  for (const file of walked.files) {
    if (file.testData) (judged ??= new Set(walked.seen)).delete(file.fsPath);
    const role = roleByName(file.fsPath) ?? (file.explicit ? "plist" : undefined);
    if (!role) continue;
    if (file.testData) {
      testData++;
      continue;
    }
    // Appended in place: copying the list on every file made 40,000 sources quadratic (issue #15).
    const files = byRole.get(role);
    if (files) files.push(file);
    else byRole.set(role, [file]);
  }
  const files = options.files ?? ConfinedFiles.forPaths(paths, options.cwd);
  const explicit = new Set(walked.files.filter((file) => file.explicit).map((file) => file.fsPath));
  files.trustWalk(walked.folders, (fsPath) => walked.seen.has(fsPath) && !explicit.has(fsPath));
  const bundles = walked.bundles.filter((bundle) => !bundle.testData);
  testData += walked.bundles.length - bundles.length;
  return { byRole, bundles, missing: walked.missing, existing: walked.seen, judged: judged ?? walked.seen, files, stops: walked.stops, testData };
}

/** The found files of these roles, role by role. */
export function filesOf(found: FoundFiles, ...roles: FileRole[]): FoundFile[] {
  return roles.flatMap((role) => found.byRole.get(role) ?? []);
}
