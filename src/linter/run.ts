/**
 * Runs rules over a workspace and turns reports into findings: severity from config, location from
 * the node, suppressions from comments, de-duplication (a document shared by several targets or
 * configurations is reported once per distinct finding).
 */
import type { PlistDocument } from "../model/document.js";
import { keyPathOf, type PlistNode, type SourceRange } from "../model/plist.js";
import { platformsSharing, type Platform, type Target } from "../model/target.js";
import { targetLabel, type Workspace } from "../model/workspace.js";
import { compareFindings, mergeTargetLabels, type Finding } from "./finding.js";
import { fingerprintOf, lazyFingerprint } from "./fingerprint.js";
import { isSuppressed, parseSuppressions, type Suppression } from "./suppressions.js";
import { placeDriftReport } from "../drift/locate.js";
import { forgetLastTrees } from "./last-tree.js";
import { formatMessage, type DocumentRuleContext, type ReportDescriptor, type Rule, type Severity, type SeveritySetting, type DriftSettings, type TargetFacts, type TargetRuleContext, type TextLocation } from "./types.js";

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
  // Filled field by field (same order): a spread of a literal per field was most of this function's time on 10,000 targets.
  const facts: { -readonly [K in keyof TargetFacts]: TargetFacts[K] } = {};
  if (target.platform) facts.platform = target.platform.value;
  if (target.deploymentTarget) facts.deploymentTarget = target.deploymentTarget.value;
  if (target.kind) facts.kind = target.kind.value;
  if (target.distribution) facts.distribution = target.distribution.value;
  facts.name = targetLabel(target);
  return facts;
}

export async function runRules(workspace: Workspace, rules: readonly Rule[], settings: RuleSettings = {}): Promise<RunResult> {
  const findings = new Map<string, Finding>();
  const failures: RuleFailure[] = [];
  const now = settings.now ?? new Date();
  const fingerprintPath = settings.fingerprintPath ?? ((file: string): string => file);
  const memoTable = new Map<string, unknown>();
  const memo = <T>(key: string, compute: () => T): T => {
    // One lookup when known (a source scan asks once per file of every target: 40,000 times on one tree).
    let value = memoTable.get(key) as T | undefined;
    if (value === undefined && !memoTable.has(key)) memoTable.set(key, (value = compute()));
    return value as T;
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
  // rule × document calls off the microtask queue. `file` is asked for only when a check fails: it names where.
  const settle = (rule: Rule, file: () => string | undefined, result: unknown): Promise<void> | undefined =>
    result && typeof (result as Promise<void>).then === "function" ? Promise.resolve(result as Promise<void>).catch((error: unknown) => fail(rule, file(), error)) : undefined;
  const guarded = (rule: Rule, file: () => string | undefined, check: () => unknown): Promise<void> | undefined => {
    try {
      return settle(rule, file, check());
    } catch (error) {
      fail(rule, file(), error);
    }
    return undefined;
  };

  // A document rule sees a document and the facts of a target using it. Targets with the same facts (all
  // but the name) get the same reports, so each document is checked once per distinct facts (2,000 targets
  // sharing one Info.plist are not 2,000 checks of it), and its findings carry the merged label of every
  // target in the group (`App (AppStore, Release)`), as if each had been checked.
  // A document's groups in a small list (most documents have one; a map each was 20,000 maps), indexed once it
  // grows (a document 2,000 targets share, with many distinct facts, must not make the grouping quadratic).
  type Group = { readonly key: string; readonly facts: TargetFacts; label: string };
  type Groups = { readonly list: Group[]; index?: Map<string, Group> };
  const groupsByDocument = new Map<PlistDocument, Groups>();
  const addToGroup = (document: PlistDocument, target: Target, key: string, facts: TargetFacts): void => {
    const builtFor = target.siblings.length > 0 ? platformsSharing(target, document.file.path) : NO_PLATFORMS;
    const groupKey = builtFor.length > 1 ? `${key}\0${builtFor.join(",")}` : key;
    let groups = groupsByDocument.get(document);
    if (!groups) groupsByDocument.set(document, (groups = { list: [] }));
    const group = groups.index ? groups.index.get(groupKey) : groups.list.find((candidate) => candidate.key === groupKey);
    if (group) {
      if (facts.name) group.label = group.label ? mergeTargetLabels(group.label, facts.name) : facts.name;
      return;
    }
    const added: Group = { key: groupKey, facts: builtFor.length > 1 ? { ...facts, builtFor } : facts, label: facts.name ?? "" };
    groups.list.push(added);
    if (groups.index) groups.index.set(groupKey, added);
    else if (groups.list.length > 8) groups.index = new Map(groups.list.map((listed) => [listed.key, listed]));
  };
  // A function, not a loop in this async one (which runs once, unoptimised): 10,000 targets.
  const groupAll = (): void => {
    for (const target of workspace.targets) {
      const facts = factsOf(target);
      const key = `${facts.platform ?? ""}\0${facts.deploymentTarget ?? ""}\0${facts.kind ?? ""}\0${facts.distribution ?? ""}`;
      if (target.infoPlist) addToGroup(target.infoPlist, target, key, facts);
      for (const document of target.entitlements) addToGroup(document, target, key, facts);
      if (target.signedEntitlements) addToGroup(target.signedEntitlements, target, key, facts);
    }
  };
  groupAll();

  // Each document has one context per group of targets, made once and handed to every rule of its kind
  // (hundreds of thousands of rule × document calls would each build a context and a closure); its `report`
  // files under the rule being run, which `checkFrom` sets (rules run one at a time, and a check that returns a
  // promise is awaited before the next).
  const noGroups: Group[] = [{ key: "", facts: {}, label: "" }];
  let activeRule: Rule | undefined;
  let activeSeverity: Severity = "error";
  let activeOptions: Readonly<Record<string, unknown>> = {};
  // Made when the document's turn comes (each document has one turn).
  const contextsOf = (document: PlistDocument): DocumentRuleContext[] => {
    const file = document.file.path;
    return (groupsByDocument.get(document)?.list ?? noGroups).map(({ facts, label }) => ({
      document,
      target: facts,
      report: (d: ReportDescriptor) => add(activeRule!, activeSeverity, d, file, document, label || undefined),
    }));
  };
  // One context per target, shared by every target rule the same way; `options` are the running rule's.
  let targetContexts: TargetRuleContext[] | undefined;
  const targetContextsOf = (): TargetRuleContext[] =>
    (targetContexts ??= workspace.targets.map((target) => {
      const label = targetLabel(target);
      return {
        target,
        get options() {
          return activeOptions;
        },
        now,
        targets: workspace.targets,
        memo,
        report: (d) => add(activeRule!, activeSeverity, d, d.document?.file.path ?? d.file ?? defaultFileOf(target), d.document, label),
      };
    }));

  // The rules that run, with their configured severity and options, in the order given.
  const documentRules = new Map<string, ActiveRule<DocumentRuleContext>[]>();
  const targetRules: ActiveRule<TargetRuleContext>[] = [];
  const otherRules: { readonly rule: Rule; readonly severity: Severity }[] = [];
  const order = new Map<string, number>();
  for (const rule of rules) {
    const configured = settings.rules?.[rule.meta.id];
    const setting = configured?.severity ?? rule.meta.severity;
    if (setting === "off") continue;
    order.set(rule.meta.id, order.size);
    const active = { rule, severity: setting, options: configured?.options ?? {} };
    if (rule.scope === "document") {
      // A kind listed twice by a rule (`lint({ rules })` takes any) still runs it once per document.
      for (const kind of new Set(rule.documents)) {
        const list = documentRules.get(kind);
        if (list) list.push(active as ActiveRule<DocumentRuleContext>);
        else documentRules.set(kind, [active as ActiveRule<DocumentRuleContext>]);
      }
    } else if (rule.scope === "target") targetRules.push(active as ActiveRule<TargetRuleContext>);
    else otherRules.push(active);
  }
  /**
   * Runs the rules from `from` on one context, up to the first whose check returns a promise (awaited by the
   * caller before it goes on at `next`: checks run one at a time, the shared contexts rely on it). A plain
   * function the async runner calls per context, so V8 optimises it; most checks are synchronous and never touch
   * the microtask queue.
   */
  const checkFrom = <C>(context: C, active: readonly ActiveRule<C>[], from: number, fileOf: (context: C) => string | undefined): Pending | undefined => {
    for (let index = from; index < active.length; index++) {
      const { rule, severity, options } = active[index] as ActiveRule<C>;
      activeRule = rule;
      activeSeverity = severity;
      activeOptions = options;
      let result: unknown;
      try {
        result = rule.check(context);
      } catch (error) {
        fail(rule, fileOf(context), error);
        continue;
      }
      if (result && typeof (result as Promise<void>).then === "function") {
        return { pending: Promise.resolve(result as Promise<void>).catch((error: unknown) => fail(rule, fileOf(context), error)), next: index + 1 };
      }
    }
    return undefined;
  };
  // Document by document, every rule for its kind on each (a document's views, such as its ATS dictionary, are
  // then read by one rule after another: `readAts` and the other per-tree helpers find the last tree first).
  // Each rule still sees the documents in workspace order, so its findings, caps and merged labels are as if it
  // ran alone.
  // The loops over documents and targets are plain functions too: they return the pending check's promise where
  // one returned a promise, and go on from the same place (`at`) once it settled.
  const at = { document: 0, contexts: undefined as DocumentRuleContext[] | undefined, context: 0, rule: 0 };
  const checkContexts = <C>(contexts: readonly C[], active: readonly ActiveRule<C>[], fileOf: (context: C) => string | undefined): Promise<void> | undefined => {
    for (; at.context < contexts.length; at.context++, at.rule = 0) {
      const stop = checkFrom(contexts[at.context] as C, active, at.rule, fileOf);
      if (stop) {
        at.rule = stop.next;
        return stop.pending;
      }
    }
    return undefined;
  };
  const checkDocuments = (): Promise<void> | undefined => {
    const documents = workspace.documents;
    for (; at.document < documents.length; at.document++, at.contexts = undefined, at.context = 0) {
      const document = documents[at.document] as PlistDocument;
      const active = documentRules.get(document.kind);
      if (!active) continue;
      const pending = checkContexts((at.contexts ??= contextsOf(document)), active, documentFileOf);
      if (pending) return pending;
    }
    return undefined;
  };
  for (let pending = checkDocuments(); pending; pending = checkDocuments()) await pending;
  if (targetRules.length > 0) {
    const contexts = targetContextsOf();
    at.context = 0;
    at.rule = 0;
    for (let pending = checkContexts(contexts, targetRules, targetFileOf); pending; pending = checkContexts(contexts, targetRules, targetFileOf)) await pending;
  }
  for (const { rule, severity } of otherRules) {
    const configured = settings.rules?.[rule.meta.id];
    if (rule.scope === "drift") {
      const drift = settings.drift;
      for (const pair of drift?.pairs ?? []) {
        const shown = pair.head ?? pair.base;
        if (!drift || !shown) continue;
        const label = targetLabel(shown);
        // Paired targets come from the two compared runs, not this workspace: name them apart like any other.
        if (!targetsByLabel.has(label)) targetsByLabel.set(label, shown);
        guarded(
          rule,
          () => shown.infoPlist?.file.path,
          () =>
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
          severity: configured?.severity ? severity : (problem.severity ?? severity),
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
  forgetLastTrees();
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
  // Rule by rule, as the rules were given (a rule's own failures stay in the order it met them).
  failures.sort((a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0));
  return { findings: [...findings.values()].sort(compareFindings), failures };
}

/** Where `checkEach` stopped: a check returned a promise, to await before going on at `next`. */
interface Pending {
  readonly pending: Promise<void>;
  readonly next: number;
}

/** A rule that runs, with its configured severity and options. */
interface ActiveRule<C> {
  readonly rule: Rule & { check(context: C): unknown };
  readonly severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

const documentFileOf = (context: DocumentRuleContext): string => context.document.file.path;
const targetFileOf = (context: TargetRuleContext): string | undefined => context.target.infoPlist?.file.path;

const NO_PLATFORMS: readonly Platform[] = [];

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
