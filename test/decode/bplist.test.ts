/**
 * The binary plist reader against independent oracles: `bplist-parser` (npm), Python's `plistlib`,
 * and Debian's `plistutil` (libplist) via XML. Fixtures are written by `bplist-creator` or, for what
 * it cannot write (sets, duplicate keys, lone surrogates, float32), by the byte-level test builder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import creator from "bplist-creator";
import { parseBuffer, UID } from "bplist-parser";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBinaryPlist } from "../../src/decode/bplist.js";
import { toJs } from "../../src/model/plist.js";
import type { PlistValue } from "../../src/model/plist.js";
import { raw, writeBplist } from "../helpers/bplist-builder.js";
import { hasPython as hasAnyPython, python } from "../helpers/python.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpusDir = path.resolve(repoRoot, "../shared/corpus");

function which(tool: string): boolean {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasPython = hasAnyPython && (() => {
  try {
    execFileSync(python, ["-c", "import plistlib"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const hasPlistutil = which("plistutil");

const workDir = mkdtempSync(path.join(tmpdir(), "ne-lint-bplist-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function mustDecode(bytes: Uint8Array): PlistValue {
  const result = decodeBinaryPlist(bytes);
  if (!result.ok) throw new Error(`decode failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A canonical shape both our tree and the oracles' outputs are mapped to before comparing. */
type Tagged =
  | { t: "bool"; v: boolean }
  | { t: "int"; v: string }
  | { t: "real"; v: number }
  | { t: "str"; v: string }
  | { t: "data"; v: string }
  | { t: "date"; v: string }
  | { t: "uid"; v: string }
  | { t: "array"; v: Tagged[] }
  | { t: "dict"; v: Record<string, Tagged> };

function tagged(node: PlistValue): Tagged {
  switch (node.type) {
    case "Boolean": return { t: "bool", v: node.value };
    case "Integer": return { t: "int", v: String(node.value) };
    case "Real": return { t: "real", v: node.value };
    case "String": return { t: "str", v: node.value };
    case "Data": return { t: "data", v: Buffer.from(node.value).toString("base64") };
    case "Date": return { t: "date", v: node.value };
    case "Uid": return { t: "uid", v: String(node.value) };
    case "Array": return { t: "array", v: node.items.map(tagged) };
    case "Dict": {
      const v: Record<string, Tagged> = {};
      for (const key of [...node.byKey.keys()].sort()) v[key] = tagged(node.byKey.get(key)!.value);
      return { t: "dict", v };
    }
  }
}

/** Python's plistlib reads the file (binary or XML) and prints the same tagged shape. */
const PYTHON_TAGGER = String.raw`
import base64, datetime, json, plistlib, sys
def tag(x):
    if isinstance(x, bool): return {"t": "bool", "v": x}
    if isinstance(x, int): return {"t": "int", "v": str(x)}
    if isinstance(x, float): return {"t": "real", "v": x}
    if isinstance(x, str): return {"t": "str", "v": x}
    if isinstance(x, bytes): return {"t": "data", "v": base64.b64encode(x).decode()}
    if isinstance(x, datetime.datetime): return {"t": "date", "v": x.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if isinstance(x, plistlib.UID): return {"t": "uid", "v": str(x.data)}
    if isinstance(x, list): return {"t": "array", "v": [tag(i) for i in x]}
    if isinstance(x, dict):
        # XML has no UID type; libplist writes one as a CF$UID dict.
        if list(x.keys()) == ["CF$UID"] and isinstance(x["CF$UID"], int): return {"t": "uid", "v": str(x["CF$UID"])}
        return {"t": "dict", "v": {k: tag(x[k]) for k in sorted(x)}}
    raise TypeError(type(x))
with open(sys.argv[1], "rb") as f:
    print(json.dumps(tag(plistlib.load(f))))
`;

function pythonTagged(file: string): Tagged {
  return JSON.parse(execFileSync(python, ["-c", PYTHON_TAGGER, file], { encoding: "utf8" })) as Tagged;
}

/** bplist-parser's output, mapped to what `toJs` gives: UIDs as `{UID}`, dates as whole-second ISO text. */
function fromBplistParser(value: unknown): unknown {
  if (value instanceof UID) return { UID: value.UID };
  if (value instanceof Date) return value.toISOString().replace(".000Z", "Z");
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(fromBplistParser);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromBplistParser(v);
    return out;
  }
  return value;
}

function plainJs(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(plainJs);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainJs(v);
    return out;
  }
  return value;
}

// Every type bplist-creator can write. Dates are whole seconds: the model keeps second precision.
const everyType = {
  string: "plain ascii",
  unicode: "héllo wörld ✓ — 日本語",
  emoji: "a😀b",
  empty: "",
  long: "x".repeat(300),
  zero: 0,
  small: 7,
  byte: 255,
  short: 65_535,
  word: 4_294_967_295,
  int64max: 2n ** 63n - 1n,
  minusOne: -1,
  minSafe: -(2n ** 53n - 1n),
  belowMinSafe: -(2n ** 53n),
  int64min: -(2n ** 63n),
  above64: 2n ** 64n + 5n,
  big128: 2n ** 100n,
  real: 2.5,
  negReal: -1234.5678,
  forcedReal: new creator.Real(3),
  yes: true,
  no: false,
  date: new Date("2020-01-02T03:04:05Z"),
  epoch2001: new Date("2001-01-01T00:00:00Z"),
  before2001: new Date("1969-07-20T20:17:40Z"),
  data: Buffer.from([0, 1, 2, 254, 255]),
  bigData: Buffer.alloc(70_000, 0xab),
  emptyData: Buffer.alloc(0),
  uid: { UID: 42 },
  uidWide: { UID: 70_000 },
  array: [1, "two", [3, [4, { five: 5 }]], { six: [6] }],
  emptyArray: [],
  nested: { a: { b: { c: { d: { e: "deep" } } } } },
  emptyDict: {},
  manyKeys: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key${i}`, i])),
};

/** libplist keeps 64-bit integers only, so the 128-bit values are left out of the plistutil leg. */
const { above64: _a, big128: _b, ...within64Bits } = everyType;

const fixtures: [name: string, value: unknown][] = [
  ["every type", everyType],
  ["array at the top", [1, "a", { b: [true] }]],
  ["a lone string at the top", "just a string"],
  ["a lone integer at the top", 12345],
];

describe("decodeBinaryPlist against bplist-parser", () => {
  for (const [name, value] of fixtures) {
    it(`decodes ${name} as bplist-parser does`, () => {
      const bytes = creator(value as never);
      const ours = plainJs(toJs(mustDecode(bytes)));
      const theirs = fromBplistParser(parseBuffer(bytes)[0]);
      expect(ours).toEqual(theirs);
    });
  }

  it("keeps integer types exact: number when safe, bigint otherwise", () => {
    const root = mustDecode(creator(everyType));
    const js = toJs(root) as Record<string, unknown>;
    expect(js.int64max).toBe(2n ** 63n - 1n);
    expect(js.int64min).toBe(-(2n ** 63n));
    expect(js.minusOne).toBe(-1);
    expect(js.minSafe).toBe(-(2 ** 53 - 1));
    expect(js.belowMinSafe).toBe(-(2n ** 53n));
    expect(js.above64).toBe(2n ** 64n + 5n);
    expect(js.big128).toBe(2n ** 100n);
    expect(js.word).toBe(4_294_967_295);
  });
});

describe.skipIf(!hasPython)("decodeBinaryPlist against Python plistlib", () => {
  for (const [name, value] of fixtures) {
    it(`decodes ${name} as plistlib does`, () => {
      const file = path.join(workDir, `py-${name.replace(/\W+/g, "-")}.bplist`);
      const bytes = creator(value as never);
      writeFileSync(file, bytes);
      expect(tagged(mustDecode(bytes))).toEqual(pythonTagged(file));
    });
  }

  // Shapes bplist-creator cannot write, so the byte-level builder writes them.
  const crafted: [name: string, bytes: Uint8Array][] = [
    ["float32 reals", writeBplist([raw.array([1, 2]), raw.real(1.5, 4), raw.real(-0.1, 4)])],
    ["unsigned 1-, 2- and 4-byte integers with the top bit set, and a negative 16-byte one", writeBplist([raw.array([1, 2, 3, 4]), raw.int(200, 1), raw.int(40_000, 2), raw.int(3_000_000_000, 4), raw.int(-5n, 16)])],
    ["8-byte refs and offsets", writeBplist([raw.dict([[1, 2]]), raw.ascii("k"), raw.utf16("välue")], { refSize: 8, offsetSize: 8 })],
    ["a date with a fraction of a second", writeBplist([raw.date(600_000_000.75)])],
    // plistlib refuses UIDs of 2^64 and more; the 16-byte encoding of a smaller one is still valid.
    ["a 16-byte UID", writeBplist([raw.uid(2n ** 60n + 3n, 16)])],
  ];
  for (const [name, bytes] of crafted) {
    it(`decodes ${name} as plistlib does`, () => {
      const file = path.join(workDir, `crafted-${name.replace(/\W+/g, "-")}.bplist`);
      writeFileSync(file, bytes);
      expect(tagged(mustDecode(bytes))).toEqual(pythonTagged(file));
    });
  }
});

const plistutilSkipReason = !hasPlistutil ? " (skipped: plistutil is not installed; apt-get install libplist-utils)" : !hasPython ? " (skipped: python3 is not installed)" : "";
if (plistutilSkipReason) console.warn(`bplist.test.ts: decodeBinaryPlist against plistutil${plistutilSkipReason}`);
describe.skipIf(!hasPython || !hasPlistutil)(`decodeBinaryPlist against plistutil (libplist) via XML${plistutilSkipReason}`, () => {
  const cases: [name: string, value: unknown][] = [["every type within 64 bits", within64Bits], ...fixtures.slice(1)];
  for (const [name, value] of cases) {
    it(`decodes ${name} as libplist does`, () => {
      const base = path.join(workDir, `pu-${name.replace(/\W+/g, "-")}`);
      const bytes = creator(value as never);
      writeFileSync(`${base}.bplist`, bytes);
      execFileSync("plistutil", ["-i", `${base}.bplist`, "-o", `${base}.xml`, "-f", "xml"]);
      expect(readFileSync(`${base}.xml`, "utf8")).toContain("<plist");
      expect(tagged(mustDecode(bytes))).toEqual(pythonTagged(`${base}.xml`));
    });
  }
});

describe("the tree decodeBinaryPlist builds", () => {
  it("sets parent pointers as the model says", () => {
    const root = mustDecode(creator({ list: ["a", { inner: true }] }));
    expect(root.type).toBe("Dict");
    if (root.type !== "Dict") return;
    expect(root.parent).toBeUndefined();
    const entry = root.byKey.get("list")!;
    expect(entry.parent).toBe(root);
    expect(entry.key.parent).toBe(entry);
    expect(entry.value.parent).toBe(entry);
    const list = entry.value;
    if (list.type !== "Array") throw new Error("expected an array");
    for (const item of list.items) expect(item.parent).toBe(list);
    const inner = list.items[1];
    if (inner?.type !== "Dict") throw new Error("expected a dict");
    expect(inner.entries[0]!.parent).toBe(inner);
    expect(inner.entries[0]!.value.parent).toBe(inner.entries[0]);
  });

  it("gives each use of a shared object its own node", () => {
    // bplist-creator does not share objects; here objects 1 (key) and 2 (value) are used twice.
    const root = mustDecode(writeBplist([raw.array([3, 3]), raw.ascii("k"), raw.bool(true), raw.dict([[1, 2]])]));
    if (root.type !== "Array") throw new Error("expected an array");
    const [first, second] = root.items;
    expect(first).not.toBe(second);
    expect(toJs(first!)).toEqual(toJs(second!));
    expect(first!.parent).toBe(root);
    expect(second!.parent).toBe(root);
  });

  it("keeps every entry of a repeated key, the last one winning", () => {
    const root = mustDecode(writeBplist([raw.dict([[1, 2], [3, 4], [1, 5]]), raw.ascii("dup"), raw.int(1, 1), raw.ascii("other"), raw.int(2, 1), raw.int(3, 1)]));
    if (root.type !== "Dict") throw new Error("expected a dict");
    expect(root.entries.map((e) => [e.key.value, toJs(e.value)])).toEqual([["dup", 1], ["other", 2], ["dup", 3]]);
    expect(toJs(root.byKey.get("dup")!.value)).toBe(3);
    expect(root.shadowed).toEqual([root.entries[0]]);
  });

  it("reads sets and ordered sets (which plistlib and bplist-parser refuse) exactly as the same file with an array", () => {
    const members = [raw.ascii("member"), raw.int(9, 1)];
    const asArray = mustDecode(writeBplist([raw.array([1, 2]), ...members]));
    for (const container of [raw.set([1, 2]), raw.orderedSet([1, 2])]) {
      const bytes = writeBplist([container, ...members]);
      expect(bytes[8]! >> 4).not.toBe(0xa);
      expect(toJs(mustDecode(bytes))).toEqual(toJs(asArray));
    }
  });

  it("keeps a UID beyond 2^53 exact as a bigint", () => {
    expect(mustDecode(writeBplist([raw.uid(2n ** 70n + 1n, 16)]))).toMatchObject({ type: "Uid", value: 2n ** 70n + 1n });
  });

  it("keeps a lone surrogate in a UTF-16 string as written", () => {
    const root = mustDecode(writeBplist([raw.utf16("a\ud800b")]));
    expect(root).toMatchObject({ type: "String", value: "a\ud800b" });
  });

  it("reads ASCII strings byte for byte (Latin-1), like CoreFoundation's lenient reader", () => {
    const root = mustDecode(writeBplist([raw.bytes(0x52, 0x63, 0xe9)]));
    expect(root).toMatchObject({ type: "String", value: "c\u00e9" });
  });

  it("treats a key named __proto__ as data", () => {
    const root = mustDecode(creator({ ["__proto__"]: 1 } as never));
    if (root.type !== "Dict") throw new Error("expected a dict");
    expect(root.byKey.get("__proto__")?.value).toMatchObject({ type: "Integer", value: 1 });
  });

  it("converts dates as seconds since 2001-01-01 to ISO text", () => {
    const cases: [seconds: number, iso: string][] = [
      [0, "2001-01-01T00:00:00Z"],
      [-978_307_200, "1970-01-01T00:00:00Z"],
      [1.9, "2001-01-01T00:00:01Z"],
      [-0.5, "2000-12-31T23:59:59Z"],
    ];
    for (const [seconds, iso] of cases) {
      expect(mustDecode(writeBplist([raw.date(seconds)]))).toMatchObject({ type: "Date", value: iso });
      // The same instant through an independent clock: JavaScript's Date.
      expect(new Date(Date.UTC(2001, 0, 1) + Math.floor(seconds) * 1000).toISOString().replace(".000Z", "Z")).toBe(iso);
    }
  });

});

function bplistFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.size >= 8 && readFileSync(full).subarray(0, 8).toString("latin1") === "bplist00") out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

describe.skipIf(!existsSync(corpusDir))("decodeBinaryPlist on the real-world corpus (/work/shared/corpus)", () => {
  const files = existsSync(corpusDir) ? bplistFilesUnder(corpusDir) : [];

  it("finds the corpus's binary plists (fastlane, saucelabs, calabash)", () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(`decodes ${path.relative(corpusDir, file)} as bplist-parser does`, () => {
      const bytes = readFileSync(file);
      const ours = plainJs(toJs(mustDecode(bytes)));
      expect(ours).toEqual(fromBplistParser(parseBuffer(bytes)[0]));
      if (hasPython) expect(tagged(mustDecode(bytes))).toEqual(pythonTagged(file));
    });
  }
});
