/**
 * CMS SignedData, the envelope of a provisioning profile. Source of truth: RFC 5652 §3, §5
 * (https://www.rfc-editor.org/rfc/rfc5652). Apple documents no format of its own (TN3125) but
 * signs profiles as attached SignedData.
 *
 *   ContentInfo ::= SEQUENCE { contentType OID 1.2.840.113549.1.7.2, content [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version, digestAlgorithms SET,
 *                              encapContentInfo SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL },
 *                              certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL,
 *                              crls [1] IMPLICIT OPTIONAL, signerInfos SET OF SignerInfo }
 *   SignerInfo  ::= SEQUENCE { version, sid (IssuerAndSerialNumber | [0] SubjectKeyIdentifier),
 *                              digestAlgorithm, signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
 *                              signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] OPTIONAL }
 *
 * Real Apple profiles are definite-length DER with a primitive eContent, but BER (indefinite
 * lengths, a constructed OCTET STRING) is legal and is what `openssl cms -stream` writes. So there
 * are two readers with one result: `cms-der.ts` reads the canonical DER shape in microseconds and
 * declines anything else, and then asn1js's BER decoder and pkijs's schemas (about 6 ms a profile)
 * read it, and give every error message. The certificates are parsed the same way after either.
 * Structure is decoded here; trust is decided in `verify.ts`.
 */
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DecodeFailure } from "../result.js";
import { readCanonicalSignedData, type CanonicalReadOptions } from "./cms-der.js";
import { parseCertificate } from "./x509.js";

export const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";
export const OID_DATA = "1.2.840.113549.1.7.1";
const OID_CONTENT_TYPE_ATTR = "1.2.840.113549.1.9.3";
const OID_MESSAGE_DIGEST_ATTR = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME_ATTR = "1.2.840.113549.1.9.5";

/**
 * Bounds for asn1js on hostile input. A real profile has 3 certificates and about 1,000 ASN.1
 * nodes; embedded ASN.1 inside OCTET STRINGs is not parsed because nothing here needs it and it
 * multiplies the work an attacker can cause.
 */
const BER_LIMITS = { maxDepth: 64, maxNodes: 50_000, maxContentLength: 64 * 1024 * 1024, parseEmbedded: false } as const;
const MAX_SIGNERS = 16;
const MAX_CERTIFICATES = 64;
/** Certificate choices looked at: attribute and "other" certificates are skipped, but not without end. */
const MAX_CERTIFICATE_CHOICES = MAX_CERTIFICATES * 4;

/**
 * Who signed (RFC 5652 §5.3), as bytes so both readers give the same value and `verify.ts` can
 * compare it with a certificate's own issuer and serial number.
 */
export type SignerIdentifier =
  | {
      readonly kind: "issuer-and-serial";
      /** The issuer Name's encoding, exactly as the SignerInfo carries it. */
      readonly issuer: Uint8Array;
      /** The serial number INTEGER's content octets. */
      readonly serialNumber: Uint8Array;
    }
  | { readonly kind: "subject-key-identifier"; readonly keyId: Uint8Array };

export interface CmsSignerInfo {
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  /** The DER the signature covers: signedAttrs re-tagged as SET OF (RFC 5652 §5.4). Absent without signed attributes. */
  readonly signedAttributesDer?: Uint8Array;
  readonly messageDigest?: Uint8Array;
  readonly signingTime?: Date;
  readonly contentType?: string;
}

export interface CmsCertificate {
  /** The certificate's own encoding as it appears in the CMS. */
  readonly der: Uint8Array;
  readonly parsed: pkijs.Certificate;
}

export interface CmsSignedData {
  readonly eContentType: string;
  /** eContent with constructed OCTET STRING pieces joined. */
  readonly content: Uint8Array;
  readonly certificates: CmsCertificate[];
  readonly signers: CmsSignerInfo[];
}

/** What either reader takes out of the SignedData, before the certificates are parsed. */
export interface SignedDataEnvelope {
  readonly eContentType: string;
  readonly content: Uint8Array;
  /** Each CertificateChoices element's own encoding, in order, at most `MAX_CERTIFICATE_CHOICES`. */
  readonly certificateEncodings: Uint8Array[];
  readonly signers: CmsSignerInfo[];
}

export interface DecodeSignedDataOptions {
  /**
   * Accept a signature without content (a code signature's CMS blob signs the CodeDirectory, which
   * lives beside it); `content` is then empty.
   */
  readonly detached?: boolean;
}

/**
 * Decodes the envelope; throws `DecodeFailure` (`cms-invalid`, `cms-no-content`), to be caught by the caller's
 * `guardDecode`. Canonical DER takes the fast reader; anything it declines, the asn1js/pkijs reader.
 */
export function decodeSignedData(bytes: Uint8Array, options: DecodeSignedDataOptions = {}): CmsSignedData {
  const envelope = readCanonicalSignedData(bytes, canonicalReadOptions(options)) ?? readWithPkijs(bytes, options);
  return withCertificates(envelope);
}

/**
 * One reader only, for the tests that hold the two to the same result and for the benchmark: `fast`
 * returns `undefined` where it declines, `pkijs` is the reader every declined file goes to. Not part
 * of the public API.
 */
export function decodeSignedDataWith(bytes: Uint8Array, options: DecodeSignedDataOptions & { readonly path: "fast" | "pkijs" }): CmsSignedData | undefined {
  const envelope = options.path === "fast" ? readCanonicalSignedData(bytes, canonicalReadOptions(options)) : readWithPkijs(bytes, options);
  return envelope && withCertificates(envelope);
}

function canonicalReadOptions(options: DecodeSignedDataOptions): CanonicalReadOptions {
  return { detached: options.detached === true, maxSigners: MAX_SIGNERS, maxCertificateChoices: MAX_CERTIFICATE_CHOICES };
}

function readWithPkijs(bytes: Uint8Array, options: DecodeSignedDataOptions): SignedDataEnvelope {
  const asn = readBer(bytes);
  if (asn.offset === -1) {
    throw new DecodeFailure("cms-invalid", `the file is not a DER/BER CMS structure (${asn.result.error || "malformed encoding"}).`, { byteOffset: 0 });
  }
  const contentInfo = fromSchema(() => new pkijs.ContentInfo({ schema: asn.result }), "ContentInfo");
  if (contentInfo.contentType !== OID_SIGNED_DATA) {
    throw new DecodeFailure("cms-invalid", `the CMS content type is ${contentInfo.contentType}, not SignedData (${OID_SIGNED_DATA}).`);
  }
  // The certificates are taken out before pkijs reads the SignedData: they are the same Apple chain and team
  // certificates in every profile, and parsing each once per process (cached by fingerprint) is most of the
  // saving on a tree of profiles.
  const certificateEncodings = detachCertificates(contentInfo.content);
  const signedData = fromSchema(() => new pkijs.SignedData({ schema: contentInfo.content }), "SignedData");

  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent && !options.detached) {
    throw new DecodeFailure("cms-no-content", "the CMS SignedData is detached: it carries no encapsulated content to read the profile from.");
  }
  if (eContent && !(eContent instanceof asn1js.OctetString)) {
    throw new DecodeFailure("cms-invalid", "the CMS encapsulated content is not an OCTET STRING.");
  }
  const content = eContent instanceof asn1js.OctetString ? new Uint8Array(eContent.getValue()) : new Uint8Array(0);

  if (signedData.signerInfos.length > MAX_SIGNERS) {
    throw new DecodeFailure("cms-invalid", `the CMS SignedData declares ${signedData.signerInfos.length} signers, more than the ${MAX_SIGNERS} ne-lint accepts.`);
  }
  return {
    eContentType: signedData.encapContentInfo.eContentType,
    content,
    certificateEncodings,
    signers: signedData.signerInfos.map(signerInfoOf),
  };
}

function withCertificates(envelope: SignedDataEnvelope): CmsSignedData {
  const certificates: CmsCertificate[] = [];
  for (const der of envelope.certificateEncodings) {
    // Attribute certificates and "other" choices do not parse as certificates and cannot be in a signer's chain.
    const parsed = parseCertificateCached(der);
    if (parsed) certificates.push({ der, parsed });
    if (certificates.length >= MAX_CERTIFICATES) break;
  }
  return { eContentType: envelope.eContentType, content: envelope.content, certificates, signers: envelope.signers };
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
function detachCertificates(signedDataSchema: unknown): Uint8Array[] {
  if (!(signedDataSchema instanceof asn1js.Sequence)) return [];
  const fields = signedDataSchema.valueBlock.value;
  const index = fields.findIndex((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0 && field instanceof asn1js.Constructed);
  if (index < 0) return [];
  const field = fields[index] as asn1js.Constructed;
  fields.splice(index, 1);
  return field.valueBlock.value.slice(0, MAX_CERTIFICATE_CHOICES).map((choice) => new Uint8Array(choice.valueBeforeDecodeView));
}

const CERTIFICATE_CACHE_SIZE = 256;
const parsedCertificates = new Map<string, pkijs.Certificate | null>();

function parseCertificateCached(der: Uint8Array): pkijs.Certificate | undefined {
  const key = createHash("sha256").update(der).digest("hex");
  const known = parsedCertificates.get(key);
  if (known !== undefined) return known ?? undefined;
  const parsed = parseCertificate(der);
  if (parsedCertificates.size >= CERTIFICATE_CACHE_SIZE) parsedCertificates.clear();
  parsedCertificates.set(key, parsed ?? null);
  return parsed;
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
