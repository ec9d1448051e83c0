/**
 * Issue 16, Xcode-side hangs and blow-ups, at unit level with the work each one does counted: xcconfig
 * include fan-out, unterminated `$(` runs, backtracking condition patterns and one Info.plist shared by
 * thousands of targets. (The same attacks through the bundled CLI are in test/hostile/xcode-blowups.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfinedFiles } from "../../src/discover/confined-files.js";
import { deviceSdkOf, withoutVersionSuffix } from "../../src/decode/xcode/defaults.js";
import {
  matchesPattern,
  parseExpression,
  parseSettingKey,
  SettingsScope,
  SettingsTable,
  withoutTrailingSlashes,
  type ParseStats,
  type SettingAssignment,
} from "../../src/decode/xcode/settings.js";
import { cachingXcconfigReader, loadXcconfig, XcconfigBudget, type XcconfigReader } from "../../src/decode/xcode/xcconfig.js";
import { decodePlistText } from "../../src/decode/plist.js";
import { DocumentExpander } from "../../src/targets/expand.js";
import { valueAt } from "../../src/model/plist.js";
import { seededRandom } from "../helpers/seeded-random.js";
import { stringCalls } from "../helpers/string-calls.js";
import { includeFanOut } from "../hostile/xcode-attacks.js";

const dir = mkdtempSync(path.join(tmpdir(), "ne-lint-budgets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function countingReader(read: XcconfigReader): { read: XcconfigReader; calls: () => number } {
  let calls = 0;
  return {
    read: (fsPath) => {
      calls++;
      return read(fsPath);
    },
    calls: () => calls,
  };
}

describe("xcconfig include budget", () => {
  it("stops 15 files that each include the next 10 times (10^14 loads) at the load budget, and says where", () => {
    const fanOut = path.join(dir, "fan-out");
    includeFanOut(fanOut);
    const files = ConfinedFiles.forPaths([fanOut], fanOut);
    const reader = countingReader(cachingXcconfigReader(files));
    const budget = new XcconfigBudget();
    const loaded = loadXcconfig(path.join(fanOut, "f0.xcconfig"), "f0.xcconfig", reader.read, budget);
    expect(budget.exceeded).toBe("loads");
    expect(reader.calls()).toBe(XcconfigBudget.MAX_LOADS);
    // Each file is read from disk once, however often it is included.
    expect(files.counts.opened).toBe(15);
    const limits = loaded.problems.filter((problem) => problem.kind === "limit");
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatchObject({ file: expect.stringMatching(/^f\d+\.xcconfig$/), line: expect.any(Number) });
    expect(limits[0]!.message).toContain(`more than ${XcconfigBudget.MAX_LOADS} xcconfig loads (#include fan-out)`);
    // A second xcconfig of the same project gets nothing more: the budget is per project.
    const again = loadXcconfig(path.join(fanOut, "f1.xcconfig"), "f1.xcconfig", reader.read, budget);
    expect(again.assignments).toEqual([]);
    expect(reader.calls()).toBe(XcconfigBudget.MAX_LOADS);
  });

  it("stops at the assignment budget across included files", () => {
    const many = path.join(dir, "assignments");
    const lines = Array.from({ length: 50_000 }, (_, index) => `S${index} = ${index}`).join("\n");
    includeFanOut(many, 1, 0);
    for (let index = 0; index < 5; index++) writeFileSync(path.join(many, `part${index}.xcconfig`), lines);
    writeFileSync(path.join(many, "top.xcconfig"), Array.from({ length: 5 }, (_, index) => `#include "part${index}.xcconfig"`).join("\n"));
    const budget = new XcconfigBudget();
    const loaded = loadXcconfig(path.join(many, "top.xcconfig"), "top.xcconfig", cachingXcconfigReader(ConfinedFiles.forPaths([many], many)), budget);
    expect(budget.exceeded).toBe("assignments");
    expect(loaded.assignments).toHaveLength(XcconfigBudget.MAX_ASSIGNMENTS);
    expect(loaded.problems.filter((problem) => problem.kind === "limit").map((problem) => [problem.file, problem.line])).toEqual([["part4.xcconfig", 1]]);
  });
});

/** The recursive parser ne-lint had before (exponential on unterminated `$(`), as an oracle on small inputs. */
type OldPart = string | { raw: string; name: OldPart[]; operators: { name: string; argument?: OldPart[] }[] };
function oldParse(text: string): OldPart[] {
  const parts = (start: number, stops: string | undefined, depth: number): { parts: OldPart[]; end: number } => {
    const out: OldPart[] = [];
    let literal = "";
    let index = start;
    while (index < text.length) {
      const char = text[index]!;
      if (stops?.includes(char)) break;
      if (char === "$" && (text[index + 1] === "(" || text[index + 1] === "{") && depth < 32) {
        const found = reference(index, depth + 1);
        if (found) {
          if (literal) out.push(literal);
          literal = "";
          out.push(found.reference);
          index = found.end;
          continue;
        }
      }
      literal += char;
      index++;
    }
    if (literal) out.push(literal);
    return { parts: out, end: index };
  };
  const reference = (start: number, depth: number): { reference: Exclude<OldPart, string>; end: number } | undefined => {
    const close = text[start + 1] === "(" ? ")" : "}";
    const name = parts(start + 2, `:${close}`, depth);
    let index = name.end;
    const operators: { name: string; argument?: OldPart[] }[] = [];
    while (text[index] === ":") {
      let opEnd = index + 1;
      while (opEnd < text.length && !"=:".includes(text[opEnd]!) && text[opEnd] !== close) opEnd++;
      const opName = text.slice(index + 1, opEnd);
      if (text[opEnd] === "=") {
        const argument = parts(opEnd + 1, `:${close}`, depth);
        operators.push({ name: opName, argument: argument.parts });
        index = argument.end;
      } else {
        operators.push({ name: opName });
        index = opEnd;
      }
    }
    if (text[index] !== close) return undefined;
    return { reference: { raw: text.slice(start, index + 1), name: name.parts, operators }, end: index + 1 };
  };
  return parts(0, undefined, 0).parts;
}

/** What a text evaluates to when A and B are set and nothing else: both parsers must agree. */
function render(parts: readonly OldPart[]): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      const name = render(part.name);
      const known = part.name.every((inner) => typeof inner === "string") || !name.includes("$");
      if (!known || !/^[AB]$/.test(name) || part.operators.length > 0) return part.raw;
      return `<${name}>`;
    })
    .join("");
}

describe("build setting expressions", () => {
  it("parse in steps linear in the text, whatever runs of `$(`, `${` and `:` it holds", () => {
    for (const unit of ["$(", "${", "$(${", "${$(", "$(A:", "$(A:b=$(", "$($(a)", "$(a)", "$(X:default=$("]) {
      for (const length of [1_000, 100_000]) {
        const text = unit.repeat(Math.ceil(length / unit.length));
        const stats: ParseStats = { steps: 0 };
        parseExpression(text, stats);
        expect(stats.steps, `${unit} × ${text.length / unit.length}`).toBeLessThanOrEqual(2 * text.length + 64);
      }
    }
  });

  it("agree with the old recursive parser on random short texts", () => {
    const random = seededRandom(16);
    const tokens = ["$(", "${", ")", "}", ":", "=", "A", "B", "lower", " ", "$", "default"];
    for (let round = 0; round < 20_000; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => tokens[Math.floor(random() * tokens.length)]).join("");
      expect(render(parseExpression(text) as OldPart[]), text).toBe(render(oldParse(text)));
    }
  });

  it("keep 32 unterminated `$(` in a setting or an expanded string as written", () => {
    const open = "$(".repeat(32);
    const settings = new SettingsScope(new SettingsTable([[{ name: "ID", conditions: [], value: `${open}X`, origin: { file: "t" } }, { name: "X", conditions: [], value: "x", origin: { file: "t" } }]]), {});
    expect(settings.get("ID")).toBe(`${open}X`);
    expect(settings.expand(`${open}X)`)).toBe(`${"$(".repeat(31)}x`);
    expect(settings.expand(`${open}ID`)).toBe(`${open}ID`);
  });
});

describe("condition patterns", () => {
  it("match *a*a*a*a*a*a*a*a*b against a 100,000-character configuration name without backtracking", () => {
    const name = "a".repeat(100_000);
    expect(matchesPattern("*a*a*a*a*a*a*a*a*b", name)).toBe(false);
    expect(matchesPattern("*a*a*a*a*a*a*a*a*a", name)).toBe(true);
    expect(matchesPattern("*a*a*a*a*a*a*a*a*b", `${name}b`)).toBe(true);
    expect(matchesPattern("?".repeat(100_000), name)).toBe(true);
  });

  it("agree with an fnmatch-style regular expression on random short patterns", () => {
    const random = seededRandom(42);
    const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (let round = 0; round < 20_000; round++) {
      const pattern = pick("ab*?", Math.floor(random() * 7));
      const value = pick("ab", Math.floor(random() * 8));
      const regex = new RegExp(`^${pattern.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
      expect(matchesPattern(pattern, value), `${pattern} ~ ${value}`).toBe(regex.test(value));
    }
  });

  it("are read from keys such as SDKROOT[config=*a*b]", () => {
    expect(parseSettingKey("SDKROOT[config=*a*a*b]")).toEqual({ name: "SDKROOT", conditions: [{ parameter: "config", pattern: "*a*a*b" }] });
  });

  it("are split from a key of 100,000 unclosed `[ =` runs as Xcode would (recheck proves the patterns linear)", () => {
    const runs = "[ =".repeat(100_000);
    expect(parseSettingKey(`SDKROOT[sdk=${runs}] [config = Release ]`)).toEqual({
      name: "SDKROOT",
      conditions: [
        { parameter: "sdk", pattern: runs },
        { parameter: "config", pattern: "Release" },
      ],
    });
    expect(parseSettingKey(`SDKROOT${runs}`)).toBeUndefined();
    expect(parseSettingKey(`SDKROOT[a=b]${runs}`)).toBeUndefined();
  });
});

/**
 * The characters `body` reads with `charCodeAt`: the path and SDK scans below read each one at most once or
 * twice, where the regexes they replace (`/\/+$/`, `/[0-9][0-9.]*$/`) restarted at every character of a
 * long run that did not end the string.
 */
const charactersRead = <T>(body: () => T) => {
  const { value, calls } = stringCalls("charCodeAt", body);
  return { value, reads: calls };
};

describe("path operators and SDK names: linear scans over hostile runs", () => {
  // Every read is recorded by the spy, so the runs are long enough to show the bound, not longer.
  const N = 100_000;

  it("trim trailing slashes reading only the slashes at the end, whatever runs come before", () => {
    const inner = charactersRead(() => withoutTrailingSlashes(`a${"/".repeat(N)}b`));
    expect(inner.value).toBe(`a${"/".repeat(N)}b`);
    expect(inner.reads).toBe(1);
    const trailing = charactersRead(() => withoutTrailingSlashes(`a${"/".repeat(N)}`));
    expect(trailing.value).toBe("a");
    expect(trailing.reads).toBe(N + 1);
    expect(withoutTrailingSlashes("/".repeat(N))).toBe("");
  });

  it("apply :dir and :file to a setting of 100,000 slashes (under the expansion length cap)", () => {
    const slashes = "/".repeat(100_000);
    const table = new SettingsTable([[{ name: "P", conditions: [], value: `Sources${slashes}x`, origin: { file: "t" } }, { name: "Q", conditions: [], value: `Sources/App${slashes}`, origin: { file: "t" } }]]);
    const settings = new SettingsScope(table, {});
    expect(settings.expand("$(P:file)")).toBe("x");
    expect(settings.expand("$(Q:file)")).toBe("App");
    expect(settings.expand("$(Q:dir)")).toBe("Sources/");
    expect(settings.expand("$(P:dir)") === `Sources${slashes}`).toBe(true);
  });

  it("strip an SDK version reading each character of the trailing digits and dots at most twice", () => {
    for (const name of [`iphoneos${"1".repeat(N)}x`, `iphoneos${"1.".repeat(N / 2)}`, `iphoneos${".".repeat(N)}`, `${"1".repeat(N)}`]) {
      const { reads } = charactersRead(() => deviceSdkOf(name));
      expect(reads, name.slice(0, 12)).toBeLessThanOrEqual(2 * N + 2);
    }
    expect(deviceSdkOf(`iphoneos${"1".repeat(N)}x`)).toBeUndefined();
    expect(deviceSdkOf(`iphoneos${"1.".repeat(N / 2)}`)).toBe("iphoneos");
    expect(deviceSdkOf(`/Applications/Xcode.app/SDKs/MacOSX${"14.".repeat(10)}0.sdk`)).toBe("macosx");
    expect(deviceSdkOf("iphonesimulator17.2")).toBe("iphoneos");
  });

  it("agree with the regexes they replace on random short texts", () => {
    const random = seededRandom(1634);
    const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (let round = 0; round < 20_000; round++) {
      const path = pick("/a.", Math.floor(random() * 8));
      expect(withoutTrailingSlashes(path), path).toBe(path.replace(/\/+$/, ""));
      const name = pick("a1.9", Math.floor(random() * 8));
      expect(withoutVersionSuffix(name), name).toBe(name.replace(/[0-9][0-9.]*$/, ""));
    }
  });
});

describe("an Info.plist shared by many targets", () => {
  const strings = Array.from({ length: 20_000 }, (_, index) => `\t<key>K${index}</key>\n\t<string>$(X)</string>\n`).join("");
  const decoded = decodePlistText(`<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${strings}</dict>\n</plist>\n`, { path: "Info.plist", fsPath: "Info.plist" }, "info-plist");
  if (!decoded.ok) throw new Error(decoded.error.message);
  const document = decoded.value;
  const assignment = (name: string, value: string): SettingAssignment => ({ name, conditions: [], value, origin: { file: "project.pbxproj" } });
  const project = [assignment("X", "shared"), assignment("UNRELATED", "$(TARGET_NAME)")];

  it("is expanded once for 2,000 targets whose settings give it the same values", () => {
    const expander = new DocumentExpander();
    const copies = new Set<unknown>();
    for (let index = 0; index < 2_000; index++) {
      const settings = new SettingsScope(new SettingsTable([project, [assignment("TARGET_NAME", `App${index}`)]]), { config: "Release" });
      copies.add(expander.expand(document, settings));
    }
    expect(copies.size).toBe(1);
    const [expanded] = [...copies] as (typeof document)[];
    expect(valueAt(expanded!.root, ["K19999"])).toMatchObject({ type: "String", value: "shared" });
    // One copy of 20,001 nodes, then one value compared per other target.
    expect(expander.work).toBe(20_001 + 1_999);
    expect(expander.limited.size).toBe(0);
  });

  it("is shared by the values themselves when short and by their digest when long, never across different values", () => {
    const expander = new DocumentExpander();
    const long = "v".repeat(2_000);
    const expand = (value: string) => expander.expand(document, new SettingsScope(new SettingsTable([project, [assignment("X", value)]]), { config: "Release" }));
    const short = expand("a");
    const longCopy = expand(long);
    expect(expand("a")).toBe(short);
    expect(expand(long)).toBe(longCopy);
    expect(longCopy).not.toBe(short);
    expect(expand(`${long}w`)).not.toBe(longCopy);
    expect(valueAt(longCopy.root, ["K0"])).toMatchObject({ type: "String", value: long });
    // Three copies of 20,001 nodes, and one value compared by each expansion after the first.
    expect(expander.work).toBe(3 * 20_001 + 4);
  });

  it("is expanded per distinct value until the work budget runs out, then left unexpanded and named", () => {
    const expander = new DocumentExpander();
    const copies = new Set<unknown>();
    for (let index = 0; index < 2_000; index++) {
      const settings = new SettingsScope(new SettingsTable([project, [assignment("X", `value${index}`)]]), { config: "Release" });
      copies.add(expander.expand(document, settings));
    }
    expect(expander.work).toBeLessThanOrEqual(DocumentExpander.MAX_WORK);
    expect(copies.has(document)).toBe(true);
    expect(copies.size).toBe(Math.floor(DocumentExpander.MAX_WORK / 20_001) + 1);
    expect([...expander.limited]).toEqual([document]);
  });
});
