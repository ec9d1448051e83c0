/**
 * Binary property lists (`bplist00`), decoded into the plist value model.
 *
 * Why our own reader: `bplist-parser@0.5.0` and `plist@5.0.0` both hang for more than 20 s on a
 * crafted 163-byte file (31 arrays, each holding two references to the next: a DAG that expands to
 * 2^30 nodes), overflow the stack on a dict or array that contains itself, and silently return
 * garbage or throw `RangeError`s on lying offsets (the bomb is reproduced against bplist-parser in
 * test/decode/bplist-hostile.test.ts). Binary plists arrive inside `.ipa`s and built bundles we do not control, so the reader has
 * to be bounded in time and memory on any input.
 *
 * No public spec. Source of truth: CoreFoundation `CFBinaryPList.c` (apple-oss-distributions/CF,
 * the comment block above `__CFBinaryPlistWriteOrBuffer`). Layout, big-endian throughout:
 *
 *   HEADER   "bplist" "0?"                   8 bytes; CF only checks "bplist0", so do we
 *   OBJECTS  marker byte, then the payload   (`nnnn` = count; 1111 = an int object with the count follows)
 *     null    0000 0000                      not a plist value in our model → `bplist-type`
 *     bool    0000 1000 / 0000 1001          false / true
 *     fill    0000 1111                      padding, never a value → `bplist-type`
 *     int     0001 0nnn  2^nnn bytes         1, 2, 4 bytes unsigned; 8 and 16 bytes signed
 *     real    0010 0nnn  2^nnn bytes         4 (float) or 8 (double)
 *     date    0011 0011  8-byte double       seconds since 2001-01-01T00:00:00Z
 *     data    0100 nnnn [int] bytes
 *     string  0101 nnnn [int] bytes          ASCII (read as Latin-1 so no byte is lost)
 *     string  0110 nnnn [int] 2×count bytes  UTF-16BE code units
 *     uid     1000 nnnn  nnnn+1 bytes        NSKeyedArchiver reference
 *     array   1010 nnnn [int] objref×count
 *     ordset  1011 nnnn [int] objref×count   read as an array
 *     set     1100 nnnn [int] objref×count   read as an array
 *     dict    1101 nnnn [int] keyref×count objref×count
 *   OFFSET TABLE  numObjects × offsetIntSize-byte file offsets, one per object
 *   TRAILER  (32 bytes, `CFBinaryPlistTrailer`)
 *     u8 unused[5] | u8 sortVersion | u8 offsetIntSize | u8 objectRefSize
 *     u64 numObjects | u64 topObject | u64 offsetTableOffset
 *
 * Objects are shared by reference, so the file is a graph, not a tree. Decoding runs in two passes:
 * `measure` walks the graph iteratively from the top object, checking every offset and reference,
 * detecting cycles and measuring each object's expanded size and nesting height (memoised, so a DAG
 * bomb costs one visit per object); only when the expanded tree fits the limits does `build`
 * materialise it, by recursion whose depth the first pass has already bounded.
 */
import { asRoot, insertEntry, NO_ENTRIES, type PlistArray, type PlistDict, type PlistKey, type PlistValue } from "../model/plist.js";
import { DecodeFailure, guardDecode } from "./result.js";
import type { DecodeResult } from "./result.js";

export interface BinaryPlistLimits {
  /** Deepest container nesting accepted (the top dict or array is depth 1). */
  readonly maxDepth: number;
  /** Most nodes (values, entries and keys) the decoded tree may have once shared objects are expanded. */
  readonly maxNodes: number;
}

export const DEFAULT_BINARY_PLIST_LIMITS: BinaryPlistLimits = { maxDepth: 512, maxNodes: 1_000_000 };

const HEADER_LENGTH = 8;
const TRAILER_LENGTH = 32;
/** Seconds from the Unix epoch to CoreFoundation's reference date, 2001-01-01T00:00:00Z. */
const CF_ABSOLUTE_TIME_EPOCH = 978_307_200;
/** The range of a JavaScript `Date`, in milliseconds either side of the Unix epoch. */
const MAX_DATE_MS = 8.64e15;

/** Object marker high nibbles (`kCFBinaryPlistMarker*` in CFBinaryPList.c). */
const Marker = {
  Simple: 0x0,
  Int: 0x1,
  Real: 0x2,
  Date: 0x3,
  Data: 0x4,
  AsciiString: 0x5,
  Unicode16String: 0x6,
  Uid: 0x8,
  Array: 0xa,
  OrdSet: 0xb,
  Set: 0xc,
  Dict: 0xd,
} as const;

const SIMPLE_FALSE = 0x08;
const SIMPLE_TRUE = 0x09;

/** `CFBinaryPlistTrailer`, with the u64 fields already checked to fit the file. */
interface Trailer {
  readonly offsetIntSize: number;
  readonly objectRefSize: number;
  readonly numObjects: number;
  readonly topObject: number;
  readonly offsetTableOffset: number;
}

/** Where an object sits and what its marker says; `count` is its element or byte count. */
interface ObjectHeader {
  readonly offset: number;
  readonly marker: number;
  /** Offset of the payload (after the marker and any count integer). */
  readonly start: number;
  readonly count: number;
}

/** Walk states per object; 0 (the typed array's initial value) is "not reached yet". */
const IN_PROGRESS = 1;
const DONE = 2;

/**
 * Decodes a binary plist. Never throws: bad input gives a `bplist-*` error naming the problem and
 * its byte offset.
 */
export function decodeBinaryPlist(bytes: Uint8Array, limits?: Partial<BinaryPlistLimits>): DecodeResult<PlistValue> {
  const merged = { ...DEFAULT_BINARY_PLIST_LIMITS, ...limits };
  const effective: BinaryPlistLimits = {
    maxDepth: clampLimit(merged.maxDepth, 1, 0xffff),
    maxNodes: clampLimit(merged.maxNodes, 1, 0xfffffffe),
  };
  return guardDecode(() => new BinaryPlistReader(bytes, effective).read());
}

/** True when the bytes start with the binary plist signature. */
export function isBinaryPlist(bytes: Uint8Array): boolean {
  return bytes.length >= 7 && latin1(bytes, 0, 7) === "bplist0";
}

class BinaryPlistReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly limits: BinaryPlistLimits;
  private trailer!: Trailer;

  constructor(bytes: Uint8Array, limits: BinaryPlistLimits) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limits = limits;
  }

  read(): PlistValue {
    this.checkHeader();
    this.trailer = this.readTrailer();
    this.measure(this.trailer.topObject);
    return asRoot(this.build(this.trailer.topObject));
  }

  private checkHeader(): void {
    if (!isBinaryPlist(this.bytes)) {
      throw new DecodeFailure("bplist-header", "The file does not start with the binary plist signature \"bplist0\".", { byteOffset: 0 });
    }
    // One object byte at least, then the trailer.
    if (this.bytes.length < HEADER_LENGTH + 1 + TRAILER_LENGTH) {
      throw new DecodeFailure("bplist-trailer", `The binary plist is ${this.bytes.length} bytes long, too short to hold an object and the 32-byte trailer.`, { byteOffset: 0 });
    }
  }

  private readTrailer(): Trailer {
    const at = this.bytes.length - TRAILER_LENGTH;
    const offsetIntSize = this.view.getUint8(at + 6);
    const objectRefSize = this.view.getUint8(at + 7);
    const numObjects = this.view.getBigUint64(at + 8);
    const topObject = this.view.getBigUint64(at + 16);
    const offsetTableOffset = this.view.getBigUint64(at + 24);
    const fail = (message: string, field: number): never => {
      throw new DecodeFailure("bplist-trailer", message, { byteOffset: at + field });
    };
    if (!isIntSize(offsetIntSize)) fail(`The trailer's offset size is ${offsetIntSize}; it must be 1, 2, 4 or 8 bytes.`, 6);
    if (!isIntSize(objectRefSize)) fail(`The trailer's object reference size is ${objectRefSize}; it must be 1, 2, 4 or 8 bytes.`, 7);
    if (numObjects === 0n) fail("The trailer says the plist holds no objects.", 8);
    if (offsetTableOffset < BigInt(HEADER_LENGTH + 1) || offsetTableOffset > BigInt(at)) {
      fail(`The trailer puts the offset table at ${offsetTableOffset}, outside the object area (9 to ${at}).`, 24);
    }
    const tableBytes = numObjects * BigInt(offsetIntSize);
    if (offsetTableOffset + tableBytes > BigInt(at)) {
      fail(`The trailer claims ${numObjects} objects, but their ${offsetIntSize}-byte offsets do not fit between offset ${offsetTableOffset} and the trailer at ${at}.`, 8);
    }
    if (topObject >= numObjects) fail(`The trailer's top object ${topObject} is not one of the ${numObjects} objects.`, 16);
    return {
      offsetIntSize,
      objectRefSize,
      numObjects: Number(numObjects),
      topObject: Number(topObject),
      offsetTableOffset: Number(offsetTableOffset),
    };
  }

  /**
   * First pass: an iterative depth-first walk that validates every reachable object and computes,
   * per object, its expanded node count and nesting height. An object reached again while still on
   * the walk's path is a cycle; an object reached again after it finished is shared and reuses its
   * measurements, so the pass costs O(objects + references) however large the expansion.
   */
  private measure(top: number): void {
    const { numObjects } = this.trailer;
    const { maxDepth, maxNodes } = this.limits;
    // 9 bytes per object; numObjects is bounded by the file size (the trailer check), so this is too.
    const state = new Uint8Array(numObjects);
    const height = new Uint32Array(numObjects);
    // Only sizes within maxNodes are ever stored (larger ones fail first), and maxNodes fits 32 bits.
    const size = new Uint32Array(numObjects);

    interface Frame {
      readonly index: number;
      readonly header: ObjectHeader;
      /** References in the object: dict keys first, then values; a dict has `2 × count`. */
      readonly refCount: number;
      readonly isDict: boolean;
      next: number;
      size: number;
      height: number;
    }
    const path: Frame[] = [];

    const enter = (index: number, header: ObjectHeader): void => {
      if (path.length >= maxDepth) {
        throw new DecodeFailure("bplist-too-deep", `The containers at offset ${header.offset} nest more than ${maxDepth} deep.`, { byteOffset: header.offset });
      }
      const isDict = header.marker >> 4 === Marker.Dict;
      state[index] = IN_PROGRESS;
      path.push({ index, header, refCount: isDict ? header.count * 2 : header.count, isDict, next: 0, size: 1, height: 1 });
    };
    const addChild = (parent: Frame, childSize: number, childHeight: number): void => {
      // A dict value also brings its entry and key nodes.
      parent.size += childSize + (parent.isDict ? 2 : 0);
      if (childHeight + 1 > parent.height) parent.height = childHeight + 1;
      if (parent.size > maxNodes) {
        throw new DecodeFailure("bplist-too-large", `The object at offset ${parent.header.offset} expands to more than ${maxNodes} nodes once shared objects are copied.`, { byteOffset: parent.header.offset });
      }
    };

    const topHeader = this.header(top);
    if (!isContainer(topHeader.marker)) return;
    enter(top, topHeader);

    while (path.length > 0) {
      const frame = path[path.length - 1]!;
      if (frame.next < frame.refCount) {
        const position = frame.next++;
        const child = this.ref(frame.header, position);
        if (frame.isDict && position < frame.header.count) {
          this.checkKey(child, frame.header);
          continue;
        }
        const childState = state[child];
        if (childState === IN_PROGRESS) {
          throw new DecodeFailure("bplist-cycle", `The object at offset ${frame.header.offset} contains itself through object ${child}.`, { byteOffset: frame.header.offset });
        }
        if (childState === DONE) {
          if (path.length + height[child]! > maxDepth) {
            throw new DecodeFailure("bplist-too-deep", `The containers under offset ${frame.header.offset} nest more than ${maxDepth} deep.`, { byteOffset: frame.header.offset });
          }
          addChild(frame, size[child]!, height[child]!);
          continue;
        }
        const childHeader = this.header(child);
        if (isContainer(childHeader.marker)) {
          enter(child, childHeader);
        } else {
          state[child] = DONE;
          size[child] = 1;
          addChild(frame, 1, 0);
        }
        continue;
      }
      path.pop();
      state[frame.index] = DONE;
      height[frame.index] = frame.height;
      size[frame.index] = frame.size;
      const parent = path[path.length - 1];
      if (parent) addChild(parent, frame.size, frame.height);
    }
  }

  /** Second pass: materialise the tree. `measure` has bounded its depth and size. */
  private build(index: number): PlistValue {
    const header = this.header(index);
    const { marker, count } = header;
    switch (marker >> 4) {
      case Marker.Array:
      case Marker.OrdSet:
      case Marker.Set: {
        const node: PlistArray = { type: "Array", items: [], parent: undefined };
        for (let i = 0; i < count; i++) {
          const item = this.build(this.ref(header, i));
          item.parent = node;
          node.items.push(item);
        }
        return node;
      }
      case Marker.Dict: {
        const node: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: NO_ENTRIES, parent: undefined };
        for (let i = 0; i < count; i++) {
          const key: PlistKey = { type: "Key", value: this.keyString(this.ref(header, i)), parent: undefined };
          const value = this.build(this.ref(header, count + i));
          insertEntry(node, { type: "Entry", key, value, parent: node });
        }
        return node;
      }
      default:
        return this.scalar(header);
    }
  }

  private scalar(header: ObjectHeader): PlistValue {
    const { offset, marker, start, count } = header;
    switch (marker >> 4) {
      case Marker.Simple:
        return { type: "Boolean", value: marker === SIMPLE_TRUE, parent: undefined };
      case Marker.Int:
        return { type: "Integer", value: this.integer(start, count), parent: undefined };
      case Marker.Real:
        return { type: "Real", value: count === 4 ? this.view.getFloat32(start) : this.view.getFloat64(start), parent: undefined };
      case Marker.Date:
        return { type: "Date", value: this.date(offset, this.view.getFloat64(start)), parent: undefined };
      case Marker.Data:
        return { type: "Data", value: this.bytes.slice(start, start + count), parent: undefined };
      case Marker.AsciiString:
        return { type: "String", value: latin1(this.bytes, start, count), parent: undefined };
      case Marker.Unicode16String:
        return { type: "String", value: utf16be(this.view, start, count), parent: undefined };
      case Marker.Uid:
        return { type: "Uid", value: simplify(this.unsigned(start, count)), parent: undefined };
      default:
        // `header` rejects every other marker, so this is a broken invariant, not bad input.
        throw new Error(`unexpected marker 0x${marker.toString(16)}`);
    }
  }

  /**
   * Parses the marker and any count of object `index`, and checks that its whole payload lies in
   * the object area. Every marker our model cannot represent is rejected here.
   */
  private header(index: number): ObjectHeader {
    const { offsetIntSize, offsetTableOffset } = this.trailer;
    const entryAt = offsetTableOffset + index * offsetIntSize;
    const offset = this.unsignedNumber(entryAt, offsetIntSize);
    if (offset < HEADER_LENGTH || offset >= offsetTableOffset) {
      throw new DecodeFailure("bplist-offset", `The offset table entry at ${entryAt} points object ${index} to ${offset}, outside the object area (8 to ${offsetTableOffset - 1}).`, { byteOffset: entryAt });
    }
    const marker = this.bytes[offset]!;
    const low = marker & 0x0f;
    const fixed = (width: number): ObjectHeader => this.fit({ offset, marker, start: offset + 1, count: width }, width);
    switch (marker >> 4) {
      case Marker.Simple:
        if (marker === SIMPLE_FALSE || marker === SIMPLE_TRUE) return { offset, marker, start: offset + 1, count: 0 };
        throw new DecodeFailure("bplist-type", `The object at offset ${offset} is ${describeSimple(marker)}, which is not a property-list value.`, { byteOffset: offset });
      case Marker.Int:
        if (low > 4) throw this.typeError(offset, marker, `an integer of 2^${low} bytes`);
        return fixed(1 << low);
      case Marker.Real:
        if (low !== 2 && low !== 3) throw this.typeError(offset, marker, `a real of 2^${low} bytes`);
        return fixed(1 << low);
      case Marker.Date:
        if (low !== 3) throw this.typeError(offset, marker, "a date that is not 8 bytes");
        return fixed(8);
      case Marker.Uid:
        return fixed(low + 1);
      case Marker.Data:
      case Marker.AsciiString:
        return this.counted(offset, marker, 1);
      case Marker.Unicode16String:
        return this.counted(offset, marker, 2);
      case Marker.Array:
      case Marker.OrdSet:
      case Marker.Set:
        return this.counted(offset, marker, this.trailer.objectRefSize);
      case Marker.Dict:
        return this.counted(offset, marker, this.trailer.objectRefSize * 2);
      default:
        throw this.typeError(offset, marker, "an unknown object type");
    }
  }

  /** An object whose count is in the low nibble, or in a following int object when the nibble is 0xF. */
  private counted(offset: number, marker: number, unitBytes: number): ObjectHeader {
    const low = marker & 0x0f;
    if (low !== 0x0f) return this.fit({ offset, marker, start: offset + 1, count: low }, low * unitBytes);
    const intAt = offset + 1;
    if (intAt >= this.trailer.offsetTableOffset) {
      throw new DecodeFailure("bplist-length", `The object at offset ${offset} is cut off before its length.`, { byteOffset: offset });
    }
    const intMarker = this.bytes[intAt]!;
    if (intMarker >> 4 !== Marker.Int || (intMarker & 0x0f) > 3) {
      throw new DecodeFailure("bplist-length", `The object at offset ${offset} has a length marker 0x${hex(intMarker)} that is not a 1-, 2-, 4- or 8-byte integer.`, { byteOffset: intAt });
    }
    const width = 1 << (intMarker & 0x0f);
    if (intAt + 1 + width > this.trailer.offsetTableOffset) {
      throw new DecodeFailure("bplist-length", `The object at offset ${offset} is cut off inside its length.`, { byteOffset: intAt });
    }
    const count = this.unsignedNumber(intAt + 1, width);
    if (!Number.isSafeInteger(count)) {
      throw new DecodeFailure("bplist-length", `The ${describeMarker(marker)} at offset ${offset} claims a length of ${this.view.getBigUint64(intAt + 1)}, more than any file can hold.`, { byteOffset: offset });
    }
    return this.fit({ offset, marker, start: intAt + 1 + width, count }, count * unitBytes);
  }

  /** Checks that `payloadBytes` after the header end before the offset table. */
  private fit(header: ObjectHeader, payloadBytes: number): ObjectHeader {
    const available = this.trailer.offsetTableOffset - header.start;
    if (payloadBytes > available) {
      throw new DecodeFailure(
        "bplist-length",
        `The ${describeMarker(header.marker)} at offset ${header.offset} needs ${payloadBytes} bytes but only ${Math.max(available, 0)} remain before the offset table.`,
        { byteOffset: header.offset },
      );
    }
    return header;
  }

  /** The object index stored in reference slot `position` of a container. */
  private ref(container: ObjectHeader, position: number): number {
    const { objectRefSize, numObjects } = this.trailer;
    const at = container.start + position * objectRefSize;
    const index = this.unsignedNumber(at, objectRefSize);
    if (index >= numObjects) {
      throw new DecodeFailure("bplist-ref", `The ${describeMarker(container.marker)} at offset ${container.offset} refers to object ${index}, but there are only ${numObjects}.`, { byteOffset: at });
    }
    return index;
  }

  private checkKey(index: number, dict: ObjectHeader): void {
    const header = this.header(index);
    const kind = header.marker >> 4;
    if (kind !== Marker.AsciiString && kind !== Marker.Unicode16String) {
      throw new DecodeFailure("bplist-key-type", `The dict at offset ${dict.offset} has a key of type ${describeMarker(header.marker)} at offset ${header.offset}; keys must be strings.`, { byteOffset: header.offset });
    }
  }

  private keyString(index: number): string {
    const header = this.header(index);
    return header.marker >> 4 === Marker.AsciiString ? latin1(this.bytes, header.start, header.count) : utf16be(this.view, header.start, header.count);
  }

  /** CF reads 1-, 2- and 4-byte integers as unsigned and 8- and 16-byte ones as two's complement. */
  private integer(at: number, width: number): number | bigint {
    switch (width) {
      case 1:
        return this.view.getUint8(at);
      case 2:
        return this.view.getUint16(at);
      case 4:
        return this.view.getUint32(at);
      case 8:
        return simplify(this.view.getBigInt64(at));
      default:
        return simplify((this.view.getBigInt64(at) << 64n) | this.view.getBigUint64(at + 8));
    }
  }

  private unsigned(at: number, width: number): bigint {
    let value = 0n;
    for (let i = 0; i < width; i++) value = (value << 8n) | BigInt(this.bytes[at + i]!);
    return value;
  }

  /** An unsigned offset, reference or count field as a number. */
  private unsignedNumber(at: number, width: number): number {
    switch (width) {
      case 1:
        return this.view.getUint8(at);
      case 2:
        return this.view.getUint16(at);
      case 4:
        return this.view.getUint32(at);
      default:
        // Past 2^53 the double is approximate, but still far beyond any bound it is checked against.
        return Number(this.view.getBigUint64(at));
    }
  }

  private date(offset: number, seconds: number): string {
    const ms = Math.floor(seconds + CF_ABSOLUTE_TIME_EPOCH) * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
      throw new DecodeFailure("bplist-date", `The date at offset ${offset} (${seconds} s after 2001-01-01) is not a representable time.`, { byteOffset: offset });
    }
    // XML plists carry whole seconds; drop the milliseconds so both formats agree.
    return new Date(ms).toISOString().replace(".000Z", "Z");
  }

  private typeError(offset: number, marker: number, what: string): DecodeFailure {
    return new DecodeFailure("bplist-type", `The object at offset ${offset} has marker 0x${hex(marker)} (${what}), which this reader does not support.`, { byteOffset: offset });
  }
}

function clampLimit(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), min), max) : max;
}

function isIntSize(size: number): boolean {
  return size === 1 || size === 2 || size === 4 || size === 8;
}

function isContainer(marker: number): boolean {
  const kind = marker >> 4;
  return kind === Marker.Array || kind === Marker.OrdSet || kind === Marker.Set || kind === Marker.Dict;
}

function simplify(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

function describeSimple(marker: number): string {
  if (marker === 0x00) return "null";
  if (marker === 0x0f) return "a fill byte";
  return `an unknown simple object (0x${hex(marker)})`;
}

function describeMarker(marker: number): string {
  switch (marker >> 4) {
    case Marker.Int: return "integer";
    case Marker.Real: return "real";
    case Marker.Date: return "date";
    case Marker.Data: return "data object";
    case Marker.AsciiString: return "ASCII string";
    case Marker.Unicode16String: return "UTF-16 string";
    case Marker.Uid: return "UID";
    case Marker.Array: return "array";
    case Marker.OrdSet: return "ordered set";
    case Marker.Set: return "set";
    case Marker.Dict: return "dict";
    default: return `object with marker 0x${hex(marker)}`;
  }
}

/** Strings are built in slices so `String.fromCharCode` never receives more arguments than the engine allows. */
const CHUNK = 8192;

/**
 * Latin-1 maps every byte to one code point, so a stray high byte in an "ASCII" string is kept, not
 * replaced. (Short strings, most of a plist, are cheaper char by char than through a subarray.)
 */
function latin1(bytes: Uint8Array, start: number, length: number): string {
  let out = "";
  if (length <= 64) {
    for (let i = start; i < start + length; i++) out += String.fromCharCode(bytes[i]!);
    return out;
  }
  for (let i = 0; i < length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(start + i, start + Math.min(i + CHUNK, length)) as unknown as number[]);
  }
  return out;
}

/** Decodes code units one by one so a lone surrogate survives as written instead of becoming U+FFFD. */
function utf16be(view: DataView, start: number, count: number): string {
  let out = "";
  const units: number[] = [];
  for (let i = 0; i < count; i++) {
    units.push(view.getUint16(start + i * 2));
    if (units.length === CHUNK) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}
