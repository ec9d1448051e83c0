/**
 * A byte-level binary plist writer for tests: crafted and hostile files (cycles, DAG bombs, lying
 * trailers, huge counts) that no well-behaved encoder will produce. Layout as in CoreFoundation's
 * CFBinaryPList.c: "bplist00", objects, offset table, 32-byte trailer, all big-endian.
 *
 * Objects are written in the order given; object i gets index i. Each object is a function of the
 * reference width so containers can be written with any `objectRefSize`.
 */

export type RawObject = (refSize: number) => Uint8Array;

export interface TrailerOverrides {
  offsetIntSize?: number;
  objectRefSize?: number;
  numObjects?: bigint;
  topObject?: bigint;
  offsetTableOffset?: bigint;
}

export interface RawPlistOptions {
  /** Index of the top object (default 0). */
  top?: number;
  /** Width of object references inside containers (default: the smallest that fits). */
  refSize?: 1 | 2 | 4 | 8;
  /** Width of offset-table entries (default: the smallest that fits). */
  offsetSize?: 1 | 2 | 4 | 8;
  /** The 8-byte signature (default "bplist00"). */
  magic?: string;
  /** Rewrites the offset table before it is written (to point objects anywhere). */
  offsets?: (offsets: bigint[]) => bigint[];
  /** Values written into the trailer instead of the true ones. */
  trailer?: TrailerOverrides;
}

function bigEndian(value: bigint, width: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

function widthFor(max: bigint): 1 | 2 | 4 | 8 {
  if (max < 0x100n) return 1;
  if (max < 0x10000n) return 2;
  if (max < 0x100000000n) return 4;
  return 8;
}

/** Marker with a count: in the low nibble when < 15, else 0xF and an int object. */
function counted(high: number, count: bigint): number[] {
  if (count < 15n) return [(high << 4) | Number(count)];
  const width = widthFor(count);
  const exponent = Math.log2(width);
  return [(high << 4) | 0x0f, 0x10 | exponent, ...bigEndian(count, width)];
}

const fixed = (bytes: number[]): RawObject => () => Uint8Array.from(bytes);

export const raw = {
  /** Any bytes at all, written as one object. */
  bytes: (...bytes: number[]): RawObject => fixed(bytes),
  bool: (value: boolean): RawObject => fixed([value ? 0x09 : 0x08]),
  null: (): RawObject => fixed([0x00]),
  /** An int object of `width` bytes (1, 2, 4, 8 or 16), two's complement. */
  int: (value: bigint | number, width: 1 | 2 | 4 | 8 | 16 = 8): RawObject =>
    fixed([0x10 | Math.log2(width), ...bigEndian(BigInt(value), width)]),
  real: (value: number, width: 4 | 8 = 8): RawObject => () => {
    const out = new Uint8Array(1 + width);
    out[0] = 0x20 | Math.log2(width);
    const view = new DataView(out.buffer);
    if (width === 4) view.setFloat32(1, value);
    else view.setFloat64(1, value);
    return out;
  },
  /** A date: seconds since 2001-01-01T00:00:00Z. */
  date: (seconds: number): RawObject => () => {
    const out = new Uint8Array(9);
    out[0] = 0x33;
    new DataView(out.buffer).setFloat64(1, seconds);
    return out;
  },
  data: (bytes: Uint8Array | number[]): RawObject => fixed([...counted(0x4, BigInt(bytes.length)), ...bytes]),
  ascii: (text: string): RawObject => fixed([...counted(0x5, BigInt(text.length)), ...Array.from(text, (c) => c.charCodeAt(0) & 0xff)]),
  utf16: (text: string): RawObject => {
    const units: number[] = [];
    for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
    return fixed([...counted(0x6, BigInt(text.length)), ...units]);
  },
  uid: (value: bigint | number, width = 1): RawObject => fixed([0x80 | (width - 1), ...bigEndian(BigInt(value), width)]),
  array: (refs: number[]): RawObject => container(0xa, refs),
  set: (refs: number[]): RawObject => container(0xc, refs),
  orderedSet: (refs: number[]): RawObject => container(0xb, refs),
  /** Keys first, then values, as CF writes them. */
  dict: (pairs: [key: number, value: number][]): RawObject =>
    container(0xd, [...pairs.map(([k]) => k), ...pairs.map(([, v]) => v)], pairs.length),
  /** A marker with a count that may lie about how much payload follows. */
  withCount: (high: number, count: bigint, payload: number[] = []): RawObject => fixed([...counted(high, count), ...payload]),
};

function container(high: number, refs: number[], count = refs.length): RawObject {
  return (refSize) => Uint8Array.from([...counted(high, BigInt(count)), ...refs.flatMap((r) => bigEndian(BigInt(r), refSize))]);
}

/** Writes a complete binary plist from `objects`. */
export function writeBplist(objects: RawObject[], options: RawPlistOptions = {}): Uint8Array {
  const refSize = options.refSize ?? widthFor(BigInt(Math.max(objects.length - 1, 0)));
  const magic = options.magic ?? "bplist00";
  const chunks: number[] = Array.from(magic, (c) => c.charCodeAt(0));
  let offsets: bigint[] = [];
  for (const object of objects) {
    offsets.push(BigInt(chunks.length));
    for (const byte of object(refSize)) chunks.push(byte);
  }
  const offsetTableOffset = BigInt(chunks.length);
  if (options.offsets) offsets = options.offsets(offsets);
  const offsetSize = options.offsetSize ?? widthFor(offsets.reduce((a, b) => (a > b ? a : b), 0n));
  for (const offset of offsets) chunks.push(...bigEndian(offset, offsetSize));
  const t = options.trailer ?? {};
  chunks.push(0, 0, 0, 0, 0, 0);
  chunks.push(t.offsetIntSize ?? offsetSize, t.objectRefSize ?? refSize);
  chunks.push(...bigEndian(t.numObjects ?? BigInt(objects.length), 8));
  chunks.push(...bigEndian(t.topObject ?? BigInt(options.top ?? 0), 8));
  chunks.push(...bigEndian(t.offsetTableOffset ?? offsetTableOffset, 8));
  return Uint8Array.from(chunks);
}
