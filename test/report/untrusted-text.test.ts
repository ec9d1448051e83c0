import { describe, expect, it } from "vitest";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { escapeControlCharacters, markdownCode, sarifPlainText, terminalLine } from "../../src/report/untrusted-text.js";

describe("escapeControlCharacters", () => {
  it("shows C0, DEL, C1, separators and bidi characters as escapes", () => {
    expect(escapeControlCharacters("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u009bi")).toBe("a\\nb\\rc\\td\\x00e\\x1bf\\x7fg\\x85h\\x9bi");
    expect(escapeControlCharacters("\u2028\u2029\u202a\u202e\u2066\u2069\u200e\u200f\u061c")).toBe("\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c");
  });
  it("shows invisible characters that hide text: zero-width space, word joiner, BOM, Unicode tags", () => {
    expect(escapeControlCharacters("a\u200bb\u2060c\ufeffd\u{e0041}\u{e007f}e")).toBe("a\\u200bb\\u2060c\\ufeffd\\u{e0041}\\u{e007f}e");
  });
  it("leaves printable text, emoji (with joiners), accents and backslashes alone", () => {
    expect(escapeControlCharacters("👨\u200d👩\u200d👧 ✌🏽")).toBe("👨\u200d👩\u200d👧 ✌🏽");
    expect(escapeControlCharacters("Größe ✅ 日本 C:\\x \u00a0")).toBe("Größe ✅ 日本 C:\\x \u00a0");
  });
  it("never leaves a control character, whatever the input (property)", () => {
    fc.assert(
      // eslint-disable-next-line no-control-regex
      fc.property(fc.array(fc.integer({ min: 0, max: 0x206f })).map((codes) => String.fromCharCode(...codes)), (text) => !/[\u0000-\u001f\u007f-\u009f\u200b\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069]/.test(escapeControlCharacters(text))),
    );
  });
});

describe("terminalLine", () => {
  it("defuses lines the Actions runner would execute", () => {
    expect(terminalLine("::error::x")).toBe("\\x3a:error::x");
    expect(terminalLine("   ::stop-commands::t")).toBe("   \\x3a:stop-commands::t");
    expect(terminalLine("##[set-output name=x]y")).toBe("\\x23#[set-output name=x]y");
    expect(terminalLine("App/::error::x")).toBe("App/::error::x");
    expect(terminalLine(":not a command")).toBe(":not a command");
  });
});

describe("markdownCode", () => {
  const md = new MarkdownIt({ html: true, linkify: true });
  const cell = (text: string): string => md.render(`| a |\n| --- |\n| ${markdownCode(text)} |\n`);
  it("renders as one code cell, whatever backticks, pipes, line breaks or HTML the text holds", () => {
    for (const text of ["[Approve](https://x)", "`a` ``b`` `", "| ✅ passed |", "x\r# h\n- y", "<img src=x>", " `", "", "https://x.example"]) {
      const html = cell(text);
      expect(html.match(/<td>/g), text).toHaveLength(1);
      expect(html, text).toMatch(/<td><code>[^<]*<\/code><\/td>/);
      expect(html).not.toContain("<a ");
      expect(html).not.toContain("<img");
    }
    expect(cell("`a` ``b``")).toContain("<code>`a` ``b``</code>");
    expect(cell("| ✅ passed |")).toContain("<code>| ✅ passed |</code>");
  });
});

describe("sarifPlainText", () => {
  it("escapes brackets and a backslash before one (SARIF §3.11.6)", () => {
    expect(sarifPlainText("[Approve](https://x) a\\[b] c\\d")).toBe("\\[Approve\\](https://x) a\\\\\\[b\\] c\\d");
  });
});
