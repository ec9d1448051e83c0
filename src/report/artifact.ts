/**
 * Where a finding is shown in the repository. A finding inside a built product has the display path
 * `App.ipa!/Payload/App.app/Info.plist`, which is no file code scanning, a check run or a workflow command
 * can show: every channel points at the archive, and names the member (with its position inside the
 * member, which is not a position in the archive) at the start of the message. SARIF also gives the
 * member as a logical location.
 */
import { lstatSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../linter/finding.js";

export interface Artifact {
  /** The file in the repository: the archive for a member. */
  readonly file: string;
  /** The path inside the archive (`Payload/App.app/Info.plist`), for findings inside one. */
  readonly member?: string;
}

export function artifactOf(finding: Pick<Finding, "file">): Artifact {
  const bang = finding.file.indexOf("!");
  if (bang < 0) return { file: finding.file };
  return { file: finding.file.slice(0, bang), member: finding.file.slice(bang + 1).replace(/^\/+/, "") };
}

/** The repository file a display path is in (the archive for a member). */
export function repoPath(file: string): string {
  return artifactOf({ file }).file;
}

/** Line and column are positions in the repository file, not inside an archive member. */
export function hasFilePosition(finding: Finding): finding is Finding & { line: number } {
  return finding.line !== undefined && artifactOf(finding).member === undefined;
}

/** The message every channel shows: prefixed with the member and its position for findings inside an archive. */
export function shownMessage(finding: Finding): string {
  const { member } = artifactOf(finding);
  if (member === undefined) return finding.message;
  const position = finding.line !== undefined ? `:${finding.line}${finding.column !== undefined ? `:${finding.column}` : ""}` : "";
  return `${member}${position}: ${finding.message}`;
}

/** Sizes of repository files by display path (for SARIF's whole-file regions); regular files only, each stat once. */
export function fileSizes(cwd: string): (file: string) => number | undefined {
  const known = new Map<string, number | undefined>();
  return (file) => {
    if (!known.has(file)) {
      try {
        const stat = lstatSync(path.resolve(cwd, file));
        known.set(file, stat.isFile() ? stat.size : undefined);
      } catch {
        known.set(file, undefined);
      }
    }
    return known.get(file);
  };
}
