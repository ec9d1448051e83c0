/**
 * What ne-lint reads from an X.509 certificate (RFC 5280 §4.1), as plain frozen data that both
 * certificate readers produce: `x509-der.ts` (canonical DER) and `pkijs-fallback.ts` (everything else).
 * A leaf module, so the pkijs fallback can be loaded with `require()` (see `pkijs-loader.ts`).
 */

/** One attribute of a Name, in encoding order with the RDN sets flattened (as pkijs's `typesAndValues`). */
export interface NameAttribute {
  /** The attribute type OID, dotted. */
  readonly type: string;
  /**
   * The value's text when asn1js decodes it to text (every character string type); otherwise what a
   * chain listing shows for it (pkijs's value block as a string, or `?`).
   */
  readonly value: string;
  /** Whether `value` is the attribute's own text, so it can serve as a CN, O or OU. */
  readonly isText: boolean;
}

/**
 * What ne-lint reads from a certificate, the same whichever reader produced it. Frozen and shared by
 * every profile that carries the certificate: the byte arrays must never be written to.
 */
export interface CertificateFacts {
  /** The serialNumber INTEGER's content octets (what a CMS signer names it by). */
  readonly serialNumber: Uint8Array;
  /** The issuer Name's encoding. */
  readonly issuer: Uint8Array;
  /** The subject Name's encoding. */
  readonly subject: Uint8Array;
  readonly subjectAttributes: readonly NameAttribute[];
  /** notBefore and notAfter in milliseconds since the epoch; undefined when a time is not a real date. */
  readonly notBefore: number | undefined;
  readonly notAfter: number | undefined;
  /** Every extension's extnID, in order. */
  readonly extensionIds: readonly string[];
  /** The first subjectKeyIdentifier extension's key identifier (RFC 5280 §4.2.1.2), when it reads as one. */
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  /** The subjectPublicKey BIT STRING's bits, without the unused-bits octet. */
  readonly subjectPublicKey: Uint8Array;
}

/** The one way facts are made, so both readers give objects of the same shape, frozen. */
export function certificateFacts(fields: CertificateFacts): CertificateFacts {
  return Object.freeze({
    serialNumber: fields.serialNumber,
    issuer: fields.issuer,
    subject: fields.subject,
    subjectAttributes: Object.freeze(fields.subjectAttributes.map((attribute) => Object.freeze({ type: attribute.type, value: attribute.value, isText: attribute.isText }))),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    extensionIds: Object.freeze([...fields.extensionIds]),
    subjectKeyIdentifier: fields.subjectKeyIdentifier,
    subjectPublicKey: fields.subjectPublicKey,
  });
}
