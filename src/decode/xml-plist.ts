/**
 * Location-aware XML property-list reader.
 *
 * Why not an npm plist parser: none keeps source positions, and rules, PR annotations and the
 * ESLint language all need the exact line and column of a `<key>` (libraries.md §2.1). So ne-lint
 * builds the plist tree itself (`xml-plist-builder.ts`): every node gets start/end offsets and
 * line/column, comments are kept (suppressions), repeated keys are recorded, integers beyond 2^53
 * stay exact.
 *
 * Two readers feed that builder. The fast one (`xml-plist-subset.ts`) reads the plain XML nearly
 * every plist is written in with native string search, and declines anything else. The strict one
 * is `saxes`, a real, strict, streaming XML tokenizer: it reads what the fast one declined and gives
 * every error, and it is the fast reader's test oracle.
 *
 * Hostile input: saxes never fetches external entities and refuses undefined ones; a DOCTYPE
 * internal subset (where entity declarations live) is rejected outright, so neither XXE nor
 * "billion laughs" can happen. Nesting is capped, and the builder keeps an explicit stack, so deep
 * input cannot overflow the call stack.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { PlistComment, PlistValue, Position, SourceRange } from "../model/plist.js";
import { guardDecode, type DecodeResult } from "./result.js";
import { DEFAULT_XML_PLIST_LIMITS, plistTreeBuilder, type XmlPlistLimits } from "./xml-plist-builder.js";
import { readPlistSubset, type SubsetReading } from "./xml-plist-subset.js";
import { detached } from "./xcode/detached.js";

export { DEFAULT_XML_PLIST_LIMITS, type XmlPlistLimits } from "./xml-plist-builder.js";

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
  let xml = text;
  let open = text.indexOf("<!--");
  // Most plists have no comment: the text is read as it is (no pieces to join).
  if (open >= 0) {
    const pieces: string[] = [];
    let copied = 0;
    for (; open >= 0; open = text.indexOf("<!--", copied)) {
      const close = text.indexOf("-->", open + 4);
      if (close < 0) break;
      const body = text.slice(open + 4, close);
      const end = close + 3;
      comments.push({ type: "Comment", value: detached(body), loc: lines.range(open, end) });
      if (body.includes("--")) pieces.push(text.slice(copied, open), `<!--${body.replaceAll("--", "-_")}-->`);
      else pieces.push(text.slice(copied, end));
      copied = end;
    }
    pieces.push(text.slice(copied));
    xml = pieces.join("");
  }
  // Every preprocessor line has a `#`; most plists have none, and a native search rules them out.
  if (xml.includes("#")) {
    xml = xml.replace(PREPROCESSOR_LINE, (line: string) => {
      preprocessed = true;
      return " ".repeat(line.length);
    });
  }
  return { xml, preprocessed, comments };
}

/** Scratch for `LineIndex`: line starts (the first line starts at 0), reused from one document to the next. */
let lineStarts: number[] = [0];

/** Maps UTF-16 offsets to 1-based line/column; line breaks are `\n`, `\r\n` and `\r`, as in ESLint. */
export class LineIndex {
  private readonly starts: number[];
  // Line breaks are found with `indexOf` (native) rather than a character loop, which a short lint runs
  // mostly unoptimised (894 KB of plists, cold: ~8 ms → ~6 ms). They are gathered in one reused array and
  // copied out at their exact number: a document's ranges keep its index until the rules have run.
  constructor(text: string) {
    const starts = lineStarts;
    let count = 1;
    let lf = text.indexOf("\n");
    let cr = text.indexOf("\r");
    while (lf >= 0 || cr >= 0) {
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        starts[count++] = lf + 1;
        lf = text.indexOf("\n", lf + 1);
        continue;
      }
      // A CR, or a CRLF pair: one break either way.
      const next = lf === cr + 1 ? cr + 2 : cr + 1;
      starts[count++] = next;
      if (lf === cr + 1) lf = text.indexOf("\n", next);
      cr = text.indexOf("\r", cr + 1);
    }
    this.starts = starts.slice(0, count);
    // A scratch grown by a long file is not kept for the rest of the run.
    if (count > 4096) lineStarts = [0];
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
  range(start: number, end: number): LocatedRange {
    return new LocatedRange(this, start, end);
  }
}

/**
 * A source range kept as two offsets; its line and column are worked out from the document's `LineIndex` when
 * read (a binary search). Why: a decoded tree is mostly kept until the rules have run, and two eager positions
 * per range were three objects (136 bytes) where this is one (48), about a quarter of a tree's heap, and rules
 * read the positions of the few nodes they report. Each read of `start` or `end` is a new `Position` equal to
 * the one before; nothing compares positions by identity. `toJSON` keeps the serialised form `{ start, end }`.
 * For API users: `start` and `end` are getters, so a spread (`{ ...loc }`), `structuredClone` or `postMessage`
 * of a range loses them; copy `{ start: loc.start, end: loc.end }` instead.
 */
export class LocatedRange implements SourceRange {
  private readonly lines: LineIndex;
  readonly startOffset: number;
  readonly endOffset: number;
  constructor(lines: LineIndex, startOffset: number, endOffset: number) {
    this.lines = lines;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }
  get start(): Position {
    return this.lines.position(this.startOffset);
  }
  get end(): Position {
    return this.lines.position(this.endOffset);
  }
  toJSON(): SourceRange {
    return { start: this.start, end: this.end };
  }
}

/** Parses XML plist text. Positions in the result refer to `text`. */
export function decodeXmlPlistText(text: string, limits: XmlPlistLimits = DEFAULT_XML_PLIST_LIMITS): DecodeResult<XmlPlist> {
  return guardDecode(() => {
    const lines = new LineIndex(text);
    const prepared = prepareXml(text, lines);
    const fast = readPlistSubset(prepared.xml, plistTreeBuilder(text, lines, limits));
    const root = fast.declined === undefined ? fast.root : readStrictly(text, prepared.xml, lines, limits);
    return { root, comments: prepared.comments, preprocessed: prepared.preprocessed };
  });
}

/** The strict reader alone (the fast reader's test oracle). */
export function decodeXmlPlistTextStrictly(text: string, limits: XmlPlistLimits = DEFAULT_XML_PLIST_LIMITS): DecodeResult<XmlPlist> {
  return guardDecode(() => {
    const lines = new LineIndex(text);
    const prepared = prepareXml(text, lines);
    return { root: readStrictly(text, prepared.xml, lines, limits), comments: prepared.comments, preprocessed: prepared.preprocessed };
  });
}

/** The fast reader alone (for tests and measurements): the plist, or why it declined. */
export function readXmlPlistSubset(text: string, limits: XmlPlistLimits = DEFAULT_XML_PLIST_LIMITS): { readonly value: XmlPlist } | { readonly declined: string } {
  const lines = new LineIndex(text);
  const prepared = prepareXml(text, lines);
  const fast: SubsetReading = readPlistSubset(prepared.xml, plistTreeBuilder(text, lines, limits));
  if (fast.declined !== undefined) return { declined: fast.declined };
  return { value: { root: fast.root, comments: prepared.comments, preprocessed: prepared.preprocessed } };
}

/** `saxes` over the prepared text; throws `DecodeFailure` with saxes's message at its position. */
function readStrictly(text: string, xml: string, lines: LineIndex, limits: XmlPlistLimits): PlistValue {
  const builder = plistTreeBuilder(text, lines, limits);
  const parser = new SaxesParser({ position: true, xmlns: false });
  let tagStart = 0;
  parser.on("error", (error: Error) => {
    // saxes prefixes its messages with "line:column: "; we report our own position instead.
    const message = error.message.replace(/^\d+:\d+: /, "");
    builder.fail("xml-syntax", `the XML is not well formed: ${message}`, parser.position);
  });
  parser.on("doctype", (doctype: string) => {
    if (doctype.includes("[")) {
      builder.fail("xml-doctype", "the DOCTYPE has an internal subset; entity declarations are not allowed in a property list and are never expanded", parser.position);
    }
  });
  parser.on("opentagstart", () => {
    // saxes reports positions after the token (and sometimes one character beyond); the tag starts at its "<".
    tagStart = xml.lastIndexOf("<", parser.position - 1);
  });
  parser.on("opentag", (tag: SaxesTagPlain) => builder.openTag(tag.name, tagStart));
  parser.on("text", (chunk: string) => builder.characters(chunk, parser.position - 1));
  parser.on("cdata", (chunk: string) => builder.cdata(chunk, parser.position));
  parser.on("closetag", (tag: SaxesTagPlain) => builder.closeTag(tag.name, parser.position));
  parser.write(xml).close();
  return builder.finish();
}
