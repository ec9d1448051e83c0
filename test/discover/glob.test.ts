/**
 * The ignore-glob matcher (issue 16: picomatch's regex for `*a*a*a*a*b` hung on a 60-character file
 * name; 100,000 globs took 11 s and 715 MB). picomatch stays the oracle for what a glob means;
 * the bound is asserted as character comparisons (`steps`), never time.
 */
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlobs, GlobError, MAX_IGNORE_PATTERNS } from "../../src/discover/glob.js";
import { normaliseConfig } from "../../src/config/config.js";
import { seededRandom } from "../helpers/seeded-random.js";

const match = (pattern: string, path: string): boolean => compileGlobs([pattern]).matches(path);

describe("glob syntax", () => {
  it.each([
    ["Vendor/**", "Vendor", true],
    ["Vendor/**", "Vendor/", true],
    ["Vendor/**", "Vendor/a/b/c.plist", true],
    ["Vendor/**", "VendorX/a", false],
    ["**/Tests/**", "Tests/x", true],
    ["**/Tests/**", "a/b/Tests/x/y", true],
    ["**/Tests/**", "a/bTests/x", false],
    ["*.plist", "Info.plist", true],
    ["*.plist", "App/Info.plist", false],
    ["**/*.plist", "App/Info.plist", true],
    ["**/*.plist", ".hidden/.x.plist", true],
    ["App/?nfo.plist", "App/Info.plist", true],
    ["App/?nfo.plist", "App/nfo.plist", false],
    ["[A-C]pp/*", "Bpp/x", true],
    ["[!A-C]pp/*", "Bpp/x", false],
    ["[^A-C]pp/*", "Zpp/x", true],
    ["*.{plist,entitlements}", "App.entitlements", true],
    ["{App,Ext}/{a,b{c,d}}", "Ext/bd", true],
    ["{App,Ext}/{a,b{c,d}}", "Ext/b", false],
    ["./Vendor/*", "Vendor/x", true],
    ["Vendor/*", "Vendor/", false],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["{single}", "{single}", true],
  ])("%s against %s is %s", (pattern, path, expected) => {
    expect(match(pattern, path)).toBe(expected);
  });

  // Compared as the walk asks (the path, or the path as a folder): picomatch lets literal `Vendor/**`
  // match `Vendor` but not `*/**` match `abx`; ne-lint's `**` always matches zero or more segments.
  it("agrees with picomatch ({ dot: true }) on 5,000 random patterns and paths of the supported syntax, as the walk asks", () => {
    const random = seededRandom(16);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    // `[!a]` is left out: picomatch 4 reads it as "`!` or `a`", POSIX and minimatch (and ne-lint) as "not `a`".
    const segmentParts = ["a", "b", "ab", ".", "x", "*", "?", "[ab]", "[^a]", "{a,b}"];
    const pathParts = ["a", "b", "ab", "ba", ".a", "x", "aab", "abx", "b.a"];
    let disagreements = 0;
    const examples: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const pattern = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        random() < 0.15 ? "**" : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(segmentParts)).join(""),
      ).join("/");
      const path = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pathParts)).join("/");
      const oracle = picomatch(pattern, { dot: true });
      const expected = oracle(path) || oracle(`${path}/`);
      if ((match(pattern, path) || match(pattern, `${path}/`)) !== expected) {
        disagreements++;
        if (examples.length < 5) examples.push(`${pattern} ${path} picomatch=${expected}`);
      }
    }
    expect(examples).toEqual([]);
    expect(disagreements).toBe(0);
  });

  it("refuses negation, extglobs, too many patterns, too long ones and brace explosions with a clear error", () => {
    expect(() => compileGlobs(["!Vendor/**"])).toThrow(GlobError);
    expect(() => compileGlobs(["@(a|b)/x"])).toThrow(/extglob/);
    expect(() => compileGlobs(Array(MAX_IGNORE_PATTERNS + 1).fill("a"))).toThrow(/at most 200/);
    expect(() => compileGlobs(["a".repeat(257)])).toThrow(/257 characters long; at most 256 are accepted/);
    expect(() => compileGlobs(["{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"])).toThrow(/more than 64 alternatives/);
    expect(() => normaliseConfig({ ignore: ["!x"] }, ".ne-lint.json")).toThrow(/^\.ne-lint\.json: the ignore pattern "!x" is negated/);
  });
});

describe("glob cost is bounded by the input, whatever the pattern", () => {
  it("`*a*a*a*a*a*a*a*a*b` against a 60-character and a 250-character name: comparisons grow linearly", () => {
    const matcher = compileGlobs(["*a*a*a*a*a*a*a*a*b"]);
    expect(matcher.matches("a".repeat(60))).toBe(false);
    const at60 = matcher.steps;
    expect(matcher.matches("a".repeat(250))).toBe(false);
    const at250 = matcher.steps - at60;
    // Leftmost placement: each chunk is one character, so a name costs about its length.
    expect(at60).toBeLessThanOrEqual(2 * 60);
    expect(at250).toBeLessThanOrEqual(2 * 250);
    expect(matcher.matches(`${"a".repeat(249)}b`)).toBe(true);
  });

  it("the worst chunk shape stays within (segment length × pattern length)", () => {
    const pattern = `*${"a".repeat(120)}b*c`;
    const matcher = compileGlobs([pattern]);
    const name = "a".repeat(255);
    expect(matcher.matches(name)).toBe(false);
    expect(matcher.steps).toBeLessThanOrEqual(name.length * pattern.length);
  });

  it("many `**` segments against a deep path: pattern positions × path segments, no backtracking", () => {
    const pattern = Array(60).fill("**").join("/") + "/x";
    const path = Array(64).fill("d").join("/") + "/y";
    const matcher = compileGlobs([pattern]);
    expect(matcher.matches(path)).toBe(false);
    expect(matcher.steps).toBeLessThanOrEqual(61 * 65 * 2);
  });

  it("200 hostile patterns against 1,000 paths: total comparisons within 200 × 1,000 × path length × 2", () => {
    const patterns = Array.from({ length: 200 }, (_, i) => `**/${"*a".repeat(60)}*b${i}`);
    const matcher = compileGlobs(patterns);
    let chars = 0;
    for (let i = 0; i < 1000; i++) {
      const path = `src/${"a".repeat(50 + (i % 10))}/${"a".repeat(60)}`;
      chars += path.length;
      expect(matcher.matches(path)).toBe(false);
    }
    expect(matcher.steps).toBeLessThanOrEqual(200 * chars * 2);
  });
});
