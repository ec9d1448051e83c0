/**
 * Structural problems in an ATS configuration: keys the system does not know (ignored silently),
 * known keys at the wrong level (also ignored), and values of the wrong type. One walk feeds
 * three rules (`ats/unknown-key`, `ats/misplaced-key`, `ats/wrong-type`).
 */
import { hasPlaceholder, isDict, type PlistDict, type PlistEntry, type PlistValue, type PlistValueType } from "../../model/plist.js";
import { closestMatch } from "../did-you-mean.js";
import { ATS_KEYS_BY_LEVEL, ATS_LEVEL_NAMES, KNOWN_MISSPELLINGS, homeLevelOf, type AtsLevel } from "./keys.js";
import { perTree } from "../../linter/last-tree.js";

export type AtsStructureIssue =
  | { readonly kind: "unknown-key"; readonly entry: PlistEntry; readonly level: AtsLevel | "info-plist"; readonly suggestion?: string }
  | { readonly kind: "misplaced-key"; readonly entry: PlistEntry; readonly found: string; readonly belongs: string }
  | { readonly kind: "wrong-type"; readonly entry: PlistEntry; readonly expected: PlistValueType; readonly container: string };

const ATS_ROOT_KEY = "NSAppTransportSecurity";

export function atsStructureIssues(root: PlistValue): readonly AtsStructureIssue[] {
  // Three rules ask for the issues of each Info.plist (30,000 in a large monorepo): found once per tree.
  return isDict(root) ? issuesOf(root) : [];
}

const issuesOf = perTree(findIssues);

function findIssues(root: PlistDict): AtsStructureIssue[] {
  const issues: AtsStructureIssue[] = [];
  for (const entry of root.entries) {
    const key = entry.key.value;
    if (key === ATS_ROOT_KEY) continue;
    const home = homeLevelOf(key, "root") ?? (ATS_KEYS_BY_LEVEL.root.has(key) ? "root" : undefined);
    if (home) issues.push({ kind: "misplaced-key", entry, found: "the Info.plist root", belongs: home === "root" ? "inside NSAppTransportSecurity" : `inside ${ATS_LEVEL_NAMES[home]}` });
    else if (looksLikeAtsRootKey(key)) {
      issues.push({ kind: "unknown-key", entry, level: "info-plist", suggestion: ATS_ROOT_KEY });
    }
  }
  const atsEntry = root.byKey.get(ATS_ROOT_KEY);
  if (!atsEntry) return issues;
  if (!typeIs(atsEntry.value, "Dict")) {
    issues.push({ kind: "wrong-type", entry: atsEntry, expected: "Dict", container: "the Info.plist" });
    return issues;
  }
  const ats = atsEntry.value as PlistDict;
  walkLevel(ats, "root", issues);
  for (const holderKey of ["NSExceptionDomains", "NSPinnedDomains"] as const) {
    const holder = ats.byKey.get(holderKey);
    if (!holder || !isDict(holder.value)) continue;
    const level: AtsLevel = holderKey === "NSExceptionDomains" ? "domain" : "pinned-domain";
    for (const domainEntry of holder.value.entries) {
      const domainKey = domainEntry.key.value;
      const home = homeLevelOf(domainKey, level) ?? (ATS_KEYS_BY_LEVEL[level].has(domainKey) ? level : undefined);
      if (home) {
        issues.push({ kind: "misplaced-key", entry: domainEntry, found: `${holderKey}, where keys are domain names`, belongs: home === "root" ? "directly inside NSAppTransportSecurity" : `inside a domain's dictionary under ${holderKey}` });
        continue;
      }
      if (!typeIs(domainEntry.value, "Dict")) {
        issues.push({ kind: "wrong-type", entry: domainEntry, expected: "Dict", container: holderKey });
        continue;
      }
      walkLevel(domainEntry.value as PlistDict, level, issues);
    }
  }
  return issues;
}

/**
 * Whether a top-level key is a misspelt `NSAppTransportSecurity`. Every Info.plist repeats the same few dozen
 * keys (`CFBundleIdentifier`…), so the answer is remembered per key (bounded) rather than an edit distance per
 * key of every Info.plist.
 */
function looksLikeAtsRootKey(key: string): boolean {
  let answer = misspeltRootKey.get(key);
  if (answer === undefined) {
    answer = closestMatch(key, [ATS_ROOT_KEY]) === ATS_ROOT_KEY;
    if (misspeltRootKey.size < MAX_REMEMBERED_KEYS && key.length <= MAX_REMEMBERED_KEY_LENGTH) misspeltRootKey.set(key, answer);
  }
  return answer;
}

const misspeltRootKey = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;
/** Keys are repository text and the map outlives a run (the ESLint plugin): only short ones are kept. */
const MAX_REMEMBERED_KEY_LENGTH = 64;

function walkLevel(dict: PlistDict, level: AtsLevel, issues: AtsStructureIssue[]): void {
  const known = ATS_KEYS_BY_LEVEL[level];
  for (const entry of dict.entries) {
    const key = entry.key.value;
    const spec = known.get(key);
    if (spec) {
      if (!typeIs(entry.value, spec.type)) issues.push({ kind: "wrong-type", entry, expected: spec.type, container: ATS_LEVEL_NAMES[level] });
      continue;
    }
    const home = homeLevelOf(key, level);
    if (home) {
      issues.push({ kind: "misplaced-key", entry, found: ATS_LEVEL_NAMES[level], belongs: home === "root" ? "directly inside NSAppTransportSecurity" : `inside ${ATS_LEVEL_NAMES[home]}` });
      continue;
    }
    const suggestion = KNOWN_MISSPELLINGS.get(key) ?? closestMatch(key, known.keys());
    issues.push({ kind: "unknown-key", entry, level, ...(suggestion ? { suggestion } : {}) });
  }
}

/** A `$(VAR)` string may expand to anything Xcode allows in that position; never call it the wrong type. */
function typeIs(value: PlistValue, expected: PlistValueType): boolean {
  return value.type === expected || (value.type === "String" && hasPlaceholder(value.value));
}

/** `<string>YES</string>`-style booleans whose intent is certain. */
export function booleanFromString(value: PlistValue): boolean | undefined {
  if (value.type !== "String") return undefined;
  const text = value.value.trim().toLowerCase();
  if (text === "yes" || text === "true") return true;
  if (text === "no" || text === "false") return false;
  return undefined;
}
