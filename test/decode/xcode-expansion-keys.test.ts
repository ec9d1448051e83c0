/**
 * DocumentExpander shares one expanded copy of a document between targets whose settings give its `$(…)`
 * the same values, by a key built from those values (src/targets/expand.ts). These tests pin what the key
 * must do: never let different values meet (whatever the values contain, however they split between
 * settings, on either side of the 1 KB switch to a digest), and stay short however long the values are.
 */
import { describe, expect, it, vi } from "vitest";
import { decodePlistText } from "../../src/decode/plist.js";
import { buildSettingsOf, objectOf, parsePbxproj } from "../../src/decode/xcode/pbxproj.js";
import { SettingsScope, SettingsTable, type SettingAssignment } from "../../src/decode/xcode/settings.js";
import type { PlistDocument } from "../../src/model/document.js";
import { valueAt } from "../../src/model/plist.js";
import { DocumentExpander, MAX_PLAIN_VALUES_KEY } from "../../src/targets/expand.js";

/** An Info.plist whose one value `V` is `template`. */
function infoPlist(template: string): PlistDocument {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>V</key>\n\t<string>${template}</string>\n</dict>\n</plist>\n`;
  const decoded = decodePlistText(text, { path: "Info.plist", fsPath: "Info.plist" }, "info-plist");
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

/** A target configuration's settings: the names given, and no others (`undefined` leaves a name unset). */
function settingsOf(values: Record<string, string | undefined>): SettingsScope {
  const assignments: SettingAssignment[] = [];
  for (const [name, value] of Object.entries(values)) if (value !== undefined) assignments.push({ name, conditions: [], value, origin: { file: "project.pbxproj" } });
  return new SettingsScope(new SettingsTable([assignments]), { config: "Release" });
}

const expandedValue = (document: PlistDocument): unknown => (valueAt(document.root, ["V"]) as { value?: unknown } | undefined)?.value;

/**
 * The longest string any Map was looked up or filled with while `body` ran: the expander's shared copies
 * are found by a key in a Map, so this is how long that key got (the settings' own maps are keyed by names).
 */
function longestMapKey<T>(body: () => T, documentText = ""): { value: T; longest: number } {
  let longest = 0;
  const note = (key: unknown) => {
    // The document's own text is a key too (settings.ts parses each text once): it is the document's size, not the values'.
    if (typeof key === "string" && key.length > longest && key !== documentText) longest = key.length;
  };
  const { get, set, has } = Map.prototype;
  const spies = [
    vi.spyOn(Map.prototype, "get").mockImplementation(function (this: Map<unknown, unknown>, key: unknown) {
      note(key);
      return get.call(this, key);
    }),
    vi.spyOn(Map.prototype, "set").mockImplementation(function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
      note(key);
      return set.call(this, key, value);
    }),
    vi.spyOn(Map.prototype, "has").mockImplementation(function (this: Map<unknown, unknown>, key: unknown) {
      note(key);
      return has.call(this, key);
    }),
  ];
  try {
    return { value: body(), longest };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Characters in the key of one set value (`<length>:` then a 3-character state and the value), as expand.ts writes it. */
const plainKeyLength = (value: string) => `${value.length + 3}`.length + 1 + 3 + value.length;

describe("shared expansions: values split differently between settings", () => {
  it("gives A=x,B=yz and A=xy,B=z their own copies of $(A)$(B) (xyz both times, by chance) and $(A)|$(B)", () => {
    const joined = infoPlist("$(A)$(B)");
    const separated = infoPlist("$(A)|$(B)");
    const expander = new DocumentExpander();
    const first = settingsOf({ A: "x", B: "yz" });
    const second = settingsOf({ A: "xy", B: "z" });
    expect(expandedValue(expander.expand(separated, first))).toBe("x|yz");
    expect(expandedValue(expander.expand(separated, second))).toBe("xy|z");
    expect(expandedValue(expander.expand(joined, first))).toBe("xyz");
    expect(expandedValue(expander.expand(joined, second))).toBe("xyz");
  });

  it("gives values that differ only in where one ends and the next begins their own copies", () => {
    // Each value's key is a 3-character state ("ac-": assigned, complete, not cyclic) and the text: without the
    // length before each, A="x",B="yac-z" and A="xac-y",B="z" would both be keyed "ac-xac-yac-z".
    const document = infoPlist("$(A)$(B)");
    const expander = new DocumentExpander();
    const first = expander.expand(document, settingsOf({ A: "x", B: "yac-z" }));
    const second = expander.expand(document, settingsOf({ A: "xac-y", B: "z" }));
    expect(expandedValue(first)).toBe("xyac-z");
    expect(expandedValue(second)).toBe("xac-yz");
    expect(second).not.toBe(first);
    // The same values again share the copy made for them.
    expect(expander.expand(document, settingsOf({ A: "xac-y", B: "z" }))).toBe(second);
    expect(expander.expand(document, settingsOf({ A: "x", B: "yac-z" }))).toBe(first);
    // The same past 1 KB, where the key is a digest of the values: the lengths go into it too.
    const long = "l".repeat(2_000);
    const longFirst = expander.expand(document, settingsOf({ A: `x${long}`, B: "yac-z" }));
    const longSecond = expander.expand(document, settingsOf({ A: `x${long}ac-y`, B: "z" }));
    expect(expandedValue(longFirst)).toBe(`x${long}yac-z`);
    expect(expandedValue(longSecond)).toBe(`x${long}ac-yz`);
    expect(longSecond).not.toBe(longFirst);
    expect(expander.expand(document, settingsOf({ A: `x${long}`, B: "yac-z" }))).toBe(longFirst);
  });

  it("tells an unset setting from an empty one", () => {
    const document = infoPlist("[$(A)|$(B)]");
    const expander = new DocumentExpander();
    const cases: Record<string, string | undefined>[] = [
      { A: undefined, B: "" },
      { A: "", B: undefined },
      { A: "", B: "" },
      { A: undefined, B: undefined },
      { A: "$(A)", B: "" },
      { A: "", B: "$(B)" },
    ];
    const copies = cases.map((values) => expander.expand(document, settingsOf(values)));
    expect(copies.map(expandedValue)).toEqual(["[$(A)|]", "[|$(B)]", "[|]", "[$(A)|$(B)]", "[$(A)|]", "[|$(B)]"]);
    // An unset setting is not an empty one, nor one that refers to itself (its text is the same, it is not complete).
    expect(new Set(copies).size).toBe(cases.length);
    cases.forEach((values, index) => expect(expander.expand(document, settingsOf(values))).toBe(copies[index]));
  });

  it("does not confuse values holding the key's own separators (`:` and digits)", () => {
    const document = infoPlist("$(A)|$(B)");
    const expander = new DocumentExpander();
    const cases: [string, string][] = [
      ["1:x", ""],
      ["", "1:x"],
      ["4:ac-x", ""],
      ["", "4:ac-x"],
      ["x4:ac-", "y"],
      ["x", "4:ac-y"],
      ["7:ac-1:x3:ac-", ""],
      ["10:", "2:"],
      ["1", "0:2:"],
    ];
    const copies = cases.map(([A, B]) => expander.expand(document, settingsOf({ A, B })));
    expect(copies.map(expandedValue)).toEqual(cases.map(([A, B]) => `${A}|${B}`));
    expect(new Set(copies).size).toBe(cases.length);
    // And each again finds its own.
    cases.forEach(([A, B], index) => expect(expander.expand(document, settingsOf({ A, B }))).toBe(copies[index]));
  });
});

describe("shared expansions around the 1 KB switch from values to their digest", () => {
  const document = infoPlist("$(X)");
  // Value lengths whose key is 1,020 to 1,028 characters (plain up to 1,024, a digest past it), and values of 1,023 to 1,025 characters.
  const lengths = [1_012, 1_013, 1_014, 1_015, 1_016, 1_017, 1_018, 1_019, 1_020, 1_023, 1_024, 1_025];

  it.each(lengths)("shares a value of %i characters with an equal value and not with one differing in its first or last character", (length) => {
    const expander = new DocumentExpander();
    const value = `${"a".repeat(length - 1)}b`;
    const { value: copy, longest } = longestMapKey(() => expander.expand(document, settingsOf({ X: value })));
    expect(expandedValue(copy)).toBe(value);
    // Built anew, so equal, not the same string.
    expect(expander.expand(document, settingsOf({ X: `${"a".repeat(length - 1)}b` }))).toBe(copy);
    const lastDiffers = expander.expand(document, settingsOf({ X: `${"a".repeat(length - 1)}c` }));
    const firstDiffers = expander.expand(document, settingsOf({ X: `c${"a".repeat(length - 2)}b` }));
    expect(expandedValue(lastDiffers)).toBe(`${"a".repeat(length - 1)}c`);
    expect(expandedValue(firstDiffers)).toBe(`c${"a".repeat(length - 2)}b`);
    expect(new Set([copy, lastDiffers, firstDiffers]).size).toBe(3);
    // Keys up to 1 KB are the values themselves; past it, a digest.
    const plain = plainKeyLength(value);
    if (plain <= MAX_PLAIN_VALUES_KEY) expect(longest).toBe(plain);
    else expect(longest).toBeLessThan(64);
  });

  it("tells apart values differing in one multi-byte character where the key crosses 1 KB", () => {
    const expander = new DocumentExpander();
    const values: string[] = [];
    // A surrogate pair (😀 U+1F600, 😁 U+1F601: same high half) and a two-byte character (é/è) at the key's 1,024th character and around it.
    for (const length of [1_014, 1_015, 1_016, 1_017]) {
      const before = "é".repeat(length - 2);
      values.push(`${before}😀`, `${before}😁`, `${before}\u00e9\u00e9`, `${before}\u00e9\u00e8`, `😀${before}`, `😁${before}`);
    }
    const copies = values.map((value) => expander.expand(document, settingsOf({ X: value })));
    expect(copies.map(expandedValue)).toEqual(values);
    expect(new Set(copies).size).toBe(new Set(values).size);
    values.forEach((value, index) => expect(expander.expand(document, settingsOf({ X: value.slice(0) }))).toBe(copies[index]));
  });

  it("tells apart long values differing only in an unpaired surrogate, which a pbxproj's \\U escape can write", () => {
    // UTF-8 has no unpaired surrogates: hashing such a text as UTF-8 writes U+FFFD for each, so these two would share a digest.
    const long = "v".repeat(2_000);
    const configuration = (escape: string) => {
      const pbxproj = parsePbxproj(`// !$*UTF8*$!\n{\n\tobjects = {\n\t\tP1 = {\n\t\t\tisa = PBXProject;\n\t\t};\n\t\tC1 = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n\t\t\t\tX = "${long}${escape}";\n\t\t\t};\n\t\t\tname = Release;\n\t\t};\n\t};\n\trootObject = P1;\n}\n`);
      const assignments: SettingAssignment[] = buildSettingsOf(objectOf(pbxproj, "C1")!).map(([name, value]) => ({ name, conditions: [], value, origin: { file: "project.pbxproj" } }));
      return new SettingsScope(new SettingsTable([assignments]), { config: "Release" });
    };
    const expander = new DocumentExpander();
    const high = expander.expand(document, configuration("\\UD800"));
    const otherHigh = expander.expand(document, configuration("\\UD801"));
    const low = expander.expand(document, configuration("\\UDC00"));
    expect(expandedValue(high)).toBe(`${long}\uD800`);
    expect(expandedValue(otherHigh)).toBe(`${long}\uD801`);
    expect(expandedValue(low)).toBe(`${long}\uDC00`);
    expect(new Set([high, otherHigh, low]).size).toBe(3);
    expect(expander.expand(document, configuration("\\UD801"))).toBe(otherHigh);
  });
});

describe("shared expansions: the key stays short however long the values", () => {
  it("keys 20 settings of 10,000 characters each (200,000 in all) by a digest, and still shares and separates", () => {
    const names = Array.from({ length: 20 }, (_, index) => `S${index}`);
    const template = names.map((name) => `$(${name})`).join(",");
    const document = infoPlist(template);
    const valuesFor = (last: string) => Object.fromEntries(names.map((name, index) => [name, `${index}`.padEnd(10_000, index === names.length - 1 ? last : "w")]));
    const expander = new DocumentExpander();
    const { value: copies, longest } = longestMapKey(() => {
      const made = [];
      for (let target = 0; target < 20; target++) made.push(expander.expand(document, settingsOf(valuesFor(target % 2 === 0 ? "p" : "q"))));
      return made;
    }, template);
    expect(longest).toBeLessThan(64);
    expect(new Set(copies).size).toBe(2);
    expect(copies[2]).toBe(copies[0]);
    expect(copies[3]).toBe(copies[1]);
    expect((expandedValue(copies[0]!) as string).endsWith("pppp")).toBe(true);
    expect((expandedValue(copies[1]!) as string).endsWith("qqqq")).toBe(true);
    // Two copies of 2 nodes, then 20 values compared by each of the 18 other targets (and by the 2nd before its copy).
    expect(expander.work).toBe(2 * 2 + 19 * 20);
  });

  it("keys 400 short settings (over 1 KB together) by a digest too", () => {
    const names = Array.from({ length: 400 }, (_, index) => `N${index}`);
    const template = names.map((name) => `$(${name})`).join("");
    const document = infoPlist(template);
    const valuesFor = (last: string) => Object.fromEntries(names.map((name, index) => [name, index === names.length - 1 ? last : "ab"]));
    const expander = new DocumentExpander();
    const { value: copies, longest } = longestMapKey(() => ["x", "y", "x", "y"].map((last) => expander.expand(document, settingsOf(valuesFor(last)))), template);
    expect(longest).toBeLessThanOrEqual(MAX_PLAIN_VALUES_KEY);
    expect(copies[2]).toBe(copies[0]);
    expect(copies[3]).toBe(copies[1]);
    expect(copies[1]).not.toBe(copies[0]);
    expect(expandedValue(copies[1]!)).toBe(`${"ab".repeat(399)}y`);
  });
});
