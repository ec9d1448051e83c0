/**
 * Hostile input: truncations, seeded byte flips, garbage and hand-built encodings that try to
 * make the decoder allocate, recurse or loop. The invariant: `decodeProfile` returns (never
 * throws), with a typed, non-internal error, within a second.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeProfile } from "../../src/decode/profile/profile.js";
import type { DecodeResult } from "../../src/decode/result.js";
import type { ProvisioningProfile } from "../../src/model/profile.js";
import { corpusDir, hasCorpus } from "../helpers/paths.js";
import { buildPki, hasOpenssl, profileXml, signProfile, type Pki } from "../helpers/profile-fixtures.js";
import { seededRandom } from "../helpers/seeded-random.js";

const file = { path: "hostile.mobileprovision", fsPath: "/tmp/hostile.mobileprovision" };
const EXPECTED_CODES = /^(cms-(empty|invalid|no-content)|profile-not-plist|plist-[a-z-]+|xml-[a-z-]+|bplist-[a-z-]+|empty|too-large)$/;


function decodeChecked(bytes: Uint8Array): { result: DecodeResult<ProvisioningProfile> } {
  return { result: decodeProfile(bytes, file) };
}

/** Decodes every input; returns the failures as readable strings so one assertion shows them all. */
function violations(inputs: Iterable<[string, Uint8Array]>): string[] {
  const found: string[] = [];
  for (const [label, bytes] of inputs) {
    let outcome: { result: DecodeResult<ProvisioningProfile> };
    try {
      outcome = decodeChecked(bytes);
    } catch (error) {
      found.push(`${label}: threw ${String(error)}`);
      continue;
    }
    if (!outcome.result.ok && !EXPECTED_CODES.test(outcome.result.error.code)) found.push(`${label}: ${outcome.result.error.code}: ${outcome.result.error.message}`);
  }
  return found;
}

/** A DER length field for `length` (long form when needed). */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}
const tlv = (tag: number, body: number[]) => [tag, ...derLength(body.length), ...body];
const OID_SIGNED_DATA = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

describe("hostile profile input", () => {
  let pki: Pki | undefined;
  let sample: Uint8Array;
  beforeAll(() => {
    if (hasOpenssl) {
      pki = buildPki();
      sample = signProfile(pki, profileXml("development", pki));
    } else if (hasCorpus) {
      sample = new Uint8Array(readFileSync(path.join(corpusDir, "saucelabs__isign/tests/credentials/test.mobileprovision")));
    } else {
      // Without openssl or the corpus there is no signed sample; the hand-built cases still run.
      sample = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);
    }
  });
  afterAll(() => pki?.cleanup());

  it("the intact sample decodes (so the mutations below start from a valid file)", () => {
    if (sample.length < 100) return;
    expect(decodeProfile(sample, file).ok).toBe(true);
  });

  it("truncation at every offset in the envelope header and every 61st byte after", () => {
    const offsets = new Set<number>();
    for (let offset = 0; offset < Math.min(256, sample.length); offset += 1) offsets.add(offset);
    for (let offset = 256; offset < sample.length; offset += 61) offsets.add(offset);
    const truncated = [...offsets].map((offset): [string, Uint8Array] => [`truncated at ${offset}`, sample.subarray(0, offset)]);
    expect(violations(truncated)).toEqual([]);
    // A cut envelope is never silently accepted as complete.
    for (const [, bytes] of truncated.filter(([, bytes]) => bytes.length > 0 && sample.length > 100)) {
      const result = decodeProfile(bytes, file);
      expect(result.ok).toBe(false);
    }
  });

  it("1-8 random byte flips, 600 copies (seed 0x5eed)", () => {
    const next = seededRandom(0x5eed);
    const inputs: [string, Uint8Array][] = [];
    for (let copy = 0; copy < 600; copy += 1) {
      const bytes = new Uint8Array(sample);
      const flips = 1 + Math.floor(next() * 8);
      // Half the copies aim at the first 512 bytes, where the envelope's lengths and tags live.
      const span = copy % 2 === 0 ? Math.min(512, bytes.length) : bytes.length;
      for (let flip = 0; flip < flips; flip += 1) bytes[Math.floor(next() * span)] = Math.floor(next() * 256);
      inputs.push([`copy ${copy}`, bytes]);
    }
    expect(violations(inputs)).toEqual([]);
  });

  it("garbage: 300 random buffers, some starting like DER, XML or bplist", () => {
    const next = seededRandom(0xbad);
    const prefixes = [[], [0x30, 0x82], [0x30, 0x80], [...Buffer.from("<?xml ")], [...Buffer.from("bplist00")], [0x01]];
    const inputs: [string, Uint8Array][] = [];
    for (let index = 0; index < 300; index += 1) {
      const length = Math.floor(next() * 4096);
      const bytes = new Uint8Array(length);
      for (let at = 0; at < length; at += 1) bytes[at] = Math.floor(next() * 256);
      const prefix = prefixes[index % prefixes.length]!;
      bytes.set(prefix.slice(0, length));
      inputs.push([`garbage ${index}`, bytes]);
    }
    expect(violations(inputs)).toEqual([]);
  });

  const handBuilt: [string, () => Uint8Array, RegExp][] = [
    ["a 4 GB SEQUENCE length", () => new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06, 0x09]), /^cms-invalid$/],
    ["an 8-byte length field", () => new Uint8Array([0x30, 0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]), /^cms-invalid$/],
    ["100,000 nested indefinite-length SEQUENCEs", () => new Uint8Array(Array.from({ length: 100_000 }, () => [0x30, 0x80]).flat()), /^cms-invalid$/],
    ["5,000 nested definite-length SEQUENCEs", () => {
      let body: number[] = [];
      for (let depth = 0; depth < 5_000; depth += 1) body = tlv(0x30, body);
      return new Uint8Array(body);
    }, /^cms-invalid$/],
    ["ContentInfo whose content length runs 4 GB past the end", () => new Uint8Array([0x30, 0x80, ...OID_SIGNED_DATA, 0xa0, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x30, 0x00]), /^cms-invalid$/],
    ["ContentInfo of type data, not SignedData", () => new Uint8Array(tlv(0x30, [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, ...tlv(0xa0, tlv(0x04, [1, 2, 3]))])), /^cms-invalid$/],
    ["SignedData with an empty body", () => new Uint8Array(tlv(0x30, [...OID_SIGNED_DATA, ...tlv(0xa0, tlv(0x30, []))])), /^cms-invalid$/],
    ["100,000 empty signer infos", () => {
      const signerInfos = Array.from({ length: 100_000 }, () => [0x30, 0x00]).flat();
      const signedData = [...tlv(0x02, [1]), ...tlv(0x31, []), ...tlv(0x30, [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]), ...tlv(0x31, signerInfos)];
      return new Uint8Array(tlv(0x30, [...OID_SIGNED_DATA, ...tlv(0xa0, tlv(0x30, signedData))]));
    }, /^cms-invalid$/],
    // asn1js throws (rather than reporting) on this one; found by the byte-flip fuzzing.
    ["a malformed GeneralizedTime inside the envelope", () => new Uint8Array(tlv(0x30, [...OID_SIGNED_DATA, ...tlv(0xa0, tlv(0x30, tlv(0x18, [...Buffer.from("20251399xx0000Z")])))])), /^cms-invalid$/],
    ["a stray byte before XML", () => new Uint8Array([0x01, ...Buffer.from('<?xml version="1.0"?><plist><dict/></plist>')]), /^cms-invalid$/],
    ["an XML plist whose root is not a dict", () => new Uint8Array(Buffer.from('<?xml version="1.0"?><plist version="1.0"><array/></plist>')), /^profile-not-plist$/],
    ["an empty file", () => new Uint8Array(0), /^cms-empty$/],
  ];

  it.each(handBuilt)("%s → a typed error", (_label, build, code) => {
    const { result } = decodeChecked(build());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toMatch(code);
      expect(result.error.message).not.toMatch(/\n|at .*\.js/);
    }
  });
});
