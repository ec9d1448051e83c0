/**
 * A minimal, bounded reader of DER TLV elements: identifier (class, number, constructed bit),
 * definite length, and offsets into the caller's bytes. Source of truth: ITU-T X.690 §8.1 (the
 * identifier and length octets of every BER encoding) and §10 (the DER restrictions: definite
 * lengths only, in the fewest octets).
 *
 * Why hand-written when `asn1js` is already a dependency: asn1js builds an object per node for the
 * whole CMS and pkijs then matches schemas over it, about 6 ms per provisioning profile, and a real
 * tree of profiles must lint in under a second. Apple signs profiles as canonical DER, which this
 * reader walks in microseconds without copying. It reads canonical DER only: an indefinite length,
 * a non-minimal length or tag, or anything running past its container is reported as a fault, and
 * the caller (`cms-der.ts`) then hands the file to asn1js and pkijs, which read every BER variant.
 *
 * Never throws, never reads outside `[offset, limit)`, and never recurses: `walkElements` keeps its
 * own stack and stops at a depth and an element budget.
 */

export const TAG_CLASS_UNIVERSAL = 0;
export const TAG_CLASS_APPLICATION = 1;
export const TAG_CLASS_CONTEXT = 2;
export const TAG_CLASS_PRIVATE = 3;

export type TagClass = typeof TAG_CLASS_UNIVERSAL | typeof TAG_CLASS_APPLICATION | typeof TAG_CLASS_CONTEXT | typeof TAG_CLASS_PRIVATE;

/** One element. Offsets index the bytes it was read from; `contentStart..end` is the value. */
export interface DerElement {
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the first identifier octet. */
  readonly start: number;
  /** Offset of the first content octet (just past the length octets). */
  readonly contentStart: number;
  /** Offset just past the last content octet. */
  readonly end: number;
}

export type DerFaultReason =
  /** The identifier or length octets stop at the end of the input or container. */
  | "truncated"
  /** `0x80`: BER's indefinite form, which DER forbids (X.690 §10.1). */
  | "indefinite-length"
  /** `0xFF` as the first length octet is reserved (X.690 §8.1.3.5 c). */
  | "reserved-length"
  /** A long-form length that fits fewer octets, or a leading zero octet (X.690 §10.1). */
  | "non-minimal-length"
  /** More than four length octets: nothing this reader is used for is 4 GiB long. */
  | "length-too-large"
  /** The content runs past the end of the input or of the enclosing element. */
  | "length-past-end"
  /** A multi-octet tag for a number under 31, or one starting with a zero group (X.690 §8.1.2.2, §8.1.2.4.2 c). */
  | "non-minimal-tag"
  /** A tag number above `MAX_TAG_NUMBER`. */
  | "tag-too-large"
  /** Bytes after the outermost element. */
  | "trailing-data"
  /** `walkElements` or `readChildren` went past its depth or element budget. */
  | "too-deep"
  | "too-many-elements"
  /** `walkElements`' visitor declined an element. */
  | "declined";

export interface DerFault {
  readonly fault: DerFaultReason;
  /** Offset of the octet (or element) at fault. */
  readonly at: number;
}

/** Four base-128 groups: exact in a double, and far above any tag CMS or X.509 uses (all are under 31). */
export const MAX_TAG_NUMBER = 2 ** 28 - 1;
/** Length octets beyond this would describe more than 4 GiB. */
const MAX_LENGTH_OCTETS = 4;

export function isFault<T extends object>(value: T | DerFault): value is DerFault {
  return "fault" in value;
}

function fault(reason: DerFaultReason, at: number): DerFault {
  return { fault: reason, at };
}

/**
 * Reads the element starting at `offset`, which must end by `limit` (default: the end of `bytes`).
 * Returns a fault for anything that is not canonical DER.
 */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement | DerFault {
  const end = Math.min(limit, bytes.length);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= end) return fault("truncated", offset);
  const first = bytes[offset]!;
  const tagClass = (first >> 6) as TagClass;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  let at = offset + 1;
  if (tagNumber === 0x1f) {
    // High-tag-number form (X.690 §8.1.2.4): base-128 groups, the last one with bit 8 clear.
    tagNumber = 0;
    for (let groups = 0; ; groups++) {
      if (at >= end) return fault("truncated", at);
      const group = bytes[at]!;
      if (groups === 0 && group === 0x80) return fault("non-minimal-tag", at);
      tagNumber = tagNumber * 128 + (group & 0x7f);
      if (tagNumber > MAX_TAG_NUMBER) return fault("tag-too-large", offset);
      at += 1;
      if ((group & 0x80) === 0) break;
    }
    if (tagNumber < 31) return fault("non-minimal-tag", offset);
  }

  if (at >= end) return fault("truncated", at);
  const lengthOctet = bytes[at]!;
  at += 1;
  let length: number;
  if (lengthOctet < 0x80) {
    length = lengthOctet;
  } else if (lengthOctet === 0x80) {
    return fault("indefinite-length", at - 1);
  } else if (lengthOctet === 0xff) {
    return fault("reserved-length", at - 1);
  } else {
    const count = lengthOctet & 0x7f;
    if (count > MAX_LENGTH_OCTETS) return fault("length-too-large", at - 1);
    if (count > end - at) return fault("truncated", at);
    if (bytes[at] === 0) return fault("non-minimal-length", at);
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[at + index]!;
    if (length < 0x80) return fault("non-minimal-length", at - 1);
    at += count;
  }
  if (length > end - at) return fault("length-past-end", offset);
  return { tagClass, constructed, tagNumber, start: offset, contentStart: at, end: at + length };
}

/** The one element that `bytes` must consist of, with nothing after it. */
export function readOnlyElement(bytes: Uint8Array): DerElement | DerFault {
  const element = readElement(bytes, 0);
  if (isFault(element)) return element;
  return element.end === bytes.length ? element : fault("trailing-data", element.end);
}

/**
 * The direct children of a constructed element, which must fill its content exactly. At most
 * `maxChildren` of them; more is a fault rather than an unbounded array.
 */
export function readChildren(bytes: Uint8Array, parent: DerElement, maxChildren: number): DerElement[] | DerFault {
  const children: DerElement[] = [];
  let at = parent.contentStart;
  while (at < parent.end) {
    if (children.length >= maxChildren) return fault("too-many-elements", at);
    const child = readElement(bytes, at, parent.end);
    if (isFault(child)) return child;
    children.push(child);
    at = child.end;
  }
  return children;
}

export interface WalkLimits {
  /** The deepest nesting visited; the root is depth 0. */
  readonly maxDepth: number;
  /** Elements visited in all, the root included. */
  readonly maxElements: number;
}

/**
 * Visits `root` and every element nested inside constructed elements, depth first in encoding order,
 * checking that each constructed element's children fill it exactly. The content of primitive
 * elements is not looked into. Stops at the first fault, or with `declined` when `visit` returns
 * false; otherwise returns how many elements were visited.
 */
export function walkElements(
  bytes: Uint8Array,
  root: DerElement,
  limits: WalkLimits,
  visit: (element: DerElement, depth: number) => boolean,
): { readonly elements: number } | DerFault {
  if (!visit(root, 0)) return fault("declined", root.start);
  let elements = 1;
  if (!root.constructed) return { elements };
  // The open constructed elements: where each one's content ends, and the depth of its children.
  const ends: number[] = [root.end];
  let at = root.contentStart;
  while (ends.length > 0) {
    const containerEnd = ends[ends.length - 1]!;
    if (at === containerEnd) {
      ends.pop();
      continue;
    }
    const depth = ends.length;
    if (depth > limits.maxDepth) return fault("too-deep", at);
    if (elements >= limits.maxElements) return fault("too-many-elements", at);
    const element = readElement(bytes, at, containerEnd);
    if (isFault(element)) return element;
    elements += 1;
    if (!visit(element, depth)) return fault("declined", element.start);
    if (element.constructed) {
      ends.push(element.end);
      at = element.contentStart;
    } else {
      at = element.end;
    }
  }
  return { elements };
}

/** The content octets of `element`, as a view of `bytes` (no copy). */
export function contentOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.contentStart, element.end);
}

/** The whole encoding of `element` (identifier, length and content), as a view of `bytes` (no copy). */
export function encodingOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.start, element.end);
}
