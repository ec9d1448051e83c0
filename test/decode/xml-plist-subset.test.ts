/**
 * The fast XML plist reader against the strict one (`saxes`), which stays the oracle: on every corpus and holdout
 * plist, on generated documents written with every spelling the fast reader accepts and many it must decline, and
 * on mutated real files, `decodeXmlPlistText` (fast reader, strict one on decline) gives exactly the strict
 * reader's result — the same tree with the same positions, or the same error at the same place.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DecodeResult } from "../../src/decode/result.js";
import { decodeDataAsApple } from "../../src/decode/xml-plist-builder.js";
import { decodeXmlPlistText, decodeXmlPlistTextStrictly, LineIndex, readXmlPlistSubset, type XmlPlist } from "../../src/decode/xml-plist.js";
import { toJs, type PlistDict } from "../../src/model/plist.js";
import { loadSeeds } from "../fuzz/corpus.js";
import { plistDocument, toXml } from "../fuzz/generators.js";
import { mutatedInputs } from "../fuzz/mutate.js";
import { corpusPlistFiles } from "../helpers/corpus-plists.js";
import { corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { stringCalls } from "../helpers/string-calls.js";

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n`;

/** Same tree (values, keys, comments, positions, parent links) or same error (code, message, position). */
function expectSameResult(actual: DecodeResult<XmlPlist>, expected: DecodeResult<XmlPlist>, label: string): void {
  if (actual.ok && expected.ok) {
    if (!isDeepStrictEqual(actual.value, expected.value)) expect(toJs(actual.value.root), label).toEqual(toJs(expected.value.root));
    expect(isDeepStrictEqual(actual.value, expected.value), `${label}: trees differ (positions, comments or node shapes)`).toBe(true);
    return;
  }
  expect(actual, label).toEqual(expected);
}

function fastReading(text: string): XmlPlist {
  const reading = readXmlPlistSubset(text);
  if ("declined" in reading) throw new Error(`the fast reader declined: ${reading.declined}`);
  return reading.value;
}

function declineReason(text: string): string | undefined {
  const reading = readXmlPlistSubset(text);
  return "declined" in reading ? reading.declined : undefined;
}

describe("fast XML plist reader: what it reads, exactly as the strict reader does", () => {
  it.each([
    ["the usual header, tabs and LF", `${HEADER}<plist version="1.0">\n<dict>\n\t<key>a</key>\n\t<string>b</string>\n</dict>\n</plist>\n`],
    ["no header, no plist element", `<dict><key>a</key><true/></dict>`],
    ["CRLF and CR line ends, also inside values", `<plist>\r\n<dict>\r\n<key>a\r\nb</key>\r<string>x\ry\r\n</string>\r\n</dict>\r\n</plist>\r\n`],
    ["the five entities and character references", `<plist><array><string>&amp;&lt;&gt;&quot;&apos; &#65;&#x263A;&#x263a;&#128512;&#x1F600;&#13;&#10;&#9;</string></array></plist>`],
    ["spaces inside tags and empty elements", `<plist version='1.0' ><dict ><key >k</key ><true /><key\n>e</key><string/><key>f</key><string></string><key>g</key><dict/><key>h</key><array\t/></dict\r\n></plist >`],
    ["comments before, between and after elements", `<?xml version="1.0"?><!-- a --><!DOCTYPE plist SYSTEM "file://localhost/System/Library/DTDs/PropertyList.dtd"><!----><plist><!-- b --><dict><!-- ne-lint-disable-next-line x -- legacy --><key>a</key><!-- c --><false/></dict></plist><!-- d -->\n`],
    ["the older Apple Computer public identifier, standalone", `<?xml version="1.0" encoding="utf-8" standalone="no"?><!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd"><plist><integer>1</integer></plist>`],
    ["a byte-order mark before the declaration", `\uFEFF<?xml version="1.0" encoding="UTF-8"?><plist><string>x</string></plist>`],
    ["preprocessor lines, every branch", `<plist><dict>\n#if DEBUG\n<key>a</key><true/>\n#else\n<key>b</key><false/>\n#endif\n</dict></plist>`],
    ["repeated keys, big integers, reals, dates, data", `<plist><dict><key>a</key><integer>18446744073709551615</integer><key>a</key><integer>-0x7f</integer><key>r</key><real>-1.5e3</real><key>d</key><date>2026-01-02T03:04:05Z</date><key>b</key><data>\n\taGVs\n\tbG8=\n</data><key>s</key><data>aGVs*bG8</data></dict></plist>`],
    ["every plain tag, open, empty and closed (`<data/>` and `<date/>`: same length and first letters)", `<plist version="1.0"><dict><key>a</key><data/><key>b</key><date>2026-01-02T03:04:05Z</date><key>c</key><data>aGVs</data><key>d</key><array/><key>e</key><dict/><key>f</key><integer>1</integer><key>g</key><real>1</real><key>h</key><string/><key>i</key><true/><key>j</key><false/><key>k</key><array><string>s</string></array></dict></plist>`],
    ["astral characters before tags (columns in UTF-16 units)", `<plist><dict><key>a😀</key><string>😀</string></dict></plist>`],
  ])("%s", (_name, text) => {
    const fast = fastReading(text);
    expectSameResult({ ok: true, value: fast }, decodeXmlPlistTextStrictly(text), text);
    expectSameResult(decodeXmlPlistText(text), decodeXmlPlistTextStrictly(text), text);
  });

  it("keeps the strict reader's positions: a key's range, a dict's range, a comment's range", () => {
    const text = `${HEADER}<plist version="1.0">\r\n<dict>\r\n\t<key>NSAppTransportSecurity</key>\r\n\t<dict/>\r\n\t<!-- x -->\r\n</dict>\r\n</plist>`;
    const { root, comments } = fastReading(text);
    const entry = (root as PlistDict).entries[0]!;
    expect({ start: entry.key.loc?.start, end: entry.key.loc?.end }).toEqual({ start: { line: 5, column: 2, offset: text.indexOf("<key>") }, end: { line: 5, column: 35, offset: text.indexOf("</key>") + 6 } });
    expect(text.slice(entry.value.loc!.start.offset, entry.value.loc!.end.offset)).toBe("<dict/>");
    expect(text.slice(root.loc!.start.offset, root.loc!.end.offset)).toMatch(/^<dict>[\s\S]*<\/dict>$/);
    expect(comments.map((comment) => comment.loc.start)).toEqual([{ line: 7, column: 2, offset: text.indexOf("<!--") }]);
  });
});

describe("fast XML plist reader: what it declines, and the strict reader then answers", () => {
  it.each([
    ["CDATA", `<plist><string><![CDATA[x]]></string></plist>`, /comment or declaration inside a value/],
    ["a processing instruction", `<?xml version="1.0"?><?xml-stylesheet href="a"?><plist><true/></plist>`, /processing instruction/],
    ["an XML 1.1 declaration", `<?xml version="1.1"?><plist><true/></plist>`, /XML declaration/],
    ["whitespace before the declaration", ` <?xml version="1.0"?><plist><true/></plist>`, /processing instruction/],
    ["an internal DTD subset", `<!DOCTYPE plist [<!ENTITY a "b">]><plist><string>&a;</string></plist>`, /DOCTYPE/],
    ["a DOCTYPE after the root", `<plist><true/></plist><!DOCTYPE plist SYSTEM "x">`, /declaration other than one plist DOCTYPE/],
    ["an undefined entity", `<plist><string>&team;</string></plist>`, /entity other than/],
    ["an entity without its semicolon", `<plist><string>a &amp b</string></plist>`, /entity other than/],
    ["a character reference to a character XML forbids", `<plist><string>&#0;</string></plist>`, /entity other than/],
    ["a reference to a surrogate", `<plist><string>&#xD800;</string></plist>`, /entity other than/],
    ["an uppercase X in a reference", `<plist><string>&#X41;</string></plist>`, /entity other than/],
    ["`]]>` in text", `<plist><string>a]]>b</string></plist>`, /\]\]>/],
    ["a comment inside a value", `<plist><string>a<!-- x -->b</string></plist>`, /comment or declaration inside a value/],
    ["a comment ending in `--->`", `<plist><true/><!-- x ---></plist>`, /comment XML forbids/],
    ["an unterminated comment", `<plist><true/></plist><!-- x`, /unterminated comment/],
    ["an attribute other than version", `<plist><string octype="app">x</string></plist>`, /other attributes/],
    ["a duplicate attribute", `<plist version="1" version="1"><true/></plist>`, /other attributes/],
    ["a control character", `<plist><string>a\u0001b</string></plist>`, /forbids/],
    ["a lone surrogate", `<plist><string>a\uD800b</string></plist>`, /lone surrogate/],
    ["U+FFFE", `<plist><string>\uFFFE</string></plist>`, /forbids/],
    ["text outside a value", `<plist><dict>x<key>a</key><true/></dict></plist>`, /text outside/],
    ["a no-break space between elements", `<plist><dict>\u00a0<key>a</key><true/></dict></plist>`, /text outside/],
    ["a mismatched close tag", `<plist><dict></array></plist>`, /does not match/],
    ["a close tag one letter off (`</date>` for `<data>`)", `<plist><data>aGVs</date></plist>`, /does not match/],
    ["a plain tag's letters in upper case", `<plist><DICT></DICT></plist>`, /other attributes or names/],
    ["a second root", `<plist><true/></plist><plist><true/></plist>`, /second root/],
    ["an unclosed element", `<plist><dict><key>a</key><true/>`, /left open/],
    ["the document ends in a value", `<plist><string>abc`, /ends inside a value/],
    ["a tag without `>`", `<plist><dict`, /without its/],
    ["no root at all", `<!-- only a comment -->`, /no root element/],
    ["an unknown element", `<plist><dict><key>a</key><bool>1</bool></dict></plist>`, /plist-unknown-element/],
    ["a key without value", `<plist><dict><key>a</key></dict></plist>`, /plist-structure/],
    ["a bad integer", `<plist><integer>12x</integer></plist>`, /plist-value/],
    ["nesting beyond the cap", `<plist>${"<array>".repeat(600)}${"</array>".repeat(600)}</plist>`, /plist-too-deep/],
    ["an element inside a value", `<plist><string>a<true/></string></plist>`, /plist-structure/],
  ])("%s", (_name, text, reason) => {
    expect(declineReason(text)).toMatch(reason);
    expectSameResult(decodeXmlPlistText(text), decodeXmlPlistTextStrictly(text), text);
  });
});

describe("fast XML plist reader: hostile input stays bounded and gives today's finding", () => {
  const keysPlist = (count: number) => `<plist version="1.0"><dict>${Array.from({ length: count }, (_, i) => `<key>K${i}</key><true/>`).join("")}</dict></plist>`;

  it("declines at the value budget and the strict reader reports plist-too-large at the same value", () => {
    const text = keysPlist(2_000);
    const limits = { maxDepth: 512, maxNodes: 1_000 };
    const result = decodeXmlPlistText(text, limits);
    expect(!result.ok && result.error.code).toBe("plist-too-large");
    expect(result).toEqual(decodeXmlPlistTextStrictly(text, limits));
  });

  it("searches a bounded number of times per tag: 10x the tags, 10x the searches", () => {
    const small = stringCalls("indexOf", () => readXmlPlistSubset(keysPlist(1_000)));
    const large = stringCalls("indexOf", () => readXmlPlistSubset(keysPlist(10_000)));
    expect("value" in small.value && "value" in large.value).toBe(true);
    // Two searches per tag (its `<` and its `>`), plus prepareXml's.
    expect(small.calls).toBeLessThanOrEqual(2 * 4_002 + 10);
    expect(large.calls).toBeLessThanOrEqual(10 * small.calls);
  });

  it.each([
    ["100,000 nested arrays", `<plist>${"<array>".repeat(100_000)}${"</array>".repeat(100_000)}</plist>`, "plist-too-deep"],
    ["a run of unterminated comments", `<plist><true/></plist>${"<!--".repeat(100_000)}`, "xml-syntax"],
    ["comment openers inside a value", `<plist><string>${"<!--".repeat(10_000)}</string></plist>`, "xml-syntax"],
    ["a run of ampersands", `<plist><string>${"&".repeat(100_000)}</string></plist>`, "xml-syntax"],
    ["an endless character reference", `<plist><string>&#${"9".repeat(100_000)};</string></plist>`, "xml-syntax"],
    ["a reference beyond Unicode", `<plist><string>&#x110000;</string></plist>`, "xml-syntax"],
    ["an attribute value that never closes", `<plist version="${"1".repeat(100_000)}><true/></plist>`, "xml-syntax"],
    ["a million `<` in a row", `<plist>${"<".repeat(1_000_000)}`, "xml-syntax"],
    ["XXE", `<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<plist><string>&x;</string></plist>`, "xml-doctype"],
  ])("%s", (_name, text, code) => {
    const result = decodeXmlPlistText(text);
    expect(!result.ok && result.error.code).toBe(code);
    expect(result).toEqual(decodeXmlPlistTextStrictly(text));
  });
});

describe("fast XML plist reader: properties (fast-check)", () => {
  const FAST_CHECK = { seed: 20_261_205, numRuns: 400 };

  it("reads every document the plist package writes, to the strict reader's tree", () => {
    fc.assert(
      fc.property(plistDocument, (value) => {
        const text = toXml(value).toString("utf8");
        expectSameResult({ ok: true, value: fastReading(text) }, decodeXmlPlistTextStrictly(text), text);
      }),
      FAST_CHECK,
    );
  });

  it("gives the strict reader's result on documents written every way the subset allows and many it does not", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(xmlDocument, (text) => {
        runs++;
        if (!("declined" in readXmlPlistSubset(text))) accepted++;
        expectSameResult(decodeXmlPlistText(text), decodeXmlPlistTextStrictly(text), text);
      }),
      { ...FAST_CHECK, numRuns: 1_500 },
    );
    // The generator must exercise both readers, not only the fallback.
    expect(accepted / runs).toBeGreaterThan(0.2);
    expect(accepted / runs).toBeLessThan(0.9);
  });

  it("gives the strict reader's result on mutated seeds and generated plists", () => {
    const seeds = loadSeeds("xml");
    fc.assert(
      fc.property(mutatedInputs(seeds, plistDocument.map(toXml)), (bytes) => {
        const text = bytes.toString("utf8");
        expectSameResult(decodeXmlPlistText(text), decodeXmlPlistTextStrictly(text), "mutated input");
      }),
      { ...FAST_CHECK, numRuns: 1_500 },
    );
  });

  it("finds the line starts the character loop finds (LF, CR, CRLF), by native search", () => {
    const characterLoop = (text: string): number[] => {
      const starts = [0];
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      return starts;
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "\r", "\r\n", "\n\r", "😀"), maxLength: 40 }), fc.nat(), (text, at) => {
        const lines = new LineIndex(text);
        const offset = at % (text.length + 1);
        const starts = characterLoop(text);
        const line = starts.filter((start) => start <= offset).length;
        expect(lines.position(offset)).toEqual({ line, column: offset - starts[line - 1]! + 1, offset });
      }),
      { ...FAST_CHECK, numRuns: 3_000 },
    );
  });

  it("decodes <data> to Core Foundation's bytes, natively or by the character loop", () => {
    const base64Text = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("base64")),
      fc.string({ unit: fc.constantFrom("A", "z", "0", "+", "/", "=", " ", "\n", "\t", "\r", "*", "-", "\u00a0", "é"), maxLength: 40 }),
    );
    const withBreaks = fc.tuple(base64Text, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom("\n", "\n\t\t", " ", "\r\n")).map(([text, cuts, gap]) => {
      let out = text;
      for (const cut of cuts) out = `${out.slice(0, cut % (out.length + 1))}${gap}${out.slice(cut % (out.length + 1))}`;
      return out;
    });
    fc.assert(
      fc.property(withBreaks, (text) => {
        expect(Buffer.from(decodeDataAsApple(text))).toEqual(Buffer.from(coreFoundationData(text)));
      }),
      { ...FAST_CHECK, numRuns: 2_000 },
    );
  });
});

describe.skipIf(!hasCorpus)("fast XML plist reader on every corpus and holdout plist (strict reader as oracle)", () => {
  const files = corpusPlistFiles();

  it(`reads ${files.length} files to the strict reader's trees, declining only the stated few`, () => {
    const declines: string[] = [];
    let read = 0;
    for (const fsPath of files) {
      const bytes = readFileSync(fsPath);
      if (bytes.subarray(0, 6).toString("latin1") === "bplist") continue;
      const text = bytes.toString("utf8");
      const reading = readXmlPlistSubset(text);
      const strict = decodeXmlPlistTextStrictly(text);
      if ("declined" in reading) declines.push(`${path.basename(path.dirname(fsPath))}/${path.basename(fsPath)}: ${reading.declined}`);
      else {
        expectSameResult({ ok: true, value: reading.value }, strict, fsPath);
        read++;
      }
      expectSameResult(decodeXmlPlistText(text), strict, fsPath);
    }
    expect(read).toBeGreaterThan(500);
    // ownCloud's Info.plist has `<string octype="app">`, an attribute the fast reader leaves to saxes.
    expect(declines).toEqual(["Resources/Info.plist: a tag with other attributes or names, or malformed"]);
  });
});

if (!hasCorpus) console.warn(`xml-plist-subset.test.ts: ${corpusSkipReason}`);

/** Core Foundation's `__CFPLDataDecode` restated group by group: the oracle for both of the builder's paths. */
function coreFoundationData(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const out: number[] = [];
  let group: number[] = [];
  let padding = 0;
  for (const character of text) {
    if (character === "=") padding += 1;
    else if (!/\s/.test(character)) padding = 0;
    const sextet = character === "=" ? 0 : alphabet.indexOf(character);
    if (sextet < 0) continue;
    group.push(sextet);
    if (group.length < 4) continue;
    const [a, b, c, d] = group as [number, number, number, number];
    out.push(...[(a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d].slice(0, 3 - Math.min(padding, 2)));
    group = [];
  }
  return new Uint8Array(out);
}

// Documents spelled every way: the subset's spellings (weighted up) and things only the strict reader reads or refuses.
const gap = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom("", " ", "\n", "\t", "\r\n", "\r", "\n\t\t") },
  { weight: 6, arbitrary: fc.constantFrom("<!-- c -->", "<!---->", "<!-- a -- b -->", "<!-- ne-lint-disable-line x -->") },
  { weight: 1, arbitrary: fc.constantFrom("x", "\u00a0", "<!-- x --->", "<?pi x?>", "<![CDATA[ ]]>", "&amp;", "<!-- open") },
);
const textPiece = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom("a", "Z9", " ", "é", "😀", "$(VAR)", "\n", "\t", ">", "'", '"') },
  { weight: 20, arbitrary: fc.constantFrom("&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#x263A;", "&#x1F600;", "&#13;", "\r\n", "\r", "]]", "]>") },
  { weight: 1, arbitrary: fc.constantFrom("]]>", "&bogus;", "&#0;", "&#xD800;", "&#X41;", "&amp", "&", "<![CDATA[c]]>", "<!-- c -->", "<?pi?>", "\u0001", "\uD800", "\uFFFE", "<", "&#x110000;") },
);
const text = fc.array(textPiece, { maxLength: 6 }).map((pieces) => pieces.join(""));
const openSpelling = (name: string) => fc.constantFrom(`<${name}>`, `<${name} >`, `<${name}\n>`, `<${name}\r\n\t>`);
const closeSpelling = (name: string) => fc.constantFrom(`</${name}>`, `</${name} >`, `</${name}\n>`);
const emptySpelling = (name: string) => fc.constantFrom(`<${name}/>`, `<${name} />`, `<${name}\t/>`, `<${name}></${name}>`);
const scalarText: Record<string, fc.Arbitrary<string>> = {
  string: text,
  key: text,
  integer: fc.oneof({ weight: 8, arbitrary: fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String) }, { weight: 2, arbitrary: fc.constantFrom(" 0x1F ", "+7", "-0") }, { weight: 1, arbitrary: fc.constantFrom("12x", "") }),
  real: fc.oneof({ weight: 8, arbitrary: fc.double({ noNaN: true }).map(String) }, { weight: 2, arbitrary: fc.constantFrom("1.", ".5", "nan", "-inf") }, { weight: 1, arbitrary: fc.constantFrom("constructor", "1e") }),
  date: fc.constantFrom("2026-01-02T03:04:05Z", " 2026-01-02T03:04:05.5Z ", "2026-01-02T03:04:05Z", "yesterday"),
  data: fc.constantFrom("aGVsbG8=", "\n\taGVs\n\tbG8=\n", "aGVs*bG8", "=", ""),
  true: fc.constantFrom("", " ", "", "x"),
  false: fc.constantFrom("", "\n"),
};
const scalar = fc.constantFrom(...Object.keys(scalarText).filter((name) => name !== "key")).chain((name) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(openSpelling(name), scalarText[name]!, closeSpelling(name)).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: emptySpelling(name) },
  ),
);
const keyElement = fc.tuple(openSpelling("key"), scalarText.key!, closeSpelling("key")).map((parts) => parts.join(""));
const { value: xmlValue } = fc.letrec<{ value: string; dict: string; array: string }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("dict"), tie("array")),
  dict: fc.oneof(
    { weight: 6, arbitrary: fc.tuple(openSpelling("dict"), fc.array(fc.tuple(gap, keyElement, gap, tie("value")), { maxLength: 4 }), gap, closeSpelling("dict")).map(([open, entries, last, close]) => `${open}${entries.map((entry) => entry.join("")).join("")}${last}${close}`) },
    { weight: 1, arbitrary: emptySpelling("dict") },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("<dict>"), tie("value"), fc.constantFrom("</dict>", "</array>")).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("<dict>"), keyElement, keyElement, tie("value"), fc.constantFrom("</dict>")).map((parts) => parts.join("")) },
  ),
  array: fc.oneof(
    { weight: 6, arbitrary: fc.tuple(openSpelling("array"), fc.array(fc.tuple(gap, tie("value")), { maxLength: 4 }), gap, closeSpelling("array")).map(([open, items, last, close]) => `${open}${items.map((item) => item.join("")).join("")}${last}${close}`) },
    { weight: 1, arbitrary: emptySpelling("array") },
  ),
}));
const rarely = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad });
const declaration = rarely(
  fc.constantFrom("", `<?xml version="1.0" encoding="UTF-8"?>\n`, `<?xml version='1.0'?>`, `<?xml version = "1.0" encoding = 'utf-8' standalone="yes" ?>\r\n`, `\uFEFF<?xml version="1.0"?>`),
  fc.constantFrom(
  `<?xml version="1.1"?>`,
  ` <?xml version="1.0"?>`,
  `<?xml encoding="UTF-8"?>`,
  ),
);
const doctype = rarely(
  fc.constantFrom("", `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n`, `<!DOCTYPE plist SYSTEM "file://localhost/System/Library/DTDs/PropertyList.dtd">`),
  fc.constantFrom(`<!DOCTYPE plist>`, `<!DOCTYPE plist [<!ENTITY a "b">]>`),
);
const plistOpen = rarely(fc.constantFrom("<plist>", `<plist version="1.0">`, `<plist version='1.0' >`, `<plist\nversion="1.0">`, ""), fc.constantFrom(`<plist foo="1">`));
const xmlDocument = fc
  .tuple(declaration, gap, doctype, gap, plistOpen, gap, xmlValue, gap, gap, rarely(fc.constantFrom("", "\n", "<!-- end -->"), fc.constantFrom("<plist/>", "x")))
  .map(([decl, g1, dt, g2, open, g3, value, g4, g5, tail]) => `${decl}${g1}${dt}${g2}${open}${g3}${value}${g4}${open === "" ? "" : "</plist>"}${g5}${tail}`);
