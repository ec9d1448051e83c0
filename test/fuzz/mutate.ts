/**
 * Structure-aware mutation of valid seeds, as fast-check arbitraries (so failures shrink to the
 * fewest, smallest edits). The edits are the ones that break binary formats: flipped bits, bumped
 * length and offset fields of every width and byte order, truncation, deleted, duplicated and
 * spliced chunks. Positions can count from the end because trailers (bplist, zip) live there.
 */
import fc from "fast-check";

type Position = { readonly at: number; readonly fromEnd: boolean };

export type Mutation =
  | ({ readonly op: "flip"; readonly mask: number } & Position)
  | ({ readonly op: "set"; readonly value: number } & Position)
  | ({ readonly op: "bump"; readonly width: 1 | 2 | 4 | 8; readonly littleEndian: boolean; readonly change: bigint; readonly absolute: boolean } & Position)
  | ({ readonly op: "truncate" } & Position)
  | ({ readonly op: "delete"; readonly length: number } & Position)
  | ({ readonly op: "insert"; readonly bytes: Uint8Array } & Position)
  | ({ readonly op: "duplicate"; readonly length: number; readonly times: number } & Position)
  | ({ readonly op: "splice"; readonly donor: number; readonly from: number; readonly length: number } & Position);

/** Values that sit on the edges length checks get wrong. */
const INTERESTING = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn, 0x10000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0xffffffffffffffffn];

const position = fc.record({
  at: fc.nat(),
  // Most edits land near the start (headers); a quarter count from the end (trailers).
  fromEnd: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

const edit = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("flip" as const), mask: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("set" as const), value: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff, 0x0f, 0x3c, 0x3e, 0x22, 0x26) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("bump" as const),
      width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
      littleEndian: fc.boolean(),
      absolute: fc.boolean(),
      change: fc.oneof(fc.constantFrom(...INTERESTING), fc.bigInt({ min: -64n, max: 64n })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("insert" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("duplicate" as const), length: fc.integer({ min: 1, max: 256 }), times: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("splice" as const), donor: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 128 }) }) },
);

const mutation: fc.Arbitrary<Mutation> = fc.tuple(edit, position).map(([what, where]) => ({ ...what, ...where }) as Mutation);

/** Inputs bigger than this are not grown further by duplication (the driver cares about small inputs). */
const MAX_GROWTH = 256 * 1024;

function offsetIn(length: number, where: Position): number {
  if (length === 0) return 0;
  const at = where.at % length;
  return where.fromEnd ? length - 1 - at : at;
}

export function applyMutation(input: Buffer, edit: Mutation, donors: readonly Buffer[]): Buffer {
  const at = offsetIn(input.length, edit);
  switch (edit.op) {
    case "flip":
    case "set": {
      if (input.length === 0) return input;
      const out = Buffer.from(input);
      out[at] = edit.op === "flip" ? out[at]! ^ edit.mask : edit.value;
      return out;
    }
    case "bump": {
      if (input.length < edit.width) return input;
      const start = Math.min(at, input.length - edit.width);
      const out = Buffer.from(input);
      const bits = BigInt(edit.width * 8);
      let value = 0n;
      for (let i = 0; i < edit.width; i++) {
        const byte = BigInt(out[start + (edit.littleEndian ? edit.width - 1 - i : i)]!);
        value = (value << 8n) | byte;
      }
      value = BigInt.asUintN(Number(bits), edit.absolute ? edit.change : value + edit.change);
      for (let i = edit.width - 1; i >= 0; i--) {
        out[start + (edit.littleEndian ? edit.width - 1 - i : i)] = Number(value & 0xffn);
        value >>= 8n;
      }
      return out;
    }
    case "truncate":
      return input.subarray(0, at);
    case "delete":
      return Buffer.concat([input.subarray(0, at), input.subarray(at + edit.length)]);
    case "insert":
      return Buffer.concat([input.subarray(0, at), edit.bytes, input.subarray(at)]);
    case "duplicate": {
      if (input.length >= MAX_GROWTH) return input;
      const chunk = input.subarray(at, at + edit.length);
      return Buffer.concat([input.subarray(0, at), ...Array<Buffer>(edit.times + 1).fill(chunk), input.subarray(at + edit.length)]);
    }
    case "splice": {
      const donor = donors.length > 0 ? donors[edit.donor % donors.length]! : input;
      if (donor.length === 0) return input;
      const from = edit.from % donor.length;
      return Buffer.concat([input.subarray(0, at), donor.subarray(from, from + edit.length), input.subarray(at)]);
    }
  }
}

/**
 * Inputs for one target: a base (a committed seed, or a generated one when `generated` is given)
 * with one to six edits, and now and then raw random bytes for the decoders' very first checks.
 */
export function mutatedInputs(seeds: readonly Buffer[], generated?: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  const bases: fc.Arbitrary<Buffer>[] = [];
  if (seeds.length > 0) bases.push(fc.constantFrom(...seeds));
  if (generated) bases.push(generated);
  if (bases.length === 0) throw new Error("a fuzz target needs seeds or a generator");
  // Generated documents cost far more to make than a seed to pick, so seeds come first three times in four.
  const base = bases.length === 1 ? bases[0]! : fc.oneof({ weight: 3, arbitrary: bases[0]! }, { weight: 1, arbitrary: bases[1]! });
  const edited = fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([input, edits]) => edits.reduce((current, edit) => applyMutation(current, edit, seeds), input));
  return fc.oneof(
    { weight: 12, arbitrary: edited },
    { weight: 1, arbitrary: base },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)) },
  );
}
