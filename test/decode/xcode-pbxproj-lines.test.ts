/**
 * `PbxprojLines` against the implementation it replaced (kept below as the oracle): the same line for
 * every object, setting and property on every corpus and holdout project and on generated layouts, and
 * a linear index however the lines are laid out.
 */
import { isAscii } from "node:buffer";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildSettingsOf, parsePbxproj, PbxprojLines } from "../../src/decode/xcode/pbxproj.js";
import { corpusDir, corpusSkipReason, hasCorpus, sharedDir } from "../helpers/paths.js";

/** The previous `PbxprojLines` (indexOf to the end of the file for each space and each key). */
class OraclePbxprojLines {
  private readonly starts: number[] = [0];
  private readonly objects = new Map<string, number>();
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) {
      const start = at + 1;
      this.starts.push(start);
      if (text.charCodeAt(start) === 9 && text.charCodeAt(start + 1) === 9) {
        const first = text.charCodeAt(start + 2);
        if (first !== 9 && first !== 125 && first !== 10) {
          const space = text.indexOf(" ", start + 2);
          const newline = text.indexOf("\n", start + 2);
          if (space > start + 2 && (newline < 0 || space < newline)) {
            const id = text.slice(start + 2, space);
            if (!this.objects.has(id)) this.objects.set(id, start);
          }
        }
      }
    }
  }

  objectLine(id: string): number | undefined {
    const offset = this.objects.get(id);
    return offset === undefined ? undefined : this.lineAt(offset);
  }

  settingLine(id: string, key: string): number | undefined {
    const start = this.objects.get(id);
    if (start === undefined) return undefined;
    const end = this.end(start);
    for (const spelling of [key, `"${key.replace(/["\\]/g, "\\$&")}"`]) {
      const at = this.text.indexOf(`\n\t\t\t\t${spelling} = `, start);
      if (at >= 0 && at < end) return this.lineAt(at + 1);
    }
    return undefined;
  }

  propertyLine(id: string, key: string): number | undefined {
    const start = this.objects.get(id);
    if (start === undefined) return undefined;
    const at = this.text.indexOf(`\n\t\t\t${key} = `, start);
    return at >= 0 && at < this.end(start) ? this.lineAt(at + 1) : undefined;
  }

  private end(start: number): number {
    const end = this.text.indexOf("\n\t\t};", start);
    return end < 0 ? this.text.length : end;
  }

  private lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

const holdoutDir = path.join(sharedDir, "holdout");

function projectFiles(): string[] {
  const folders = [corpusDir, holdoutDir].filter((folder) => existsSync(folder));
  return execFileSync("find", [...folders, "-name", "project.pbxproj", "-path", "*.xcodeproj/*"], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
}

if (!hasCorpus) console.log(corpusSkipReason);

describe("PbxprojLines on real projects", () => {
  it.skipIf(!hasCorpus)("finds the oracle's line for every object, setting and base configuration of every corpus and holdout project", () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(30);
    let settings = 0;
    let nonAscii = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
      if (!isAscii(Buffer.from(text))) nonAscii++;
      const pbxproj = parsePbxproj(text);
      const lines = new PbxprojLines(text);
      const oracle = new OraclePbxprojLines(text);
      for (const [id, object] of pbxproj.objects) {
        expect(lines.objectLine(id), `${file} ${id}`).toBe(oracle.objectLine(id));
        if (object["isa"] !== "XCBuildConfiguration") continue;
        expect(lines.propertyLine(id, "baseConfigurationReference")).toBe(oracle.propertyLine(id, "baseConfigurationReference"));
        const pairs = buildSettingsOf(object);
        for (const [key] of pairs) {
          settings++;
          expect(lines.settingLine(id, key), `${file} ${id} ${key}`).toBe(oracle.settingLine(id, key));
        }
        // The one-pass form the worker pool uses (0: no line).
        expect([...lines.settingLines(id, pairs)], `${file} ${id}`).toEqual(pairs.map(([key]) => oracle.settingLine(id, key) ?? 0));
        expect(lines.settingLine(id, "NOT_A_SETTING_ANYWHERE")).toBeUndefined();
      }
    }
    expect(settings).toBeGreaterThan(1000);
    // Lines are counted in the decoded text: projects with non-ASCII characters (two-byte strings) are covered.
    expect(nonAscii).toBeGreaterThan(0);
  });
});

describe("PbxprojLines on generated layouts", () => {
  it("agrees with the oracle on random texts made of the characters the layout depends on", () => {
    // A small fixed-seed generator: reproducible, and the pieces include tabs, spaces, braces and quotes.
    let seed = 17;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const indents = ["", "\t", "\t\t", "\t\t", "\t\t\t", "\t\t\t\t"];
    const pieces = [" ", " ", " = ", "}", "};", "{", "A", "B1", "K", '"K"', "\t", "\r", "\n", "é", "\u2019"];
    const candidates = ["A", " A", "B1", "AB1", "A\tB1", "", "}", "K", 'K"', "A\r", "é"];
    for (let round = 0; round < 400; round++) {
      let text = "";
      for (let line = random(30); line > 0; line--) {
        text += indents[random(indents.length)];
        for (let count = random(5); count > 0; count--) text += pieces[random(pieces.length)];
        if (random(8) > 0) text += "\n";
      }
      const lines = new PbxprojLines(text);
      const oracle = new OraclePbxprojLines(text);
      const keys = [...candidates, "A = B", "K[sdk=*]", '"K"', "A\nB1"].map((key): [string, string] => [key, ""]);
      for (const id of candidates) {
        expect(lines.objectLine(id), JSON.stringify(text)).toBe(oracle.objectLine(id));
        expect([...lines.settingLines(id, keys)], JSON.stringify([text, id])).toEqual(keys.map(([key]) => oracle.settingLine(id, key) ?? 0));
        for (const key of candidates) {
          expect(lines.settingLine(id, key), JSON.stringify([text, id, key])).toBe(oracle.settingLine(id, key));
          expect(lines.propertyLine(id, key), JSON.stringify([text, id, key])).toBe(oracle.propertyLine(id, key));
        }
      }
    }
  });

  it("gives the line of a quoted key that holds what looks like the object's end, as before", () => {
    const text = '{\n\t\tC = {\n\t\t\tbuildSettings = {\n\t\t\t\t"K[sdk=\n\t\t};x]" = 1;\n\t\t\t};\n\t\t};\n}\n';
    expect(new PbxprojLines(text).settingLine("C", "K[sdk=\n\t\t};x]")).toBe(4);
    expect(new OraclePbxprojLines(text).settingLine("C", "K[sdk=\n\t\t};x]")).toBe(4);
  });

  it("finds a configuration's setting lines searching each line within itself (a long multi-line value is no quadratic search)", () => {
    // Each `\t\t\t\tx` line of the quoted value once searched for ` = ` up to the next one, after the value.
    const value = "\n\t\t\t\tx".repeat(20_000);
    const text = `{\n\tobjects = {\n\t\tC = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n\t\t\t\tA = "${value}";\n\t\t\t\tB = 1;\n\t\t\t};\n\t\t\tname = Debug;\n\t\t};\n\t\tP = {\n\t\t\tisa = PBXProject;\n\t\t};\n\t};\n\trootObject = P;\n}\n`;
    const lines = new PbxprojLines(parsePbxproj(text).text);
    const spy = vi.spyOn(String.prototype, "indexOf");
    let found: number[];
    let scanned = 0;
    try {
      found = [...lines.settingLines("C", [["A", "v"], ["B", "1"]])];
      // Characters each search passed over: from where it started to where it matched, or to the end.
      spy.mock.calls.forEach(([, from], index) => {
        const haystack = String(spy.mock.contexts[index]);
        const result = spy.mock.results[index]!.value as number;
        scanned += (result < 0 ? haystack.length : result) - Math.max(0, Number(from ?? 0));
      });
    } finally {
      spy.mockRestore();
    }
    expect(found).toEqual([6, 20_007]);
    expect(scanned).toBeLessThan(3 * text.length);
  });

  it("indexes a valid project of a million space-free object-depth lines in one linear pass", { timeout: 20_000 }, () => {
    // A quoted string may span lines: these \t\tx lines parse, and each once cost a search for a space to the
    // end of the file (quadratic: 2.5 MB took 25 s). Linear, the 5 MB below takes well under a second;
    // the timeout is the hang guard.
    const text = `{\n\tobjects = {\n\t\tP = {\n\t\t\tisa = PBXProject;\n\t\t\tshellScript = "${"\n\t\tx".repeat(1_280_000)}";\n\t\t};\n\t};\n\trootObject = P;\n}\n`;
    const pbxproj = parsePbxproj(text);
    const lines = new PbxprojLines(pbxproj.text);
    expect(lines.objectLine("P")).toBe(3);
    expect(lines.propertyLine("P", "isa")).toBe(4);
    expect(lines.objectLine("x")).toBeUndefined();
  });
});
