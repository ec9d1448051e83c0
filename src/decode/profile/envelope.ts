/**
 * What the two CMS envelope readers — the canonical-DER one (`cms-der.ts`) and the pkijs fallback
 * (`pkijs-fallback.ts`) — are told and give back; `cms.ts` chooses between them. Its own module so
 * that neither reader depends on the module that chooses.
 */

/** How both envelope readers read, as `cms.ts` sets it. */
export interface EnvelopeReadOptions {
  /** Accept a SignedData without eContent (a code signature's detached CMS). */
  readonly detached: boolean;
  /** More signers than this: declined here, so the pkijs path reports it. */
  readonly maxSigners: number;
  /** Certificate choices kept, in order; the rest are ignored, on both paths. */
  readonly maxCertificateChoices: number;
}

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

/** What either reader takes out of the SignedData, before the certificates are parsed. */
export interface SignedDataEnvelope {
  readonly eContentType: string;
  readonly content: Uint8Array;
  /** Each CertificateChoices element's own encoding, in order, at most `MAX_CERTIFICATE_CHOICES`. */
  readonly certificateEncodings: Uint8Array[];
  readonly signers: CmsSignerInfo[];
}
