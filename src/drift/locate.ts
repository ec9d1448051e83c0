/**
 * Where a drift finding is shown. Against a git revision, something removed is shown in the old file (same
 * path, old line): that is where the reviewer finds what went away. Between two builds (`ne-lint diff`) every
 * finding is located in the new build, so a release gate points at one artefact: a removal moves onto the
 * head target's file of the same kind (its Info.plist or entitlements), or onto the new build itself when the
 * whole target is gone.
 */
import type { PlistDocument } from "../model/document.js";
import { effectiveEntitlements, type Target } from "../model/target.js";
import type { DriftSettings, ReportDescriptor, TargetPair, TextLocation } from "../linter/types.js";

type DriftReport = ReportDescriptor & { readonly document?: PlistDocument; readonly file?: string; readonly location?: TextLocation };

export function placeDriftReport(report: DriftReport, pair: TargetPair, settings: DriftSettings): DriftReport {
  if (settings.removalsIn === "base" || !report.document || (pair.head && documentsOf(pair.head).includes(report.document))) return report;
  const { document, node: _node, ...rest } = report;
  const file = pair.head ? headFileFor(pair.head, document) : settings.headRoot;
  return file ? { ...rest, file } : rest;
}

function documentsOf(target: Target): PlistDocument[] {
  return [target.infoPlist, ...effectiveEntitlements(target)].filter((document): document is PlistDocument => document !== undefined);
}

function headFileFor(head: Target, document: PlistDocument): string | undefined {
  const entitlements = effectiveEntitlements(head)[0];
  const sameKind = document.kind === "info-plist" ? head.infoPlist : entitlements;
  return (sameKind ?? head.infoPlist ?? entitlements)?.file.path;
}
