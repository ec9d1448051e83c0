/**
 * The property-list value model every decoder produces and every rule reads.
 *
 * XML plists, binary plists, the plist inside a provisioning profile, DER entitlements from a
 * code signature and JSON app configs (Expo) all become this one tree, so a rule never cares
 * where a value came from. Nodes decoded from text carry a source range; nodes decoded from
 * binary formats have none and findings on them point at the file.
 *
 * Node `type` names are also the ESLint visitor keys of the `plist` language.
 */

/** A point in a text document. `line` and `column` are 1-based; `column` counts UTF-16 code units. */
export interface Position {
  readonly line: number;
  readonly column: number;
  /** 0-based offset into the decoded text, in UTF-16 code units. */
  readonly offset: number;
}

/** A source span; `end` is exclusive (the position just after the last character). */
export interface SourceRange {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  /** Present for nodes decoded from text. */
  loc?: SourceRange;
  /** The containing node (an entry, array or document); set by the decoders. */
  parent?: PlistContainer;
}

export interface PlistString extends NodeBase {
  readonly type: "String";
  readonly value: string;
}
export interface PlistInteger extends NodeBase {
  readonly type: "Integer";
  /** A `bigint` when the value does not fit a double exactly (beyond ±2^53). */
  readonly value: number | bigint;
}
export interface PlistReal extends NodeBase {
  readonly type: "Real";
  readonly value: number;
}
export interface PlistBoolean extends NodeBase {
  readonly type: "Boolean";
  readonly value: boolean;
}
export interface PlistDate extends NodeBase {
  readonly type: "Date";
  /** ISO 8601 text as written (XML) or as derived from the binary timestamp. */
  readonly value: string;
}
export interface PlistData extends NodeBase {
  readonly type: "Data";
  readonly value: Uint8Array;
}
/** Binary plists only (NSKeyedArchiver references). */
export interface PlistUid extends NodeBase {
  readonly type: "Uid";
  readonly value: number | bigint;
}
export interface PlistArray extends NodeBase {
  readonly type: "Array";
  readonly items: PlistValue[];
}

export interface PlistKey extends NodeBase {
  readonly type: "Key";
  readonly value: string;
}

/** One `<key>` and its value inside a dict. Findings about an entry are located at its key. */
export interface PlistEntry extends NodeBase {
  readonly type: "Entry";
  readonly key: PlistKey;
  readonly value: PlistValue;
}

export interface PlistDict extends NodeBase {
  readonly type: "Dict";
  /** Every entry in document order, duplicates included. */
  readonly entries: PlistEntry[];
  /**
   * Lookup by key. A `Map`, never a plain object, so keys such as `__proto__` are ordinary data.
   * When a key repeats, the last entry wins, as in CoreFoundation.
   */
  readonly byKey: Map<string, PlistEntry>;
  /** The earlier entries that a later entry with the same key shadowed (most dicts share one frozen empty list). */
  readonly shadowed: readonly PlistEntry[];
}

export type PlistScalar = PlistString | PlistInteger | PlistReal | PlistBoolean | PlistDate | PlistData | PlistUid;
export type PlistValue = PlistScalar | PlistArray | PlistDict;
export type PlistContainer = PlistArray | PlistDict | PlistEntry;
export type PlistNode = PlistValue | PlistEntry | PlistKey;

export type PlistValueType = PlistValue["type"];

/** An XML comment, kept for suppression directives and the ESLint language. */
export interface PlistComment {
  readonly type: "Comment";
  readonly value: string;
  readonly loc: SourceRange;
}

/**
 * True when a string still holds a build-setting reference (`$(PRODUCT_BUNDLE_IDENTIFIER)`, `${VAR}`, CMake `@VAR@`).
 * Its final value is unknown here, so rules must treat it as unknown, never as wrong.
 *
 * A scan, not `/\$\(([^)]*)\)|\$\{([^}]*)\}/`: that regex rescans the rest of the string from every
 * unterminated `$(` (100 KB of `$(` took 7 s). A reference exists exactly when the first `$(` has a `)`
 * somewhere after it (or the first `${` a `}`), so two `indexOf`s per form decide it in linear time.
 */
export function hasPlaceholder(value: string): boolean {
  return placeholderStart(value) >= 0;
}

/** Where the first build-setting reference (or CMake `@VAR@` of an `Info.plist.in`) starts, or -1 (linear). */
export function placeholderStart(value: string): number {
  const starts = [referenceStart(value, "$(", ")"), referenceStart(value, "${", "}"), cmakeReferenceStart(value)].filter((start) => start >= 0);
  return starts.length === 0 ? -1 : Math.min(...starts);
}

function referenceStart(value: string, open: string, close: string): number {
  const start = value.indexOf(open);
  return start >= 0 && value.indexOf(close, start + 2) >= 0 ? start : -1;
}

/** CMake's `configure_file` `@VAR@`: one pass over the characters (a name never holds an `@`). */
function cmakeReferenceStart(value: string): number {
  if (!value.includes("@")) return -1;
  let start = -1;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x40) {
      if (start >= 0 && index > start + 1) return start;
      start = index;
    } else if (start >= 0 && !(isNameCharacter(code) && (index > start + 1 || !isDigit(code)))) start = -1;
  }
  return -1;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isNameCharacter(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

export function isDict(node: PlistNode | undefined): node is PlistDict {
  return node?.type === "Dict";
}
export function isArray(node: PlistNode | undefined): node is PlistArray {
  return node?.type === "Array";
}
export function isString(node: PlistNode | undefined): node is PlistString {
  return node?.type === "String";
}
export function isBoolean(node: PlistNode | undefined): node is PlistBoolean {
  return node?.type === "Boolean";
}

/** The entry for `key` in `dict`, if `dict` is a dict that has it. */
export function entryOf(dict: PlistNode | undefined, key: string): PlistEntry | undefined {
  return isDict(dict) ? dict.byKey.get(key) : undefined;
}

/** The value for `key` in `dict`, if `dict` is a dict that has it. */
export function valueOf(dict: PlistNode | undefined, key: string): PlistValue | undefined {
  return entryOf(dict, key)?.value;
}

/** Follows a key path through nested dicts. */
export function valueAt(root: PlistNode | undefined, path: readonly string[]): PlistValue | undefined {
  let node: PlistNode | undefined = root;
  for (const key of path) node = valueOf(node, key);
  return node as PlistValue | undefined;
}

/** `true`/`false` for a Boolean node; `undefined` for anything else (including strings like "YES"). */
export function booleanValue(node: PlistNode | undefined): boolean | undefined {
  return isBoolean(node) ? node.value : undefined;
}

/** The string value, or `undefined` when the node is not a string. */
export function stringValue(node: PlistNode | undefined): string | undefined {
  return isString(node) ? node.value : undefined;
}

/** The strings of an array node (non-strings skipped); a lone string counts as a one-element list. */
export function stringItems(node: PlistNode | undefined): PlistString[] {
  if (isString(node)) return [node];
  if (!isArray(node)) return [];
  return node.items.filter(isString);
}

/** The dict key path from the document root to `node`, e.g. `["NSAppTransportSecurity", "NSExceptionDomains"]`. */
export function keyPathOf(node: PlistNode): string[] {
  const path: string[] = [];
  let current: PlistNode | undefined = node;
  while (current) {
    const parent: PlistContainer | undefined = current.parent;
    if (current.type === "Entry") path.push(current.key.value);
    else if (parent?.type === "Array") path.push(String(parent.items.indexOf(current as PlistValue)));
    current = parent;
  }
  return path.reverse();
}

/** Converts a node to plain JavaScript (for `inspect` output and test oracles). */
export function toJs(node: PlistValue): unknown {
  switch (node.type) {
    case "Dict": {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, entry] of node.byKey) out[key] = toJs(entry.value);
      return out;
    }
    case "Array":
      return node.items.map(toJs);
    case "Data":
      return Buffer.from(node.value);
    case "Uid":
      return { UID: node.value };
    default:
      return node.value;
  }
}

/** A short human name for a node's type, as used in messages ("a string", "a Boolean"). */
export function describeType(type: PlistValueType): string {
  switch (type) {
    case "String": return "a string";
    case "Integer": return "an integer";
    case "Real": return "a real number";
    case "Boolean": return "a Boolean";
    case "Date": return "a date";
    case "Data": return "data";
    case "Uid": return "a UID";
    case "Array": return "an array";
    case "Dict": return "a dictionary";
  }
}

/**
 * Adds `entry` at the end of `dict` and links its parents. A repeated key shadows the earlier entry:
 * the last one wins, as in CoreFoundation, and the earlier one stays in `entries` and `shadowed`.
 */
export function insertEntry(dict: PlistDict, entry: PlistEntry): void {
  entry.parent = dict;
  entry.key.parent = entry;
  entry.value.parent = entry;
  dict.entries.push(entry);
  indexEntry(dict, entry);
}

/**
 * What a dict holds for no repeated key: one list shared by every such dict (a decoded tree has thousands of
 * dicts, and an empty array each is 32 bytes kept per dict for nothing).
 */
export const NO_ENTRIES: readonly PlistEntry[] = Object.freeze([]);

/**
 * A decoded tree's top value. Decoders make every node with its `parent` property from the start (a property
 * added later costs a separate property array per node, in trees a run keeps until its rules have run); the top
 * value has none, and losing its last property gives back the shape without it.
 */
export function asRoot(value: PlistValue): PlistValue {
  if (value.parent === undefined) delete value.parent;
  return value;
}

/** Puts `entry`, already in `dict.entries`, in `byKey` (a repeated key shadows the earlier entry). */
export function indexEntry(dict: PlistDict, entry: PlistEntry): void {
  const earlier = dict.byKey.get(entry.key.value);
  if (earlier) (dict as { shadowed: readonly PlistEntry[] }).shadowed = [...dict.shadowed, earlier];
  dict.byKey.set(entry.key.value, entry);
}
