/**
 * Builds the plist tree from a reader's element events (open tag at its `<`, text, close tag just past its `>`).
 * Both XML readers drive it — the strict `saxes` reader and the fast reader of the plist subset
 * (`xml-plist-subset.ts`) — so every structural rule, limit, value check and source range is written once and
 * the two readers cannot build different trees from the same events.
 *
 * Grammar: Apple's PropertyList-1.0.dtd — plist → (array | data | date | dict | real | integer | string | true |
 * false); dict → (key, value)*.
 */
import type { PlistArray, PlistDict, PlistEntry, PlistKey, PlistValue, SourceRange } from "../model/plist.js";
import { asRoot, indexEntry, NO_ENTRIES } from "../model/plist.js";
import { DecodeFailure } from "./result.js";
import { detached } from "./xcode/detached.js";
import type { LineIndex } from "./xml-plist.js";

export interface XmlPlistLimits {
  /** Deepest allowed nesting of dicts and arrays. */
  readonly maxDepth: number;
  /**
   * Most values (dicts, arrays, scalars; keys not counted) one file may hold. Every value carries
   * its source range, about 450 bytes of heap each, so a 10 MB file of `<key>k</key><true/>` pairs
   * (a million values) would take over 500 MB and seconds; real Info.plists and entitlements hold
   * a few thousand at most.
   */
  readonly maxNodes?: number;
}

export const DEFAULT_XML_PLIST_LIMITS: XmlPlistLimits = { maxDepth: 512, maxNodes: 100_000 };

/**
 * CFPropertyList reads at most 128-bit integers (bplist) and 64-bit ones (XML); a longer digit
 * string is not a number any Apple tool accepts, and `BigInt` on millions of digits takes seconds.
 */
const MAX_INTEGER_DIGITS = 40;
/** CFBinaryPList's 16-byte integers: signed 128-bit, and unsigned 64-bit values written as 128-bit. */
const INTEGER_CEILING = 1n << 128n;
const INTEGER_FLOOR = -(1n << 127n);

/** The elements that hold text; everything else is a container. */
export const SCALAR_ELEMENTS: ReadonlySet<string> = new Set(["string", "integer", "real", "date", "data", "true", "false", "key"]);
const DECIMAL_INTEGER = /^[+-]?\d+$/;
const HEX_INTEGER = /^[+-]?0[xX][0-9a-fA-F]+$/;
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter can split a digit run between two quantifiers in n ways.
const REAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// A Map, not an object literal: `<real>constructor</real>` must not find `Object.prototype.constructor`.
const SPECIAL_REALS: ReadonlyMap<string, number> = new Map([["nan", NaN], ["+infinity", Infinity], ["infinity", Infinity], ["-infinity", -Infinity], ["+inf", Infinity], ["inf", Infinity], ["-inf", -Infinity]]);
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map([...BASE64_ALPHABET].map((c, i) => [c, i]));
const XML_WHITESPACE_RUNS = /[\t\n\r ]+/g;
/** Groups of four alphabet characters, the last one padded with `=` as RFC 4648 writes it: fixed widths, linear. */
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `<data>` as Core Foundation's XML plist parser reads it (`__CFPLDataDecode`): characters outside the base64
 * alphabet are skipped, `=` counts as a zero sextet whose run at the end trims the last group, and an incomplete
 * final group is dropped. Written by hand because Node's decoder documents no behaviour for stray characters,
 * and a profile or Info.plist that Apple reads must not be a parse error here.
 *
 * Canonical base64 split by XML whitespace (every certificate of a provisioning profile) decodes to the same
 * bytes under both readings, so it goes to Node's native decoder: the character loop below cost ~50 ms of a
 * corpus lint (40 profiles), run mostly unoptimised.
 */
export function decodeDataAsApple(text: string): Uint8Array {
  const compact = text.replace(XML_WHITESPACE_RUNS, "");
  if (CANONICAL_BASE64.test(compact)) return new Uint8Array(Buffer.from(compact, "base64"));
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  let pads = 0;
  for (const c of text) {
    if (c === "=") pads++;
    else if (!/\s/.test(c)) pads = 0;
    const value = c === "=" ? 0 : BASE64_VALUE.get(c);
    if (value === undefined) continue;
    bits = (bits << 6) | value;
    if (++count < 4) continue;
    count = 0;
    bytes.push((bits >> 16) & 0xff);
    if (pads < 2) bytes.push((bits >> 8) & 0xff);
    if (pads < 1) bytes.push(bits & 0xff);
    bits = 0;
  }
  return new Uint8Array(bytes);
}

interface ContainerFrame {
  readonly tag: "dict" | "array" | "plist";
  readonly start: number;
  readonly node: PlistDict | PlistArray | undefined;
  /** Where this container's entries or items start in the builder's `children`. */
  readonly firstChild: number;
  /** The `<key>` waiting for its value (dicts only), and the offset of its `<`. */
  pendingKey: PlistKey | undefined;
  pendingKeyStart: number;
  /** The single value of `<plist>`. */
  value: PlistValue | undefined;
}

type Fail = (code: string, message: string, offset: number) => never;

/**
 * Turns element events into the tree. Offsets are UTF-16 offsets into the original text (the readers read a
 * copy of the same length, see `prepareXml`). A problem throws `DecodeFailure`.
 */
export interface PlistTreeBuilder {
  /** An element starts; `start` is the offset of its `<`. */
  openTag(name: string, start: number): void;
  /** Character data (entities expanded, line ends normalised); `end` is the offset of the `<` after it. */
  characters(chunk: string, end: number): void;
  /** A CDATA section; `at` is where the reader stands after it. */
  cdata(chunk: string, at: number): void;
  /** An element ends; `end` is the offset just past its `>` (the `/>` of an empty element). */
  closeTag(name: string, end: number): void;
  /** The document ended: its one value. */
  finish(): PlistValue;
  readonly fail: Fail;
}

type Parent = PlistArray | PlistEntry | undefined;

// Closures over local state, not a class: measured on the corpus plists, a class instance made V8 pretenure the
// tree's allocation sites, scavenges then kept dead trees alive (~10x the GC samples), and warm decoding was 3x slower.
//
// The tree is most of what a run keeps until its rules have run, so each node is made once with every property
// it will have (its parent included: a property added later costs a separate property array per node), ranges
// are `LocatedRange`s, and a container's entries or items wait on one shared stack until it closes, then become
// an array of exactly their number (an array grown by `push` reserves room for 17).
export function plistTreeBuilder(text: string, lines: LineIndex, limits: XmlPlistLimits): PlistTreeBuilder {
  const containers: ContainerFrame[] = [];
  const children: (PlistEntry | PlistValue)[] = [];
  // The open scalar element (`<string>`, `<key>`…), kept in three variables rather than an object per element.
  let scalarTag: string | undefined;
  let scalarStart = 0;
  let scalarText = "";
  let root: PlistValue | undefined;
  let sawPlistElement = false;
  const maxNodes = limits.maxNodes ?? DEFAULT_XML_PLIST_LIMITS.maxNodes ?? Number.POSITIVE_INFINITY;
  let nodes = 0;

  const fail: Fail = (code, message, offset) => {
    throw new DecodeFailure(code, message, { position: lines.position(Math.max(0, Math.min(offset, text.length))) });
  };

  const countNode = (at: number): void => {
    if (++nodes > maxNodes) fail("plist-too-large", `the property list holds more than ${maxNodes} values, far more than any Info.plist or entitlements file`, at);
  };

  /**
   * The parent a value opening now will have: the array it is in, or a new entry of the dict it is in (for its
   * pending key, whose value it is); undefined at the top level or when a dict has no key waiting (an error
   * `place` reports once the value is read, as before).
   */
  const parentOfNext = (): Parent => {
    const frame = containers.at(-1);
    const container = frame?.node;
    if (!container) return undefined;
    if (container.type === "Array") return container;
    const key = frame.pendingKey;
    if (!key) return undefined;
    const entry: PlistEntry = { type: "Entry", key, value: undefined as unknown as PlistValue, loc: undefined, parent: container };
    key.parent = entry;
    return entry;
  };

  /** Puts a finished value where it belongs, or fails when it may not stand there. */
  const place = (value: PlistValue, parent: Parent, end: number, at: number): void => {
    const frame = containers.at(-1);
    if (!frame) {
      if (root) fail("plist-structure", "the document has more than one top-level value", at);
      root = value;
      return;
    }
    if (frame.tag === "plist") {
      if (frame.value) fail("plist-structure", "<plist> holds more than one value", at);
      frame.value = value;
      return;
    }
    if (frame.tag === "array") {
      children.push(value);
      return;
    }
    if (!parent) fail("plist-structure", `a ${describeTag(value)} in a <dict> has no <key> before it`, at);
    const entry = parent as PlistEntry;
    (entry as { value: PlistValue }).value = value;
    entry.loc = lines.range(frame.pendingKeyStart, end);
    frame.pendingKey = undefined;
    children.push(entry);
  };

  const openTag = (name: string, start: number): void => {
    if (scalarTag !== undefined) fail("plist-structure", `<${name}> cannot appear inside <${scalarTag}>`, start);
    if (name === "plist") {
      if (sawPlistElement || containers.length > 0) fail("plist-structure", "<plist> may only be the root element", start);
      sawPlistElement = true;
      containers.push({ tag: "plist", start, node: undefined, firstChild: children.length, pendingKey: undefined, pendingKeyStart: 0, value: undefined });
      return;
    }
    if (name === "dict" || name === "array") {
      if (containers.length >= limits.maxDepth) fail("plist-too-deep", `the property list nests deeper than ${limits.maxDepth} levels`, start);
      const parentFrame = containers.at(-1);
      if (parentFrame?.node?.type === "Dict" && !parentFrame.pendingKey) fail("plist-structure", `a <${name}> in a <dict> has no <key> before it`, start);
      countNode(start);
      const parent = parentOfNext();
      const node: PlistDict | PlistArray =
        name === "dict"
          ? { type: "Dict", entries: NO_ENTRIES as PlistEntry[], byKey: new Map(), shadowed: NO_ENTRIES, loc: undefined, parent }
          : { type: "Array", items: NO_VALUES as PlistValue[], loc: undefined, parent };
      containers.push({ tag: name, start, node, firstChild: children.length, pendingKey: undefined, pendingKeyStart: 0, value: undefined });
      return;
    }
    if (SCALAR_ELEMENTS.has(name)) {
      const parent = containers.at(-1);
      if (name === "key") {
        if (parent?.node?.type !== "Dict") fail("plist-structure", "<key> is only allowed directly inside <dict>", start);
        if (parent?.pendingKey) fail("plist-structure", `the key "${parent.pendingKey.value}" has no value`, start);
      } else countNode(start);
      scalarTag = name;
      scalarStart = start;
      scalarText = "";
      return;
    }
    fail("plist-unknown-element", `<${name}> is not a property-list element`, start);
  };

  const characters = (chunk: string, end: number): void => {
    if (scalarTag !== undefined) {
      scalarText += chunk;
      return;
    }
    if (/\S/.test(chunk)) {
      const at = end - chunk.length;
      fail("plist-structure", `unexpected text ${JSON.stringify(chunk.trim().slice(0, 40))} outside a value element`, at + chunk.search(/\S/));
    }
  };

  const cdata = (chunk: string, at: number): void => {
    if (scalarTag !== undefined) scalarText += chunk;
    else if (/\S/.test(chunk)) fail("plist-structure", "unexpected CDATA outside a value element", at);
  };

  const closeTag = (name: string, end: number): void => {
    if (scalarTag !== undefined) {
      const tag = scalarTag;
      scalarTag = undefined;
      const loc = lines.range(scalarStart, end);
      if (name === "key") {
        const parent = containers.at(-1) as ContainerFrame;
        parent.pendingKey = { type: "Key", value: keyString(scalarText), loc, parent: undefined };
        parent.pendingKeyStart = scalarStart;
        return;
      }
      const parent = parentOfNext();
      place(scalarNode(tag, scalarStart, scalarText, loc, parent, fail), parent, end, scalarStart);
      return;
    }
    const frame = containers.pop();
    if (!frame) return;
    if (frame.tag === "plist") {
      if (!frame.value) fail("plist-structure", "<plist> holds no value", frame.start);
      place(frame.value as PlistValue, undefined, end, frame.start);
      return;
    }
    if (frame.pendingKey) fail("plist-structure", `the key "${frame.pendingKey.value}" has no value`, frame.pendingKeyStart);
    const node = frame.node as PlistDict | PlistArray;
    node.loc = lines.range(frame.start, end);
    if (children.length > frame.firstChild) {
      const own = children.slice(frame.firstChild);
      children.length = frame.firstChild;
      if (node.type === "Array") (node as { items: PlistValue[] }).items = own as PlistValue[];
      else {
        (node as { entries: PlistEntry[] }).entries = own as PlistEntry[];
        for (const entry of own as PlistEntry[]) indexEntry(node, entry);
      }
    } else if (node.type === "Array") (node as { items: PlistValue[] }).items = [];
    else (node as { entries: PlistEntry[] }).entries = [];
    place(node, node.parent as Parent, end, frame.start);
  };

  const finish = (): PlistValue => {
    if (!root) fail("plist-structure", "the file holds no property-list value", text.length);
    return asRoot(root as PlistValue);
  };

  return { openTag, characters, cdata, closeTag, finish, fail };
}

/** Stand-ins while a container is open; it takes an array of its own when it closes. */
const NO_VALUES: readonly PlistValue[] = Object.freeze([]);

/**
 * Keys repeat across a run's documents (every Info.plist has `CFBundleIdentifier`): each is kept once, as a string
 * of its own, and every key with that text is that string. Bounded: the first 4,096 distinct keys of at most 128
 * characters; any other key is a detached copy.
 */
const KNOWN_KEYS = new Map<string, string>();
const MAX_KNOWN_KEYS = 4096;
const MAX_KNOWN_KEY_LENGTH = 128;

/** How many keys are kept (for tests: the table's bound). */
export function knownKeyCount(): number {
  return KNOWN_KEYS.size;
}

function keyString(text: string): string {
  const known = KNOWN_KEYS.get(text);
  if (known !== undefined) return known;
  const own = detached(text);
  if (KNOWN_KEYS.size < MAX_KNOWN_KEYS && text.length <= MAX_KNOWN_KEY_LENGTH) KNOWN_KEYS.set(own, own);
  return own;
}

function describeTag(value: PlistValue): string {
  return `<${value.type === "Boolean" ? String(value.value) : value.type.toLowerCase()}>`;
}

function scalarNode(tag: string, start: number, text: string, loc: SourceRange, parent: Parent, fail: Fail): PlistValue {
  switch (tag) {
    case "string":
      return { type: "String", value: detached(text), loc, parent };
    case "true":
    case "false":
      if (text.trim() !== "") fail("plist-value", `<${tag}/> must be empty`, start);
      return { type: "Boolean", value: tag === "true", loc, parent };
    case "integer": {
      const trimmed = text.trim();
      const digits = trimmed.replace(/^[+-]?(0[xX])?0*/, "").length;
      if (digits > MAX_INTEGER_DIGITS) fail("plist-value", `<integer> holds a ${digits}-digit number; property lists hold at most 128-bit integers`, start);
      let big: bigint;
      if (DECIMAL_INTEGER.test(trimmed)) big = BigInt(trimmed);
      else if (HEX_INTEGER.test(trimmed)) big = trimmed.startsWith("-") ? -BigInt(trimmed.slice(1)) : BigInt(trimmed.replace(/^\+/, ""));
      else return fail("plist-value", `<integer> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not an integer`, start);
      if (big >= INTEGER_CEILING || big < INTEGER_FLOOR) fail("plist-value", `<integer> holds ${trimmed}, beyond the 128-bit integers property lists hold`, start);
      const small = Number(big);
      return { type: "Integer", value: Number.isSafeInteger(small) ? small : big, loc, parent };
    }
    case "real": {
      const trimmed = text.trim();
      const special = SPECIAL_REALS.get(trimmed.toLowerCase());
      if (special !== undefined) return { type: "Real", value: special, loc, parent };
      if (!REAL.test(trimmed)) fail("plist-value", `<real> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not a number`, start);
      return { type: "Real", value: Number(trimmed), loc, parent };
    }
    case "date": {
      const trimmed = text.trim();
      if (!DATE.test(trimmed)) fail("plist-value", `<date> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not an ISO 8601 UTC date`, start);
      return { type: "Date", value: detached(trimmed), loc, parent };
    }
    case "data": {
      return { type: "Data", value: decodeDataAsApple(text), loc, parent };
    }
    default:
      return fail("plist-unknown-element", `<${tag}> is not a property-list element`, start);
  }
}
