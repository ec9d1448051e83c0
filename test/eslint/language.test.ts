/** The `plist` language object on its own: kinds, parse results, traversal, locations, directives, options. */
import type { File } from "@eslint/core";
import { describe, expect, it } from "vitest";
import type { PlistAstNode } from "../../src/eslint/ast.js";
import { documentKindOf, PlistLanguage, type PlistParseResult } from "../../src/eslint/language.js";
import type { PlistLanguageOptions } from "../../src/eslint/language-options.js";
import type { PlistSourceCode } from "../../src/eslint/source-code.js";
import { decodePlistText } from "../../src/decode/plist.js";

const language = new PlistLanguage();

function file(text: string | Uint8Array, name = "/project/App/Info.plist"): File {
  return { path: name, physicalPath: name, bom: false, body: text };
}

function sourceCode(text: string, name?: string, languageOptions: PlistLanguageOptions = {}): PlistSourceCode {
  const input = file(text, name);
  const result = language.parse(input);
  if (!result.ok) throw new Error(`fixture does not parse: ${result.errors[0]?.message}`);
  return language.createSourceCode(input, result, { languageOptions });
}

const plist = (...lines: string[]): string => ["<plist version=\"1.0\">", "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");

describe("document kind, as the CLI decides it", () => {
  const kindOf = (name: string, text: string) => {
    const decoded = decodePlistText(text, { path: name, fsPath: name }, "plist");
    if (!decoded.ok) throw new Error(decoded.error.message);
    return documentKindOf(name, decoded.value.root);
  };
  it.each([
    ["App.entitlements", plist("<key>anything</key><true/>"), "entitlements"],
    ["App.XCENT", plist(), "entitlements"],
    ["Info.plist", plist(), "info-plist"],
    ["Other.plist", plist("<key>CFBundleIdentifier</key><string>x</string>"), "info-plist"],
    ["Release.plist", plist("<key>com.apple.security.app-sandbox</key><true/>"), "entitlements"],
    ["Settings.plist", plist("<key>Volume</key><integer>3</integer>"), "plist"],
    ["Info-iOS.plist", plist("<key>Volume</key><integer>3</integer>"), "plist"],
  ])("%s → %s", (name, text, expected) => {
    expect(kindOf(name, text)).toBe(expected);
  });
});

describe("parse", () => {
  it("returns a parse error with the reader's position and never throws", () => {
    const broken = language.parse(file("<plist>\n<dict>\n  <key>a</key>\n</dict>\n</plist>\n"));
    // The reader blames the key that lacks a value; ESLint shows "Parsing error: …" there.
    expect(broken).toEqual({ ok: false, errors: [{ message: "The key \"a\" has no value.", line: 3, column: 3 }] });
    for (const body of ["", "bplist00\u0000\u0001", "not xml at all", "<plist>".repeat(3), `<plist><array>${"<array>".repeat(50_000)}`, new Uint8Array([0xff, 0xfe, 0x3c, 0x00])]) {
      expect(() => language.parse(file(body))).not.toThrow();
      expect(language.parse(file(body)).ok).toBe(false);
    }
  });

  it("reads bytes as UTF-8 and gives the document its kind and display path", () => {
    const result = language.parse(file(new TextEncoder().encode(plist("<key>CFBundleIdentifier</key><string>é</string>")), `${process.cwd()}/ios/App/Info.plist`)) as PlistParseResult;
    expect(result.ok).toBe(true);
    expect(result.document.kind).toBe("info-plist");
    expect(result.document.file.path).toBe("ios/App/Info.plist");
    expect(result.ast.type).toBe("Document");
    expect(result.ast.body).toBe(result.document.root);
  });
});

describe("source code", () => {
  const text = plist("\t<!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads -- legacy CDN -->", "\t<key>A</key>", "\t<array><string>x</string></array>");

  it("traverses in document order with enter and exit steps, and knows parents", () => {
    const code = sourceCode(text);
    const steps = [...code.traverse()].map((step) => `${(step as { phase: number }).phase === 1 ? ">" : "<"}${((step as { target: PlistAstNode }).target).type}`);
    expect(steps).toEqual([">Document", ">Dict", ">Entry", ">Key", "<Key", ">Array", ">String", "<String", "<Array", "<Entry", "<Dict", "<Document"]);
    const dict = code.ast.body;
    if (dict.type !== "Dict") throw new Error("expected a dict");
    const entry = dict.entries[0];
    if (!entry) throw new Error("expected an entry");
    expect(code.getParent(dict)).toBe(code.ast);
    expect(code.getParent(entry)).toBe(dict);
    expect(code.getParent(entry.key)).toBe(entry);
    expect(code.getAncestors(entry.key)).toEqual([code.ast, dict, entry]);
  });

  it("locates nodes exactly as the reader does, and ESLint's index ↔ position maps agree", () => {
    const code = sourceCode(text);
    const dict = code.ast.body;
    if (dict.type !== "Dict" || !dict.entries[0]) throw new Error("expected a dict");
    const key = dict.entries[0].key;
    expect(code.getText(key)).toBe("<key>A</key>");
    expect(code.getLoc(key)).toMatchObject({ start: { line: 4, column: 2 }, end: { line: 4, column: 14 } });
    const [start, end] = code.getRange(key);
    expect(code.getLocFromIndex(start)).toEqual({ line: 4, column: 2 });
    expect(code.getLocFromIndex(end)).toEqual({ line: 4, column: 14 });
    expect(code.getLoc(code.ast)).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 8, column: 1 } });
  });

  it("counts a lone \\r as a line break, as the reader does", () => {
    const code = sourceCode("<plist>\r<dict>\r<key>A</key><true/>\r</dict>\r</plist>\r");
    const dict = code.ast.body;
    if (dict.type !== "Dict" || !dict.entries[0]) throw new Error("expected a dict");
    const [start] = code.getRange(dict.entries[0].key);
    expect(code.getLocFromIndex(start)).toEqual({ line: 3, column: 1 });
    expect(code.getLoc(dict.entries[0].key).start).toMatchObject({ line: 3, column: 1 });
  });

  it("turns eslint comments (and ne-lint's own spelling) into directives and ignores every other comment", () => {
    const code = sourceCode(
      plist(
        "<!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads, ne-lint/plist/duplicate-key -- legacy CDN -->",
        "<!-- eslint-disable -->",
        "<!-- eslint-enable ne-lint/ats/wrong-type -->",
        "<key>A</key><true/> <!-- eslint-disable-line -->",
        "<!-- eslint-disable-line\nne-lint/ats/wrong-type -->",
        "<!-- ne-lint-disable-next-line ats/arbitrary-loads -->",
        "<!-- a plain comment -->",
        "<!-- eslintish -->",
      ),
    );
    const { directives, problems } = code.getDisableDirectives();
    expect(directives.map((d) => ({ type: d.type, value: d.value, justification: d.justification }))).toEqual([
      { type: "disable-next-line", value: "ne-lint/ats/arbitrary-loads, ne-lint/plist/duplicate-key", justification: "legacy CDN" },
      { type: "disable", value: "", justification: "" },
      { type: "enable", value: "ne-lint/ats/wrong-type", justification: "" },
      { type: "disable-line", value: "", justification: "" },
      { type: "disable-next-line", value: "ne-lint/ats/arbitrary-loads", justification: "" },
    ]);
    expect(problems).toEqual([{ ruleId: null, message: "eslint-disable-line comment should not span multiple lines.", loc: expect.objectContaining({ start: expect.objectContaining({ line: 7 }) }) as unknown }]);
    expect(code.getRange(directives[0]?.node as never)).toEqual([code.text.indexOf("<!-- eslint-disable-next-line"), code.text.indexOf("legacy CDN -->") + "legacy CDN -->".length]);
  });

  it("reads inline rule configuration and reports a malformed one", () => {
    const code = sourceCode(plist("<!-- eslint ne-lint/ats/wrong-type: \"off\", ne-lint/plist/duplicate-key: [\"warn\"] -->", "<!-- eslint ne-lint/ats/wrong-type: {{{ -->"));
    const { configs, problems } = code.applyInlineConfig();
    expect(configs.map((c) => c.config.rules)).toEqual([{ "ne-lint/ats/wrong-type": "off", "ne-lint/plist/duplicate-key": ["warn"] }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.loc.start.line).toBe(4);
  });
});

describe("language options and target facts", () => {
  it("validates platform and deploymentTarget and accepts their absence", () => {
    expect(() => language.validateLanguageOptions({})).not.toThrow();
    expect(() => language.validateLanguageOptions({ platform: "macos", deploymentTarget: "14.2" })).not.toThrow();
    expect(() => language.validateLanguageOptions({ platform: "android" as never })).toThrow(/"platform"/);
    expect(() => language.validateLanguageOptions({ deploymentTarget: "latest" })).toThrow(/"deploymentTarget"/);
    expect(() => language.validateLanguageOptions({ deploymentTarget: 17 as never })).toThrow(/"deploymentTarget"/);
  });

  it("the file's own keys win over the options, as in the CLI", () => {
    const options: PlistLanguageOptions = { platform: "ios", deploymentTarget: "12.0" };
    expect(sourceCode(plist("<key>LSMinimumSystemVersion</key><string>11.0</string>"), undefined, options).facts).toEqual({ platform: "macos", deploymentTarget: "11.0", name: "App" });
    expect(sourceCode(plist("<key>CFBundlePackageType</key><string>APPL</string>"), undefined, options).facts).toEqual({ platform: "ios", deploymentTarget: "12.0", kind: "app", name: "App" });
    expect(sourceCode(plist("<key>com.apple.security.app-sandbox</key><true/>"), "/p/Mac/Mac.entitlements", options).facts).toEqual({ platform: "macos", deploymentTarget: "12.0", name: "Mac" });
    expect(sourceCode(plist("<key>Volume</key><integer>1</integer>"), "/p/Settings.plist").facts).toEqual({ name: "p" });
  });
});
