/**
 * Location-aware XML property-list reader.
 *
 * Why not an npm plist parser: none keeps source positions, and rules, PR annotations and the
 * ESLint language all need the exact line and column of a `<key>` (libraries.md §2.1). So this
 * module builds the plist tree itself on top of `saxes`, a real, strict, streaming XML tokenizer:
 * every node gets start/end offsets and line/column, comments are kept (suppressions), repeated
 * keys are recorded, integers beyond 2^53 stay exact.
 *
 * Hostile input: saxes never fetches external entities and refuses undefined ones; a DOCTYPE
 * internal subset (where entity declarations live) is rejected outright, so neither XXE nor
 * "billion laughs" can happen. Nesting is capped, and the builder keeps an explicit stack, so deep
 * input cannot overflow the call stack.
 *
 * Grammar: Apple's PropertyList-1.0.dtd — plist → (array | data | date | dict | real | integer |
 * string | true | false); dict → (key, value)*.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type {
  PlistArray,
  PlistComment,
  PlistDict,
  PlistKey,
  PlistValue,
  Position,
  SourceRange,
} from "../model/plist.js";
import { insertEntry } from "../model/plist.js";
import { DecodeFailure, guardDecode, type DecodeResult } from "./result.js";

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

export interface XmlPlist {
  readonly root: PlistValue;
  readonly comments: PlistComment[];
  /** The file holds C preprocessor lines (`INFOPLIST_PREPROCESS`); all branches were read. */
  readonly preprocessed: boolean;
}

// Anchored at a line start and every quantifier is followed by a different character class, so a
// match attempt is linear in its line and lines do not overlap.
const PREPROCESSOR_LINE = /^[ \t]*#[ \t]*(?:if|ifdef|ifndef|elif|else|endif|include|import|define|undef|pragma|error|warning)\b[^\r\n]*/gm;

/**
 * Makes two lenient readings that Xcode and CoreFoundation accept but strict XML does not, keeping
 * every offset unchanged so positions still point into the original text:
 * - `--` inside a comment (our own suppression syntax, `-- reason`, needs it);
 * - C preprocessor lines in an Info.plist that Xcode runs through `cpp` (`INFOPLIST_PREPROCESS = YES`).
 *   They are blanked, so every branch is read; the result says so.
 *
 * Comments are found with `indexOf`, not a `<!--[\s\S]*?-->` regex: on a file of repeated `<!--` with no
 * `-->` the regex rescans the rest of the file from every `<!--` (400 KB took 10 s). Here each character is
 * looked at a bounded number of times: once a comment has no end, no later one can have one either.
 */
export function prepareXml(text: string, lines: LineIndex): { xml: string; preprocessed: boolean; comments: PlistComment[] } {
  let preprocessed = false;
  const comments: PlistComment[] = [];
  const pieces: string[] = [];
  let copied = 0;
  for (let open = text.indexOf("<!--"); open >= 0; open = text.indexOf("<!--", copied)) {
    const close = text.indexOf("-->", open + 4);
    if (close < 0) break;
    const body = text.slice(open + 4, close);
    const end = close + 3;
    comments.push({ type: "Comment", value: body, loc: lines.range(open, end) });
    if (body.includes("--")) pieces.push(text.slice(copied, open), `<!--${body.replaceAll("--", "-_")}-->`);
    else pieces.push(text.slice(copied, end));
    copied = end;
  }
  pieces.push(text.slice(copied));
  let xml = pieces.join("");
  xml = xml.replace(PREPROCESSOR_LINE, (line: string) => {
    preprocessed = true;
    return " ".repeat(line.length);
  });
  return { xml, preprocessed, comments };
}

/** Maps UTF-16 offsets to 1-based line/column; line breaks are `\n`, `\r\n` and `\r`, as in ESLint. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] as number) + 1, offset };
  }
  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }
}

const SCALAR_TAGS = new Set(["string", "integer", "real", "date", "data", "true", "false", "key"]);
const DECIMAL_INTEGER = /^[+-]?\d+$/;
const HEX_INTEGER = /^[+-]?0[xX][0-9a-fA-F]+$/;
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter can split a digit run between two quantifiers in n ways.
const REAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_REALS: Record<string, number> = { nan: NaN, "+infinity": Infinity, infinity: Infinity, "-infinity": -Infinity, "+inf": Infinity, inf: Infinity, "-inf": -Infinity };
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map([...BASE64_ALPHABET].map((c, i) => [c, i]));

/**
 * `<data>` as Core Foundation's XML plist parser reads it (`__CFPLDataDecode`): characters outside the base64
 * alphabet are skipped, `=` counts as a zero sextet whose run at the end trims the last group, and an incomplete
 * final group is dropped. Written by hand because Node's decoder documents no behaviour for stray characters,
 * and a profile or Info.plist that Apple reads must not be a parse error here.
 */
function decodeDataAsApple(text: string): Uint8Array {
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
  /** The `<key>` waiting for its value (dicts only). */
  pendingKey: PlistKey | undefined;
  /** The single value of `<plist>`. */
  value: PlistValue | undefined;
}

interface ScalarFrame {
  readonly tag: string;
  readonly start: number;
  text: string;
}

/** Parses XML plist text. Positions in the result refer to `text`. */
export function decodeXmlPlistText(text: string, limits: XmlPlistLimits = DEFAULT_XML_PLIST_LIMITS): DecodeResult<XmlPlist> {
  return guardDecode(() => buildPlist(text, limits));
}

function buildPlist(text: string, limits: XmlPlistLimits): XmlPlist {
  const lines = new LineIndex(text);
  const parser = new SaxesParser({ position: true, xmlns: false });
  const containers: ContainerFrame[] = [];
  const { xml, preprocessed, comments } = prepareXml(text, lines);
  let scalar: ScalarFrame | undefined;
  let tagStart = 0;
  let root: PlistValue | undefined;
  let sawPlistElement = false;
  const maxNodes = limits.maxNodes ?? DEFAULT_XML_PLIST_LIMITS.maxNodes ?? Number.POSITIVE_INFINITY;
  let nodes = 0;
  const countNode = (at: number): void => {
    if (++nodes > maxNodes) fail("plist-too-large", `the property list holds more than ${maxNodes} values, far more than any Info.plist or entitlements file`, at);
  };

  const fail = (code: string, message: string, offset: number): never => {
    throw new DecodeFailure(code, message, { position: lines.position(Math.max(0, Math.min(offset, text.length))) });
  };

  const attach = (value: PlistValue, at: number): void => {
    const parent = containers.at(-1);
    if (!parent) {
      if (root) fail("plist-structure", "the document has more than one top-level value", at);
      root = value;
      return;
    }
    if (parent.tag === "plist") {
      if (parent.value) fail("plist-structure", "<plist> holds more than one value", at);
      parent.value = value;
      return;
    }
    const container = parent.node as PlistDict | PlistArray;
    if (container.type === "Array") {
      value.parent = container;
      container.items.push(value);
      return;
    }
    const key = parent.pendingKey;
    if (!key) fail("plist-structure", `a ${describeTag(value)} in a <dict> has no <key> before it`, value.loc?.start.offset ?? at);
    parent.pendingKey = undefined;
    insertEntry(container, { type: "Entry", key: key as PlistKey, value, loc: { start: (key as PlistKey).loc!.start, end: value.loc!.end } });
  };

  parser.on("error", (error: Error) => {
    // saxes prefixes its messages with "line:column: "; we report our own position instead.
    const message = error.message.replace(/^\d+:\d+: /, "");
    fail("xml-syntax", `the XML is not well formed: ${message}`, parser.position);
  });

  parser.on("doctype", (doctype: string) => {
    if (doctype.includes("[")) {
      fail("xml-doctype", "the DOCTYPE has an internal subset; entity declarations are not allowed in a property list and are never expanded", parser.position);
    }
  });

  parser.on("opentagstart", () => {
    // saxes reports positions after the token (and sometimes one character beyond); the tag starts at its "<".
    tagStart = xml.lastIndexOf("<", parser.position - 1);
  });

  parser.on("opentag", (tag: SaxesTagPlain) => {
    const name = tag.name;
    if (scalar) fail("plist-structure", `<${name}> cannot appear inside <${scalar.tag}>`, tagStart);
    if (name === "plist") {
      if (sawPlistElement || containers.length > 0) fail("plist-structure", "<plist> may only be the root element", tagStart);
      sawPlistElement = true;
      containers.push({ tag: "plist", start: tagStart, node: undefined, pendingKey: undefined, value: undefined });
      return;
    }
    if (name === "dict" || name === "array") {
      if (containers.length >= limits.maxDepth) fail("plist-too-deep", `the property list nests deeper than ${limits.maxDepth} levels`, tagStart);
      const parent = containers.at(-1);
      if (parent?.node?.type === "Dict" && !parent.pendingKey) fail("plist-structure", `a <${name}> in a <dict> has no <key> before it`, tagStart);
      countNode(tagStart);
      const node: PlistDict | PlistArray =
        name === "dict"
          ? { type: "Dict", entries: [], byKey: new Map(), shadowed: [] }
          : { type: "Array", items: [] };
      containers.push({ tag: name, start: tagStart, node, pendingKey: undefined, value: undefined });
      return;
    }
    if (SCALAR_TAGS.has(name)) {
      const parent = containers.at(-1);
      if (name === "key") {
        if (parent?.node?.type !== "Dict") fail("plist-structure", "<key> is only allowed directly inside <dict>", tagStart);
        if (parent?.pendingKey) fail("plist-structure", `the key "${parent.pendingKey.value}" has no value`, tagStart);
      } else countNode(tagStart);
      scalar = { tag: name, start: tagStart, text: "" };
      return;
    }
    fail("plist-unknown-element", `<${name}> is not a property-list element`, tagStart);
  });

  parser.on("text", (chunk: string) => {
    if (scalar) {
      scalar.text += chunk;
      return;
    }
    if (/\S/.test(chunk)) {
      const at = parser.position - 1 - chunk.length;
      fail("plist-structure", `unexpected text ${JSON.stringify(chunk.trim().slice(0, 40))} outside a value element`, at + chunk.search(/\S/));
    }
  });

  parser.on("cdata", (chunk: string) => {
    if (scalar) scalar.text += chunk;
    else if (/\S/.test(chunk)) fail("plist-structure", "unexpected CDATA outside a value element", parser.position);
  });

  parser.on("closetag", (tag: SaxesTagPlain) => {
    const end = parser.position;
    const name = tag.name;
    if (scalar) {
      const frame = scalar;
      scalar = undefined;
      const loc = lines.range(frame.start, end);
      if (name === "key") {
        const parent = containers.at(-1) as ContainerFrame;
        parent.pendingKey = { type: "Key", value: frame.text, loc };
        return;
      }
      attach(scalarNode(frame, loc, fail), frame.start);
      return;
    }
    const frame = containers.pop();
    if (!frame) return;
    if (frame.tag === "plist") {
      if (!frame.value) fail("plist-structure", "<plist> holds no value", frame.start);
      attach(frame.value as PlistValue, frame.start);
      return;
    }
    if (frame.pendingKey) fail("plist-structure", `the key "${frame.pendingKey.value}" has no value`, frame.pendingKey.loc!.start.offset);
    const node = frame.node as PlistDict | PlistArray;
    node.loc = lines.range(frame.start, end);
    attach(node, frame.start);
  });

  parser.write(xml).close();
  if (!root) fail("plist-structure", "the file holds no property-list value", text.length);
  return { root: root as PlistValue, comments, preprocessed };
}

function describeTag(value: PlistValue): string {
  return `<${value.type === "Boolean" ? String(value.value) : value.type.toLowerCase()}>`;
}

function scalarNode(frame: ScalarFrame, loc: SourceRange, fail: (code: string, message: string, offset: number) => never): PlistValue {
  const text = frame.text;
  switch (frame.tag) {
    case "string":
      return { type: "String", value: text, loc };
    case "true":
    case "false":
      if (text.trim() !== "") fail("plist-value", `<${frame.tag}/> must be empty`, frame.start);
      return { type: "Boolean", value: frame.tag === "true", loc };
    case "integer": {
      const trimmed = text.trim();
      const digits = trimmed.replace(/^[+-]?(0[xX])?0*/, "").length;
      if (digits > MAX_INTEGER_DIGITS) fail("plist-value", `<integer> holds a ${digits}-digit number; property lists hold at most 128-bit integers`, frame.start);
      let big: bigint;
      if (DECIMAL_INTEGER.test(trimmed)) big = BigInt(trimmed);
      else if (HEX_INTEGER.test(trimmed)) big = trimmed.startsWith("-") ? -BigInt(trimmed.slice(1)) : BigInt(trimmed.replace(/^\+/, ""));
      else return fail("plist-value", `<integer> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not an integer`, frame.start);
      if (big >= INTEGER_CEILING || big < INTEGER_FLOOR) fail("plist-value", `<integer> holds ${trimmed}, beyond the 128-bit integers property lists hold`, frame.start);
      const small = Number(big);
      return { type: "Integer", value: Number.isSafeInteger(small) ? small : big, loc };
    }
    case "real": {
      const trimmed = text.trim();
      const special = SPECIAL_REALS[trimmed.toLowerCase()];
      if (special !== undefined) return { type: "Real", value: special, loc };
      if (!REAL.test(trimmed)) fail("plist-value", `<real> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not a number`, frame.start);
      return { type: "Real", value: Number(trimmed), loc };
    }
    case "date": {
      const trimmed = text.trim();
      if (!DATE.test(trimmed)) fail("plist-value", `<date> holds ${JSON.stringify(trimmed.slice(0, 40))}, which is not an ISO 8601 UTC date`, frame.start);
      return { type: "Date", value: trimmed, loc };
    }
    case "data": {
      return { type: "Data", value: decodeDataAsApple(text), loc };
    }
    default:
      return fail("plist-unknown-element", `<${frame.tag}> is not a property-list element`, frame.start);
  }
}
