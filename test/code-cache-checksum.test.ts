/**
 * The checksum that guards a code cache file (src/code-cache-checksum.ts): the WebAssembly module computes the
 * same sum as the plain JavaScript of the tests, and a change confined to one byte always changes it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assembleChecksumModule, checksumArea, checksumInJavaScript, checksumOf } from "../src/code-cache-checksum.js";
import { repoRoot } from "./helpers/paths.js";

/** `bytes` copied into the checksum's memory at `offset`, and their checksum there. */
function wasmChecksum(bytes: Uint8Array, offset = 0): bigint {
  const area = checksumArea(offset + bytes.length)!;
  // What a previous use left after the data must not count.
  area.fill(0xee);
  area.set(bytes, offset);
  return checksumOf(area.subarray(offset, offset + bytes.length));
}

describe("the code cache's checksum", () => {
  it("is the JavaScript reference's sum, for every length around a block and any place in the memory", () => {
    const bytes = randomBytes(70_000);
    for (let length = 0; length <= 200; length++) for (const offset of [0, 8, 13]) expect(wasmChecksum(bytes.subarray(0, length), offset), `${length}@${offset}`).toBe(checksumInJavaScript(bytes.subarray(0, length)));
    expect(wasmChecksum(bytes)).toBe(checksumInJavaScript(bytes));
    // The memory grows for a larger area, and the sum of what was summed before does not change.
    const large = randomBytes(600_000);
    expect(wasmChecksum(large, 8)).toBe(checksumInJavaScript(large));
    expect(wasmChecksum(bytes, 8)).toBe(checksumInJavaScript(bytes));
  });

  it("changes with any one byte changed, and with the length (trailing zeros included)", () => {
    const bytes = randomBytes(1000);
    const sum = checksumInJavaScript(bytes);
    expect(wasmChecksum(bytes)).toBe(sum);
    const seen = new Set<bigint>([sum]);
    for (let at = 0; at < bytes.length; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const changed = Buffer.from(bytes);
        changed[at] = changed[at]! ^ mask;
        const changedSum = wasmChecksum(changed);
        expect(changedSum, `byte ${at} ^ ${mask}`).not.toBe(sum);
        seen.add(changedSum);
      }
    }
    expect(seen.size).toBe(1 + bytes.length * 3);
    const zeros = new Uint8Array(64);
    expect(new Set([0, 1, 8, 63, 64].map((length) => wasmChecksum(zeros.subarray(0, length)))).size).toBe(5);
  });

  it("runs the module its assembler makes (the bytes are written out in the source)", () => {
    const source = readFileSync(path.join(repoRoot, "src/code-cache-checksum.ts"), "utf8");
    const [, written] = /^const CHECKSUM_MODULE =\s+"([A-Za-z0-9+/=]+)";$/m.exec(source) ?? [];
    expect(written).toBe(Buffer.from(assembleChecksumModule()).toString("base64"));
  });

  it("sums only a part of its own memory", () => {
    expect(() => checksumOf(new Uint8Array(16))).toThrow(/checksumArea/);
  });
});
