/**
 * DER-encoded entitlements: the payload of the `CSMAGIC_EMBEDDED_DER_ENTITLEMENTS` blob
 * (magic 0xfade7172, code-signature slot 7), i.e. the bytes after its 8-byte blob header.
 *
 * No public spec. Sources of truth: xnu `osfmk/kern/cs_blobs.h` (the magic and slot), Apple's
 * Security `der_plist.h` (the plist ↔ DER mapping), and apple-codesign's `plist_der.rs` (the
 * wrapping `codesign` writes), cross-checked against a signed `bun` binary (libraries.md §4):
 *
 *   [APPLICATION 16] {                      0x70 len
 *     INTEGER 1,                            format version
 *     value                                 the entitlements dict
 *   }
 *   value :=
 *     BOOLEAN                               0x01 01 00 / 0x01 01 FF
 *     INTEGER                               0x02, two's complement
 *     UTF8String                            0x0C
 *     OCTET STRING                          0x04 (data; der_plist.h, never seen in entitlements)
 *     GeneralizedTime                       0x18 (date; der_plist.h, never seen in entitlements)
 *     SEQUENCE { value … }                  0x30 → array
 *     [16] { SEQUENCE { UTF8String key, value } … }   0xB0 → dict (what codesign writes)
 *     SET { SEQUENCE { UTF8String key, value } … }    0x31 → dict (Security's der_plist form)
 *
 * A bare top-level SET of entries (no APPLICATION wrapper) is also read, as apple-codesign does.
 * The blob is DER by definition, so encodings DER forbids (indefinite lengths, booleans other than
 * 00/FF, trailing bytes) are errors here: codesign never writes them, and a blob that holds them
 * is worth reporting, not guessing at.
 *
 * `asn1js` does the TLV parsing under its own depth, node and length limits; this module maps
 * the tree onto the plist model with an explicit depth bound.
 */
import * as asn1js from "asn1js";
import { asRoot, insertEntry, NO_ENTRIES, type PlistArray, type PlistDict, type PlistKey, type PlistValue } from "../model/plist.js";
import { DecodeFailure, guardDecode } from "./result.js";
import type { DecodeResult } from "./result.js";

/** ASN.1 nesting accepted; a plist level costs up to two (the dict and its entry SEQUENCE). */
const MAX_ASN1_DEPTH = 256;
/** ASN.1 elements accepted; real entitlements hold tens to hundreds, and asn1js spends ~6 µs on each. */
const MAX_ASN1_NODES = 10_000;
/** Largest payload accepted; real entitlement blobs are a few KB. */
const MAX_DER_BYTES = 1024 * 1024;
/** The only format version `codesign` writes. */
const DER_ENTITLEMENTS_VERSION = 1n;

const TagClass = { Universal: 1, Application: 2, Context: 3, Private: 4 } as const;

/** Universal tag numbers (X.680 §8.6). */
const Universal = {
  Boolean: 1,
  Integer: 2,
  OctetString: 4,
  Utf8String: 12,
  Sequence: 16,
  Set: 17,
  GeneralizedTime: 24,
} as const;

/** X.680 names of the universal types worth naming in messages. */
const UNIVERSAL_NAMES: Readonly<Record<number, string>> = {
  1: "BOOLEAN",
  2: "INTEGER",
  3: "BIT STRING",
  4: "OCTET STRING",
  5: "NULL",
  6: "OBJECT IDENTIFIER",
  12: "UTF8String",
  16: "SEQUENCE",
  17: "SET",
  19: "PrintableString",
  22: "IA5String",
  23: "UTCTime",
  24: "GeneralizedTime",
};

/** The application and context tag number Apple uses for the wrapper and for dicts. */
const PLIST_TAG = 16;

/** One decoded ASN.1 element as asn1js returns it. */
type Asn1Node = ReturnType<typeof asn1js.fromBER>["result"];

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a DER entitlements payload. Never throws: bad input gives a `der-plist-*` error. */
export function decodeDerPlist(bytes: Uint8Array): DecodeResult<PlistValue> {
  return guardDecode(() => new DerPlistReader(bytes).read());
}

class DerPlistReader {
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  read(): PlistValue {
    const root = this.parse();
    if (isTag(root, TagClass.Universal, Universal.Set, true)) return this.dict(root, 1);
    if (!isTag(root, TagClass.Application, PLIST_TAG, true)) {
      throw this.layout(root, `start with ${describeTag(root)}, not the [APPLICATION 16] entitlements wrapper`);
    }
    const [version, value, ...rest] = children(root);
    if (!version || !isTag(version, TagClass.Universal, Universal.Integer, false)) {
      throw this.layout(root, "have no format version INTEGER at the start of their wrapper");
    }
    const versionNumber = signedBigInt(hexView(version));
    if (versionNumber !== DER_ENTITLEMENTS_VERSION) {
      throw new DecodeFailure("der-plist-version", `The DER entitlements declare format version ${versionNumber}; only version 1 is known.`, { byteOffset: this.offsetOf(version) });
    }
    if (!value) throw this.layout(root, "have a wrapper with a version but no value");
    if (rest.length > 0) throw this.layout(rest[0]!, "have more than one value in their wrapper");
    return asRoot(this.value(value, 1));
  }

  private parse(): Asn1Node {
    if (this.bytes.length === 0) throw new DecodeFailure("der-plist-syntax", "The DER entitlements are empty.", { byteOffset: 0 });
    if (this.bytes.length > MAX_DER_BYTES) {
      throw new DecodeFailure("der-plist-too-large", `The DER entitlements are ${this.bytes.length} bytes, more than the ${MAX_DER_BYTES} accepted.`, { byteOffset: 0 });
    }
    let parsed: ReturnType<typeof asn1js.fromBER>;
    try {
      parsed = asn1js.fromBER(this.bytes, { maxDepth: MAX_ASN1_DEPTH, maxNodes: MAX_ASN1_NODES, parseEmbedded: false, copyInput: false });
    } catch (error) {
      // asn1js throws (rather than reporting) on some malformed primitives, e.g. a bad GeneralizedTime.
      throw new DecodeFailure("der-plist-syntax", `The DER entitlements are malformed (${sentenceFragment(error instanceof Error ? error.message : String(error))}).`);
    }
    const error = parsed.result.error;
    if (parsed.offset === -1 || error) {
      if (error === "Maximum ASN.1 nesting depth exceeded") {
        throw new DecodeFailure("der-plist-too-deep", `The DER entitlements nest more than ${MAX_ASN1_DEPTH} levels deep.`);
      }
      if (error === "Maximum ASN.1 node count exceeded") {
        throw new DecodeFailure("der-plist-too-large", `The DER entitlements hold more than ${MAX_ASN1_NODES} elements.`);
      }
      throw new DecodeFailure("der-plist-syntax", `The DER entitlements are malformed (${sentenceFragment(error || "unreadable ASN.1")}).`);
    }
    if (parsed.offset !== this.bytes.length) {
      throw new DecodeFailure("der-plist-syntax", `The DER entitlements end at byte ${parsed.offset} but are followed by ${this.bytes.length - parsed.offset} extra bytes.`, { byteOffset: parsed.offset });
    }
    return parsed.result;
  }

  private value(node: Asn1Node, depth: number): PlistValue {
    if (depth > MAX_ASN1_DEPTH) {
      throw new DecodeFailure("der-plist-too-deep", `The DER entitlements nest more than ${MAX_ASN1_DEPTH} levels deep.`, { byteOffset: this.offsetOf(node) });
    }
    this.checkDefiniteLength(node);
    const { tagClass, tagNumber, isConstructed } = node.idBlock;
    if (tagClass === TagClass.Context && tagNumber === PLIST_TAG && isConstructed) return this.dict(node, depth);
    if (tagClass !== TagClass.Universal) throw this.unsupported(node);
    switch (tagNumber) {
      case Universal.Boolean:
        if (isConstructed) break;
        return { type: "Boolean", value: this.boolean(node), parent: undefined };
      case Universal.Integer: {
        if (isConstructed) break;
        const view = hexView(node);
        if (view.length === 0) throw this.invalid(node, "an INTEGER with no content bytes");
        return { type: "Integer", value: simplify(signedBigInt(view)), parent: undefined };
      }
      case Universal.Utf8String:
        if (isConstructed) break;
        return { type: "String", value: this.string(node), parent: undefined };
      case Universal.OctetString:
        if (isConstructed) break;
        return { type: "Data", value: hexView(node).slice(), parent: undefined };
      case Universal.GeneralizedTime:
        if (isConstructed) break;
        return { type: "Date", value: this.date(node), parent: undefined };
      case Universal.Sequence: {
        if (!isConstructed) break;
        const array: PlistArray = { type: "Array", items: [], parent: undefined };
        for (const child of children(node)) {
          const item = this.value(child, depth + 1);
          item.parent = array;
          array.items.push(item);
        }
        return array;
      }
      case Universal.Set:
        if (!isConstructed) break;
        return this.dict(node, depth);
    }
    throw this.unsupported(node);
  }

  /** A dict: `[16]` or SET, each element a `SEQUENCE { UTF8String key, value }`. */
  private dict(node: Asn1Node, depth: number): PlistDict {
    this.checkDefiniteLength(node);
    const dict: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: NO_ENTRIES, parent: undefined };
    for (const pair of children(node)) {
      this.checkDefiniteLength(pair);
      const [keyNode, valueNode, ...extra] = isTag(pair, TagClass.Universal, Universal.Sequence, true) ? children(pair) : [];
      if (!keyNode || !valueNode || extra.length > 0) {
        throw this.layout(pair, "have a dict element that is not a SEQUENCE of a key and a value");
      }
      if (!isTag(keyNode, TagClass.Universal, Universal.Utf8String, false)) {
        throw this.layout(keyNode, `have a dict key that is ${describeTag(keyNode)}, not a UTF8String`);
      }
      this.checkDefiniteLength(keyNode);
      const key: PlistKey = { type: "Key", value: this.string(keyNode), parent: undefined };
      const value = this.value(valueNode, depth + 1);
      insertEntry(dict, { type: "Entry", key, value, parent: dict });
    }
    return dict;
  }

  /** DER allows exactly one content byte, 0x00 or 0xFF (X.690 §11.1). */
  private boolean(node: Asn1Node): boolean {
    const view = hexView(node);
    if (view.length === 1 && view[0] === 0x00) return false;
    if (view.length === 1 && view[0] === 0xff) return true;
    throw this.invalid(node, "a BOOLEAN that is not the DER 00 or FF byte");
  }

  private string(node: Asn1Node): string {
    try {
      return utf8.decode(hexView(node));
    } catch {
      throw this.invalid(node, "a UTF8String that is not valid UTF-8");
    }
  }

  /** GeneralizedTime as DER writes it (X.690 §11.7): `YYYYMMDDHHMMSS[.fff]Z`. */
  private date(node: Asn1Node): string {
    const text = String.fromCharCode(...hexView(node).subarray(0, 64));
    const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d*[1-9])?Z$/.exec(text);
    if (!match) throw this.invalid(node, "a GeneralizedTime that is not a DER UTC time");
    const [, year, month, day, hour, minute, second] = match;
    return `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
  }

  private checkDefiniteLength(node: Asn1Node): void {
    if (node.lenBlock.isIndefiniteForm) {
      throw new DecodeFailure("der-plist-syntax", `The DER entitlements use an indefinite length${this.at(node)}, which DER forbids.`, this.where(node));
    }
  }

  private offsetOf(node: Asn1Node): number | undefined {
    const view = node.valueBeforeDecodeView;
    // `copyInput: false` makes every view a window on our own buffer.
    if (view.buffer !== this.bytes.buffer) return undefined;
    return view.byteOffset - this.bytes.byteOffset;
  }

  private where(node: Asn1Node): { byteOffset?: number } {
    const byteOffset = this.offsetOf(node);
    return byteOffset === undefined ? {} : { byteOffset };
  }

  private layout(node: Asn1Node, problem: string): DecodeFailure {
    return new DecodeFailure("der-plist-layout", `The DER entitlements ${problem}${this.at(node)}.`, this.where(node));
  }

  private invalid(node: Asn1Node, what: string): DecodeFailure {
    return new DecodeFailure("der-plist-value", `The DER entitlements hold ${what}${this.at(node)}.`, this.where(node));
  }

  private unsupported(node: Asn1Node): DecodeFailure {
    return new DecodeFailure("der-plist-type", `The DER entitlements hold ${describeTag(node)}${this.at(node)}, which is not a property-list value.`, this.where(node));
  }

  private at(node: Asn1Node): string {
    const offset = this.offsetOf(node);
    return offset === undefined ? "" : ` (byte ${offset})`;
  }
}

function isTag(node: Asn1Node, tagClass: number, tagNumber: number, constructed: boolean): boolean {
  const id = node.idBlock;
  return id.tagClass === tagClass && id.tagNumber === tagNumber && id.isConstructed === constructed;
}

function children(node: Asn1Node): Asn1Node[] {
  const value = (node.valueBlock as { value?: unknown }).value;
  return Array.isArray(value) ? (value as Asn1Node[]) : [];
}

/** The content octets of a primitive element. */
function hexView(node: Asn1Node): Uint8Array {
  const view = (node.valueBlock as { valueHexView?: unknown }).valueHexView;
  if (view instanceof Uint8Array) return view;
  // String and time blocks keep their content only in the encoded element; strip the header.
  const whole = node.valueBeforeDecodeView;
  const headerLength = whole.length - node.lenBlock.length;
  return whole.subarray(headerLength);
}

function signedBigInt(view: Uint8Array): bigint {
  let value = 0n;
  for (const byte of view) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(view.length * 8);
  return view.length > 0 && view[0]! & 0x80 ? value - (1n << bits) : value;
}

function simplify(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function describeTag(node: Asn1Node): string {
  const { tagClass, tagNumber, isConstructed } = node.idBlock;
  const form = isConstructed ? "constructed" : "primitive";
  if (tagClass === TagClass.Universal) {
    const name = UNIVERSAL_NAMES[tagNumber];
    return name ? `a ${form} ${name} element` : `a ${form} universal element with tag ${tagNumber}`;
  }
  const className = tagClass === TagClass.Application ? "APPLICATION" : tagClass === TagClass.Context ? "context" : "PRIVATE";
  return `a ${form} [${className} ${tagNumber}] element`;
}

/** Trims an external library's message so it can sit inside one of our sentences. */
function sentenceFragment(message: string): string {
  const firstLine = message.split("\n")[0] ?? "";
  // Trimmed by hand: `/[.\s]+$/` rescans a long run of dots or spaces from each of its characters.
  let end = Math.min(firstLine.length, 200);
  while (end > 0 && /[.\s]/.test(firstLine.charAt(end - 1))) end--;
  return firstLine.slice(0, end) || "unreadable ASN.1";
}
