/**
 * The fast path of `certificateFactsOf` (`x509.ts`): the fields of an X.509 certificate ne-lint uses,
 * read straight from canonical DER with `der.ts`. Source of truth: RFC 5280 §4.1 for the structure,
 * ITU-T X.690 §8 and §10–11 for the encoding (`der-values.ts`):
 *
 *   Certificate    ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT INTEGER OPTIONAL, serialNumber INTEGER,
 *                      signature AlgorithmIdentifier, issuer Name, validity SEQUENCE { notBefore Time, notAfter Time },
 *                      subject Name, subjectPublicKeyInfo SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING },
 *                      issuerUniqueID [1] OPTIONAL, subjectUniqueID [2] OPTIONAL, extensions [3] EXPLICIT SEQUENCE OF Extension OPTIONAL }
 *   Name           ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }
 *   Extension      ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 *
 * Why hand-written when pkijs reads certificates already: asn1js builds an object per node and pkijs
 * matches its schemas over them, about 0.8 ms a certificate once warm and several times that cold.
 * A lint reads every distinct certificate once (the CMS chains and every team's
 * `DeveloperCertificates`): 18 on the corpus, 44–66 ms of its CPU profile. And the ~400 KB pkijs +
 * asn1js bundle costs about 20 ms to load and compile in every run that needs it. This reader takes
 * 15–30 µs a certificate, and when it and `cms-der.ts` read every profile of a run, pkijs is never
 * loaded (`pkijs-loader.ts`).
 *
 * It must give exactly what the pkijs path (`pkijs-fallback.ts`) gives, so it returns `undefined`, and
 * the certificate goes to pkijs, for anything it is not sure pkijs reads the same way:
 *  - not canonical DER, bytes after the certificate, or any element asn1js might refuse while it
 *    decodes the whole certificate (`isPlainElement`, as in `cms-der.ts`);
 *  - any field order or count other than above (pkijs skips unknown trailing fields), unique
 *    identifiers, a version other than v1–v3, an empty name, RDN or extension list;
 *  - a name attribute whose value is not a character string `characterStringOf` decodes;
 *  - a subjectKeyIdentifier extension whose value is not exactly one OCTET STRING.
 * `test/decode/certificate-fast-path.test.ts` holds the two readers to deep equality on every fixture
 * certificate, every certificate of the real corpus and thousands of mutations. Never throws.
 */
import { contentOf, encodingOf, isFault, readChildren, readElement, readOnlyElement, walkElements, type DerElement } from "./der.js";
import {
  characterStringOf, copy, fieldsOf, isContext, isPlainElement, isUniversal, oidText, timeOf,
  BIT_STRING, BOOLEAN, INTEGER, OCTET_STRING, SEQUENCE, SET,
} from "./der-values.js";
import { certificateFacts, type CertificateFacts, type NameAttribute } from "./certificate-facts.js";

/**
 * Well inside the asn1js budgets the pkijs path reads a certificate with (depth 32, 5,000 nodes, 1 MiB
 * of content). A real certificate is 1–2 KB, about 150 elements and 6 levels deep (extension values
 * are OCTET STRINGs, not looked into).
 */
const WALK_LIMITS = { maxDepth: 16, maxElements: 2_000 } as const;
const MAX_CERTIFICATE_BYTES = 64 * 1024;
/** Fields of TBSCertificate (10 at most) and of the smaller SEQUENCEs read here. */
const MAX_FIELDS = 12;
const MAX_NAME_PARTS = 64;
const MAX_EXTENSIONS = 256;

const OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

export function readCanonicalCertificate(der: Uint8Array): CertificateFacts | undefined {
  if (der.length > MAX_CERTIFICATE_BYTES) return undefined;
  const root = readOnlyElement(der);
  if (isFault(root) || isFault(walkElements(der, root, WALK_LIMITS, (element) => isPlainElement(der, element)))) return undefined;

  const parts = fieldsOf(der, root, SEQUENCE, MAX_FIELDS);
  if (parts?.length !== 3) return undefined;
  const [tbs, signatureAlgorithm, signatureValue] = parts as [DerElement, DerElement, DerElement];
  if (!isAlgorithmIdentifier(der, signatureAlgorithm) || !isUniversal(signatureValue, BIT_STRING, false)) return undefined;

  const fields = fieldsOf(der, tbs, SEQUENCE, MAX_FIELDS);
  if (!fields) return undefined;
  let next = 0;
  if (fields[0] && isContext(fields[0], 0, true)) {
    if (!isVersion(der, fields[0])) return undefined;
    next += 1;
  }
  const serialNumber = fields[next++];
  const signature = fields[next++];
  const issuer = fields[next++];
  const validity = fields[next++];
  const subject = fields[next++];
  const subjectPublicKeyInfo = fields[next++];
  if (!serialNumber || !signature || !issuer || !validity || !subject || !subjectPublicKeyInfo) return undefined;
  if (!isUniversal(serialNumber, INTEGER, false) || !isAlgorithmIdentifier(der, signature)) return undefined;

  const issuerAttributes = nameAttributesOf(der, issuer);
  const subjectAttributes = nameAttributesOf(der, subject);
  const times = fieldsOf(der, validity, SEQUENCE, MAX_FIELDS);
  if (!issuerAttributes || !subjectAttributes || times?.length !== 2) return undefined;
  const notBefore = timeOf(der, times[0]!);
  const notAfter = timeOf(der, times[1]!);
  const subjectPublicKey = subjectPublicKeyOf(der, subjectPublicKeyInfo);
  if (!notBefore || !notAfter || !subjectPublicKey) return undefined;

  let extensions: Extensions = { ids: [], subjectKeyIdentifier: undefined };
  const explicitExtensions = fields[next];
  if (explicitExtensions && isContext(explicitExtensions, 3, true)) {
    next += 1;
    const read = extensionsOf(der, explicitExtensions);
    if (!read) return undefined;
    extensions = read;
  }
  // Anything left is a unique identifier (not read here) or a field pkijs would skip.
  if (next !== fields.length) return undefined;

  return certificateFacts({
    serialNumber: copy(contentOf(der, serialNumber)),
    issuer: copy(encodingOf(der, issuer)),
    subject: copy(encodingOf(der, subject)),
    subjectAttributes,
    notBefore: notBefore.getTime(),
    notAfter: notAfter.getTime(),
    extensionIds: extensions.ids,
    subjectKeyIdentifier: extensions.subjectKeyIdentifier,
    subjectPublicKey,
  });
}

/**
 * The attributes of a Name given as its own encoding (a CMS signer's issuer, a certificate's issuer
 * or subject), for the name comparison in `x509.ts`; undefined where `readCanonicalCertificate` would
 * decline the name. Never throws.
 */
export function readCanonicalNameAttributes(der: Uint8Array): NameAttribute[] | undefined {
  if (der.length > MAX_CERTIFICATE_BYTES) return undefined;
  const root = readOnlyElement(der);
  if (isFault(root) || isFault(walkElements(der, root, WALK_LIMITS, (element) => isPlainElement(der, element)))) return undefined;
  return nameAttributesOf(der, root);
}

/** `[0] EXPLICIT Version`: one INTEGER v1, v2 or v3 (0–2) in one octet. */
function isVersion(der: Uint8Array, explicit: DerElement): boolean {
  const inner = readChildren(der, explicit, 2);
  if (isFault(inner) || inner.length !== 1) return false;
  const version = inner[0]!;
  return isUniversal(version, INTEGER, false) && version.end - version.contentStart === 1 && der[version.contentStart]! <= 2;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2). */
function isAlgorithmIdentifier(der: Uint8Array, element: DerElement): boolean {
  const fields = fieldsOf(der, element, SEQUENCE, MAX_FIELDS);
  return fields !== undefined && fields.length >= 1 && fields.length <= 2 && oidText(der, fields[0]!) !== undefined;
}

/**
 * Name (RFC 5280 §4.1.2.4): every attribute in order, each a character string; undefined for an
 * empty name or RDN, a pair that is not exactly (OID, value), or any other kind of value.
 */
function nameAttributesOf(der: Uint8Array, element: DerElement): NameAttribute[] | undefined {
  const relativeNames = fieldsOf(der, element, SEQUENCE, MAX_NAME_PARTS);
  if (!relativeNames || relativeNames.length === 0) return undefined;
  const attributes: NameAttribute[] = [];
  for (const relativeName of relativeNames) {
    const pairs = fieldsOf(der, relativeName, SET, MAX_NAME_PARTS);
    if (!pairs || pairs.length === 0) return undefined;
    for (const pair of pairs) {
      const typeAndValue = fieldsOf(der, pair, SEQUENCE, MAX_FIELDS);
      if (typeAndValue?.length !== 2) return undefined;
      const type = oidText(der, typeAndValue[0]!);
      const value = characterStringOf(der, typeAndValue[1]!);
      if (type === undefined || value === undefined) return undefined;
      attributes.push({ type, value, isText: true });
    }
  }
  return attributes;
}

/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): the BIT STRING's bits after its unused-bits octet. */
function subjectPublicKeyOf(der: Uint8Array, element: DerElement): Uint8Array | undefined {
  const fields = fieldsOf(der, element, SEQUENCE, MAX_FIELDS);
  if (fields?.length !== 2 || !isAlgorithmIdentifier(der, fields[0]!) || !isUniversal(fields[1]!, BIT_STRING, false)) return undefined;
  return copy(der.subarray(fields[1]!.contentStart + 1, fields[1]!.end));
}

interface Extensions {
  readonly ids: string[];
  readonly subjectKeyIdentifier: Uint8Array | undefined;
}

/** `[3] EXPLICIT Extensions` (RFC 5280 §4.1.2.9): each extnID in order, and the first key identifier. */
function extensionsOf(der: Uint8Array, explicit: DerElement): Extensions | undefined {
  const inner = readChildren(der, explicit, 2);
  if (isFault(inner) || inner.length !== 1) return undefined;
  const extensions = fieldsOf(der, inner[0]!, SEQUENCE, MAX_EXTENSIONS);
  if (!extensions || extensions.length === 0) return undefined;
  const ids: string[] = [];
  let subjectKeyIdentifier: Uint8Array | undefined;
  let sawSubjectKeyIdentifier = false;
  for (const extension of extensions) {
    const fields = fieldsOf(der, extension, SEQUENCE, MAX_FIELDS);
    if (!fields || fields.length < 2 || fields.length > 3) return undefined;
    const id = oidText(der, fields[0]!);
    // With three fields the middle one is `critical`; the walk has checked it is a one-octet BOOLEAN if universal.
    if (fields.length === 3 && !isUniversal(fields[1]!, BOOLEAN, false)) return undefined;
    const value = fields[fields.length - 1]!;
    if (id === undefined || !isUniversal(value, OCTET_STRING, false)) return undefined;
    ids.push(id);
    if (id === OID_SUBJECT_KEY_IDENTIFIER && !sawSubjectKeyIdentifier) {
      sawSubjectKeyIdentifier = true;
      subjectKeyIdentifier = keyIdentifierOf(der, value);
      if (!subjectKeyIdentifier) return undefined;
    }
  }
  return { ids, subjectKeyIdentifier };
}

/** SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING), the extnValue's only content; its octets. */
function keyIdentifierOf(der: Uint8Array, extnValue: DerElement): Uint8Array | undefined {
  const inner = readElement(der, extnValue.contentStart, extnValue.end);
  if (isFault(inner) || inner.end !== extnValue.end || !isUniversal(inner, OCTET_STRING, false)) return undefined;
  return copy(contentOf(der, inner));
}
