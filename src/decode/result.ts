/**
 * Decoders never throw on bad input: they return a `DecodeResult`. An exception escaping a
 * decoder is a bug (the fuzz targets check exactly that invariant).
 */
import type { Position } from "../model/plist.js";

export interface DecodeError {
  /** Stable machine code, e.g. `xml-syntax`, `bplist-cycle`, `cms-truncated`. */
  readonly code: string;
  /** One sentence for a human: what is wrong, never a stack trace. */
  readonly message: string;
  /** Where in a text file, when known. */
  readonly position?: Position;
  /** Byte offset in a binary file, when known. */
  readonly byteOffset?: number;
}

export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

export function decoded<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

export function failed(code: string, message: string, where: { position?: Position; byteOffset?: number } = {}): DecodeResult<never> {
  return { ok: false, error: { code, message, ...where } };
}

/**
 * Thrown inside a decoder to unwind to its entry point, which converts it to a `DecodeResult`.
 * Never escapes a decoder's public function.
 */
export class DecodeFailure extends Error {
  readonly code: string;
  readonly position?: Position;
  readonly byteOffset?: number;
  constructor(code: string, message: string, where: { position?: Position; byteOffset?: number } = {}) {
    super(message);
    this.name = "DecodeFailure";
    this.code = code;
    if (where.position) this.position = where.position;
    if (where.byteOffset !== undefined) this.byteOffset = where.byteOffset;
  }
}

/**
 * Runs a decoder body and turns every failure, expected or not, into a `DecodeResult`. A stack
 * overflow or a `RangeError` from a typed array on hostile input is still a bad file, not a crash.
 */
export function guardDecode<T>(body: () => T): DecodeResult<T> {
  try {
    return decoded(body());
  } catch (error) {
    if (error instanceof DecodeFailure) {
      const where: { position?: Position; byteOffset?: number } = {};
      if (error.position) where.position = error.position;
      if (error.byteOffset !== undefined) where.byteOffset = error.byteOffset;
      return failed(error.code, error.message, where);
    }
    return failed("internal", `the decoder failed unexpectedly (${error instanceof Error ? error.name : "error"}: ${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A decoder message as a finding shows it: capitalised, one sentence, ending with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
