/**
 * Everything a run decoded: the documents, the targets built from them, and the files that could not
 * be read (problems, reported by problem rules such as `plist/parse-error`).
 */
import type { FileRef, PlistDocument } from "./document.js";
import type { Position } from "./plist.js";
import type { Target } from "./target.js";

export interface Problem {
  readonly ruleId: string;
  readonly file: FileRef;
  readonly message: string;
  readonly position?: Position;
  /** Lowers or raises the rule's severity for this problem (a partial comparison, src/drift/); config still wins. */
  readonly severity?: "error" | "warning" | "note";
}

export interface Workspace {
  readonly documents: PlistDocument[];
  readonly targets: Target[];
  readonly problems: Problem[];
  /** Number of files read (decoded or attempted). */
  files: number;
}

export function emptyWorkspace(): Workspace {
  return { documents: [], targets: [], problems: [], files: 0 };
}

/** Human label of a target in findings: `PacketTunnel (Release)`. */
export function targetLabel(target: Target): string {
  return target.configuration ? `${target.name} (${target.configuration})` : target.name;
}
