/**
 * Structure generators: random property-list values, written as XML by the `plist` package and as
 * binary by `bplist-creator` (independent encoders, so the decoders are not checked against
 * themselves). Values stay inside what both formats and both encoders represent exactly.
 */
import creator from "bplist-creator";
import fc from "fast-check";
import { build } from "plist";

export type JsPlist = string | number | boolean | Date | Buffer | JsPlist[] | { [key: string]: JsPlist };

/**
 * Characters XML 1.0 can carry literally: no C0 controls but tab and newline, no CR (XML parsers
 * normalise it to LF), no lone surrogates, no U+FFFE/U+FFFF. Weighted towards what breaks escaping.
 */
const xmlChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("a", "Z", "0", " ", "\t", "\n", "<", ">", "&", "\"", "'", "]]>", "$(", ")", "é", "😀", "\u00a0", "\u2028") },
  { weight: 2, arbitrary: fc.integer({ min: 0x20, max: 0xd7ff }).map((code) => String.fromCodePoint(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((code) => String.fromCodePoint(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)) },
);

export const plistString = fc.string({ unit: xmlChar, maxLength: 24 });

const plistKey = fc.oneof({ weight: 5, arbitrary: plistString }, { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "NSAppTransportSecurity") });

/** Whole seconds between 1970 and 2100: both encoders write dates at second precision. */
const plistDate = fc.integer({ min: 0, max: 4_102_444_800 }).map((seconds) => new Date(seconds * 1000));

/** Reals that are not integers (an integral double is written as an integer by both encoders). */
const plistReal = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).filter((value) => !Number.isInteger(value) && !Object.is(value, -0));

const plistScalar: fc.Arbitrary<JsPlist> = fc.oneof(
  plistString,
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  plistReal,
  plistDate,
  fc.uint8Array({ maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
);

/** A plain object with any keys, `__proto__` included, as data. */
function objectOf(pairs: readonly (readonly [string, JsPlist])[]): { [key: string]: JsPlist } {
  const out: { [key: string]: JsPlist } = {};
  for (const [key, value] of pairs) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

export const plistValue: fc.Arbitrary<JsPlist> = fc.letrec<{ value: JsPlist; array: JsPlist[]; dict: { [key: string]: JsPlist } }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, plistScalar, tie("array"), tie("dict")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  dict: fc.uniqueArray(fc.tuple(plistKey, tie("value")), { maxLength: 5, selector: ([key]) => key }).map(objectOf),
})).value;

/** Top-level values are dicts or arrays, as in every real plist. */
export const plistDocument: fc.Arbitrary<JsPlist> = fc.oneof(
  fc.uniqueArray(fc.tuple(plistKey, plistValue), { maxLength: 8, selector: ([key]) => key }).map(objectOf),
  fc.array(plistValue, { maxLength: 8 }),
);

export function toXml(value: JsPlist): Buffer {
  return Buffer.from(build(value as Parameters<typeof build>[0]), "utf8");
}

export function toBinary(value: JsPlist): Buffer {
  return creator(value as Parameters<typeof creator>[0]);
}
