/**
 * The Mach-O decoder on malformed and hostile input: every result is `ok` or a typed error, never
 * an exception, never unbounded work. Fixtures are built byte by byte, so this runs without clang.
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { bufferByteSource, readMachO, readMachOEvidence, sniffMachO } from "../../src/decode/macho/index.js";
import type { ByteSource } from "../../src/decode/macho/index.js";
import type { DecodeResult } from "../../src/decode/result.js";
import {
  buildBlob,
  buildSyntheticMachO,
  encodeDerEntitlements,
  entitlementsXml,
  makeTempDir,
  resignMachO,
  which,
} from "../helpers/macho-fixtures.js";
import { seededRandom } from "../helpers/seeded-random.js";

const KNOWN_CODES = new Set([
  "macho-magic",
  "macho-truncated",
  "macho-fat-arches",
  "macho-load-commands",
  "macho-signature",
  "macho-blob-overlap",
  "macho-limit",
]);

const ENTITLEMENTS = { "com.apple.developer.networking.multicast": true, "com.apple.developer.team-identifier": "ABCDE12345" };

function signedSynthetic(): Uint8Array {
  return resignMachO(buildSyntheticMachO(), {
    codeDirectory: { identifier: "com.example.synthetic", teamID: "ABCDE12345", flags: 0x10000 },
    entitlementsXml: entitlementsXml(ENTITLEMENTS),
    entitlementsDer: encodeDerEntitlements(ENTITLEMENTS),
    extraBlobs: [{ slot: 0x20, blob: buildBlob(0xfade9999, new Uint8Array([1, 2, 3, 4])) }],
  });
}

/** The SuperBlob's file offset, found by its magic rather than by the decoder under test. */
function superBlobAt(bytes: Uint8Array): number {
  const at = Buffer.from(bytes).indexOf(Buffer.from([0xfa, 0xde, 0x0c, 0xc0]));
  if (at < 0) throw new Error("no SuperBlob in fixture");
  return at;
}

function setU32(bytes: Uint8Array, at: number, value: number, littleEndian: boolean): Uint8Array {
  const copy = new Uint8Array(bytes);
  new DataView(copy.buffer).setUint32(at, value >>> 0, littleEndian);
  return copy;
}

function getU32(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, littleEndian);
}

function expectError<T>(result: DecodeResult<T>, code: string): void {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(/^[A-Z].*\.$/);
  expect(result.error.message).not.toContain("\n");
}

/** Runs the decoder and the evidence reader; any exception fails the test through the promise. */
async function decodeAll(bytes: Uint8Array): Promise<DecodeResult<unknown>> {
  const source = bufferByteSource(bytes);
  const result = await readMachO(source);
  if (!result.ok) return result;
  for (const slice of result.value.slices) {
    // An entitlements blob that fails to decode leaves the file ok; a crash inside it must not hide there.
    const entitlementsError = slice.codeSignature?.entitlementsError;
    if (entitlementsError?.code === "internal") return { ok: false, error: entitlementsError };
    const evidence = await readMachOEvidence(source, slice);
    if (!evidence.ok) return evidence;
  }
  return result;
}

describe("synthetic fixture", () => {
  it("decodes the platform, signature, entitlements, unknown slots and evidence", async () => {
    const bytes = signedSynthetic();
    const source = bufferByteSource(bytes);
    const result = await readMachO(source);
    if (!result.ok) throw new Error(result.error.message);
    const slice = result.value.slices[0]!;
    expect(slice.cpu).toBe("arm64");
    expect(slice.platform).toEqual({ name: "ios", number: 2, minOS: "16.0.0", sdk: "17.2.0", source: "LC_BUILD_VERSION" });
    const signature = slice.codeSignature!;
    expect(signature.offset).toBe(superBlobAt(bytes));
    expect(signature.codeDirectory?.identifier).toBe("com.example.synthetic");
    expect(signature.codeDirectory?.teamID).toBe("ABCDE12345");
    expect(signature.codeDirectory?.hardenedRuntime).toBe(true);
    expect(signature.blobs.find((blob) => blob.slot === 0x20)).toMatchObject({ slot: 0x20, magic: 0xfade9999, length: 12 });
    expect(signature.entitlements?.kind).toBe("signed-entitlements");
    const evidence = await readMachOEvidence(source, slice);
    expect(evidence).toEqual({ ok: true, value: { symbols: ["_inet_pton", "_setsockopt"], strings: ["_services._dns-sd._udp", "224.0.0.251"], truncated: false } });
  });

  it.skipIf(!which("llvm-objdump-14"))("is a Mach-O llvm-objdump parses", () => {
    const dir = makeTempDir();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "synthetic");
    writeFileSync(file, signedSynthetic());
    const headers = execFileSync("llvm-objdump-14", ["--macho", "--private-headers", file], { encoding: "utf8" });
    expect(headers).toMatch(/MH_MAGIC_64\s+ARM64\s+ALL\s+0x00\s+EXECUTE\s+6\s+368/);
    expect(headers).toMatch(/platform ios\n\s+sdk 17\.2\n\s+minos 16\.0/);
    const strings = execFileSync("llvm-otool-14", ["-v", "-s", "__TEXT", "__cstring", file], { encoding: "utf8" });
    expect(strings).toContain("_services._dns-sd._udp");
    const undefinedSymbols = execFileSync("llvm-nm-14", ["-u", file], { encoding: "utf8" }).trim().split("\n");
    expect(undefinedSymbols).toEqual(["_inet_pton", "_setsockopt"]);
  });
});

describe("hostile containers", () => {
  it("rejects files that are not Mach-O", async () => {
    expectError(await readMachO(bufferByteSource(new TextEncoder().encode("hello world"))), "macho-magic");
    expectError(await readMachO(bufferByteSource(new Uint8Array(0))), "macho-truncated");
    expectError(await readMachO(bufferByteSource(new Uint8Array([0xcf, 0xfa]))), "macho-truncated");
    expect(sniffMachO(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe]))).toBe("thin");
    expect(sniffMachO(new Uint8Array([0xca, 0xfe, 0xba, 0xbe]))).toBe("fat");
    expect(sniffMachO(new TextEncoder().encode("<?xml"))).toBeUndefined();
  });

  it("rejects a fat header claiming 10,000 architectures without looping", async () => {
    const bytes = new Uint8Array(64);
    new DataView(bytes.buffer).setUint32(0, 0xcafebabe);
    new DataView(bytes.buffer).setUint32(4, 10_000);
    const value = await readMachO(bufferByteSource(bytes));
    expectError(value, "macho-fat-arches");
  });

  it("rejects fat slices past the end of the file, overlapping or empty", async () => {
    const thin = signedSynthetic();
    const fat = (offset: number, size: number, count = 1): Uint8Array => {
      const bytes = new Uint8Array(0x4000 + thin.byteLength);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, 0xcafebabe);
      view.setUint32(4, count);
      for (let i = 0; i < count; i++) {
        view.setUint32(8 + i * 20, 0x0100000c);
        view.setUint32(16 + i * 20, offset);
        view.setUint32(20 + i * 20, size);
        view.setUint32(24 + i * 20, 14);
      }
      bytes.set(thin, 0x4000);
      return bytes;
    };
    const good = await readMachO(bufferByteSource(fat(0x4000, thin.byteLength)));
    expect(good.ok && good.value.fat && good.value.slices[0]?.offset).toBe(0x4000);
    expect(good.ok && good.value.slices[0]?.codeSignature?.offset).toBe(0x4000 + superBlobAt(thin));
    expectError(await readMachO(bufferByteSource(fat(0x4000, thin.byteLength + 1))), "macho-fat-arches");
    expectError(await readMachO(bufferByteSource(fat(0xffffff00, 0x1000))), "macho-fat-arches");
    expectError(await readMachO(bufferByteSource(fat(0x4000, thin.byteLength, 2))), "macho-fat-arches");
    expectError(await readMachO(bufferByteSource(fat(0x4000, thin.byteLength, 0))), "macho-fat-arches");
    // A Java class file shares the magic; its version fields read as an architecture count.
    expect((await readMachO(bufferByteSource(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34, 0, 0])))).ok).toBe(false);
  });

  it("rejects ncmds that cannot fit in sizeofcmds before looping", async () => {
    const bytes = setU32(signedSynthetic(), 16, 0x460011, true);
    const value = await readMachO(bufferByteSource(bytes));
    expectError(value, "macho-load-commands");
  });

  it("rejects sizeofcmds past the slice", async () => {
    expectError(await readMachO(bufferByteSource(setU32(signedSynthetic(), 20, 0x7fffffff, true))), "macho-limit");
    expectError(await readMachO(bufferByteSource(setU32(signedSynthetic(), 20, 0x100000, true))), "macho-truncated");
  });

  it("rejects cmdsize 0, misaligned or running past sizeofcmds", async () => {
    const firstCmdsize = 32 + 4;
    expectError(await readMachO(bufferByteSource(setU32(signedSynthetic(), firstCmdsize, 0, true))), "macho-load-commands");
    expectError(await readMachO(bufferByteSource(setU32(signedSynthetic(), firstCmdsize, 150, true))), "macho-load-commands");
    expectError(await readMachO(bufferByteSource(setU32(signedSynthetic(), firstCmdsize, 0x10000, true))), "macho-load-commands");
  });

  it("rejects LC_CODE_SIGNATURE and LC_SYMTAB pointing past the end of the file", async () => {
    const bytes = signedSynthetic();
    const signatureCommand = 32 + 152 + 72 + 24 + 80 + 24;
    expect(getU32(bytes, signatureCommand, true)).toBe(0x1d);
    const pastEnd = setU32(bytes, signatureCommand + 8, bytes.byteLength - 4, true);
    const result = await readMachO(bufferByteSource(pastEnd));
    expectError(result, "macho-truncated");
    expect(!result.ok && result.error.byteOffset).toBe(signatureCommand);

    const symtabCommand = 32 + 152 + 72;
    const badSymtab = setU32(bytes, symtabCommand + 8, 0xfffffff0, true);
    const decoded = await readMachO(bufferByteSource(badSymtab));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expectError(await readMachOEvidence(bufferByteSource(badSymtab), decoded.value.slices[0]!), "macho-truncated");
  });

  it("reads big-endian thin headers", async () => {
    const bytes = new Uint8Array(28);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0xfeedface, false);
    view.setUint32(4, 18, false); // CPU_TYPE_POWERPC
    view.setUint32(12, 2, false);
    const result = await readMachO(bufferByteSource(bytes));
    expect(result.ok && result.value.slices[0]).toMatchObject({ cpu: "ppc", littleEndian: false, is64: false, fileTypeName: "MH_EXECUTE", loadCommandCount: 0 });
  });
});

describe("hostile signatures", () => {
  const bytes = signedSynthetic();
  const superBlob = superBlobAt(bytes);

  it("rejects a SuperBlob claiming a huge blob count", async () => {
    const value = await readMachO(bufferByteSource(setU32(bytes, superBlob + 8, 0xffffffff, false)));
    expectError(value, "macho-signature");
    expectError(await readMachO(bufferByteSource(setU32(bytes, superBlob + 8, 60, false))), "macho-signature");
  });

  it("rejects a SuperBlob longer than LC_CODE_SIGNATURE reserves, or with the wrong magic", async () => {
    expectError(await readMachO(bufferByteSource(setU32(bytes, superBlob + 4, bytes.byteLength, false))), "macho-signature");
    expectError(await readMachO(bufferByteSource(setU32(bytes, superBlob, 0xfade0cc1, false))), "macho-signature");
  });

  it("rejects a blob whose length runs past the SuperBlob", async () => {
    const firstBlob = superBlob + getU32(bytes, superBlob + 16, false);
    const result = await readMachO(bufferByteSource(setU32(bytes, firstBlob + 4, 0x7fffffff, false)));
    expectError(result, "macho-signature");
    expect(!result.ok && result.error.byteOffset).toBe(firstBlob + 4);
  });

  it("rejects overlapping blobs", async () => {
    const firstBlob = superBlob + getU32(bytes, superBlob + 16, false);
    const length = getU32(bytes, firstBlob + 4, false);
    expectError(await readMachO(bufferByteSource(setU32(bytes, firstBlob + 4, length + 4, false))), "macho-blob-overlap");
  });

  it("rejects an index entry pointing into the index or a known slot holding the wrong magic", async () => {
    expectError(await readMachO(bufferByteSource(setU32(bytes, superBlob + 16, 4, false))), "macho-signature");
    const secondBlob = superBlob + getU32(bytes, superBlob + 24, false);
    expectError(await readMachO(bufferByteSource(setU32(bytes, secondBlob, 0xfade7171, false))), "macho-signature");
  });

  it("applies the configured size limits", async () => {
    expectError(await readMachO(bufferByteSource(bytes), { limits: { maxSignatureBytes: 100 } }), "macho-limit");
    expectError(await readMachO(bufferByteSource(bytes), { limits: { maxBlobs: 2 } }), "macho-signature");
    expectError(await readMachO(bufferByteSource(bytes), { limits: { maxEntitlementsBytes: 16 } }), "macho-limit");
  });

  it("keeps a file whose entitlements do not decode, and says why", async () => {
    const broken = resignMachO(buildSyntheticMachO(), { codeDirectory: { identifier: "x" }, entitlementsXml: "<plist><dict><key>a</key>" });
    const result = await readMachO(bufferByteSource(broken));
    if (!result.ok) throw new Error(result.error.message);
    const signature = result.value.slices[0]!.codeSignature!;
    expect(signature.entitlements).toBeUndefined();
    expect(signature.entitlementsError?.code).toBeTruthy();
    expect(signature.entitlementsError?.byteOffset).toBe(signature.blobs.find((blob) => blob.slot === 5)?.offset);
  });

  it("falls back to DER entitlements when the XML ones do not decode, and reports a broken DER blob", async () => {
    const xmlBroken = resignMachO(buildSyntheticMachO(), { codeDirectory: { identifier: "x" }, entitlementsXml: "<plist><dict>", entitlementsDer: encodeDerEntitlements(ENTITLEMENTS) });
    const fallback = await readMachO(bufferByteSource(xmlBroken));
    if (!fallback.ok) throw new Error(fallback.error.message);
    const fallbackSignature = fallback.value.slices[0]!.codeSignature!;
    expect(fallbackSignature.entitlements?.format).toBe("der");
    expect(fallbackSignature.entitlementsError?.byteOffset).toBe(fallbackSignature.blobs.find((blob) => blob.slot === 5)?.offset);

    const der = encodeDerEntitlements(ENTITLEMENTS);
    const derBroken = resignMachO(buildSyntheticMachO(), { codeDirectory: { identifier: "x" }, entitlementsDer: der.subarray(0, der.byteLength - 3) });
    const broken = await readMachO(bufferByteSource(derBroken));
    if (!broken.ok) throw new Error(broken.error.message);
    const brokenSignature = broken.value.slices[0]!.codeSignature!;
    expect(brokenSignature.entitlements).toBeUndefined();
    expect(brokenSignature.entitlementsError?.byteOffset).toBe(brokenSignature.blobs.find((blob) => blob.slot === 7)?.offset);
  });

  it("caps the evidence it reads", async () => {
    const source = bufferByteSource(bytes);
    const result = await readMachO(source);
    if (!result.ok) throw new Error(result.error.message);
    const slice = result.value.slices[0]!;
    expect(await readMachOEvidence(source, slice, { maxSymbols: 1, maxStrings: 1 })).toEqual({ ok: true, value: { symbols: ["_inet_pton"], strings: ["_services._dns-sd._udp"], truncated: true } });
    const counted = countingSource(bytes);
    const capped = await readMachOEvidence(counted, slice, { maxBytes: 40 });
    expect(capped.ok && capped.value.truncated).toBe(true);
    expect(counted.bytesRead()).toBeLessThanOrEqual(40);
  });
});

/** A ByteSource that counts the bytes handed out. */
export function countingSource(bytes: Uint8Array): ByteSource & { bytesRead(): number } {
  const inner = bufferByteSource(bytes);
  let total = 0;
  return {
    size: inner.size,
    async read(offset, length) {
      const chunk = await inner.read(offset, length);
      total += chunk.byteLength;
      return chunk;
    },
    bytesRead: () => total,
  };
}

describe("truncation and random corruption", () => {
  const bytes = signedSynthetic();

  it("returns a typed error for the file cut at every 64th byte", async () => {
    for (let cut = 0; cut < bytes.byteLength; cut += 64) {
      const value = await decodeAll(bytes.subarray(0, cut));
      expect(value.ok, `cut at ${cut}`).toBe(false);
      if (!value.ok) expect(KNOWN_CODES.has(value.error.code), `${value.error.code}: ${value.error.message}`).toBe(true);
    }
  });

  it("survives 1,000 random byte flips (seed 42) with ok or a typed error", async () => {
    const random = seededRandom(42);
    const outcomes = new Map<string, number>();
    for (let run = 0; run < 1000; run++) {
      const mutated = new Uint8Array(bytes);
      const flips = 1 + Math.floor(random() * 4);
      for (let i = 0; i < flips; i++) {
        // Half the flips land in the header and load commands or the signature, where they matter.
        const region = random();
        const at = region < 0.25 ? Math.floor(random() * 400) : region < 0.5 ? superBlobAt(bytes) + Math.floor(random() * (bytes.byteLength - superBlobAt(bytes))) : Math.floor(random() * bytes.byteLength);
        mutated[at] = mutated[at]! ^ (1 << Math.floor(random() * 8));
      }
      const value = await decodeAll(mutated);
      const key = value.ok ? "ok" : value.error.code;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (!value.ok) expect(KNOWN_CODES.has(value.error.code), `run ${run}: ${value.error.code}: ${value.error.message}`).toBe(true);
    }
    // Both outcomes occur, so the flips reached code that checks them.
    expect(outcomes.get("ok")).toBeGreaterThan(0);
    expect([...outcomes.keys()].length).toBeGreaterThan(2);
  });
});

