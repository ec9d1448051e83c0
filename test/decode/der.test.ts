/**
 * The bounded DER reader (`src/decode/profile/der.ts`) on hand-built encodings: X.690 §8.1 identifier
 * and length forms, the §10 DER restrictions it enforces, and the bounds it never crosses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contentOf, encodingOf, isFault, readChildren, readElement, readOnlyElement, walkElements, MAX_TAG_NUMBER,
  type DerElement, type DerFault, type DerFaultReason,
} from "../../src/decode/profile/der.js";

const bytes = (...values: number[]) => Uint8Array.from(values);

function element(result: DerElement | DerFault): DerElement {
  if (isFault(result)) throw new Error(`expected an element, got ${result.fault} at ${result.at}`);
  return result;
}

function faultOf(result: DerElement | DerFault | DerElement[] | { elements: number }): DerFaultReason | undefined {
  return "fault" in result ? result.fault : undefined;
}

/** `depth` SEQUENCEs nested in one another around an empty one, each in the shortest DER length form. */
function nestedSequences(depth: number): Uint8Array {
  let inner = bytes(0x30, 0x00);
  for (let level = 0; level < depth; level++) {
    const length = inner.length;
    const header = length < 0x80 ? [0x30, length] : length < 0x100 ? [0x30, 0x81, length] : [0x30, 0x82, length >> 8, length & 0xff];
    const outer = new Uint8Array(header.length + length);
    outer.set(header);
    outer.set(inner, header.length);
    inner = outer;
  }
  return inner;
}

describe("readElement: identifier octets (X.690 §8.1.2)", () => {
  it("reads class, constructed bit and a low tag number", () => {
    expect(element(readElement(bytes(0x30, 0x00), 0))).toEqual({ tagClass: 0, constructed: true, tagNumber: 16, start: 0, contentStart: 2, end: 2 });
    expect(element(readElement(bytes(0x02, 0x01, 0x05), 0))).toMatchObject({ tagClass: 0, constructed: false, tagNumber: 2 });
    expect(element(readElement(bytes(0xa0, 0x00), 0))).toMatchObject({ tagClass: 2, constructed: true, tagNumber: 0 });
    expect(element(readElement(bytes(0x41, 0x00), 0))).toMatchObject({ tagClass: 1, constructed: false, tagNumber: 1 });
    expect(element(readElement(bytes(0xde, 0x00), 0))).toMatchObject({ tagClass: 3, constructed: false, tagNumber: 30 });
  });

  it("reads multi-byte tag numbers (§8.1.2.4)", () => {
    expect(element(readElement(bytes(0x9f, 0x1f, 0x00), 0))).toMatchObject({ tagClass: 2, tagNumber: 31, contentStart: 3 });
    expect(element(readElement(bytes(0xbf, 0x81, 0x00, 0x01, 0xff), 0))).toMatchObject({ tagClass: 2, constructed: true, tagNumber: 128, contentStart: 4, end: 5 });
    expect(element(readElement(bytes(0x5f, 0xff, 0xff, 0xff, 0x7f, 0x00), 0))).toMatchObject({ tagClass: 1, tagNumber: MAX_TAG_NUMBER });
  });

  it("refuses non-minimal and oversized tag numbers", () => {
    // A leading zero group (§8.1.2.4.2 c) and the long form for a number under 31 (§8.1.2.2).
    expect(faultOf(readElement(bytes(0x1f, 0x80, 0x20, 0x00), 0))).toBe("non-minimal-tag");
    expect(faultOf(readElement(bytes(0x1f, 0x1e, 0x00), 0))).toBe("non-minimal-tag");
    expect(faultOf(readElement(bytes(0x1f, 0x88, 0x80, 0x80, 0x80, 0x00, 0x00), 0))).toBe("tag-too-large");
    expect(faultOf(readElement(bytes(0x1f, ...Array<number>(100_000).fill(0xff)), 0))).toBe("tag-too-large");
  });

  it("stops at a tag that runs off the end", () => {
    expect(readElement(bytes(0x1f, 0x81), 0)).toEqual({ fault: "truncated", at: 2 });
    expect(readElement(bytes(0x1f), 0)).toEqual({ fault: "truncated", at: 1 });
  });
});

describe("readElement: length octets (X.690 §8.1.3, §10.1)", () => {
  it("reads short and long definite lengths", () => {
    expect(element(readElement(bytes(0x04, 0x7f, ...Array<number>(0x7f).fill(1)), 0))).toMatchObject({ contentStart: 2, end: 0x81 });
    expect(element(readElement(bytes(0x04, 0x81, 0x80, ...Array<number>(0x80).fill(1)), 0))).toMatchObject({ contentStart: 3, end: 0x83 });
    const long = new Uint8Array(4 + 0x1234);
    long.set([0x04, 0x82, 0x12, 0x34]);
    expect(element(readElement(long, 0))).toMatchObject({ contentStart: 4, end: 4 + 0x1234 });
    const huge = new Uint8Array(5 + 0x10000);
    huge.set([0x04, 0x83, 0x01, 0x00, 0x00]);
    expect(element(readElement(huge, 0))).toMatchObject({ contentStart: 5, end: 5 + 0x10000 });
  });

  it("refuses what DER forbids: indefinite, reserved and non-minimal lengths", () => {
    expect(readElement(bytes(0x30, 0x80, 0x00, 0x00), 0)).toEqual({ fault: "indefinite-length", at: 1 });
    expect(readElement(bytes(0x04, 0xff, 0x00), 0)).toEqual({ fault: "reserved-length", at: 1 });
    expect(faultOf(readElement(bytes(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), 0))).toBe("non-minimal-length");
    expect(faultOf(readElement(bytes(0x04, 0x82, 0x00, 0x80, ...Array<number>(0x80).fill(0)), 0))).toBe("non-minimal-length");
    expect(faultOf(readElement(bytes(0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00), 0))).toBe("length-too-large");
  });

  it("refuses a length that runs past the input or the container (never reads there)", () => {
    expect(readElement(bytes(0x04, 0x05, 1, 2), 0)).toEqual({ fault: "length-past-end", at: 0 });
    expect(faultOf(readElement(bytes(0x04, 0x84, 0x7f, 0xff, 0xff, 0xf0, 0), 0))).toBe("length-past-end");
    // Valid in the buffer, but not inside a container that ends at 3.
    expect(faultOf(readElement(bytes(0x04, 0x02, 1, 2), 0, 3))).toBe("length-past-end");
    expect(readElement(bytes(0x04, 0x82, 0x01), 0)).toEqual({ fault: "truncated", at: 2 });
    expect(readElement(bytes(0x30), 0)).toEqual({ fault: "truncated", at: 1 });
  });

  it("treats every offset outside the input as truncated", () => {
    expect(faultOf(readElement(new Uint8Array(0), 0))).toBe("truncated");
    expect(faultOf(readElement(bytes(0x05, 0x00), 2))).toBe("truncated");
    expect(faultOf(readElement(bytes(0x05, 0x00), -1))).toBe("truncated");
    expect(faultOf(readElement(bytes(0x05, 0x00), 0.5))).toBe("truncated");
    expect(faultOf(readElement(bytes(0x05, 0x00), 0, 1))).toBe("truncated");
    // A limit past the input is clamped to it.
    expect(faultOf(readElement(bytes(0x04, 0x03, 1), 0, 100))).toBe("length-past-end");
  });

  it("gives offsets into the caller's bytes, and views of them", () => {
    const input = bytes(0xff, 0x30, 0x03, 0x02, 0x01, 0x07, 0xee);
    const sequence = element(readElement(input, 1, 6));
    expect(sequence).toEqual({ tagClass: 0, constructed: true, tagNumber: 16, start: 1, contentStart: 3, end: 6 });
    expect([...encodingOf(input, sequence)]).toEqual([0x30, 0x03, 0x02, 0x01, 0x07]);
    expect([...contentOf(input, sequence)]).toEqual([0x02, 0x01, 0x07]);
    expect(contentOf(input, sequence).buffer).toBe(input.buffer);
  });
});

describe("readOnlyElement and readChildren", () => {
  it("readOnlyElement refuses bytes after the element", () => {
    expect(element(readOnlyElement(bytes(0x05, 0x00)))).toMatchObject({ tagNumber: 5 });
    expect(readOnlyElement(bytes(0x05, 0x00, 0x00))).toEqual({ fault: "trailing-data", at: 2 });
  });

  it("readChildren returns the children, which must fill the parent exactly", () => {
    const input = bytes(0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0xaa);
    const children = readChildren(input, element(readElement(input, 0)), 8);
    expect(isFault(children)).toBe(false);
    expect((children as DerElement[]).map((child) => [child.tagNumber, child.start, child.end])).toEqual([[2, 2, 5], [4, 5, 8]]);
    // The second child claims two bytes, one past the SEQUENCE's end.
    const overrun = bytes(0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x02, 0xaa);
    expect(faultOf(readChildren(overrun, element(readElement(overrun, 0, 7)), 8))).toBe("length-past-end");
    // A stray byte too short to be an element.
    const stray = bytes(0x30, 0x04, 0x02, 0x01, 0x01, 0x04);
    expect(faultOf(readChildren(stray, element(readElement(stray, 0)), 8))).toBe("truncated");
  });

  it("readChildren stops at its budget instead of growing an unbounded array", () => {
    // SEQUENCE { NULL × 100 }
    const input = bytes(0x30, 0x81, 200, ...Array.from({ length: 100 }, () => [0x05, 0x00]).flat());
    const parent = element(readOnlyElement(input));
    expect(faultOf(readChildren(input, parent, 99))).toBe("too-many-elements");
    expect(readChildren(input, parent, 100)).toHaveLength(100);
  });
});

describe("walkElements", () => {
  it("visits every element depth first, with its depth, but not inside primitive elements", () => {
    // SEQUENCE { INTEGER 1, [0] { OCTET STRING holding DER-looking bytes }, NULL }
    const input = bytes(0x30, 0x0c, 0x02, 0x01, 0x01, 0xa0, 0x05, 0x04, 0x03, 0x30, 0x01, 0x05, 0x05, 0x00);
    const visited: [number, number][] = [];
    const result = walkElements(input, element(readOnlyElement(input)), { maxDepth: 8, maxElements: 100 }, (visitedElement, depth) => {
      visited.push([visitedElement.tagNumber, depth]);
      return true;
    });
    expect(result).toEqual({ elements: 5 });
    expect(visited).toEqual([[16, 0], [2, 1], [0, 1], [4, 2], [5, 1]]);
  });

  it("stops at the depth budget, iteratively (100,000 levels do not overflow the stack)", () => {
    const shallow = nestedSequences(32);
    expect(walkElements(shallow, element(readOnlyElement(shallow)), { maxDepth: 32, maxElements: 1000 }, () => true)).toEqual({ elements: 33 });
    expect(faultOf(walkElements(shallow, element(readOnlyElement(shallow)), { maxDepth: 31, maxElements: 1000 }, () => true))).toBe("too-deep");
    // BER nesting as deep as the hostile suite's: indefinite lengths are refused at the first level.
    const deep = new Uint8Array(400_000);
    for (let index = 0; index < 100_000; index++) deep.set([0x30, 0x80], index * 2);
    expect(faultOf(readOnlyElement(deep))).toBe("indefinite-length");
    const deepDefinite = nestedSequences(10_000);
    expect(faultOf(walkElements(deepDefinite, element(readOnlyElement(deepDefinite)), { maxDepth: 64, maxElements: 1_000_000 }, () => true))).toBe("too-deep");
  });

  it("stops at the element budget and when the visitor declines", () => {
    const input = bytes(0x30, 0x06, 0x05, 0x00, 0x05, 0x00, 0x05, 0x00);
    const root = element(readOnlyElement(input));
    expect(walkElements(input, root, { maxDepth: 4, maxElements: 4 }, () => true)).toEqual({ elements: 4 });
    expect(faultOf(walkElements(input, root, { maxDepth: 4, maxElements: 3 }, () => true))).toBe("too-many-elements");
    expect(walkElements(input, root, { maxDepth: 4, maxElements: 10 }, (visited) => visited.start !== 4)).toEqual({ fault: "declined", at: 4 });
    expect(walkElements(input, root, { maxDepth: 4, maxElements: 10 }, () => false)).toEqual({ fault: "declined", at: 0 });
  });

  it("reports a child that overruns its parent, even when it fits the input", () => {
    const input = bytes(0x30, 0x02, 0x04, 0x03, 0x01, 0x02, 0x03);
    expect(faultOf(readOnlyElement(input))).toBe("trailing-data");
    const root = element(readElement(input, 0));
    expect(faultOf(walkElements(input, root, { maxDepth: 4, maxElements: 10 }, () => true))).toBe("length-past-end");
  });
});

describe("arbitrary bytes", () => {
  it("never throw, and every element read lies inside its limit", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 310 }), (input, offset) => {
        const limit = Math.min(input.length, offset + 200);
        const result = readElement(input, offset, limit);
        if (!isFault(result)) {
          expect(result.start).toBe(offset);
          expect(result.contentStart).toBeGreaterThan(offset);
          expect(result.end).toBeGreaterThanOrEqual(result.contentStart);
          expect(result.end).toBeLessThanOrEqual(limit);
        }
        const root = readElement(input, 0);
        if (!isFault(root)) {
          walkElements(input, root, { maxDepth: 16, maxElements: 500 }, (visited) => {
            expect(visited.end).toBeLessThanOrEqual(root.end);
            return true;
          });
        }
      }),
      { numRuns: 3000, seed: 20_261_125 },
    );
  });
});
