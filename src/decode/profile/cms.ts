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
 * declines anything else, and then asn1js's BER decoder and pkijs's schemas (about 6 ms a profile,
 * `pkijs-fallback.ts`, loaded only then) read it, and give every error message. The certificates are
 * read the same way after either (`x509.ts`). Structure is decoded here; trust is decided in `verify.ts`.
 */
import { readCanonicalSignedData } from "./cms-der.js";
import type { CmsSignerInfo, EnvelopeReadOptions, SignedDataEnvelope } from "./envelope.js";
import { pkijsFallback } from "./pkijs-loader.js";
import { certificateFactsOf, type CertificateFacts } from "./x509.js";

export type { CmsSignerInfo, SignerIdentifier } from "./envelope.js";

const MAX_SIGNERS = 16;
const MAX_CERTIFICATES = 64;
/** Certificate choices looked at: attribute and "other" certificates are skipped, but not without end. */
const MAX_CERTIFICATE_CHOICES = MAX_CERTIFICATES * 4;

export interface CmsCertificate {
  /** The certificate's own encoding as it appears in the CMS. */
  readonly der: Uint8Array;
  readonly facts: CertificateFacts;
}

export interface CmsSignedData {
  readonly eContentType: string;
  /** eContent with constructed OCTET STRING pieces joined. */
  readonly content: Uint8Array;
  readonly certificates: CmsCertificate[];
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
  const readOptions = envelopeReadOptions(options);
  const envelope = readCanonicalSignedData(bytes, readOptions) ?? pkijsFallback().readSignedDataWithPkijs(bytes, readOptions);
  return withCertificates(envelope);
}

/**
 * One reader only, for the tests that hold the two to the same result and for the benchmark: `fast`
 * returns `undefined` where it declines, `pkijs` is the reader every declined file goes to. Not part
 * of the public API.
 */
export function decodeSignedDataWith(bytes: Uint8Array, options: DecodeSignedDataOptions & { readonly path: "fast" | "pkijs" }): CmsSignedData | undefined {
  const readOptions = envelopeReadOptions(options);
  const envelope = options.path === "fast" ? readCanonicalSignedData(bytes, readOptions) : pkijsFallback().readSignedDataWithPkijs(bytes, readOptions);
  return envelope && withCertificates(envelope);
}

function envelopeReadOptions(options: DecodeSignedDataOptions): EnvelopeReadOptions {
  return { detached: options.detached === true, maxSigners: MAX_SIGNERS, maxCertificateChoices: MAX_CERTIFICATE_CHOICES };
}

function withCertificates(envelope: SignedDataEnvelope): CmsSignedData {
  const certificates: CmsCertificate[] = [];
  for (const der of envelope.certificateEncodings) {
    // Attribute certificates and "other" choices do not read as certificates and cannot be in a signer's chain.
    const facts = certificateFactsOf(der);
    if (facts) certificates.push({ der, facts });
    if (certificates.length >= MAX_CERTIFICATES) break;
  }
  return { eContentType: envelope.eContentType, content: envelope.content, certificates, signers: envelope.signers };
}
