/**
 * The located tree the XML builder makes (`xml-plist-builder.ts`): ranges are kept as offsets and their positions
 * worked out when read (`LocatedRange`). On every corpus and holdout XML plist (and on generated ones), every
 * node's and comment's `loc.start` / `loc.end` must equal the position an independent count of line breaks gives,
 * an entry must span its key's start to its value's end, a range must serialise as `{ start, end }`, and every node
 * must have exactly the properties in the order the model has always had (its parent included; none on the root).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBinaryPlist } from "../../src/decode/bplist.js";
import { decodePlistBytes } from "../../src/decode/plist.js";
import { knownKeyCount } from "../../src/decode/xml-plist-builder.js";
import { decodeXmlPlistText, decodeXmlPlistTextStrictly, type XmlPlist } from "../../src/decode/xml-plist.js";
import { toJs, type PlistNode, type PlistValue, type Position, type SourceRange } from "../../src/model/plist.js";
import { plistDocument, toBinary, toXml } from "../fuzz/generators.js";
import { corpusPlistFiles } from "../helpers/corpus-plists.js";
import { corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { runSourceScript, sourceUrl } from "../helpers/source-script.js";

/** Positions as the model defines them, counted directly: 1-based lines (LF, CRLF, CR), 1-based UTF-16 columns. */
function eagerPositions(text: string): (offset: number) => Position {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] as number) <= offset) line++;
    return { line: line + 1, column: offset - (starts[line] as number) + 1, offset };
  };
}

const OWN_KEYS: Record<string, readonly string[]> = {
  Dict: ["type", "entries", "byKey", "shadowed", "loc", "parent"],
  Array: ["type", "items", "loc", "parent"],
  Entry: ["type", "key", "value", "loc", "parent"],
  Key: ["type", "value", "loc", "parent"],
  scalar: ["type", "value", "loc", "parent"],
};

/** Checks every node of `plist` against `text`; returns the number of ranges checked. */
function checkLocatedTree(plist: XmlPlist, text: string, label: string): number {
  const position = eagerPositions(text);
  let ranges = 0;
  const checkRange = (loc: SourceRange | undefined, what: string): SourceRange => {
    expect(loc, `${label}: ${what} has a range`).toBeDefined();
    const range = loc as SourceRange;
    const start = range.start;
    const end = range.end;
    expect(start, `${label}: ${what} start`).toEqual(position(start.offset));
    expect(end, `${label}: ${what} end`).toEqual(position(end.offset));
    expect(start.offset).toBeLessThan(end.offset);
    expect(JSON.parse(JSON.stringify(range))).toEqual({ start, end });
    ranges++;
    return range;
  };
  const root = plist.root;
  expect(Object.hasOwn(root, "parent"), `${label}: the root has no parent property`).toBe(false);
  expect(Object.keys(root)).toEqual(OWN_KEYS[root.type]?.filter((key) => key !== "parent") ?? OWN_KEYS.scalar?.filter((key) => key !== "parent"));
  const stack: { node: PlistNode; parent: PlistNode | undefined }[] = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: PlistNode; parent: PlistNode | undefined };
    expect(node.parent, `${label}: ${node.type}'s parent`).toBe(parent);
    if (parent) expect(Object.keys(node), `${label}: ${node.type}'s properties`).toEqual(OWN_KEYS[node.type] ?? OWN_KEYS.scalar);
    const loc = checkRange(node.loc, node.type);
    expect(text.slice(loc.start.offset, loc.start.offset + 1)).toBe("<");
    if (node.type === "Entry") {
      const key = checkRange(node.key.loc, "Key");
      const value = checkRange(node.value.loc, node.value.type);
      expect(loc.start).toEqual(key.start);
      expect(loc.end).toEqual(value.end);
      stack.push({ node: node.key, parent: node }, { node: node.value, parent: node });
    } else if (node.type === "Dict") {
      expect(node.entries.length).toBe(node.byKey.size + node.shadowed.length);
      for (const entry of node.entries) stack.push({ node: entry, parent: node });
    } else if (node.type === "Array") {
      for (const item of node.items) stack.push({ node: item as PlistValue, parent: node });
    }
  }
  for (const comment of plist.comments) {
    const loc = checkRange(comment.loc, "Comment");
    expect(text.slice(loc.start.offset, loc.end.offset)).toBe(`<!--${comment.value}-->`);
  }
  return ranges;
}

describe("located XML plist trees: positions worked out on demand equal counted ones", () => {
  it("on documents with LF, CRLF and CR line ends, comments and every value type, by both readers", () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>\r\n<plist version="1.0">\r<dict>\n\t<!-- a comment -->\r\n\t<key>A</key><string>x\r\ny</string>\n\t<key>B</key>\r\t<array><integer>1</integer><real>2.5</real><true/><date>2020-01-01T00:00:00Z</date><data>AAE=</data><dict/><array/></array>\n\t<key>A</key><false/>\n</dict>\n</plist>\n`;
    for (const decode of [decodeXmlPlistText, decodeXmlPlistTextStrictly]) {
      const decoded = decode(text);
      if (!decoded.ok) throw new Error(decoded.error.message);
      expect(checkLocatedTree(decoded.value, text, decode.name)).toBe(24);
    }
  });

  it("on generated documents (fast-check)", () => {
    fc.assert(
      fc.property(plistDocument, (document) => {
        const text = toXml(document).toString("utf8");
        const decoded = decodeXmlPlistText(text);
        if (!decoded.ok) throw new Error(decoded.error.message);
        checkLocatedTree(decoded.value, text, "generated");
      }),
      { numRuns: 200 },
    );
  });
});

/** Binary plists have no ranges; their nodes have the model's properties in its order, their parent included. */
function checkUnlocatedTree(root: PlistValue): number {
  const keysOf = (type: string): readonly string[] => (OWN_KEYS[type] ?? (OWN_KEYS.scalar as readonly string[])).filter((key) => key !== "loc");
  expect(Object.keys(root)).toEqual(keysOf(root.type).filter((key) => key !== "parent"));
  let nodes = 0;
  const stack: { node: PlistNode; parent: PlistNode | undefined }[] = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: PlistNode; parent: PlistNode | undefined };
    nodes++;
    expect(node.parent).toBe(parent);
    if (parent) expect(Object.keys(node)).toEqual(keysOf(node.type));
    if (node.type === "Entry") stack.push({ node: node.key, parent: node }, { node: node.value, parent: node });
    else if (node.type === "Dict") for (const entry of node.entries) stack.push({ node: entry, parent: node });
    else if (node.type === "Array") for (const item of node.items) stack.push({ node: item as PlistValue, parent: node });
  }
  return nodes;
}

describe("binary plist trees: every node made with its parent", () => {
  it("on generated documents (fast-check)", () => {
    fc.assert(
      fc.property(plistDocument, (document) => {
        const decoded = decodeBinaryPlist(toBinary(document));
        if (!decoded.ok) throw new Error(decoded.error.message);
        checkUnlocatedTree(decoded.value);
      }),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(!hasCorpus)("located XML plist trees on every corpus and holdout plist", () => {
  const files = corpusPlistFiles();

  it(`gives counted positions for every node and comment of the ${files.length} files`, () => {
    let documents = 0;
    let ranges = 0;
    for (const fsPath of files) {
      const bytes = readFileSync(fsPath);
      if (bytes.subarray(0, 6).toString("latin1") === "bplist") continue;
      const text = bytes.toString("utf8");
      const decoded = decodeXmlPlistText(text);
      if (!decoded.ok) continue;
      documents++;
      ranges += checkLocatedTree(decoded.value, text, fsPath);
    }
    expect(documents).toBeGreaterThan(500);
    expect(ranges).toBeGreaterThan(10_000);
  });
});

if (!hasCorpus) console.warn(`located-tree.test.ts: ${corpusSkipReason}`);

describe("what a decoded document keeps", () => {
  /** A 4 MB plist whose values, keys and comment could each be cut from its text as a V8 slice. */
  const bigPlist = (): { text: string; values: string[] } => {
    const values = Array.from({ length: 200 }, (_, index) => `com.example.a-long-bundle-identifier.${index}`);
    const padding = " ".repeat(1 << 20);
    const text = `<plist version="1.0"><dict>${padding.repeat(2)}<!-- a comment long enough to be a slice -->${padding.repeat(2)}${values.map((value, index) => `<key>Key${index}WithALongName</key><string>${value}</string>`).join("")}</dict></plist>`;
    return { text, values };
  };

  /**
   * Memory still in use after full collections once a document of `bigPlist` is decoded and kept, measured in a
   * process of its own. In a test worker the heap also holds what the harness and earlier test files keep: measured
   * there, this test failed once in a full run (8.3 MB kept) and passed alone. One way to get that number: a spy on
   * `String.prototype.indexOf` records the text and its comment-free copy (8.4 MB).
   */
  const keptByDecodedDocument = (keepText: boolean): number => {
    const script = `
      const { decodePlistBytes } = await import(${sourceUrl("src/decode/plist.ts")});
      const bigPlist = ${bigPlist.toString()};
      // Each step in a function of its own: a temporary of top-level code can stay alive in its frame until overwritten.
      const bytes = (() => Buffer.from(bigPlist().text, "utf8"))();
      // External memory too: a string Node decodes as Latin-1 from over ~1 MB of bytes lives outside V8's heap.
      const used = () => { gc(); gc(); const memory = process.memoryUsage(); return memory.heapUsed + memory.external; };
      const before = used();
      const decoded = (() => decodePlistBytes(bytes, { path: "Big.plist", fsPath: "/virtual/Big.plist" }, "plist", { keepText: ${keepText} }))();
      // V8 keeps the subject of the last regular expression run (for \`RegExp.lastMatch\`): one string, whichever it was.
      /^/.exec("");
      const kept = used() - before;
      if (!decoded.ok) throw new Error(decoded.error.message);
      console.log(kept);
    `;
    return Number(runSourceScript(script, ["--expose-gc"]));
  };

  it("not its text: a document read for a run keeps its values and comments, not the 4 MB they were cut from", () => {
    const { text, values } = bigPlist();
    const bytes = Buffer.from(text, "utf8");
    const file = { path: "Big.plist", fsPath: "/virtual/Big.plist" };
    const decoded = decodePlistBytes(bytes, file, "plist", { keepText: false });
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.text).toBeUndefined();
    expect(toJs(decoded.value.root)).toEqual(Object.fromEntries(values.map((value, index) => [`Key${index}WithALongName`, value])));
    expect(decoded.value.comments.map((comment) => comment.value)).toEqual([" a comment long enough to be a slice "]);
    const withText = decodePlistBytes(bytes, file, "plist");
    expect(withText.ok && withText.value.text).toBe(text);
    // Values, keys or comments cut from the 4 MB text as V8 slices would keep all of it, as the text itself does.
    expect(keptByDecodedDocument(false)).toBeLessThan(1 << 20);
    expect(keptByDecodedDocument(true)).toBeGreaterThan(4 << 20);
  });

  it("each distinct key once, in a table bounded at 4,096 keys", () => {
    const keys = Array.from({ length: 5000 }, (_, index) => `a-key-no-other-test-uses-${index}`);
    const decoded = decodeXmlPlistText(`<plist version="1.0"><dict>${keys.map((key) => `<key>${key}</key><true/>`).join("")}</dict></plist>`);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(Object.keys(toJs(decoded.value.root) as object)).toEqual(keys);
    expect(knownKeyCount()).toBe(4096);
  });
});
