/**
 * Regression tests for decoder bugs the hostile-input suite found, run in process against the
 * decoders themselves (the CLI-level cases are in `files.ts`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { decodeExpoConfig } from "../../src/decode/app-config.js";
import { bufferByteSource, readMachO } from "../../src/decode/macho/index.js";
import { decodeXmlPlistText, LineIndex, prepareXml } from "../../src/decode/xml-plist.js";
import { roleByName } from "../../src/discover/classify.js";
import { lint } from "../../src/engine.js";
import { hasPlaceholder, placeholderStart, type PlistArray } from "../../src/model/plist.js";
import { parseDirective } from "../../src/linter/suppressions.js";
import { buildSyntheticMachO, resignMachO } from "../helpers/macho-fixtures.js";
import { stringCalls } from "../helpers/string-calls.js";
import { infoPlist } from "./files.js";

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

/** The `indexOf` searches `body` makes: the scanners under test search from where the previous one stopped. */
const indexOfCalls = <T>(body: () => T) => stringCalls("indexOf", body);

describe("XML preparation: comments are found in linear time (400 KB of `<!--` took 10.8 s)", () => {
  const bomb = (count: number) => `<plist version="1.0"><dict><key>A</key><true/></dict></plist>${"<!--".repeat(count)}`;

  it("scans an unterminated `<!--` run with the same two searches at 1,000 and at 1,000,000 copies", () => {
    // The line index is built outside the count: it searches for line breaks itself.
    const [smallText, largeText] = [bomb(1_000), bomb(1_000_000)];
    const [smallLines, largeLines] = [new LineIndex(smallText), new LineIndex(largeText)];
    const small = indexOfCalls(() => prepareXml(smallText, smallLines));
    const large = indexOfCalls(() => prepareXml(largeText, largeLines));
    expect(small.calls).toBe(2);
    expect(large.calls).toBe(2);
    expect(large.value.comments).toEqual([]);
  });

  it("reports the 4 MB unterminated comment as an XML syntax error at its position", () => {
    const text = bomb(1_000_000);
    const result = decodeXmlPlistText(text);
    expect(!result.ok && result.error.code).toBe("xml-syntax");
    expect(!result.ok && result.error.message).toMatch(/^the XML is not well formed: /);
    expect(!result.ok && result.error.position?.line).toBe(1);
  }, 60_000);

  it("still finds every terminated comment, keeps offsets and rewrites `--` inside one", () => {
    const text = `<plist><!-- a --><dict><!-- ne-lint-disable-next-line x -- why --><key>A</key><true/></dict></plist><!--`;
    const lines = new LineIndex(text);
    const { value, calls } = indexOfCalls(() => prepareXml(text, lines));
    expect(value.comments.map((comment) => [comment.value, comment.loc.start.offset, comment.loc.end.offset])).toEqual([
      [" a ", 7, 17],
      [" ne-lint-disable-next-line x -- why ", 23, 66],
    ]);
    expect(value.xml).toHaveLength(text.length);
    expect(value.xml).toContain("<!-- ne-lint-disable-next-line x -_ why -->");
    // Two searches per comment, one for the unterminated tail.
    expect(calls).toBeLessThanOrEqual(2 * 2 + 2);
  });

  it("blanks preprocessor lines but leaves a line of only spaces and `#`s alone", () => {
    const text = `<plist><dict>\n#ifdef DEBUG\n<key>A</key><true/>\n#endif\n${" ".repeat(100_000)}#${" \t".repeat(100_000)}x\n</dict></plist>`;
    const { xml, preprocessed } = prepareXml(text, new LineIndex(text));
    expect(preprocessed).toBe(true);
    expect(xml).not.toContain("#ifdef");
    expect(xml).toContain(`#${" \t".repeat(10)}`);
  });
});

describe("placeholders: linear scan (100 KB of `$(` where a Boolean belongs took 7.3 s)", () => {
  it("answers with at most four searches whatever the length", () => {
    for (const value of ["$(".repeat(1_000_000), "${".repeat(1_000_000), `${"$(".repeat(500_000)}\${X}`, "@".repeat(1_000_000), "@A".repeat(1_000_000), "plain"]) {
      const { calls } = indexOfCalls(() => hasPlaceholder(value));
      expect(calls).toBeLessThanOrEqual(4);
    }
  });

  it("finds a reference exactly when an opener has its closer after it", () => {
    expect(hasPlaceholder("$(".repeat(1_000_000))).toBe(false);
    expect(hasPlaceholder(`${"$(".repeat(1_000_000)})`)).toBe(true);
    expect(hasPlaceholder("${PRODUCT_NAME}")).toBe(true);
    expect(hasPlaceholder(")$(")).toBe(false);
    expect(hasPlaceholder("}${")).toBe(false);
    expect(hasPlaceholder("$()")).toBe(true);
    expect(placeholderStart("group.$(TEAM).app")).toBe(6);
    expect(placeholderStart("a${B}c$(D)")).toBe(1);
    expect(placeholderStart("a$(B${C}")).toBe(4);
    expect(placeholderStart("none")).toBe(-1);
  });

  it("a 1 MB `$(` string where NSAllowsArbitraryLoads's Boolean belongs is a wrong-type finding", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-placeholder-"));
    try {
      writeFileSync(path.join(dir, "Info.plist"), infoPlist(`<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><string>${"$(".repeat(500_000)}</string></dict>`));
      const result = await lint({ paths: ["."], cwd: dir });
      expect(result.findings.filter((finding) => finding.ruleId === "ats/wrong-type").map((finding) => [finding.file, finding.line])).toEqual([["Info.plist", 5]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("XML number grammar: no quadratic split of a digit run", () => {
  it("rejects 1,000,000 digits followed by a letter in <real> and accepts the usual forms", () => {
    const reals = (...values: string[]) => `<plist><array>${values.map((value) => `<real>${value}</real>`).join("")}</array></plist>`;
    const bad = decodeXmlPlistText(reals(`${"1".repeat(1_000_000)}x`));
    expect(!bad.ok && bad.error.code).toBe("plist-value");
    const good = decodeXmlPlistText(reals("1", "1.", "1.5", ".5", "-2.5e10", "+3E-2"));
    expect(good.ok && good.value.root.type === "Array" && good.value.root.items.map((item) => (item.type === "Real" ? item.value : undefined))).toEqual([1, 1, 1.5, 0.5, -2.5e10, 0.03]);
  }, 60_000);
});

describe("suppression comments: directive parsing is a trim and a prefix test", () => {
  it("reads the directive and its rules, and ignores a near miss padded with a million spaces", () => {
    expect(parseDirective("  ne-lint-disable-next-line ats/a, ats/b  ")).toEqual({ tool: "ne-lint", listed: ["ats/a", "ats/b"] });
    expect(parseDirective("eslint-disable-next-line")).toEqual({ tool: "eslint", listed: [] });
    expect(parseDirective("ne-lint-disable-next-linex")).toBeUndefined();
    expect(parseDirective(`ne-lint-disable-next-line${" ".repeat(1_000_000)}\t`)).toEqual({ tool: "ne-lint", listed: [] });
    expect(parseDirective(`${" \t".repeat(500_000)}ne-lint-disable-next-lin`)).toBeUndefined();
  });
});

describe("file roles: an Info.plist is recognised by a word split, not a backtracking regex", () => {
  it("classifies the usual names and a 100,000-word hostile one", () => {
    expect(["Info.plist", "App-Info.plist", "Info-Debug.plist", "App.Info.plist", "app_info.PLIST"].map((name) => roleByName(`/r/${name}`))).toEqual(Array(5).fill("info-plist"));
    expect(["Information.plist", "MyInfo.plist", "GoogleService-Info2.plist"].map((name) => roleByName(`/r/${name}`))).toEqual(Array(3).fill("plist"));
    expect(roleByName(`/r/F${"-INFOx".repeat(100_000)}.plist`)).toBe("plist");
    expect(roleByName(`/r/F${"-INFOx".repeat(100_000)}-INFO.plist`)).toBe("info-plist");
  });
});

describe("Mach-O entitlements: the comment bomb in the signed XML entitlements (13 s before)", () => {
  it("reports a 2 MB `<!--` entitlements blob as an XML syntax error without failing the binary", async () => {
    const bytes = resignMachO(buildSyntheticMachO(), {
      codeDirectory: { identifier: "com.example.bomb", teamID: "ABCDE12345" },
      entitlementsXml: `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict/></plist>${"<!--".repeat(500_000)}`,
    });
    const { value, calls } = await indexOfCallsAsync(() => readMachO(bufferByteSource(bytes)));
    expect(value.ok).toBe(true);
    const signature = value.ok ? value.value.slices[0]?.codeSignature : undefined;
    expect(signature?.entitlementsError?.code).toBe("xml-syntax");
    expect(signature?.entitlements).toBeUndefined();
    // The same two searches as a plain file: the size of the blob does not change the work.
    expect(calls).toBeLessThan(50);
  }, 60_000);
});

async function indexOfCallsAsync<T>(body: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const spy = vi.spyOn(String.prototype, "indexOf");
  try {
    const value = await body();
    return { value, calls: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}
