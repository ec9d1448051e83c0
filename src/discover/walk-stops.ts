/**
 * Caps the walk hit, as `lint/incomplete` problems, and the run summary's record of them. The summary
 * says a run was incomplete whatever the rule's configured severity: a config that turns the rule off
 * silences the finding, not the fact.
 */
import type { Problem } from "../model/workspace.js";
import type { WalkStop } from "./walk.js";

export const INCOMPLETE_RULE_ID = "lint/incomplete";

export function walkStopProblems(stops: readonly WalkStop[]): Problem[] {
  return stops.map((stop) => ({ ruleId: INCOMPLETE_RULE_ID, file: { path: stop.first.path, fsPath: stop.first.fsPath }, message: describeStop(stop) }));
}

function describeStop(stop: WalkStop): string {
  if (stop.cap === "files") {
    return `The walk stopped at the ${stop.limit}-file cap: '${stop.first.path}' and every file after it were not read, so their problems are not reported.`;
  }
  const others = stop.count > 1 ? ` (nor ${stop.count - 1} other ${stop.count === 2 ? "folder" : "folders"} past the cap)` : "";
  return `Folders nest deeper than the ${stop.limit}-level cap: '${stop.first.path}' was not read${others}, so the files in it are not checked.`;
}

/** What the run summary reports as the reasons the run was incomplete (empty when it was complete). */
export function incompleteReasons(problems: readonly Problem[]): string[] {
  return problems.filter((problem) => problem.ruleId === INCOMPLETE_RULE_ID).map((problem) => problem.message);
}

/**
 * Incomplete reasons that say a comparison (`--base`, `diff`, the Action on a pull request) was only partly
 * made start with this: the working tree was read, but not everything it changes was compared (src/drift/).
 */
export const DRIFT_INCOMPLETE_PREFIX = "Drift not fully checked: ";

/** What the reasons add up to, for the line every front prints next to its totals. */
export function incompleteHeadline(reasons: readonly string[]): string {
  const drift = reasons.filter((reason) => reason.startsWith(DRIFT_INCOMPLETE_PREFIX)).length;
  const caps = reasons.length - drift;
  const parts: string[] = [];
  if (caps > 0) parts.push(`${caps === 1 ? "a cap was" : "caps were"} hit and some files were not read`);
  if (drift > 0) parts.push("what the change does to what ships was not fully compared");
  return parts.join("; ");
}
