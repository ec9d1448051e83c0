import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parse as oracleParse } from "plist";
import { describe, expect, it } from "vitest";
import { decodePlistBytes, decodePlistText } from "../../src/decode/plist.js";
import { decodeXmlPlistText } from "../../src/decode/xml-plist.js";
import { keyPathOf, toJs, valueAt, type PlistDict, type PlistValue } from "../../src/model/plist.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";

const file = { path: "Info.plist", fsPath: "/x/Info.plist" };
const HEADER = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n`;

function parseOk(text: string) {
  const result = decodeXmlPlistText(text);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function parseError(text: string) {
  const result = decodeXmlPlistText(text);
  if (result.ok) throw new Error("expected a decode error");
  return result.error;
}

describe("XML plist reader: positions", () => {
  const text = `${HEADER}<plist version="1.0">\n<dict>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>\n</plist>\n`;
  const { root } = parseOk(text);

  it("locates every key and value by line and column, end exclusive", () => {
    const ats = (root as PlistDict).byKey.get("NSAppTransportSecurity")!;
    expect({ start: ats.key.loc?.start, end: ats.key.loc?.end }).toEqual({ start: { line: 5, column: 2, offset: text.indexOf("<key>NSApp") }, end: { line: 5, column: 35, offset: text.indexOf("<key>NSApp") + 33 } });
    const loads = (ats.value as PlistDict).byKey.get("NSAllowsArbitraryLoads")!;
    expect(loads.key.loc?.start).toMatchObject({ line: 7, column: 3 });
    expect(loads.value.loc?.start).toMatchObject({ line: 8, column: 3 });
    expect(loads.value.loc?.end).toMatchObject({ line: 8, column: 10 });
    expect(text.slice(loads.value.loc!.start.offset, loads.value.loc!.end.offset)).toBe("<true/>");
    expect(text.slice(ats.value.loc!.start.offset, ats.value.loc!.end.offset)).toMatch(/^<dict>[\s\S]*<\/dict>$/);
  });

  it("links parents so a node knows its key path", () => {
    const loads = valueAt(root, ["NSAppTransportSecurity", "NSAllowsArbitraryLoads"])!;
    expect(keyPathOf(loads)).toEqual(["NSAppTransportSecurity", "NSAllowsArbitraryLoads"]);
  });

  it("counts columns in UTF-16 code units, as ESLint does", () => {
    const { root: r } = parseOk(`<plist><dict><key>a😀</key><string>x</string></dict></plist>`);
    const entry = (r as PlistDict).entries[0]!;
    expect(entry.value.loc?.start.column).toBe(`<plist><dict><key>a😀</key>`.length + 1);
  });

  it("handles CRLF line endings", () => {
    const { root: r } = parseOk(`<plist>\r\n<dict>\r\n<key>a</key>\r\n<true/>\r\n</dict>\r\n</plist>`);
    expect((r as PlistDict).entries[0]!.key.loc?.start).toMatchObject({ line: 3, column: 1 });
  });
});

describe("XML plist reader: values", () => {
  it("keeps integers beyond 2^53 exact and small ones as numbers", () => {
    const { root } = parseOk(`<plist><array><integer>9223372036854775807</integer><integer>-12</integer><integer>0x1F</integer><integer>18446744073709551616</integer></array></plist>`);
    const items = (root as { items: PlistValue[] }).items.map((n) => (n as { value: unknown }).value);
    expect(items).toEqual([9223372036854775807n, -12, 31, 18446744073709551616n]);
  });

  it("decodes reals, dates, data, empty strings and entities", () => {
    const { root } = parseOk(`<plist><dict><key>r</key><real>1.5e3</real><key>d</key><date>2026-01-02T03:04:05Z</date><key>b</key><data>\n aGVs\n bG8=\n</data><key>s</key><string/><key>e</key><string>a &amp; b &#x263A;</string></dict></plist>`);
    expect(toJs(root)).toEqual({ r: 1500, d: "2026-01-02T03:04:05Z", b: Buffer.from("hello"), s: "", e: "a & b ☺" });
  });

  it("keeps build-setting placeholders as plain strings", () => {
    const { root } = parseOk(`<plist><dict><key>CFBundleIdentifier</key><string>$(PRODUCT_BUNDLE_IDENTIFIER)</string></dict></plist>`);
    expect(toJs(root)).toEqual({ CFBundleIdentifier: "$(PRODUCT_BUNDLE_IDENTIFIER)" });
  });

  it("records repeated keys, last one wins", () => {
    const { root } = parseOk(`<plist><dict><key>a</key><true/><key>a</key><false/></dict></plist>`);
    const dict = root as PlistDict;
    expect(dict.entries).toHaveLength(2);
    expect(dict.shadowed).toHaveLength(1);
    expect(toJs(dict.byKey.get("a")!.value)).toBe(false);
  });

  it("treats __proto__ and constructor as ordinary keys", () => {
    const { root } = parseOk(`<plist><dict><key>__proto__</key><dict><key>polluted</key><true/></dict><key>constructor</key><string>x</string></dict></plist>`);
    const js = toJs(root) as Record<string, unknown>;
    expect(Object.keys(js)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps comments with their positions", () => {
    const { comments } = parseOk(`<plist><dict>\n<!-- ne-lint-disable-next-line ats/arbitrary-loads -- legacy CDN -->\n<key>a</key><true/></dict></plist>`);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.value).toBe(" ne-lint-disable-next-line ats/arbitrary-loads -- legacy CDN ");
    expect(comments[0]!.loc.start).toMatchObject({ line: 2, column: 1 });
    expect(comments[0]!.loc.end.line).toBe(2);
  });
});

describe("XML plist reader: what Xcode accepts beyond strict XML", () => {
  it("reads preprocessed Info.plists, every branch, and says so", () => {
    const result = parseOk(`<plist><dict>\n\t#ifndef DISABLE_PLAIN_HTTP\n\t<key>a</key><true/>\n\t#endif\n</dict></plist>`);
    expect(result.preprocessed).toBe(true);
    expect(toJs(result.root)).toEqual({ a: true });
    expect((result.root as PlistDict).entries[0]!.key.loc?.start).toMatchObject({ line: 3, column: 2 });
  });
});

describe("XML plist reader: <data> as Core Foundation reads it", () => {
  it.each([
    ["plain base64", "aGVsbG8=", "hello"],
    ["whitespace and line breaks", "\n aGVs\n bG8=\n", "hello"],
    ["stray characters skipped", "aGVs*bG8=-!", "hello"],
    ["incomplete last group dropped", "aGVsbG8", "hel"],
    ["two pads trim two bytes", "aA==", "h"],
  ])("%s", (_name, data, expected) => {
    const { root } = parseOk(`<plist><data>${data}</data></plist>`);
    expect(root.type).toBe("Data");
    expect(Buffer.from((root as { value: Uint8Array }).value).toString("latin1")).toBe(expected);
  });

  it("reads certificate+key! (fastlane-style placeholder) as the bytes of its base64 letters, not a parse error", () => {
    const { root } = parseOk(`<plist><data>certificate+key!</data></plist>`);
    expect(Buffer.from((root as { value: Uint8Array }).value)).toEqual(Buffer.from("certificate+key", "base64").subarray(0, 9));
  });
});

describe("XML plist reader: bad and hostile input", () => {
  it.each([
    ["truncated", `<plist><dict><key>a</key><tr`, "xml-syntax"],
    ["key without value", `<plist><dict><key>a</key></dict></plist>`, "plist-structure"],
    ["value without key", `<plist><dict><true/></dict></plist>`, "plist-structure"],
    ["bad integer", `<plist><integer>12x</integer></plist>`, "plist-value"],
    ["bad date", `<plist><date>yesterday</date></plist>`, "plist-value"],
    ["unknown element", `<plist><dict><key>a</key><bool>1</bool></dict></plist>`, "plist-unknown-element"],
    ["malformed boolean", `<plist><dict><key>a</key></true></dict></plist>`, "plist-structure"],
    ["empty plist", `<plist></plist>`, "plist-structure"],
    ["mismatched tag", `<plist><dict></array></plist>`, "xml-syntax"],
  ])("%s gives a positioned error", (_name, text, code) => {
    const error = parseError(text);
    expect(error.code).toBe(code);
    expect(error.position?.line).toBeGreaterThanOrEqual(1);
    expect(error.message).not.toMatch(/\n|at .*\(/);
  });

  it("never expands entities: internal subsets, XXE and billion laughs are refused before any expansion", () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE plist [\n<!ENTITY a "aaaaaaaaaa">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join("\n")}\n]>\n<plist><string>&j;</string></plist>`;
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<plist><string>&x;</string></plist>`;
    for (const text of [laughs, xxe]) {
      const error = parseError(text);
      expect(error.code).toBe("xml-doctype");
    }
    expect(parseError(`<plist><string>&team;</string></plist>`).code).toBe("xml-syntax");
  });

  it("caps nesting without overflowing the stack", () => {
    const deep = `<plist>${"<array>".repeat(100_000)}${"</array>".repeat(100_000)}</plist>`;
    expect(parseError(deep).code).toBe("plist-too-deep");
  });

  it("decodes UTF-16 files and rejects invalid UTF-8", () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?><plist><string>héllo</string></plist>`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const result = decodePlistBytes(le, file, "plist");
    expect(result.ok && toJs(result.value.root)).toBe("héllo");
    const bad = decodePlistBytes(Buffer.from([0x3c, 0x70, 0xff, 0xfe, 0x3e]), file, "plist");
    expect(!bad.ok && bad.error.code).toBe("xml-encoding");
  });

  it("decodes each file afresh with the run's shared decoders: an invalid or cut-off file leaves nothing behind", () => {
    const plist = (value: string): Buffer => Buffer.from(`<plist><string>${value}</string></plist>`, "utf8");
    for (const broken of [Buffer.from([0x3c, 0x70, 0xff, 0xfe, 0x3e]), Buffer.concat([plist("a"), Buffer.from([0xe2, 0x82])])]) {
      const bad = decodePlistBytes(broken, file, "plist");
      expect(!bad.ok && bad.error.code).toBe("xml-encoding");
      const good = decodePlistBytes(plist("\u20ac"), file, "plist");
      expect(good.ok && toJs(good.value.root)).toBe("\u20ac");
    }
    const utf16 = (bom: number[], encoding: "utf16le" | "latin1"): Buffer => Buffer.concat([Buffer.from(bom), Buffer.from("<plist><string>x</string></plist>", encoding)]);
    const cut = Buffer.concat([utf16([0xff, 0xfe], "utf16le"), Buffer.from([0x3c])]);
    expect(decodePlistBytes(cut, file, "plist").ok).toBe(false);
    const whole = decodePlistBytes(utf16([0xff, 0xfe], "utf16le"), file, "plist");
    expect(whole.ok && toJs(whole.value.root)).toBe("x");
  });

  it("refuses files over the size limit without parsing them", () => {
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x20);
    const result = decodePlistBytes(big, file, "plist");
    expect(!result.ok && result.error.code).toBe("too-large");
  });
});

describe.skipIf(!hasCorpus)("XML plist reader on the real corpus (differential against the plist package)", () => {
  const files = hasCorpus
    ? execFileSync("find", [corpusDir, "-type", "f", "(", "-name", "*.plist", "-o", "-name", "*.entitlements", "-o", "-name", "*.xcent", ")"], { encoding: "utf8" }).trim().split("\n")
    : [];

  it(`decodes every XML plist the oracle can parse, to equal values (${files.length} files)`, () => {
    let compared = 0;
    for (const fsPath of files) {
      const bytes = readFileSync(fsPath);
      if (bytes.subarray(0, 6).toString("latin1") === "bplist") continue;
      let expected: unknown;
      try {
        expected = oracleParse(bytes.toString("utf8"));
      } catch {
        continue;
      }
      const result = decodePlistText(bytes.toString("utf8"), { path: path.relative(corpusDir, fsPath), fsPath }, "plist");
      if (!result.ok) throw new Error(`${fsPath}: ${result.error.message}`);
      expect(normalise(toJs(result.value.root)), fsPath).toEqual(normalise(expected));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });
});

if (!hasCorpus) console.warn(`xml-plist.test.ts: ${corpusSkipReason}`);

/** The oracle returns numbers for integers and Dates for dates; compare on common ground. */
function normalise(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
