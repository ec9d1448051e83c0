/**
 * Values of canonical DER elements, read exactly as asn1js reads them: what the fast readers of CMS
 * (`cms-der.ts`) and of X.509 (`x509-der.ts`) share. Each of them must give what its asn1js/pkijs
 * fallback gives, so the checks and conversions here follow asn1js's decoders (ITU-T X.690 §8 for the
 * encodings, §10–11 for the DER rules) and refuse, by returning `undefined` or `false`, whatever they
 * are not sure asn1js reads the same way. Nothing here throws.
 */
import { TAG_CLASS_CONTEXT, TAG_CLASS_UNIVERSAL, isFault, readChildren, type DerElement } from "./der.js";

// Universal tag numbers (X.680 §8.4).
export const BOOLEAN = 1;
export const INTEGER = 2;
export const BIT_STRING = 3;
export const OCTET_STRING = 4;
const NULL = 5;
export const OBJECT_IDENTIFIER = 6;
const UTF8_STRING = 12;
export const SEQUENCE = 16;
export const SET = 17;
const NUMERIC_STRING = 18;
const PRINTABLE_STRING = 19;
const TELETEX_STRING = 20;
const IA5_STRING = 22;
export const UTC_TIME = 23;
export const GENERALIZED_TIME = 24;
const VISIBLE_STRING = 26;
const BMP_STRING = 30;

/**
 * asn1js turns 8-bit strings into text with `String.fromCharCode.apply`, which exhausts the stack
 * on very long arguments; names in certificates are a few dozen characters.
 */
const MAX_STRING_OCTETS = 16 * 1024;
/** Seven base-128 groups (49 bits) stay exact in a double, as asn1js's own arc decoding does. */
const MAX_OID_ARC_GROUPS = 7;

/**
 * Whether asn1js decodes this element without error and DER allows its form. Non-universal
 * elements are raw bytes (or, constructed, just their children) to asn1js; universal ones are
 * checked as asn1js's type for that tag would read them, or declined when no check is written.
 */
export function isPlainElement(bytes: Uint8Array, element: DerElement): boolean {
  if (element.tagClass !== TAG_CLASS_UNIVERSAL) return true;
  const length = element.end - element.contentStart;
  if (element.tagNumber === SEQUENCE || element.tagNumber === SET) return element.constructed;
  // DER never constructs a string (X.690 §10.2); asn1js refuses it for several types anyway.
  if (element.constructed) return false;
  switch (element.tagNumber) {
    case BOOLEAN:
      return length === 1;
    case INTEGER:
      return length >= 1;
    case BIT_STRING:
      return length >= 1 && bytes[element.contentStart]! <= 7;
    case OCTET_STRING:
      return true;
    case NULL:
      return length === 0;
    case OBJECT_IDENTIFIER:
      return oidArcs(bytes, element) !== undefined;
    case UTF8_STRING:
    case NUMERIC_STRING:
    case PRINTABLE_STRING:
    case TELETEX_STRING:
    case IA5_STRING:
    case VISIBLE_STRING:
      return length <= MAX_STRING_OCTETS;
    case BMP_STRING:
      return length <= MAX_STRING_OCTETS && length % 2 === 0;
    case UTC_TIME:
    case GENERALIZED_TIME:
      return timeOf(bytes, element) !== undefined;
    default:
      return false;
  }
}

/**
 * A copy as a plain Uint8Array, as the pkijs path returns: results must not keep the whole file
 * alive, and `Buffer#slice` would return a view of the caller's bytes, not a copy.
 */
export function copy(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

export function isUniversal(element: DerElement, tagNumber: number, constructed: boolean): boolean {
  return element.tagClass === TAG_CLASS_UNIVERSAL && element.tagNumber === tagNumber && element.constructed === constructed;
}

export function isContext(element: DerElement, tagNumber: number, constructed: boolean): boolean {
  return element.tagClass === TAG_CLASS_CONTEXT && element.tagNumber === tagNumber && element.constructed === constructed;
}

/** The children of a universal SEQUENCE or SET, or undefined when `element` is not one. */
export function fieldsOf(bytes: Uint8Array, element: DerElement, tagNumber: typeof SEQUENCE | typeof SET, maxFields: number): DerElement[] | undefined {
  if (!isUniversal(element, tagNumber, true)) return undefined;
  const fields = readChildren(bytes, element, maxFields);
  return isFault(fields) ? undefined : fields;
}

export function isOid(bytes: Uint8Array, element: DerElement, content: Uint8Array): boolean {
  if (!isUniversal(element, OBJECT_IDENTIFIER, false) || element.end - element.contentStart !== content.length) return false;
  for (let index = 0; index < content.length; index++) if (bytes[element.contentStart + index] !== content[index]) return false;
  return true;
}

/**
 * The arcs of an OBJECT IDENTIFIER's subidentifiers (X.690 §8.19), or undefined unless it is
 * canonical: not empty, no subidentifier starting with a zero group, the last one complete, and
 * none longer than `MAX_OID_ARC_GROUPS`.
 */
function oidArcs(bytes: Uint8Array, element: DerElement): number[] | undefined {
  if (element.end === element.contentStart) return undefined;
  const arcs: number[] = [];
  let value = 0;
  let groups = 0;
  for (let at = element.contentStart; at < element.end; at++) {
    const octet = bytes[at]!;
    if (groups === 0 && octet === 0x80) return undefined;
    value = value * 128 + (octet & 0x7f);
    groups += 1;
    if (groups > MAX_OID_ARC_GROUPS) return undefined;
    if ((octet & 0x80) === 0) {
      arcs.push(value);
      value = 0;
      groups = 0;
    }
  }
  return groups === 0 ? arcs : undefined;
}

/** Dotted text exactly as asn1js writes it: the first subidentifier splits into two arcs (X.690 §8.19.4). */
export function oidText(bytes: Uint8Array, element: DerElement): string | undefined {
  if (!isUniversal(element, OBJECT_IDENTIFIER, false)) return undefined;
  const arcs = oidArcs(bytes, element);
  if (!arcs) return undefined;
  const first = arcs[0]!;
  const head = first <= 39 ? `0.${first}` : first <= 79 ? `1.${first - 40}` : `2.${first - 80}`;
  return arcs.length === 1 ? head : `${head}.${arcs.slice(1).join(".")}`;
}

/**
 * UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ`, the forms DER and RFC 5280 §4.1.2.5
 * prescribe, with fields in range. Computed as asn1js's `toDate()` computes it (UTCTime years 50–99
 * are 19xx). Anything else (fractions, offsets, missing seconds) is declined, for asn1js to judge.
 */
export function timeOf(bytes: Uint8Array, element: DerElement): Date | undefined {
  if (element.tagClass !== TAG_CLASS_UNIVERSAL || element.constructed) return undefined;
  const yearDigits = element.tagNumber === UTC_TIME ? 2 : element.tagNumber === GENERALIZED_TIME ? 4 : 0;
  if (yearDigits === 0 || element.end - element.contentStart !== yearDigits + 11 || bytes[element.end - 1] !== 0x5a /* Z */) return undefined;
  let at = element.contentStart;
  const field = (digits: number): number => {
    let value = 0;
    for (let index = 0; index < digits; index++) {
      const digit = bytes[at++]! - 0x30;
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  };
  const rawYear = field(yearDigits);
  const month = field(2);
  const day = field(2);
  const hour = field(2);
  const minute = field(2);
  const second = field(2);
  if (rawYear < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = yearDigits === 2 ? (rawYear >= 50 ? 1900 + rawYear : 2000 + rawYear) : rawYear;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** asn1js decodes UTF8String with exactly this decoder (and keeps the raw bytes as text when it fails). */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The characters of a primitive character string as asn1js decodes them: UTF8String strictly as UTF-8
 * (a BOM kept as U+FEFF); PrintableString, IA5String, TeletexString, NumericString and VisibleString one
 * character per octet (`String.fromCharCode`, without checking the type's alphabet, as asn1js does).
 * Undefined for any other type, for BMPString (left to asn1js's UTF-16 decoder), and for UTF-8 that does
 * not decode (asn1js then falls back to the raw octets, which is not worth imitating).
 */
export function characterStringOf(bytes: Uint8Array, element: DerElement): string | undefined {
  if (element.tagClass !== TAG_CLASS_UNIVERSAL || element.constructed || element.end - element.contentStart > MAX_STRING_OCTETS) return undefined;
  const content = bytes.subarray(element.contentStart, element.end);
  switch (element.tagNumber) {
    case UTF8_STRING:
      try {
        return strictUtf8.decode(content);
      } catch {
        return undefined;
      }
    case PRINTABLE_STRING:
    case IA5_STRING:
    case TELETEX_STRING:
    case NUMERIC_STRING:
    case VISIBLE_STRING:
      return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString("latin1");
    default:
      return undefined;
  }
}
