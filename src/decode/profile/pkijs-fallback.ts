/**
 * Everything ne-lint reads with asn1js and pkijs: the fallback of the canonical-DER readers
 * (`cms-der.ts`, `x509-der.ts`) for what they decline (BER, unusual shapes), the reader that gives
 * every error message, and the oracle the tests hold the fast readers to.
 *
 * Reached only through `pkijs-loader.ts`: with pkijs and asn1js this module is ~400 KB of bundle that
 * takes about 20 ms to load and compile, and a run whose profiles are all canonical DER never needs it,
 * so the bundle `require()`s it on first use (`pkijs-loader-bundled.ts`). `require()` refuses a module
 * graph with top-level `await`; this module therefore imports nothing of ours at run time but the
 * leaves `result.ts` and `certificate-facts.ts`.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DecodeFailure } from "../result.js";
import { certificateFacts, type CertificateFacts, type NameAttribute } from "./certificate-facts.js";
import type { CmsSignerInfo, EnvelopeReadOptions, SignedDataEnvelope, SignerIdentifier } from "./envelope.js";

const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";
const OID_CONTENT_TYPE_ATTR = "1.2.840.113549.1.9.3";
const OID_MESSAGE_DIGEST_ATTR = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME_ATTR = "1.2.840.113549.1.9.5";
const OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

/**
 * Bounds for asn1js on hostile input. A real profile has 3 certificates and about 1,000 ASN.1
 * nodes; embedded ASN.1 inside OCTET STRINGs is not parsed because nothing here needs it and it
 * multiplies the work an attacker can cause.
 */
const BER_LIMITS = { maxDepth: 64, maxNodes: 50_000, maxContentLength: 64 * 1024 * 1024, parseEmbedded: false } as const;
/** A certificate is a few hundred nodes; the cap only stops hostile `<data>` from costing more. */
const CERTIFICATE_BER_LIMITS = { maxDepth: 32, maxNodes: 5_000, maxContentLength: 1024 * 1024, parseEmbedded: false } as const;
/** The bounds a whole CMS is read with, so a name read from one parses here too. */
const NAME_BER_LIMITS = BER_LIMITS;

/**
 * Reads the SignedData envelope with asn1js's BER decoder and pkijs's schemas; throws `DecodeFailure`
 * (`cms-invalid`, `cms-no-content`) with the reason.
 */
export function readSignedDataWithPkijs(bytes: Uint8Array, options: EnvelopeReadOptions): SignedDataEnvelope {
  const asn = readBer(bytes);
  if (asn.offset === -1) {
    throw new DecodeFailure("cms-invalid", `the file is not a DER/BER CMS structure (${asn.result.error || "malformed encoding"}).`, { byteOffset: 0 });
  }
  const contentInfo = fromSchema(() => new pkijs.ContentInfo({ schema: asn.result }), "ContentInfo");
  if (contentInfo.contentType !== OID_SIGNED_DATA) {
    throw new DecodeFailure("cms-invalid", `the CMS content type is ${contentInfo.contentType}, not SignedData (${OID_SIGNED_DATA}).`);
  }
  // The certificates are taken out before pkijs reads the SignedData: they are the same Apple chain and team
  // certificates in every profile, and reading each once per process (cached by fingerprint) is most of the
  // saving on a tree of profiles.
  const certificateEncodings = detachCertificates(contentInfo.content, options.maxCertificateChoices);
  const signedData = fromSchema(() => new pkijs.SignedData({ schema: contentInfo.content }), "SignedData");

  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent && !options.detached) {
    throw new DecodeFailure("cms-no-content", "the CMS SignedData is detached: it carries no encapsulated content to read the profile from.");
  }
  if (eContent && !(eContent instanceof asn1js.OctetString)) {
    throw new DecodeFailure("cms-invalid", "the CMS encapsulated content is not an OCTET STRING.");
  }
  const content = eContent instanceof asn1js.OctetString ? new Uint8Array(eContent.getValue()) : new Uint8Array(0);

  if (signedData.signerInfos.length > options.maxSigners) {
    throw new DecodeFailure("cms-invalid", `the CMS SignedData declares ${signedData.signerInfos.length} signers, more than the ${options.maxSigners} ne-lint accepts.`);
  }
  return {
    eContentType: signedData.encapContentInfo.eContentType,
    content,
    certificateEncodings,
    signers: signedData.signerInfos.map(signerInfoOf),
  };
}

/** asn1js reports most bad encodings in its result but throws on some (a malformed GeneralizedTime). */
function readBer(bytes: Uint8Array): ReturnType<typeof asn1js.fromBER> {
  try {
    return asn1js.fromBER(bytes, BER_LIMITS);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DecodeFailure("cms-invalid", `the file is not a DER/BER CMS structure (${detail}).`, { byteOffset: 0 });
  }
}

function fromSchema<T>(build: () => T, what: string): T {
  try {
    return build();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DecodeFailure("cms-invalid", `the ${what} structure is malformed (${detail}).`);
  }
}

/**
 * Removes the `[0] IMPLICIT` certificate set from the SignedData SEQUENCE and returns each certificate's
 * exact encoding (fingerprints and `node:crypto` need the bytes, which pkijs does not keep).
 */
function detachCertificates(signedDataSchema: unknown, maxChoices: number): Uint8Array[] {
  if (!(signedDataSchema instanceof asn1js.Sequence)) return [];
  const fields = signedDataSchema.valueBlock.value;
  const index = fields.findIndex((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0 && field instanceof asn1js.Constructed);
  if (index < 0) return [];
  const field = fields[index] as asn1js.Constructed;
  fields.splice(index, 1);
  return field.valueBlock.value.slice(0, maxChoices).map((choice) => new Uint8Array(choice.valueBeforeDecodeView));
}

function signerInfoOf(signer: pkijs.SignerInfo): CmsSignerInfo {
  const sid = signerIdentifierOf(signer.sid as unknown);
  const attributes = signer.signedAttrs?.attributes ?? [];
  const encodedAttributes = signer.signedAttrs?.encodedValue;
  const info: {
    -readonly [K in keyof CmsSignerInfo]: CmsSignerInfo[K];
  } = {
    sid,
    digestAlgorithm: signer.digestAlgorithm.algorithmId,
    signatureAlgorithm: signer.signatureAlgorithm.algorithmId,
    signature: new Uint8Array(signer.signature.valueBlock.valueHexView),
  };
  if (signer.signedAttrs && encodedAttributes && encodedAttributes.byteLength > 0) {
    info.signedAttributesDer = new Uint8Array(encodedAttributes);
  }
  for (const attribute of attributes) {
    // pkijs leaves `values` undefined when an attribute's value set is empty (found by fuzzing).
    const value: unknown = attribute.values?.[0];
    switch (attribute.type) {
      case OID_MESSAGE_DIGEST_ATTR:
        if (value instanceof asn1js.OctetString) info.messageDigest = new Uint8Array(value.getValue());
        break;
      case OID_SIGNING_TIME_ATTR:
        if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
          const date = value.toDate();
          if (!Number.isNaN(date.getTime())) info.signingTime = date;
        }
        break;
      case OID_CONTENT_TYPE_ATTR:
        if (value instanceof asn1js.ObjectIdentifier) info.contentType = value.valueBlock.toString();
        break;
    }
  }
  return info;
}

function signerIdentifierOf(sid: unknown): SignerIdentifier {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return { kind: "issuer-and-serial", issuer: new Uint8Array(sid.issuer.valueBeforeDecode), serialNumber: new Uint8Array(sid.serialNumber.valueBlock.valueHexView) };
  }
  // [0] IMPLICIT SubjectKeyIdentifier: pkijs leaves it as a raw block, primitive or (in BER) constructed.
  if (sid instanceof asn1js.BaseBlock) {
    const pieces: unknown = sid.idBlock.isConstructed ? (sid.valueBlock as { value?: unknown }).value : undefined;
    const inner: unknown = Array.isArray(pieces) ? pieces[0] : sid;
    const hexView = (inner as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView;
    if (hexView) return { kind: "subject-key-identifier", keyId: new Uint8Array(hexView) };
  }
  throw new DecodeFailure("cms-invalid", "a CMS SignerInfo has a signer identifier that is neither IssuerAndSerialNumber nor SubjectKeyIdentifier.");
}

/** Parses DER into a pkijs Certificate, or `undefined` when the bytes are not one. Never throws. */
function parseCertificate(der: Uint8Array): pkijs.Certificate | undefined {
  try {
    const asn = asn1js.fromBER(der, CERTIFICATE_BER_LIMITS);
    if (asn.offset === -1) return undefined;
    return new pkijs.Certificate({ schema: asn.result });
  } catch {
    return undefined;
  }
}

/** The facts of a certificate as pkijs reads it, or `undefined` when the bytes are not a certificate. */
export function certificateFactsWithPkijs(der: Uint8Array): CertificateFacts | undefined {
  const certificate = parseCertificate(der);
  if (!certificate) return undefined;
  return certificateFacts({
    serialNumber: new Uint8Array(certificate.serialNumber.valueBlock.valueHexView),
    issuer: new Uint8Array(certificate.issuer.valueBeforeDecode),
    subject: new Uint8Array(certificate.subject.valueBeforeDecode),
    subjectAttributes: certificate.subject.typesAndValues.map(nameAttributeOf),
    notBefore: timeOf(certificate.notBefore),
    notAfter: timeOf(certificate.notAfter),
    extensionIds: (certificate.extensions ?? []).map((extension) => extension.extnID),
    subjectKeyIdentifier: subjectKeyIdentifierOf(certificate),
    subjectPublicKey: new Uint8Array(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  });
}

/** Text is what asn1js decoded a string-like value to; any other value is shown as its value block stringifies, or `?`. */
function nameAttributeOf(attribute: pkijs.AttributeTypeAndValue): NameAttribute {
  const value: unknown = (attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  return typeof value === "string" ? { type: attribute.type, value, isText: true } : { type: attribute.type, value: String(value ?? "?"), isText: false };
}

function timeOf(time: pkijs.Time): number | undefined {
  const value: unknown = time.value;
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
}

/** pkijs parses extension values lazily and may throw on hostile ones: such a key identifier is absent. */
function subjectKeyIdentifierOf(certificate: pkijs.Certificate): Uint8Array | undefined {
  try {
    const extension = certificate.extensions?.find((candidate) => candidate.extnID === OID_SUBJECT_KEY_IDENTIFIER);
    const value: unknown = extension?.parsedValue;
    const hex = (value as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView;
    return hex ? new Uint8Array(hex) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a Name's encoding (RFC 5280 §4.1.2.4) for pkijs's name comparison, or `undefined`. Never throws. */
function parseName(der: Uint8Array): pkijs.RelativeDistinguishedNames | undefined {
  try {
    const asn = asn1js.fromBER(der, NAME_BER_LIMITS);
    if (asn.offset === -1) return undefined;
    return new pkijs.RelativeDistinguishedNames({ schema: asn.result });
  } catch {
    return undefined;
  }
}

/** pkijs's name comparison of two Name encodings; false when either does not parse. */
export function namesEqualWithPkijs(left: Uint8Array, right: Uint8Array): boolean {
  const leftName = parseName(left);
  const rightName = leftName && parseName(right);
  return rightName !== undefined && leftName!.isEqual(rightName);
}
