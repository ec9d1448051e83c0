/**
 * The fast path of `decodeSignedData` (`cms.ts`): CMS SignedData (RFC 5652 §5) read straight from
 * canonical DER with `der.ts`, in the shape Apple and `openssl cms -sign` (without `-stream`) write:
 *
 *   ContentInfo { signedData OID, [0] { SignedData { version, digestAlgorithms SET,
 *     encapContentInfo { eContentType, [0] { primitive OCTET STRING } }, [0] certificates,
 *     signerInfos SET { SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs,
 *     signatureAlgorithm, signature, [1] unsignedAttrs } } } } }
 *
 * It must give exactly what the asn1js + pkijs path gives, so it only accepts what it knows that
 * path reads the same way, and returns `undefined` (the caller then runs the pkijs path, which
 * reports its own errors and reads every BER variant) on anything else:
 *  - BER forms (indefinite lengths, constructed strings, non-minimal lengths and tags) and
 *    trailing bytes;
 *  - any element asn1js might refuse while it decodes the whole tree, certificates included (one
 *    malformed GeneralizedTime deep in a certificate fails the whole CMS there): only the
 *    universal types asn1js is known to decode, in their DER form, pass `isPlainElement`;
 *  - any deviation from the field order and count above (pkijs skips unknown trailing fields and
 *    has special cases for empty sets; this reader does neither), CRLs, and more signers or
 *    certificates than the caller's limits.
 * `test/decode/profile-fast-path.test.ts` holds the two paths to deep equality on every fixture,
 * the real corpus and thousands of mutated profiles. Never throws.
 */
import type { CmsSignerInfo, EnvelopeReadOptions, SignedDataEnvelope, SignerIdentifier } from "./envelope.js";
import { contentOf, encodingOf, isFault, readChildren, readElement, readOnlyElement, walkElements, type DerElement } from "./der.js";
import {
  copy, fieldsOf, isContext, isOid, isPlainElement, isUniversal, oidText, timeOf,
  GENERALIZED_TIME, INTEGER, OBJECT_IDENTIFIER, OCTET_STRING, SEQUENCE, SET, UTC_TIME,
} from "./der-values.js";


/** Content octets of the OIDs compared here (X.690 §8.19), so no string is built to compare them. */
const OID_SIGNED_DATA = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02); // 1.2.840.113549.1.7.2
const OID_CONTENT_TYPE_ATTR = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03); // 1.2.840.113549.1.9.3
const OID_MESSAGE_DIGEST_ATTR = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04); // 1.2.840.113549.1.9.4
const OID_SIGNING_TIME_ATTR = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05); // 1.2.840.113549.1.9.5

/**
 * Well inside the asn1js budgets the pkijs path runs with (depth 64, 50,000 nodes, 64 MiB), so
 * anything accepted here is within them too. A real profile is about 1,000 elements, 12 deep.
 */
const WALK_LIMITS = { maxDepth: 32, maxElements: 20_000 } as const;
const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** Fields and set members read at any one level: SignedData has 6 fields, SignerInfo 7. */
const MAX_FIELDS = 8;
/** Members of the SETs read here: digest algorithms and attributes (Apple signs with 5 attributes). */
const MAX_SET_MEMBERS = 64;
const MAX_NAME_PARTS = 64;

interface Attribute {
  readonly type: DerElement;
  /** The SET OF values. */
  readonly values: DerElement;
}

export function readCanonicalSignedData(bytes: Uint8Array, options: EnvelopeReadOptions): SignedDataEnvelope | undefined {
  if (bytes.length > MAX_INPUT_BYTES) return undefined;
  const root = readOnlyElement(bytes);
  if (isFault(root)) return undefined;
  if (isFault(walkElements(bytes, root, WALK_LIMITS, (element) => isPlainElement(bytes, element)))) return undefined;

  const contentInfo = fieldsOf(bytes, root, SEQUENCE, MAX_FIELDS);
  if (contentInfo?.length !== 2) return undefined;
  const [contentType, explicitContent] = contentInfo as [DerElement, DerElement];
  if (!isOid(bytes, contentType, OID_SIGNED_DATA)) return undefined;
  if (!isContext(explicitContent, 0, true)) return undefined;
  const wrapped = readChildren(bytes, explicitContent, 2);
  if (isFault(wrapped) || wrapped.length !== 1) return undefined;

  const fields = fieldsOf(bytes, wrapped[0]!, SEQUENCE, MAX_FIELDS);
  if (!fields) return undefined;
  let next = 0;
  const version = fields[next++];
  if (!version || !isUniversal(version, INTEGER, false)) return undefined;
  const digestAlgorithms = fields[next++];
  if (!digestAlgorithms || !isSetOf(bytes, digestAlgorithms, MAX_SET_MEMBERS, (algorithm) => algorithmIdOf(bytes, algorithm) !== undefined)) return undefined;

  const encapsulated = fields[next++];
  const encapsulatedContent = encapsulated && encapsulatedContentOf(bytes, encapsulated);
  if (!encapsulatedContent) return undefined;
  if (!encapsulatedContent.content && !options.detached) return undefined;

  let certificateEncodings: Uint8Array[] = [];
  const certificateSet = fields[next];
  if (certificateSet && isContext(certificateSet, 0, true)) {
    next += 1;
    const choices = readChildren(bytes, certificateSet, WALK_LIMITS.maxElements);
    if (isFault(choices)) return undefined;
    certificateEncodings = choices.slice(0, options.maxCertificateChoices).map((choice) => copy(encodingOf(bytes, choice)));
  }

  const signerInfos = fields[next++];
  if (!signerInfos || !isUniversal(signerInfos, SET, true) || next !== fields.length) return undefined;
  const signerElements = readChildren(bytes, signerInfos, options.maxSigners);
  if (isFault(signerElements) || signerElements.length === 0) return undefined;
  const signers: CmsSignerInfo[] = [];
  for (const element of signerElements) {
    const signer = signerInfoOf(bytes, element);
    if (!signer) return undefined;
    signers.push(signer);
  }

  return {
    eContentType: encapsulatedContent.eContentType,
    content: encapsulatedContent.content ? copy(contentOf(bytes, encapsulatedContent.content)) : new Uint8Array(0),
    certificateEncodings,
    signers,
  };
}

/** A non-empty SET whose every member passes `check`. */
function isSetOf(bytes: Uint8Array, element: DerElement, maxMembers: number, check: (member: DerElement) => boolean): boolean {
  const members = fieldsOf(bytes, element, SET, maxMembers);
  return members !== undefined && members.length > 0 && members.every(check);
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2): the OID as text. */
function algorithmIdOf(bytes: Uint8Array, element: DerElement): string | undefined {
  const fields = fieldsOf(bytes, element, SEQUENCE, MAX_FIELDS);
  if (!fields || fields.length < 1 || fields.length > 2) return undefined;
  return oidText(bytes, fields[0]!);
}

/** EncapsulatedContentInfo (RFC 5652 §5.2); `content` is the primitive OCTET STRING, absent when detached. */
function encapsulatedContentOf(bytes: Uint8Array, element: DerElement): { eContentType: string; content?: DerElement } | undefined {
  const fields = fieldsOf(bytes, element, SEQUENCE, MAX_FIELDS);
  if (!fields || fields.length < 1 || fields.length > 2) return undefined;
  const eContentType = oidText(bytes, fields[0]!);
  if (eContentType === undefined) return undefined;
  const explicit = fields[1];
  if (!explicit) return { eContentType };
  if (!isContext(explicit, 0, true)) return undefined;
  const inner = readChildren(bytes, explicit, 2);
  if (isFault(inner) || inner.length !== 1 || !isUniversal(inner[0]!, OCTET_STRING, false)) return undefined;
  return { eContentType, content: inner[0]! };
}

/** SignerInfo (RFC 5652 §5.3), with the signed attributes `verify.ts` uses, as the pkijs path reads them. */
function signerInfoOf(bytes: Uint8Array, element: DerElement): CmsSignerInfo | undefined {
  const fields = fieldsOf(bytes, element, SEQUENCE, MAX_FIELDS);
  if (!fields || fields.length < 5) return undefined;
  let next = 0;
  if (!isUniversal(fields[next++]!, INTEGER, false)) return undefined;
  const sid = signerIdentifierOf(bytes, fields[next++]!);
  const digestAlgorithm = algorithmIdOf(bytes, fields[next++]!);
  if (!sid || digestAlgorithm === undefined) return undefined;

  let signedAttributes: Attribute[] | undefined;
  let signedAttributesElement: DerElement | undefined;
  const maybeSigned = fields[next];
  if (maybeSigned && isContext(maybeSigned, 0, true)) {
    next += 1;
    signedAttributesElement = maybeSigned;
    signedAttributes = attributesOf(bytes, maybeSigned);
    if (!signedAttributes) return undefined;
  }
  const signatureAlgorithmElement = fields[next++];
  const signatureElement = fields[next++];
  if (!signatureAlgorithmElement || !signatureElement || !isUniversal(signatureElement, OCTET_STRING, false)) return undefined;
  const signatureAlgorithm = algorithmIdOf(bytes, signatureAlgorithmElement);
  if (signatureAlgorithm === undefined) return undefined;
  const unsigned = fields[next];
  if (unsigned) {
    // Read for validity only, as pkijs does; nothing here uses them (a code signature's timestamp lives there).
    if (!isContext(unsigned, 1, true) || !attributesOf(bytes, unsigned)) return undefined;
    next += 1;
  }
  if (next !== fields.length) return undefined;

  const info: { -readonly [K in keyof CmsSignerInfo]: CmsSignerInfo[K] } = {
    sid,
    digestAlgorithm,
    signatureAlgorithm,
    signature: copy(contentOf(bytes, signatureElement)),
  };
  if (signedAttributesElement && signedAttributes) {
    // RFC 5652 §5.4: the signature covers the attributes re-tagged as SET OF, which is what pkijs hands out.
    const der = copy(encodingOf(bytes, signedAttributesElement));
    der[0] = 0x31;
    info.signedAttributesDer = der;
    // Later attributes of a type win, and a value of the wrong type is skipped, as in the pkijs path.
    for (const { type, values } of signedAttributes) {
      // The walk has checked every member; only the first value counts (pkijs reads `values[0]`).
      const value = values.contentStart < values.end ? readElement(bytes, values.contentStart, values.end) : undefined;
      if (!value || isFault(value)) continue;
      if (isOid(bytes, type, OID_MESSAGE_DIGEST_ATTR)) {
        if (isUniversal(value, OCTET_STRING, false)) info.messageDigest = copy(contentOf(bytes, value));
      } else if (isOid(bytes, type, OID_SIGNING_TIME_ATTR)) {
        if (isUniversal(value, UTC_TIME, false) || isUniversal(value, GENERALIZED_TIME, false)) {
          const date = timeOf(bytes, value);
          if (!date) return undefined;
          info.signingTime = date;
        }
      } else if (isOid(bytes, type, OID_CONTENT_TYPE_ATTR)) {
        if (isUniversal(value, OBJECT_IDENTIFIER, false)) {
          const contentType = oidText(bytes, value);
          if (contentType === undefined) return undefined;
          info.contentType = contentType;
        }
      }
    }
  }
  return info;
}

/**
 * `[n] IMPLICIT SET OF Attribute`, Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }
 * (RFC 5652 §5.3). Non-empty: pkijs throws on empty signed attributes, and that message is its to give.
 */
function attributesOf(bytes: Uint8Array, element: DerElement): Attribute[] | undefined {
  const members = readChildren(bytes, element, MAX_SET_MEMBERS);
  if (isFault(members) || members.length === 0) return undefined;
  const attributes: Attribute[] = [];
  for (const member of members) {
    const parts = fieldsOf(bytes, member, SEQUENCE, MAX_FIELDS);
    if (parts?.length !== 2) return undefined;
    const [type, values] = parts as [DerElement, DerElement];
    if (!isUniversal(type, OBJECT_IDENTIFIER, false) || !isUniversal(values, SET, true)) return undefined;
    attributes.push({ type, values });
  }
  return attributes;
}

/**
 * SignerIdentifier (RFC 5652 §5.3): IssuerAndSerialNumber as the issuer Name's encoding and the
 * serial's content octets, or a primitive `[0]` SubjectKeyIdentifier.
 */
function signerIdentifierOf(bytes: Uint8Array, element: DerElement): SignerIdentifier | undefined {
  if (isContext(element, 0, false)) {
    if (element.end === element.contentStart) return undefined;
    return { kind: "subject-key-identifier", keyId: copy(contentOf(bytes, element)) };
  }
  const fields = fieldsOf(bytes, element, SEQUENCE, MAX_FIELDS);
  if (fields?.length !== 2) return undefined;
  const [issuer, serialNumber] = fields as [DerElement, DerElement];
  if (!isName(bytes, issuer) || !isUniversal(serialNumber, INTEGER, false)) return undefined;
  return { kind: "issuer-and-serial", issuer: copy(encodingOf(bytes, issuer)), serialNumber: copy(contentOf(bytes, serialNumber)) };
}

/**
 * Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY } (RFC 5280 §4.1.2.4), none of them
 * empty and each pair exactly two fields, so pkijs reads it without complaint.
 */
function isName(bytes: Uint8Array, element: DerElement): boolean {
  const parts = fieldsOf(bytes, element, SEQUENCE, MAX_NAME_PARTS);
  if (!parts || parts.length === 0) return false;
  return parts.every((part) =>
    isSetOf(bytes, part, MAX_NAME_PARTS, (pair) => {
      const typeAndValue = fieldsOf(bytes, pair, SEQUENCE, MAX_FIELDS);
      return typeAndValue?.length === 2 && isUniversal(typeAndValue[0]!, OBJECT_IDENTIFIER, false);
    }),
  );
}
