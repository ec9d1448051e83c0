/**
 * Runs rules over a workspace and turns reports into findings: severity from config, location from
 * the node, suppressions from comments, de-duplication (a document shared by several targets or
 * configurations is reported once per distinct finding).
 */
import type { PlistDocument } from "../model/document.js";
import { keyPathOf, type PlistNode, type SourceRange } from "../model/plist.js";
import { platformsSharing, type Target } from "../model/target.js";
import { targetLabel, type Workspace } from "../model/workspace.js";
import { compareFindings, mergeTargetLabels, type Finding } from "./finding.js";
import { fingerprintOf, lazyFingerprint } from "./fingerprint.js";
import { isSuppressed, parseSuppressions, type Suppression } from "./suppressions.js";
import { placeDriftReport } from "../drift/locate.js";
import { formatMessage, type ReportDescriptor, type Rule, type Severity, type SeveritySetting, type DriftSettings, type TargetFacts, type TextLocation } from "./types.js";

export interface RuleSettings {
  /** Per-rule severity (or `off`) and options from config. */
  readonly rules?: Readonly<Record<string, { readonly severity?: SeveritySetting; readonly options?: Readonly<Record<string, unknown>> }>>;
  readonly now?: Date;
  /** The comparison drift rules read; without it they do not run (see src/drift/). */
  readonly drift?: DriftSettings;
  /**
   * The path a fingerprint hashes for a display path: relative to the repository root, so a finding keeps
   * its fingerprint (and its baseline entry) whichever folder ne-lint ran from. Default: the display path.
   */
  readonly fingerprintPath?: (file: string) => string;
}

export interface RuleFailure {
  readonly ruleId: string;
  readonly file?: string;
  readonly message: string;
}

export interface RunResult {
  readonly findings: Finding[];
  /** Rules that threw: a bug in ne-lint, reported separately (exit status 2), never silently lost. */
  readonly failures: RuleFailure[];
}

/** The location of a node as findings report it: entries are located at their `<key>`. */
export function locationOf(node: PlistNode | undefined): SourceRange | undefined {
  if (!node) return undefined;
  if (node.type === "Entry") return node.key.loc ?? node.loc;
  return node.loc;
}

export function factsOf(target: Target): TargetFacts {
  return {
    ...(target.platform ? { platform: target.platform.value } : {}),
    ...(target.deploymentTarget ? { deploymentTarget: target.deploymentTarget.value } : {}),
    ...(target.kind ? { kind: target.kind.value } : {}),
    ...(target.distribution ? { distribution: target.distribution.value } : {}),
    name: targetLabel(target),
  };
}

export async function runRules(workspace: Workspace, rules: readonly Rule[], settings: RuleSettings = {}): Promise<RunResult> {
  const findings = new Map<string, Finding>();
  const failures: RuleFailure[] = [];
  const now = settings.now ?? new Date();
  const fingerprintPath = settings.fingerprintPath ?? ((file: string): string => file);
  const memoTable = new Map<string, unknown>();
  const memo = <T>(key: string, compute: () => T): T => {
    if (!memoTable.has(key)) memoTable.set(key, compute());
    return memoTable.get(key) as T;
  };
  const suppressionCache = new Map<PlistDocument, Suppression[]>();
  const suppressionsOf = (document: PlistDocument): Suppression[] => {
    let cached = suppressionCache.get(document);
    if (!cached) suppressionCache.set(document, (cached = parseSuppressions(document.comments)));
    return cached;
  };

  const perRuleAndFile = new Map<string, { count: number; severity: Severity; ruleId: string; file: string }>();
  // Findings name the target and the configuration apart (JSON has both fields); rules see the label.
  const targetsByLabel = new Map(workspace.targets.map((target) => [targetLabel(target), target]));
  const ownerOf = (label: string | undefined): { target?: string; configuration?: string } => {
    if (label === undefined) return {};
    const owner = targetsByLabel.get(label);
    return owner ? { target: owner.name, ...(owner.configuration ? { configuration: owner.configuration } : {}) } : { target: label };
  };
  const add = (rule: Rule, severity: Severity, descriptor: ReportDescriptor & { location?: TextLocation }, file: string, document: PlistDocument | undefined, target: string | undefined): void => {
    const configured = settings.rules?.[rule.meta.id];
    const message = formatMessage(rule.meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data);
    const loc = locationOf(descriptor.node);
    const range = loc
      ? { start: loc.start, end: loc.end }
      : descriptor.location
        ? {
            start: { line: descriptor.location.line, column: descriptor.location.column },
            end: { line: descriptor.location.endLine ?? descriptor.location.line, column: descriptor.location.endColumn ?? descriptor.location.column },
          }
        : undefined;
    if (document && isSuppressed(suppressionsOf(document), rule.meta.id, range?.start.line)) return;
    const key = `${rule.meta.id}\0${file}\0${range ? `${range.start.line}:${range.start.column}` : ":"}\0${message}`;
    const existing = findings.get(key);
    if (existing) {
      // The same finding for another target: one finding that names both.
      if (target && existing.target) findings.set(key, { ...existing, target: mergeTargetLabels(existing.target, target) });
      return;
    }
    // A hostile file can repeat one mistake 100,000 times; past the cap only the count is kept, so the
    // report and memory stay bounded. Counted after suppressions and de-duplication: the cap counts what
    // would be shown, so suppressed or repeated findings never hide a real one.
    const capKey = `${rule.meta.id}\0${file}`;
    const tally = perRuleAndFile.get(capKey) ?? { count: 0, severity, ruleId: rule.meta.id, file };
    perRuleAndFile.set(capKey, tally);
    if (++tally.count > MAX_FINDINGS_PER_RULE_AND_FILE) return;
    const identity = descriptor.node ? keyPathOf(descriptor.node).join("/") : JSON.stringify(descriptor.data ?? {});

    const fingerprint = lazyFingerprint(`${rule.meta.id}\0${fingerprintPath(file)}\0${identity}\0${descriptor.messageId}`);
    const finding: Finding = {
      ruleId: rule.meta.id,
      severity: configured?.severity ? severity : (descriptor.severity ?? severity),
      message,
      file,
      ...(range ? { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column } : {}),
      ...ownerOf(target),
      get fingerprint() {
        return fingerprint();
      },
      ...(descriptor.fix ? { fix: descriptor.fix } : {}),
    };
    findings.set(key, finding);
  };

  const fail = (rule: Rule, file: string | undefined, error: unknown): void => {
    failures.push({ ruleId: rule.meta.id, ...(file ? { file } : {}), message: error instanceof Error ? error.message : String(error) });
  };
  // Most checks are synchronous; awaiting only the ones that return a promise keeps tens of thousands of
  // rule × document calls off the microtask queue.
  const guarded = (rule: Rule, file: string | undefined, body: () => void | Promise<void>): Promise<void> | undefined => {
    try {
      const result = body();
      if (result && typeof result.then === "function") return Promise.resolve(result).catch((error: unknown) => fail(rule, file, error));
    } catch (error) {
      fail(rule, file, error);
    }
    return undefined;
  };

  // A document rule sees a document and the facts of a target using it. Targets with the same facts (all
  // but the name) get the same reports, so each document is checked once per distinct facts (2,000 targets
  // sharing one Info.plist are not 2,000 checks of it), and its findings carry the merged label of every
  // target in the group (`App (AppStore, Release)`), as if each had been checked.
  const groupsByDocument = new Map<PlistDocument, Map<string, { facts: TargetFacts; label: string }>>();
  for (const target of workspace.targets) {
    const facts = factsOf(target);
    const key = `${facts.platform ?? ""}\0${facts.deploymentTarget ?? ""}\0${facts.kind ?? ""}\0${facts.distribution ?? ""}`;
    for (const document of [target.infoPlist, ...target.entitlements, target.signedEntitlements]) {
      if (!document) continue;
      const builtFor = target.siblings.length > 0 ? platformsSharing(target, document.file.path) : [];
      const groupKey = builtFor.length > 1 ? `${key}\0${builtFor.join(",")}` : key;
      let groups = groupsByDocument.get(document);
      if (!groups) groupsByDocument.set(document, (groups = new Map()));
      const group = groups.get(groupKey);
      if (!group) groups.set(groupKey, { facts: builtFor.length > 1 ? { ...facts, builtFor } : facts, label: facts.name ?? "" });
      else if (facts.name) group.label = group.label ? mergeTargetLabels(group.label, facts.name) : facts.name;
    }
  }

  // The documents a rule sees, in workspace order, listed once per set of kinds with their groups as arrays:
  // not every document tested against every rule, and no map lookup or iterator per rule and document
  // (30,000 documents × every document rule in a large monorepo).
  type Group = { facts: TargetFacts; label: string };
  const noGroups: Group[] = [{ facts: {}, label: "" }];
  const documentsByKinds = new Map<string, { document: PlistDocument; groups: Group[] }[]>();
  const documentsOf = (kinds: readonly string[]): { document: PlistDocument; groups: Group[] }[] => {
    const key = kinds.join("\0");
    let list = documentsByKinds.get(key);
    if (!list) {
      list = [];
      for (const document of workspace.documents) {
        if (!kinds.includes(document.kind)) continue;
        const groups = groupsByDocument.get(document);
        list.push({ document, groups: groups ? [...groups.values()] : noGroups });
      }
      documentsByKinds.set(key, list);
    }
    return list;
  };
  const labels = new Map(workspace.targets.map((target) => [target, targetLabel(target)]));

  for (const rule of rules) {
    const configured = settings.rules?.[rule.meta.id];
    const setting = configured?.severity ?? rule.meta.severity;
    if (setting === "off") continue;
    const severity: Severity = setting;
    if (rule.scope === "document") {
      for (const { document, groups } of documentsOf(rule.documents)) {
        for (const { facts, label } of groups) {
          const pending = guarded(rule, document.file.path, () =>
            rule.check({ document, target: facts, report: (d) => add(rule, severity, d, document.file.path, document, label || undefined) }),
          );
          if (pending) await pending;
        }
      }
    } else if (rule.scope === "target") {
      for (const target of workspace.targets) {
        const label = labels.get(target)!;
        const pending = guarded(rule, target.infoPlist?.file.path, () =>
          rule.check({
            target,
            options: configured?.options ?? {},
            now,
            targets: workspace.targets,
            memo,
            report: (d) => {
              add(rule, severity, d, d.document?.file.path ?? d.file ?? defaultFileOf(target), d.document, label);
            },
          }),
        );
        if (pending) await pending;
      }
    } else if (rule.scope === "drift") {
      const drift = settings.drift;
      for (const pair of drift?.pairs ?? []) {
        const shown = pair.head ?? pair.base;
        if (!drift || !shown) continue;
        const label = targetLabel(shown);
        // Paired targets come from the two compared runs, not this workspace: name them apart like any other.
        if (!targetsByLabel.has(label)) targetsByLabel.set(label, shown);
        guarded(rule, shown.infoPlist?.file.path, () =>
          rule.check({
            base: pair.base,
            head: pair.head,
            report: (reported) => {
              const d = placeDriftReport(reported, pair, drift);
              add(rule, severity, d, d.document?.file.path ?? d.file ?? defaultFileOf(shown), d.document, label);
            },
          }),
        );
      }
    } else {
      for (const problem of workspace.problems) {
        if (problem.ruleId !== rule.meta.id) continue;
        const position = problem.position;
        const fingerprint = lazyFingerprint(`${rule.meta.id}\0${fingerprintPath(problem.file.path)}\0${problem.message}`);
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: settings.rules?.[rule.meta.id]?.severity ? severity : (problem.severity ?? severity),
          message: problemMessage(Object.values(rule.meta.messages)[0] ?? "{{reason}}", problem.message),
          file: problem.file.path,
          ...(position ? { line: position.line, column: position.column } : {}),
          get fingerprint() {
            return fingerprint();
          },
        };
        findings.set(`${finding.ruleId}\0${finding.file}\0${finding.line ?? ""}\0${finding.message}`, finding);
      }
    }
  }
  for (const tally of perRuleAndFile.values()) {
    const hidden = tally.count - MAX_FINDINGS_PER_RULE_AND_FILE;
    if (hidden <= 0) continue;
    findings.set(`${tally.ruleId}\0${tally.file}\0overflow`, {
      ruleId: tally.ruleId,
      severity: tally.severity,
      message: `${hidden} more ${tally.ruleId} findings in this file are not listed (ne-lint lists at most ${MAX_FINDINGS_PER_RULE_AND_FILE} per rule and file).`,
      file: tally.file,
      fingerprint: fingerprintOf(`${tally.ruleId}\0${fingerprintPath(tally.file)}\0overflow`),
    });
  }
  return { findings: [...findings.values()].sort(compareFindings), failures };
}

/** Where a finding about a target as a whole is located: its Info.plist, else its entitlements, else its name. */
function defaultFileOf(target: Target): string {
  return target.infoPlist?.file.path ?? target.entitlements[0]?.file.path ?? target.name;
}

/** A decoder's sentence inside a rule's template: mid-sentence it starts in lower case ("cannot be read: the profile is…"). */
function problemMessage(template: string, reason: string): string {
  const atStart = template.trimStart().startsWith("{{reason}}");
  return formatMessage(template, { reason: atStart ? reason : reason.charAt(0).toLowerCase() + reason.slice(1) });
}

/** More than this many findings of one rule in one file says nothing new; the rest are counted, not listed. */
export const MAX_FINDINGS_PER_RULE_AND_FILE = 100;
