/**
 * Bounded reads for the Mach-O decoders: every read names what it is reading, is checked against
 * the bytes present, and failures unwind as `DecodeFailure` to the public entry point.
 */
import { DecodeFailure, decoded, failed } from "../result.js";
import type { DecodeResult } from "../result.js";
import type { ByteSource } from "./byte-source.js";

/** Reads exactly `length` bytes at `offset` or fails with `macho-truncated` naming `what`. */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > source.size) {
    throw new DecodeFailure(
      "macho-truncated",
      `The ${what} at byte ${offset} needs ${length} bytes but the file ends at byte ${source.size}.`,
      { byteOffset: Number.isSafeInteger(offset) ? offset : 0 },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await source.read(offset, length);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DecodeFailure("macho-read", `Reading the ${what} at byte ${offset} failed (${reason}).`, { byteOffset: offset });
  }
  if (bytes.byteLength !== length) {
    throw new DecodeFailure("macho-truncated", `The ${what} at byte ${offset} is cut short: ${bytes.byteLength} of ${length} bytes are present.`, { byteOffset: offset });
  }
  return bytes;
}

/**
 * Fixed-width integer fields of a structure already read into memory. Offsets are relative to the
 * structure; `base` is its file offset, used only in messages. Out-of-range field reads mean the
 * caller skipped a size check, so they fail as truncation rather than a `RangeError`.
 */
export class FieldReader {
  readonly bytes: Uint8Array;
  readonly base: number;
  readonly littleEndian: boolean;
  readonly #view: DataView;

  constructor(bytes: Uint8Array, base: number, littleEndian: boolean) {
    this.bytes = bytes;
    this.base = base;
    this.littleEndian = littleEndian;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  u8(at: number): number {
    this.#check(at, 1);
    return this.#view.getUint8(at);
  }

  u16(at: number): number {
    this.#check(at, 2);
    return this.#view.getUint16(at, this.littleEndian);
  }

  u32(at: number): number {
    this.#check(at, 4);
    return this.#view.getUint32(at, this.littleEndian);
  }

  i32(at: number): number {
    this.#check(at, 4);
    return this.#view.getInt32(at, this.littleEndian);
  }

  /** A 64-bit field as a number; values beyond 2^53 cannot be valid offsets or sizes, so they fail. */
  u64(at: number, what: string): number {
    this.#check(at, 8);
    const value = this.#view.getBigUint64(at, this.littleEndian);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new DecodeFailure("macho-truncated", `The ${what} at byte ${this.base + at} is ${value}, beyond any file size.`, { byteOffset: this.base + at });
    }
    return Number(value);
  }

  /** A bigint 64-bit field for values that are flags, not offsets. */
  u64Big(at: number): bigint {
    this.#check(at, 8);
    return this.#view.getBigUint64(at, this.littleEndian);
  }

  /** A fixed-size, NUL-padded name such as `segname[16]`. */
  fixedName(at: number, size: number): string {
    this.#check(at, size);
    const raw = this.bytes.subarray(at, at + size);
    const nul = raw.indexOf(0);
    return latin1(nul === -1 ? raw : raw.subarray(0, nul));
  }

  #check(at: number, size: number): void {
    if (at < 0 || at + size > this.bytes.byteLength) {
      throw new DecodeFailure("macho-truncated", `A ${size}-byte field at byte ${this.base + at} lies outside the structure read at byte ${this.base}.`, { byteOffset: this.base + at });
    }
  }
}

/** Section and segment names are ASCII; Latin-1 keeps any stray byte visible instead of failing. */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/** The async twin of `guardDecode`: no exception escapes a decoder's public function. */
export async function guardDecodeAsync<T>(body: () => Promise<T>): Promise<DecodeResult<T>> {
  try {
    return decoded(await body());
  } catch (error) {
    if (error instanceof DecodeFailure) {
      return failed(error.code, error.message, error.byteOffset === undefined ? {} : { byteOffset: error.byteOffset });
    }
    const name = error instanceof Error ? error.name : "error";
    const message = error instanceof Error ? error.message : String(error);
    return failed("internal", `the Mach-O decoder failed unexpectedly (${name}: ${message})`);
  }
}

export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}
