/**
 * Xcode expands build settings in Info.plists and entitlements at build time
 * (`INFOPLIST_EXPAND_BUILD_SETTINGS`, entitlements processing). A target configuration's view of such a
 * document is a copy with `$(VAR)` strings expanded from that configuration's settings; nodes keep their
 * source positions, so findings still point at the original file. What stays unknown stays a placeholder.
 */
import { detached } from "../decode/xcode/detached.js";
import type { PlistDocument } from "../model/document.js";
import { asRoot, hasPlaceholder, insertEntry, NO_ENTRIES, type PlistContainer, type PlistDict, type PlistEntry, type PlistKey, type PlistValue } from "../model/plist.js";

export function expandDocument(document: PlistDocument, expand: (text: string) => string): PlistDocument {
  if (!containsPlaceholder(document.root)) return document;
  return { ...document, root: cloneValue(document.root, undefined, expand) };
}

/** The part of a settings view that expansion needs (`ResolvedSettings` in decode/xcode/settings.ts). */
export interface ExpandingSettings {
  expandTraced(text: string, trace: Map<string, string>): { readonly text: string; readonly limited: boolean };
  valueKey(name: string): string;
}

/** The expansions of one document that depend on the same settings, by what those settings are. */
interface VariantGroup {
  readonly names: readonly string[];
  readonly byValues: Map<string, PlistDocument>;
}

/**
 * Expands documents for many targets, sharing the work. An Info.plist used by 2,000 targets whose
 * settings give its `$(…)` the same values is expanded once: the first expansion records which settings
 * it read (`expandTraced`), and a later target whose values for those settings agree gets the same copy.
 * Work is counted (document nodes copied, setting values compared) against one budget per project; past
 * it, documents stay unexpanded (their `$(…)` unknown) and `limited` names them.
 */
export class DocumentExpander {
  static readonly MAX_WORK = 500_000;
  /** Distinct sets of settings one document may depend on before its expansions are no longer shared. */
  static readonly MAX_GROUPS = 16;
  /** Nodes copied plus values compared so far. */
  work = 0;
  /** Documents left unexpanded because the budget ran out. */
  readonly limited = new Set<PlistDocument>();
  /** Documents with a `$(…)` that hit a settings expansion limit and was kept as written. */
  readonly expansionLimited = new Set<PlistDocument>();
  private readonly groups = new Map<PlistDocument, VariantGroup[]>();
  private readonly sizes = new Map<PlistDocument, number>();

  expand(document: PlistDocument, settings: ExpandingSettings): PlistDocument {
    let size = this.sizes.get(document);
    if (size === undefined) this.sizes.set(document, (size = containsPlaceholder(document.root) ? countNodes(document.root) : 0));
    if (size === 0) return document;
    const groups = this.groups.get(document) ?? [];
    for (const group of groups) {
      if (!this.spend(document, group.names.length)) return document;
      const shared = group.byValues.get(valuesKey(group.names, settings));
      if (shared) return shared;
    }
    if (!this.spend(document, size)) return document;
    const trace = new Map<string, string>();
    let limited = false;
    const root = cloneValue(document.root, undefined, (text) => {
      const expanded = settings.expandTraced(text, trace);
      limited ||= expanded.limited;
      return expanded.text;
    });
    const expanded = { ...document, root };
    // A text that hit an expansion limit came back as written; the trace does not say what it depends on.
    if (limited) this.expansionLimited.add(document);
    if (limited || groups.length >= DocumentExpander.MAX_GROUPS) return expanded;
    const names = [...trace.keys()].sort();
    const signature = names.join("\0");
    let group = groups.find((candidate) => candidate.names.join("\0") === signature);
    if (!group) {
      group = { names, byValues: new Map() };
      groups.push(group);
      this.groups.set(document, groups);
    }
    group.byValues.set(valuesKey(names, { valueKey: (name) => trace.get(name)! }), expanded);
    return expanded;
  }

  private spend(document: PlistDocument, work: number): boolean {
    if (this.work + work > DocumentExpander.MAX_WORK) {
      this.limited.add(document);
      return false;
    }
    this.work += work;
    return true;
  }
}

/**
 * Up to this many characters, the values themselves are the key (a digit first: `<length>:<value>` per name);
 * longer, their SHA-256 (`#` first, so the two kinds never meet): a hostile project's long values must not be
 * kept per target. Real values are short, and hashing each target's few values was ~1 % of a corpus run.
 */
export const MAX_PLAIN_VALUES_KEY = 1024;

function valuesKey(names: readonly string[], settings: Pick<ExpandingSettings, "valueKey">): string {
  let key = "";
  for (const name of names) {
    const value = settings.valueKey(name);
    key += `${value.length}:${value}`;
    if (key.length > MAX_PLAIN_VALUES_KEY) return hashedValuesKey(names, settings);
  }
  return key;
}

function hashedValuesKey(names: readonly string[], settings: Pick<ExpandingSettings, "valueKey">): string {
  // node:crypto on first use: a lint without Xcode projects never loads it (src/linter/fingerprint.ts).
  const hash = process.getBuiltinModule("node:crypto").createHash("sha256");
  for (const name of names) {
    const key = settings.valueKey(name);
    // UTF-16 code units as they are: as UTF-8, every unpaired surrogate (a pbxproj's `\UD800` escape) becomes U+FFFD, and values differing only there would meet.
    hash.update(`${key.length}:`).update(key, "utf16le");
  }
  return `#${hash.digest("base64")}`;
}

function countNodes(root: PlistValue): number {
  let count = 0;
  const stack: PlistValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PlistValue;
    count++;
    // No `push(...items)`: spreading an array of a million items overflows the call stack.
    if (node.type === "Array") for (const item of node.items) stack.push(item);
    else if (node.type === "Dict") for (const entry of node.entries) stack.push(entry.value);
  }
  return count;
}

function containsPlaceholder(root: PlistValue): boolean {
  const stack: PlistValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PlistValue;
    if (node.type === "String" && hasPlaceholder(node.value)) return true;
    if (node.type === "Array") for (const item of node.items) stack.push(item);
    else if (node.type === "Dict") for (const entry of node.entries) stack.push(entry.value);
  }
  return false;
}

/**
 * Recursion is bounded by the readers' depth limits (512). Each copy is made in one literal with the properties
 * in the order the XML reader gives them (`xml-plist-builder.ts`; `loc` undefined for a binary plist's nodes), so
 * copies and originals share V8 shapes and no spread makes a temporary object per node.
 */
function cloneValue(node: PlistValue, parent: PlistContainer | undefined, expand: (text: string) => string): PlistValue {
  switch (node.type) {
    case "String": {
      // An expanded value is built from build settings cut from the project text: detached, it does not keep it alive.
      const value = hasPlaceholder(node.value) ? detached(expand(node.value)) : node.value;
      return withParent({ type: "String", value, loc: node.loc, parent });
    }
    case "Array": {
      const items = new Array<PlistValue>(node.items.length);
      const copy = withParent({ type: "Array", items, loc: node.loc, parent });
      for (let index = 0; index < items.length; index++) items[index] = cloneValue(node.items[index]!, copy, expand);
      return copy;
    }
    case "Dict": {
      const copy = withParent({ type: "Dict", entries: [], byKey: new Map(), shadowed: NO_ENTRIES, loc: node.loc, parent } as PlistDict);
      for (const entry of node.entries) {
        const key: PlistKey = { type: "Key", value: entry.key.value, loc: entry.key.loc, parent: undefined };
        const clone: PlistEntry = { type: "Entry", key, value: undefined as unknown as PlistValue, loc: entry.loc, parent: copy };
        (clone as { value: PlistValue }).value = cloneValue(entry.value, clone, expand);
        insertEntry(copy, clone);
      }
      return copy;
    }
    default: {
      const copy = { ...node };
      if (parent !== undefined) copy.parent = parent;
      return copy;
    }
  }
}

/** A root copy has no `parent` property, as a decoded root has none (`asRoot`). */
function withParent<T extends PlistValue>(copy: T): T {
  return copy.parent === undefined ? (asRoot(copy) as T) : copy;
}
