/**
 * Hostile binary plists: each must come back quickly as a typed `bplist-*` error, never an
 * exception, a hang or a stack overflow. The files are written byte by byte by the test builder.
 */
import creator from "bplist-creator";
import { parseBuffer } from "bplist-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBinaryPlist } from "../../src/decode/bplist.js";
import type { BinaryPlistLimits } from "../../src/decode/bplist.js";
import type { DecodeResult } from "../../src/decode/result.js";
import type { PlistValue } from "../../src/model/plist.js";
import { raw, writeBplist } from "../helpers/bplist-builder.js";
import type { RawObject } from "../helpers/bplist-builder.js";
import { seededRandom } from "../helpers/seeded-random.js";

const KNOWN_CODES = new Set([
  "bplist-header",
  "bplist-trailer",
  "bplist-offset",
  "bplist-ref",
  "bplist-length",
  "bplist-cycle",
  "bplist-too-large",
  "bplist-too-deep",
  "bplist-type",
  "bplist-key-type",
  "bplist-date",
]);

/** Decodes and checks the error contract: known code, one sentence, offset inside the file. */
function decodeChecked(bytes: Uint8Array, limits?: Partial<BinaryPlistLimits>): { result: DecodeResult<PlistValue> } {
  let result: DecodeResult<PlistValue>;
  try {
    result = decodeBinaryPlist(bytes, limits);
  } catch (error) {
    throw new Error(`decodeBinaryPlist threw: ${String(error)}`, { cause: error });
  }
  if (!result.ok) {
    expect(KNOWN_CODES, `unexpected code ${result.error.code}: ${result.error.message}`).toContain(result.error.code);
    expect(result.error.message).toMatch(/^[A-Z].*\.$/);
    expect(result.error.message).not.toContain("\n");
    if (result.error.byteOffset !== undefined) {
      expect(result.error.byteOffset).toBeGreaterThanOrEqual(0);
      expect(result.error.byteOffset).toBeLessThan(Math.max(bytes.length, 1));
    }
  }
  return { result };
}

function expectError(bytes: Uint8Array, code: string, limits?: Partial<BinaryPlistLimits>): void {
  const { result } = decodeChecked(bytes, limits);
  expect(result.ok ? "ok" : result.error.code).toBe(code);
}

/** `levels` arrays, each holding two references to the next, then one int: 2^levels leaves. */
function dagBomb(levels: number): Uint8Array {
  const objects: RawObject[] = [];
  for (let i = 0; i < levels; i++) objects.push(raw.array([i + 1, i + 1]));
  objects.push(raw.int(0, 1));
  return writeBplist(objects, { refSize: 1 });
}

/** A chain of `depth` arrays, each holding the next, ending in an int. */
function nested(depth: number): Uint8Array {
  const objects: RawObject[] = [];
  for (let i = 0; i < depth; i++) objects.push(raw.array([i + 1]));
  objects.push(raw.int(1, 1));
  return writeBplist(objects);
}

function treeDepth(node: PlistValue): number {
  if (node.type === "Array") return 1 + Math.max(0, ...node.items.map(treeDepth));
  if (node.type === "Dict") return 1 + Math.max(0, ...node.entries.map((e) => treeDepth(e.value)));
  return 0;
}

function countLeaves(value: unknown): number {
  return Array.isArray(value) ? value.reduce((sum: number, item) => sum + countLeaves(item), 0) : 1;
}

describe("expansion bombs", () => {
  it("the bomb is what it claims: a 16-level version expands to 2^16 leaves in bplist-parser and in ours", () => {
    const small = dagBomb(16);
    expect(countLeaves(parseBuffer(Buffer.from(small))[0])).toBe(2 ** 16);
    const { result } = decodeChecked(small);
    if (!result.ok) throw new Error(result.error.message);
    let leaves = 0;
    const walk = (node: PlistValue): void => {
      if (node.type === "Array") node.items.forEach(walk);
      else leaves++;
    };
    walk(result.value);
    expect(leaves).toBe(2 ** 16);
  });

  it("rejects the 163-byte DAG bomb (2^30 leaves) as bplist-too-large in well under a second", () => {
    const bomb = dagBomb(30);
    expect(bomb.length).toBe(163);
    expectError(bomb, "bplist-too-large");
  });

  it("rejects a DAG bomb through dict values too", () => {
    const objects: RawObject[] = [raw.ascii("k")];
    for (let i = 1; i <= 40; i++) objects.push(raw.dict([[0, i + 1], [0, i + 1]]));
    objects.push(raw.bool(true));
    expectError(writeBplist(objects, { top: 1 }), "bplist-too-large");
  });

  it("applies maxNodes exactly: an array of n scalars is n + 1 nodes", () => {
    const objects: RawObject[] = [raw.array(Array.from({ length: 20 }, (_, i) => i + 1))];
    for (let i = 0; i < 20; i++) objects.push(raw.int(i, 1));
    const bytes = writeBplist(objects);
    expect(decodeChecked(bytes, { maxNodes: 21 }).result.ok).toBe(true);
    expectError(bytes, "bplist-too-large", { maxNodes: 20 });
  });
});

describe("cycles", () => {
  it("rejects a dict that contains itself", () => {
    expectError(writeBplist([raw.dict([[1, 0]]), raw.ascii("self")]), "bplist-cycle");
  });

  it("rejects an array that contains itself", () => {
    expectError(writeBplist([raw.array([0])]), "bplist-cycle");
  });

  it("rejects two arrays that refer to each other", () => {
    expectError(writeBplist([raw.array([1]), raw.array([0])]), "bplist-cycle");
  });

  it("rejects a cycle through a dict and two arrays below the top", () => {
    expectError(writeBplist([raw.array([2]), raw.ascii("k"), raw.dict([[1, 3]]), raw.array([4, 2]), raw.bool(false)]), "bplist-cycle");
  });

  it("does not mistake sharing for a cycle", () => {
    const { result } = decodeChecked(writeBplist([raw.array([1, 1, 2]), raw.array([3]), raw.array([1]), raw.bool(true)]));
    expect(result.ok).toBe(true);
  });
});

describe("nesting depth", () => {
  it("rejects 100,000 nested arrays as bplist-too-deep in well under a second", () => {
    expectError(nested(100_000), "bplist-too-deep");
  });

  it("accepts exactly maxDepth levels and rejects one more", () => {
    const ok = decodeChecked(nested(512)).result;
    expect(ok.ok && treeDepth(ok.value)).toBe(512);
    expectError(nested(513), "bplist-too-deep");
  });

  it("counts depth through a shared subtree reached first shallow, then deep", () => {
    // Object 1 is a chain of 8 arrays; the top reaches it at depth 2 (fine) and again under 5 more arrays.
    const objects: RawObject[] = [raw.array([1, 10])];
    for (let i = 1; i <= 8; i++) objects.push(raw.array([i + 1]));
    objects.push(raw.int(7, 1)); // 9
    for (let i = 10; i <= 14; i++) objects.push(raw.array([i === 14 ? 1 : i + 1]));
    const bytes = writeBplist(objects);
    const unlimited = decodeChecked(bytes).result;
    if (!unlimited.ok) throw new Error(unlimited.error.message);
    const depth = treeDepth(unlimited.value);
    expect(depth).toBe(14);
    expect(decodeChecked(bytes, { maxDepth: depth }).result.ok).toBe(true);
    expectError(bytes, "bplist-too-deep", { maxDepth: depth - 1 });
  });
});

describe("lying trailers, offsets and references", () => {
  const good = (): RawObject[] => [raw.array([1]), raw.ascii("x")];

  it("rejects references out of range, in arrays and in dict keys and values", () => {
    expectError(writeBplist([raw.array([5]), raw.ascii("x")]), "bplist-ref");
    expectError(writeBplist([raw.dict([[9, 1]]), raw.ascii("x")]), "bplist-ref");
    expectError(writeBplist([raw.dict([[1, 9]]), raw.ascii("x")]), "bplist-ref");
  });

  it("rejects an offset table placed past the end of the file", () => {
    expectError(writeBplist(good(), { trailer: { offsetTableOffset: 1n << 30n } }), "bplist-trailer");
    expectError(writeBplist(good(), { trailer: { offsetTableOffset: 2n ** 64n - 1n } }), "bplist-trailer");
  });

  it("rejects an offset table entry that points outside the object area", () => {
    expectError(writeBplist(good(), { offsets: ([a]) => [a!, 1n << 30n] }), "bplist-offset");
    expectError(writeBplist(good(), { offsets: ([, b]) => [3n, b!] }), "bplist-offset");
    expectError(writeBplist(good(), { offsetSize: 8, offsets: ([a]) => [a!, 2n ** 64n - 1n] }), "bplist-offset");
  });

  it("rejects numObjects = 2^62, and any count whose offsets do not fit", () => {
    expectError(writeBplist(good(), { trailer: { numObjects: 2n ** 62n } }), "bplist-trailer");
    expectError(writeBplist(good(), { trailer: { numObjects: 3n } }), "bplist-trailer");
    expectError(writeBplist(good(), { trailer: { numObjects: 0n } }), "bplist-trailer");
  });

  it("rejects a top object that is not one of the objects", () => {
    expectError(writeBplist(good(), { trailer: { topObject: 2n } }), "bplist-trailer");
    expectError(writeBplist(good(), { trailer: { topObject: 2n ** 63n } }), "bplist-trailer");
  });

  it("rejects offset and reference sizes other than 1, 2, 4 and 8", () => {
    for (const size of [0, 3, 5, 16, 255]) {
      expectError(writeBplist(good(), { trailer: { offsetIntSize: size } }), "bplist-trailer");
      expectError(writeBplist(good(), { trailer: { objectRefSize: size } }), "bplist-trailer");
    }
  });

  it("rejects a wrong signature and files too short for a trailer", () => {
    expectError(writeBplist(good(), { magic: "notplist" }), "bplist-header");
    expectError(writeBplist(good(), { magic: "bplist15" }), "bplist-header");
    expectError(new Uint8Array(0), "bplist-header");
    expectError(new TextEncoder().encode("bplist00"), "bplist-trailer");
  });
});

describe("lying lengths", () => {
  it("rejects a huge length nibble on data, strings, arrays, sets and dicts", () => {
    for (const high of [0x4, 0x5, 0x6, 0xa, 0xb, 0xc, 0xd]) {
      for (const count of [2n ** 60n, 2n ** 31n, 0xffffffffn, 2n ** 64n - 1n, 100n]) {
        expectError(writeBplist([raw.withCount(high, count, [0, 0, 0, 0])]), "bplist-length");
      }
    }
  });

  it("rejects a short count nibble that overruns the object area", () => {
    expectError(writeBplist([raw.bytes(0x4e, 1, 2)]), "bplist-length");
    expectError(writeBplist([raw.bytes(0xa9, 0)]), "bplist-length");
  });

  it("rejects a length that is not an integer object", () => {
    expectError(writeBplist([raw.bytes(0x4f, 0x51, 0x41)]), "bplist-length");
    expectError(writeBplist([raw.bytes(0x4f, 0x14, ...new Array(16).fill(0))]), "bplist-length");
  });

  it("rejects fixed-size objects cut off by the offset table", () => {
    expectError(writeBplist([raw.bytes(0x13, 0, 0)]), "bplist-length");
    expectError(writeBplist([raw.bytes(0x33, 0)]), "bplist-length");
    expectError(writeBplist([raw.bytes(0x8f, 1)]), "bplist-length");
  });
});

describe("types the model cannot hold", () => {
  it("rejects null, fill, URL, UUID and unknown markers as bplist-type", () => {
    for (const marker of [0x00, 0x0f, 0x0c, 0x0d, 0x0e, 0x01, 0x70, 0x90, 0xe0, 0xf0]) {
      expectError(writeBplist([raw.array([1]), raw.bytes(marker, 0, 0)]), "bplist-type");
    }
  });

  it("rejects integers and reals of unsupported widths", () => {
    expectError(writeBplist([raw.bytes(0x15, ...new Array(32).fill(0))]), "bplist-type");
    expectError(writeBplist([raw.bytes(0x21, 0, 0)]), "bplist-type");
    expectError(writeBplist([raw.bytes(0x32, 0, 0, 0, 0)]), "bplist-type");
  });

  it("rejects dict keys that are not strings", () => {
    expectError(writeBplist([raw.dict([[1, 1]]), raw.int(3, 1)]), "bplist-key-type");
    expectError(writeBplist([raw.dict([[1, 2]]), raw.data([1]), raw.bool(true)]), "bplist-key-type");
  });

  it("rejects dates that are not finite times", () => {
    for (const seconds of [Number.NaN, Number.POSITIVE_INFINITY, -1e300]) {
      expectError(writeBplist([raw.date(seconds)]), "bplist-date");
    }
  });
});

describe("damaged files never throw", () => {
  const seed = creator({
    CFBundleIdentifier: "com.example.app",
    NSAppTransportSecurity: { NSAllowsArbitraryLoads: true, NSExceptionDomains: { "example.com": { NSIncludesSubdomains: true } } },
    list: [1, 2.5, "thrée", new Date("2021-05-06T07:08:09Z"), Buffer.from([1, 2, 3]), { UID: 3 }, 2n ** 63n - 1n],
  });

  it("the seed file is valid", () => {
    expect(decodeChecked(seed).result.ok).toBe(true);
  });

  it("rejects the file truncated at every byte with a typed error", () => {
    for (let length = 0; length < seed.length; length++) {
      const { result } = decodeChecked(seed.subarray(0, length));
      // Every prefix loses the real trailer, and none of the bytes that take its place reads as a valid one.
      expect(result.ok, `truncated to ${length} bytes`).toBe(false);
    }
  });

  it("survives 1,000 random byte flips (fixed seed): only ok or a typed error", () => {
    const random = seededRandom(0x2545f491);
    const outcomes = new Map<string, number>();
    for (let run = 0; run < 1000; run++) {
      const mutated = Uint8Array.from(seed);
      const flips = 1 + Math.floor(random() * 4);
      for (let i = 0; i < flips; i++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const { result } = decodeChecked(mutated);
      const key = result.ok ? "ok" : result.error.code;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The flips must actually exercise the error paths, not just land in string bytes.
    expect([...outcomes.keys()].filter((k) => k !== "ok").length).toBeGreaterThanOrEqual(4);
  });

  it("survives arbitrary bytes after a valid signature (fast-check, fixed seed)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const bytes = new Uint8Array(8 + tail.length);
        bytes.set(new TextEncoder().encode("bplist00"));
        bytes.set(tail, 8);
        decodeChecked(bytes);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
