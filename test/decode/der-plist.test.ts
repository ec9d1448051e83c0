/**
 * DER entitlements: blobs built here with asn1js's encoder (and checked by `openssl asn1parse`), plus
 * the byte vectors Apple's `codesign` produced as recorded in apple-codesign's plist_der.rs tests.
 */
import { execFileSync } from "node:child_process";
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { decodeDerPlist } from "../../src/decode/der-plist.js";
import type { DecodeResult } from "../../src/decode/result.js";
import { toJs } from "../../src/model/plist.js";
import type { PlistValue } from "../../src/model/plist.js";

const KNOWN_CODES = new Set([
  "der-plist-syntax",
  "der-plist-layout",
  "der-plist-version",
  "der-plist-type",
  "der-plist-value",
  "der-plist-too-deep",
  "der-plist-too-large",
]);

const hasOpenssl = (() => {
  try {
    execFileSync("which", ["openssl"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

type Asn1 = asn1js.BaseBlock;

/** Encodes a JavaScript value the way codesign lays out DER entitlements. */
function encodeValue(value: unknown, dictForm: "context" | "set" = "context"): Asn1 {
  if (typeof value === "boolean") return new asn1js.Boolean({ value });
  if (typeof value === "number" || typeof value === "bigint") return asn1js.Integer.fromBigInt(BigInt(value));
  if (typeof value === "string") return new asn1js.Utf8String({ value });
  if (value instanceof Uint8Array) return new asn1js.OctetString({ valueHex: value });
  if (value instanceof Date) return new asn1js.GeneralizedTime({ valueDate: value });
  if (Array.isArray(value)) return new asn1js.Sequence({ value: value.map((v) => encodeValue(v, dictForm)) });
  if (value && typeof value === "object") {
    // codesign writes keys sorted.
    const entries = Object.keys(value).sort().map((key) =>
      new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: key }), encodeValue((value as Record<string, unknown>)[key], dictForm)] }),
    );
    return dictForm === "set"
      ? new asn1js.Set({ value: entries })
      : new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 16 }, value: entries });
  }
  throw new Error(`cannot encode ${String(value)}`);
}

function wrap(value: Asn1, version = 1): Uint8Array {
  return toBytes(new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 16 }, value: [new asn1js.Integer({ value: version }), value] }));
}

function toBytes(block: Asn1): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

function decode(bytes: Uint8Array): DecodeResult<PlistValue> {
  let result: DecodeResult<PlistValue>;
  try {
    result = decodeDerPlist(bytes);
  } catch (error) {
    throw new Error(`decodeDerPlist threw: ${String(error)}`, { cause: error });
  }
  if (!result.ok) {
    expect(KNOWN_CODES, `${result.error.code}: ${result.error.message}`).toContain(result.error.code);
    expect(result.error.message).toMatch(/^The DER entitlements .*\.$/);
  }
  return result;
}

function mustDecode(bytes: Uint8Array): PlistValue {
  const result = decode(bytes);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorCode(bytes: Uint8Array): string {
  const result = decode(bytes);
  return result.ok ? "ok" : result.error.code;
}

const entitlements = {
  "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "app-proxy-provider-systemextension"],
  "com.apple.developer.networking.multicast": true,
  "com.apple.security.app-sandbox": false,
  "com.apple.developer.team-identifier": "ABCDE12345",
  "keychain-access-groups": ["ABCDE12345.*"],
  "application-identifier": "ABCDE12345.com.example.app",
  "get-task-allow": false,
  "com.example.counts": [0, 1, -1, 127, 128, 255, 256, -128, -129, 2 ** 53 - 1, -(2 ** 53 - 1)],
  "com.example.big": [2n ** 63n - 1n, -(2n ** 63n), 2n ** 70n, -(2n ** 100n)],
  "com.example.nested": { level1: { level2: { flag: true, list: [{ deep: "yes" }] } }, empty: {} },
  "com.example.unicode": "héllo ✓ 日本語 😀",
  "com.example.empty-array": [],
  "com.example.empty-string": "",
};

/** From apple-codesign's plist_der.rs: DER that Apple's `codesign --generate-entitlement-der` wrote. */
const CODESIGN_VECTORS: [name: string, bytes: number[], value: unknown][] = [
  ["empty dict", [112, 5, 2, 1, 1, 176, 0], {}],
  ["false", [112, 15, 2, 1, 1, 176, 10, 48, 8, 12, 3, 107, 101, 121, 1, 1, 0], { key: false }],
  ["true", [112, 15, 2, 1, 1, 176, 10, 48, 8, 12, 3, 107, 101, 121, 1, 1, 255], { key: true }],
  ["integer -1", [112, 15, 2, 1, 1, 176, 10, 48, 8, 12, 3, 107, 101, 121, 2, 1, 255], { key: -1 }],
  ["integer 42", [112, 15, 2, 1, 1, 176, 10, 48, 8, 12, 3, 107, 101, 121, 2, 1, 42], { key: 42 }],
  ["empty string", [112, 14, 2, 1, 1, 176, 9, 48, 7, 12, 3, 107, 101, 121, 12, 0], { key: "" }],
  ["string", [112, 19, 2, 1, 1, 176, 14, 48, 12, 12, 3, 107, 101, 121, 12, 5, 118, 97, 108, 117, 101], { key: "value" }],
  ["array [true, foo]", [112, 22, 2, 1, 1, 176, 17, 48, 15, 12, 3, 107, 101, 121, 48, 8, 1, 1, 255, 12, 3, 102, 111, 111], { key: [true, "foo"] }],
  ["nested dict", [112, 26, 2, 1, 1, 176, 21, 48, 19, 12, 3, 107, 101, 121, 176, 12, 48, 10, 12, 5, 105, 110, 110, 101, 114, 1, 1, 0], { key: { inner: false } }],
  ["several keys", [112, 37, 2, 1, 1, 176, 32, 48, 8, 12, 3, 107, 101, 121, 1, 1, 0, 48, 9, 12, 4, 107, 101, 121, 50, 1, 1, 255, 48, 9, 12, 4, 107, 101, 121, 51, 2, 1, 42], { key: false, key2: true, key3: 42 }],
];

describe("decodeDerPlist on codesign's own output", () => {
  for (const [name, bytes, value] of CODESIGN_VECTORS) {
    it(`decodes ${name}`, () => {
      expect(toJs(mustDecode(Uint8Array.from(bytes)))).toEqual(value);
    });
  }

  it("the test encoder writes exactly what codesign writes", () => {
    for (const [name, bytes, value] of CODESIGN_VECTORS) {
      expect(Array.from(wrap(encodeValue(value))), name).toEqual(bytes);
    }
  });
});

describe("decodeDerPlist round trips", () => {
  it("decodes realistic entitlements with every value type to the original values", () => {
    expect(toJs(mustDecode(wrap(encodeValue(entitlements))))).toEqual(entitlements);
  });

  it("keeps integers exact: number when safe, bigint beyond", () => {
    const root = toJs(mustDecode(wrap(encodeValue(entitlements)))) as Record<string, unknown[]>;
    expect(root["com.example.big"]!.map((v) => typeof v)).toEqual(["bigint", "bigint", "bigint", "bigint"]);
    expect(root["com.example.counts"]!.every((v) => typeof v === "number")).toBe(true);
  });

  it("reads SET-encoded dicts, nested and at the top without the wrapper", () => {
    expect(toJs(mustDecode(wrap(encodeValue(entitlements, "set"))))).toEqual(entitlements);
    expect(toJs(mustDecode(toBytes(encodeValue(entitlements, "set"))))).toEqual(entitlements);
  });

  it("reads data (OCTET STRING) and dates (GeneralizedTime)", () => {
    const value = { blob: Uint8Array.from([0, 1, 254, 255]), when: new Date("2024-02-29T23:59:58Z") };
    const root = mustDecode(wrap(encodeValue(value)));
    expect(root.type).toBe("Dict");
    if (root.type !== "Dict") return;
    expect(root.byKey.get("blob")?.value).toMatchObject({ type: "Data", value: Uint8Array.from([0, 1, 254, 255]) });
    expect(root.byKey.get("when")?.value).toMatchObject({ type: "Date", value: "2024-02-29T23:59:58Z" });
  });

  it("sets parent pointers and keeps shadowed duplicate keys", () => {
    const pair = (key: string, value: Asn1) => new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: key }), value] });
    const bytes = wrap(new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 16 },
      value: [pair("dup", new asn1js.Boolean({ value: false })), pair("list", encodeValue(["a"])), pair("dup", new asn1js.Boolean({ value: true }))],
    }));
    const root = mustDecode(bytes);
    if (root.type !== "Dict") throw new Error("expected a dict");
    expect(root.parent).toBeUndefined();
    expect(root.entries).toHaveLength(3);
    for (const entry of root.entries) {
      expect(entry.parent).toBe(root);
      expect(entry.key.parent).toBe(entry);
      expect(entry.value.parent).toBe(entry);
    }
    expect(root.byKey.get("dup")?.value).toMatchObject({ type: "Boolean", value: true });
    expect(root.shadowed).toEqual([root.entries[0]]);
    const list = root.byKey.get("list")!.value;
    if (list.type !== "Array") throw new Error("expected an array");
    expect(list.items[0]!.parent).toBe(list);
  });

  it.skipIf(!hasOpenssl)("openssl asn1parse reads the test blobs as the layout codesign uses", () => {
    const der = wrap(encodeValue({ "get-task-allow": true, groups: ["A.b"] }));
    const listing = execFileSync("openssl", ["asn1parse", "-inform", "DER"], { input: der, encoding: "utf8" });
    const tags = listing
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const match = /d=(\d+).*?(?:prim|cons): (.+?)\s*(?::(.*))?$/.exec(line);
        return match ? `${match[1]} ${match[2]}${match[3] ? ` ${match[3]}` : ""}` : line;
      });
    expect(tags).toEqual([
      "0 appl [ 16 ]",
      "1 INTEGER 01",
      "1 cont [ 16 ]",
      "2 SEQUENCE",
      "3 UTF8STRING get-task-allow",
      "3 BOOLEAN 255",
      "2 SEQUENCE",
      "3 UTF8STRING groups",
      "3 SEQUENCE",
      "4 UTF8STRING A.b",
    ]);
  });
});

describe("decodeDerPlist on bad input", () => {
  const valid = wrap(encodeValue({ "get-task-allow": true, groups: ["A.b", "C.d"], n: 7 }));

  it("rejects every truncation of a valid blob with a typed error", () => {
    for (let length = 0; length < valid.length; length++) {
      expect(errorCode(valid.subarray(0, length)), `truncated to ${length}`).not.toBe("ok");
    }
  });

  it("rejects trailing bytes after the blob", () => {
    expect(errorCode(Uint8Array.from([...valid, 0]))).toBe("der-plist-syntax");
  });

  it("rejects a wrong wrapper, a missing or unknown version, and extra values", () => {
    expect(errorCode(toBytes(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] })))).toBe("der-plist-layout");
    expect(errorCode(wrap(encodeValue({}), 2))).toBe("der-plist-version");
    const noVersion = toBytes(new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 16 }, value: [encodeValue({})] }));
    expect(errorCode(noVersion)).toBe("der-plist-layout");
    const twoValues = toBytes(new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 16 }, value: [new asn1js.Integer({ value: 1 }), encodeValue({}), encodeValue({})] }));
    expect(errorCode(twoValues)).toBe("der-plist-layout");
  });

  it("rejects dict elements that are not key/value pairs, and keys that are not UTF8Strings", () => {
    const dictOf = (...entries: Asn1[]) => wrap(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 16 }, value: entries }));
    const key = new asn1js.Utf8String({ value: "k" });
    expect(errorCode(dictOf(new asn1js.Sequence({ value: [key, new asn1js.Boolean({ value: true }), new asn1js.Boolean({ value: true })] })))).toBe("der-plist-layout");
    expect(errorCode(dictOf(new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: "lonely" })] })))).toBe("der-plist-layout");
    expect(errorCode(dictOf(new asn1js.Boolean({ value: true })))).toBe("der-plist-layout");
    expect(errorCode(dictOf(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), new asn1js.Boolean({ value: true })] })))).toBe("der-plist-layout");
  });

  it("rejects values with no plist meaning: NULL, OID, BIT STRING, PrintableString, other tags", () => {
    const values: Asn1[] = [
      new asn1js.Null(),
      new asn1js.ObjectIdentifier({ value: "1.2.840.113635.100" }),
      new asn1js.BitString({ valueHex: new Uint8Array([1]) }),
      new asn1js.PrintableString({ value: "x" }),
      new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 16 }, valueHex: new Uint8Array([1]) }),
      new asn1js.Constructed({ idBlock: { tagClass: 4, tagNumber: 1 }, value: [] }),
    ];
    for (const value of values) {
      const entry = new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: "k" }), value] });
      expect(errorCode(wrap(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 16 }, value: [entry] }))), value.constructor.name).toBe("der-plist-type");
    }
    // And as the wrapped value itself.
    expect(errorCode(wrap(new asn1js.Null()))).toBe("der-plist-type");
  });

  it("rejects BOOLEANs other than 00 and FF, invalid UTF-8 and non-DER times", () => {
    // [APPLICATION 16] { INTEGER 1, [16] { SEQUENCE { "k", <value> } } } with a raw value.
    const withRawValue = (value: number[]) => {
      const entry = [0x0c, 0x01, 0x6b, ...value];
      const seq = [0x30, entry.length, ...entry];
      const dict = [0xb0, seq.length, ...seq];
      const body = [0x02, 0x01, 0x01, ...dict];
      return Uint8Array.from([0x70, body.length, ...body]);
    };
    expect(errorCode(withRawValue([0x01, 0x01, 0xff]))).toBe("ok");
    expect(errorCode(withRawValue([0x01, 0x01, 0x05]))).toBe("der-plist-value");
    expect(errorCode(withRawValue([0x01, 0x02, 0x00, 0xff]))).toBe("der-plist-value");
    expect(errorCode(withRawValue([0x0c, 0x02, 0xff, 0xfe]))).toBe("der-plist-value");
    expect(errorCode(withRawValue([0x02, 0x00]))).toBe("der-plist-value");
    const localTime = Array.from("20240229235958", (c) => c.charCodeAt(0));
    expect(errorCode(withRawValue([0x18, localTime.length, ...localTime]))).not.toBe("ok");
  });

  it("rejects indefinite lengths, which DER forbids", () => {
    // [APPLICATION 16] { INTEGER 1, [16] (indefinite) { } }
    expect(errorCode(Uint8Array.from([0x70, 0x80, 0x02, 0x01, 0x01, 0xb0, 0x80, 0x00, 0x00, 0x00, 0x00]))).toBe("der-plist-syntax");
  });

  it("rejects 10,000 nested arrays at the depth cap", () => {
    // Definite lengths, computed inside out; headers are collected outermost last, then reversed.
    const innermost = [0x01, 0x01, 0xff];
    const headers: number[][] = [];
    let length = innermost.length;
    for (let i = 0; i < 10_000; i++) {
      const header = [0x30, ...derLength(length)];
      headers.push(header);
      length += header.length;
    }
    const nestedArrays = [...headers.reverse().flat(), ...innermost];
    const bytes = Uint8Array.from([0x70, ...derLength(nestedArrays.length + 3), 0x02, 0x01, 0x01, ...nestedArrays]);
    expect(errorCode(bytes)).toBe("der-plist-too-deep");
  });

  it("accepts nesting well inside the limit", () => {
    let value: unknown = true;
    for (let i = 0; i < 100; i++) value = [value];
    expect(toJs(mustDecode(wrap(encodeValue({ k: value }))))).toEqual({ k: value });
  });

  it("rejects an array of 20,000 elements at the node budget", () => {
    const items = new Array(20_000).fill([0x01, 0x01, 0xff]).flat() as number[];
    const seq = [0x30, ...derLength(items.length), ...items];
    const entry = [0x0c, 0x01, 0x6b, ...seq];
    const pair = [0x30, ...derLength(entry.length), ...entry];
    const dict = [0xb0, ...derLength(pair.length), ...pair];
    const body = [0x02, 0x01, 0x01, ...dict];
    expect(errorCode(Uint8Array.from([0x70, ...derLength(body.length), ...body]))).toBe("der-plist-too-large");
  });

  it("survives 1,000 random byte flips (fixed seed): only ok or a typed error", () => {
    let state = 0x9e3779b9;
    const random = (): number => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const seed = wrap(encodeValue(entitlements));
    const codes = new Set<string>();
    for (let run = 0; run < 1000; run++) {
      const mutated = Uint8Array.from(seed);
      const flips = 1 + Math.floor(random() * 3);
      for (let i = 0; i < flips; i++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const result = decode(mutated);
      codes.add(result.ok ? "ok" : result.error.code);
    }
    expect(codes.size).toBeGreaterThanOrEqual(3);
  });

  it("rejects empty input", () => {
    expect(errorCode(new Uint8Array(0))).toBe("der-plist-syntax");
  });
});

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
