/**
 * The fast reader: the XML that property lists are written in, read with native string search.
 *
 * Why by hand: `saxes` (the strict reader, `xml-plist.ts`) runs a JavaScript state machine per character, and a
 * lint is over before V8 optimises it: decoding the 592 XML plists of the corpus and holdout (894 KB) took 85 ms
 * cold against 18 ms warm, ~110 ms of a whole corpus lint. No XML library both keeps source positions and does
 * its per-character work in native code. Here every character is looked at by `indexOf` or a sticky regular
 * expression (both native); JavaScript runs once per tag. Measured (docs/benchmarks.md, loaded machine, fresh
 * processes): those files' first decoding 291 → 247 ms CPU, warm ~25 → ~14 ms, and the XML share of a corpus
 * lint's profile halved.
 *
 * It reads a strict subset and declines everything else, so the strict reader answers exactly as before:
 * - an XML declaration of version 1.0 at the start, a `<!DOCTYPE plist PUBLIC|SYSTEM "…">` without internal
 *   subset before the root, comments between elements (not inside a value), whitespace between elements;
 * - the plist elements by name, empty (`<true/>`) or not, with only a `version` attribute, and spaces before
 *   `>` or `/>`; character data with the five predefined entities and character references of XML characters.
 * Declined: CDATA, processing instructions, other declarations, other attributes or entities, `]]>`, any
 * character XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF), markup it cannot match, and every
 * document the tree builder refuses (structure, values, limits) — the strict reader then reports the problem
 * with its own message and position. Both readers feed the same `PlistTreeBuilder` with the same events, and
 * `test/decode/xml-plist-subset.test.ts` checks that they build equal trees (corpus, holdout, fuzzing).
 *
 * Bounded like the strict reader: each regular expression is sticky and linear, each character is searched
 * over a bounded number of times, and open elements are an explicit stack the builder caps (`maxDepth`).
 */
import type { PlistValue } from "../model/plist.js";
import { DecodeFailure } from "./result.js";
import { SCALAR_ELEMENTS, type PlistTreeBuilder } from "./xml-plist-builder.js";

export type SubsetReading = { readonly root: PlistValue; readonly declined?: undefined } | { readonly declined: string };

const LESS = 0x3c;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const MINUS = 0x2d;

// Unicode mode: a well-formed surrogate pair is one code point, so the surrogate range matches lone halves only.
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids are what it looks for
const FORBIDDEN_CHARACTER = /[\0-\x08\v\f\x0e-\x1f\ud800-\udfff\ufffe\uffff]/u;
// The same class without Unicode mode: any surrogate, paired or not. It matches whenever the exact one does, and
// a plain document (no control character, no character beyond U+FFFF) is cleared by it alone: on 20,000 small
// plists the Unicode-mode scan, run before V8 optimises it, cost ~80 ms against ~15 ms.
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_FORBIDDEN_CHARACTER = /[\0-\x08\v\f\x0e-\x1f\ud800-\udfff\ufffe\uffff]/;
const XML_DECLARATION =
  /<\?xml[\t\n\r ]+version[\t\n\r ]*=[\t\n\r ]*(?:"1\.0"|'1\.0')(?:[\t\n\r ]+encoding[\t\n\r ]*=[\t\n\r ]*(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?:[\t\n\r ]+standalone[\t\n\r ]*=[\t\n\r ]*(?:"(?:yes|no)"|'(?:yes|no)'))?[\t\n\r ]*\?>/y;
const DOCTYPE = /<!DOCTYPE[\t\n\r ]+plist[\t\n\r ]+(?:PUBLIC[\t\n\r ]+"[^"<>[\]]*"[\t\n\r ]+|SYSTEM[\t\n\r ]+)"[^"<>[\]]*"[\t\n\r ]*>/y;
const OPEN_TAG = /<([a-z]+)(?:[\t\n\r ]+version[\t\n\r ]*=[\t\n\r ]*(?:"[^"&<]*"|'[^&'<]*'))?[\t\n\r ]*(\/?)>/y;
const CLOSE_TAG = /<\/([a-z]+)[\t\n\r ]*>/y;
const NEEDS_CARE = /[&\r]|\]\]>/;
const LINE_END = /\r\n?/g;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#x([\dA-Fa-f]{1,6})|#(\d{1,7}));/y;
const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"]]);

const OPEN = 0;
const EMPTY = 1;
const CLOSE = 2;
interface Tag {
  readonly name: string;
  readonly kind: typeof OPEN | typeof EMPTY | typeof CLOSE;
  /** Opens a value element, whose content is character data. */
  readonly scalar: boolean;
}
interface PlainTag extends Tag {
  /** The tag as written, `<dict>`. */
  readonly text: string;
}
/**
 * The tags as nearly every plist writes them, found without cutting the tag out of the text: a number from its
 * length and three of its characters picks the candidates (at most two), and `startsWith` confirms one. Anything
 * else goes through the patterns. A million tags in a large tree: a substring and its hash per tag was a third
 * of this reader's own time.
 */
const PLAIN_TAGS = new Map<number, PlainTag[]>();
for (const name of ["plist", "dict", "array", ...SCALAR_ELEMENTS]) {
  const scalar = SCALAR_ELEMENTS.has(name);
  for (const tag of [
    { text: `<${name}>`, name, kind: OPEN, scalar },
    { text: `<${name}/>`, name, kind: EMPTY, scalar: false },
    { text: `</${name}>`, name, kind: CLOSE, scalar: false },
  ] as const) {
    const key = plainTagKey(tag.text, 0, tag.text.length - 1);
    const candidates = PLAIN_TAGS.get(key);
    if (candidates) candidates.push(tag);
    else PLAIN_TAGS.set(key, [tag]);
  }
}
/** `</integer>` and `<integer/>`, the longest plain tags. */
const LONGEST_PLAIN_TAG = 10;

/** The lookup number of the tag from `at` (its `<`) to `close` (its `>`): length, second, third and next-to-last character. */
function plainTagKey(text: string, at: number, close: number): number {
  return ((((close - at) * 128 + (text.charCodeAt(at + 1) & 127)) * 128 + (text.charCodeAt(at + 2) & 127)) * 128 + (text.charCodeAt(close - 1) & 127)) | 0;
}

function plainTag(xml: string, at: number, close: number): Tag | undefined {
  const candidates = PLAIN_TAGS.get(plainTagKey(xml, at, close));
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (xml.startsWith(candidate.text, at)) return candidate;
  return undefined;
}

const declined = (reason: string): SubsetReading => ({ declined: reason });

/**
 * Reads `xml` (the document after `prepareXml`) into `builder`, or says why it declined. Never throws: a
 * builder failure is a decline too, so the strict reader gives the error.
 */
export function readPlistSubset(xml: string, builder: PlistTreeBuilder): SubsetReading {
  try {
    return read(xml, builder);
  } catch (error) {
    return declined(error instanceof DecodeFailure ? `the tree builder refused it (${error.code})` : `the fast reader failed (${error instanceof Error ? error.name : "error"})`);
  }
}

function read(xml: string, builder: PlistTreeBuilder): SubsetReading {
  if (MAYBE_FORBIDDEN_CHARACTER.test(xml) && FORBIDDEN_CHARACTER.test(xml)) return declined("a character XML 1.0 forbids, or a lone surrogate");
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (xml.startsWith("<?xml", at)) {
    XML_DECLARATION.lastIndex = at;
    if (!XML_DECLARATION.test(xml)) return declined("an XML declaration other than version 1.0 with an encoding name");
    at = XML_DECLARATION.lastIndex;
  }
  // A document without `&`, CR or `]]>` (nearly every plist) has character data that needs no care anywhere.
  const plainText = !NEEDS_CARE.test(xml);
  /** Names of the open elements, innermost last. */
  const open: string[] = [];
  let inValue = false;
  let sawRoot = false;
  let closedRoot = false;
  let sawDoctype = false;
  for (;;) {
    if (inValue) {
      const next = xml.indexOf("<", at);
      if (next < 0) return declined("the document ends inside a value");
      if (next > at) {
        const characters = plainText ? xml.slice(at, next) : characterData(xml.slice(at, next));
        if (characters === undefined) return declined("character data with `]]>` or an entity other than the predefined five and character references");
        builder.characters(characters, next);
      }
      at = next;
    } else {
      at = afterWhitespace(xml, at);
      if (at === xml.length) break;
      if (xml.charCodeAt(at) !== LESS) return declined("text outside a value element");
    }
    const second = xml.charCodeAt(at + 1);
    if (second === BANG) {
      if (inValue) return declined("a comment or declaration inside a value");
      if (xml.startsWith("<!--", at)) {
        const commentEnd = xml.indexOf("-->", at + 4);
        if (commentEnd < 0) return declined("an unterminated comment");
        // `--` inside is already `-_` (`prepareXml`); a body ending in `-` makes `--->`, which XML forbids.
        if ((commentEnd > at + 4 && xml.charCodeAt(commentEnd - 1) === MINUS) || xml.slice(at + 4, commentEnd).includes("--")) return declined("a comment XML forbids");
        at = commentEnd + 3;
        continue;
      }
      if (sawDoctype || sawRoot || !xml.startsWith("<!DOCTYPE", at)) return declined("CDATA, or a declaration other than one plist DOCTYPE before the root");
      DOCTYPE.lastIndex = at;
      if (!DOCTYPE.test(xml)) return declined("a DOCTYPE other than the plist DTD's public or system identifier");
      sawDoctype = true;
      at = DOCTYPE.lastIndex;
      continue;
    }
    const close = xml.indexOf(">", at + 1);
    if (close < 0) return declined("markup without its `>`");
    let tag = close - at < LONGEST_PLAIN_TAG ? plainTag(xml, at, close) : undefined;
    let end = close + 1;
    if (!tag) {
      if (second === QUESTION) return declined("a processing instruction");
      const pattern = second === SLASH ? CLOSE_TAG : OPEN_TAG;
      pattern.lastIndex = at;
      const match = pattern.exec(xml);
      if (!match) return declined("a tag with other attributes or names, or malformed");
      end = pattern.lastIndex;
      const name = match[1] as string;
      const kind = second === SLASH ? CLOSE : match[2] ? EMPTY : OPEN;
      tag = { name, kind, scalar: kind === OPEN && SCALAR_ELEMENTS.has(name) };
    }
    if (tag.kind === CLOSE) {
      if (open.at(-1) !== tag.name) return declined("a close tag that does not match the open element");
      open.pop();
      builder.closeTag(tag.name, end);
      inValue = false;
    } else {
      if (closedRoot) return declined("a second root element");
      sawRoot = true;
      builder.openTag(tag.name, at);
      if (tag.kind === EMPTY) builder.closeTag(tag.name, end);
      else {
        open.push(tag.name);
        inValue = tag.scalar;
      }
    }
    if (open.length === 0) closedRoot = true;
    at = end;
  }
  if (!sawRoot || open.length > 0) return declined("no root element, or an element left open");
  return { root: builder.finish() };
}

/** Where the XML whitespace from `at` ends (a few characters between tags: a loop, not a regular expression call). */
function afterWhitespace(xml: string, at: number): number {
  let index = at;
  for (;;) {
    const code = xml.charCodeAt(index);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d) return index;
    index++;
  }
}

/** Character data as XML delivers it: CR and CRLF as LF, references expanded; undefined outside the subset. */
function characterData(raw: string): string | undefined {
  if (!NEEDS_CARE.test(raw)) return raw;
  if (raw.includes("]]>")) return undefined;
  const text = raw.includes("\r") ? raw.replace(LINE_END, "\n") : raw;
  let expanded = "";
  let copied = 0;
  for (let amp = text.indexOf("&"); amp >= 0; amp = text.indexOf("&", copied)) {
    REFERENCE.lastIndex = amp;
    const match = REFERENCE.exec(text);
    if (!match) return undefined;
    let character: string;
    if (match[1]) character = PREDEFINED_ENTITIES.get(match[1]) as string;
    else {
      const code = match[2] ? Number.parseInt(match[2], 16) : Number.parseInt(match[3] as string, 10);
      if (!isXmlCharacter(code)) return undefined;
      character = String.fromCodePoint(code);
    }
    expanded += text.slice(copied, amp) + character;
    copied = REFERENCE.lastIndex;
  }
  return expanded + text.slice(copied);
}

/** XML 1.0's `Char` production. */
function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
