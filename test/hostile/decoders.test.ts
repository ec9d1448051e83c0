/**
 * Regression tests for decoder bugs the hostile-input suite found, run in process against the
 * decoders themselves (the CLI-level cases are in `files.ts`).
 */
import { describe, expect, it } from "vitest";
import { decodeExpoConfig } from "../../src/decode/app-config.js";
import { decodeXmlPlistText } from "../../src/decode/xml-plist.js";
import type { PlistArray } from "../../src/model/plist.js";

const FILE = { path: "app.json", fsPath: "/repo/app.json" };

function keysPlist(count: number): string {
  const entries: string[] = [];
  for (let i = 0; i < count; i++) entries.push(`<key>K${i}</key><true/>`);
  return `<plist version="1.0"><dict>${entries.join("")}</dict></plist>`;
}

describe("XML plist reader: value budget (a 6.5 MB file of 300,000 keys took 2.6 s and 318 MB)", () => {
  it("accepts exactly maxNodes values and rejects one more, counting dicts, arrays and scalars but not keys", () => {
    // <dict>, <true/>, <array> and <integer>: 4 values; the keys belong to their entries.
    const text = `<plist><dict><key>a</key><true/><key>b</key><array><integer>1</integer></array></dict></plist>`;
    expect(decodeXmlPlistText(text, { maxDepth: 512, maxNodes: 4 }).ok).toBe(true);
    const over = decodeXmlPlistText(text, { maxDepth: 512, maxNodes: 3 });
    expect(over.ok).toBe(false);
    expect(!over.ok && over.error.code).toBe("plist-too-large");
    expect(!over.ok && over.error.message).toContain("more than 3 values");
    expect(!over.ok && over.error.position?.offset).toBe(text.indexOf("<integer>"));
  });

  it("rejects 300,000 keys by default, at the value budget", () => {
    const value = decodeXmlPlistText(keysPlist(300_000));
    expect(value.ok).toBe(false);
    expect(!value.ok && value.error.code).toBe("plist-too-large");
  });

  it("still reads a large but plausible plist (20,000 keys)", () => {
    const result = decodeXmlPlistText(keysPlist(20_000));
    expect(result.ok && result.value.root.type === "Dict" && result.value.root.entries.length).toBe(20_000);
  });
});

describe("XML plist reader: integer size (a 9-million-digit <integer> took 1.7 s in BigInt)", () => {
  const integers = (...values: string[]) => `<plist><array>${values.map((value) => `<integer>${value}</integer>`).join("")}</array></plist>`;

  it("rejects a 9,000,000-digit integer without parsing it", () => {
    const value = decodeXmlPlistText(integers("9".repeat(9_000_000)));
    expect(value.ok).toBe(false);
    expect(!value.ok && value.error.code).toBe("plist-value");
    expect(!value.ok && value.error.message).toContain("9000000-digit");
  });

  it("keeps every 128-bit integer exact and rejects the first ones beyond", () => {
    const max = (1n << 128n) - 1n;
    const min = -(1n << 127n);
    const result = decodeXmlPlistText(integers(max.toString(), min.toString(), `0x${"f".repeat(32)}`, `000${"0".repeat(60)}42`));
    if (!result.ok) throw new Error(result.error.message);
    expect((result.value.root as PlistArray).items.map((item) => (item as { value: unknown }).value)).toEqual([max, min, max, 42]);
    for (const beyond of [(max + 1n).toString(), (min - 1n).toString(), `0x1${"0".repeat(32)}`]) {
      const rejected = decodeXmlPlistText(integers(beyond));
      expect(!rejected.ok && rejected.error.code, beyond).toBe("plist-value");
    }
  });
});

describe("Expo app.json reader: nesting (200,000 levels overflowed the stack inside momoa)", () => {
  it("rejects deep nesting as json-too-deep with a position, before the recursive parser runs", () => {
    const text = `{"expo": {"ios": {"infoPlist": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}}`;
    const result = decodeExpoConfig(text, FILE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("json-too-deep");
    expect(!result.ok && result.error.message).not.toMatch(/call stack/i);
    expect(!result.ok && result.error.position).toEqual({ line: 1, column: 32 + 254, offset: 31 + 254 });
  });

  it("does not count brackets inside strings, and accepts the deepest nesting the model takes", () => {
    const brackets = `{"expo": {"ios": {"infoPlist": {"NSThing": "${"[{".repeat(1000)}\\"[[["}}}}`;
    expect(decodeExpoConfig(brackets, FILE).ok).toBe(true);
    // The root object is level 0 and infoPlist level 3, so arrays may fill levels 4 to 256, one more may not.
    const nested = (levels: number) => `{"expo": {"ios": {"infoPlist": {"a": ${"[".repeat(levels)}${"]".repeat(levels)}}}}}`;
    expect(decodeExpoConfig(nested(253), FILE).ok).toBe(true);
    const deeper = decodeExpoConfig(nested(254), FILE);
    expect(!deeper.ok && deeper.error.code).toBe("json-too-deep");
  });
});
