/**
 * X.509 certificates as a profile uses them: the signer chain in the CMS and the
 * `DeveloperCertificates` the profile authorises. Source of truth: RFC 5280 §4.1 for the
 * structure; Apple's marker OIDs come from apple-oss-distributions/Security
 * (`SecPolicy.c`, `oidsattr.c`; catalogue §4.1).
 *
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serialNumber, signature,
 *                     issuer Name, validity { notBefore, notAfter }, subject Name, subjectPublicKeyInfo,
 *                     …, [3] extensions }, signatureAlgorithm, signatureValue BIT STRING }
 *
 * pkijs reads the names, dates and extensions; `node:crypto` (in `verify.ts`) does the
 * cryptography, because it is synchronous and already knows every key type Apple uses; `der.ts`
 * reads the issuer and serial number a CMS signer is named by.
 */
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { DeveloperCertificate, DeveloperCertificateKind } from "../../model/profile.js";
import { contentOf, encodingOf, isFault, readChildren, readOnlyElement, TAG_CLASS_CONTEXT, TAG_CLASS_UNIVERSAL, type DerElement } from "./der.js";

const OID_COMMON_NAME = "2.5.4.3";
const OID_ORGANIZATION = "2.5.4.10";
const OID_ORGANIZATIONAL_UNIT = "2.5.4.11";

/**
 * Apple's leaf marker extensions: their presence, not their value, says what a developer
 * certificate is for. Unified "Apple Development" / "Apple Distribution" certificates carry the
 * iPhone and Mac markers together, so the order below decides: Developer ID first, then distribution.
 */
const MARKER_KINDS: readonly (readonly [oid: string, kind: DeveloperCertificateKind])[] = [
  ["1.2.840.113635.100.6.1.13", "developer-id"], // Developer ID Application
  ["1.2.840.113635.100.6.1.4", "distribution"], // iPhone Distribution
  ["1.2.840.113635.100.6.1.7", "distribution"], // 3rd Party Mac Developer Application
  ["1.2.840.113635.100.6.1.25.1", "distribution"], // TestFlight
  ["1.2.840.113635.100.6.1.2", "development"], // iPhone Developer
  ["1.2.840.113635.100.6.1.12", "development"], // Mac Developer
];

/** A certificate is a few hundred nodes; the cap only stops hostile `<data>` from costing more. */
const CERTIFICATE_BER_LIMITS = { maxDepth: 32, maxNodes: 5_000, maxContentLength: 1024 * 1024, parseEmbedded: false } as const;

/** Parses DER into a pkijs Certificate, or `undefined` when the bytes are not one. Never throws. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate | undefined {
  try {
    const asn = asn1js.fromBER(der, CERTIFICATE_BER_LIMITS);
    if (asn.offset === -1) return undefined;
    return new pkijs.Certificate({ schema: asn.result });
  } catch {
    return undefined;
  }
}

/** The bounds `cms.ts` reads a whole CMS with, so a name read from one parses here too. */
const NAME_BER_LIMITS = { maxDepth: 64, maxNodes: 50_000, maxContentLength: 64 * 1024 * 1024, parseEmbedded: false } as const;

/** Parses a Name's encoding (RFC 5280 §4.1.2.4) for pkijs's name comparison, or `undefined`. Never throws. */
export function parseName(der: Uint8Array): pkijs.RelativeDistinguishedNames | undefined {
  try {
    const asn = asn1js.fromBER(der, NAME_BER_LIMITS);
    if (asn.offset === -1) return undefined;
    return new pkijs.RelativeDistinguishedNames({ schema: asn.result });
  } catch {
    return undefined;
  }
}

/** A certificate's issuer Name encoding and serial number content octets: what a CMS signer is named by. */
export interface IssuerAndSerial {
  readonly issuer: Uint8Array;
  readonly serialNumber: Uint8Array;
}

/**
 * Reads `tbsCertificate`'s serialNumber and issuer from DER without pkijs. Undefined for a
 * certificate that is not canonical DER up to there (its caller then asks pkijs). Never throws.
 *
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber INTEGER,
 *                                 signature AlgorithmIdentifier, issuer Name, … }
 */
export function issuerAndSerialOf(der: Uint8Array): IssuerAndSerial | undefined {
  const certificate = readOnlyElement(der);
  if (isFault(certificate) || !isUniversal(certificate, 16, true)) return undefined;
  const parts = readChildren(der, certificate, 3);
  if (isFault(parts)) return undefined;
  const tbs = parts[0];
  if (!tbs || !isUniversal(tbs, 16, true)) return undefined;
  const fields = readChildren(der, tbs, 10);
  if (isFault(fields)) return undefined;
  const first = fields[0];
  const offset = first && first.tagClass === TAG_CLASS_CONTEXT && first.tagNumber === 0 && first.constructed ? 1 : 0;
  const serialNumber = fields[offset];
  const issuer = fields[offset + 2];
  if (!serialNumber || !issuer || !isUniversal(serialNumber, 2, false) || !isUniversal(issuer, 16, true)) return undefined;
  return { issuer: encodingOf(der, issuer), serialNumber: contentOf(der, serialNumber) };
}

function isUniversal(element: DerElement, tagNumber: number, constructed: boolean): boolean {
  return element.tagClass === TAG_CLASS_UNIVERSAL && element.tagNumber === tagNumber && element.constructed === constructed;
}

/** The first value of `oid` in a name, as text. */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  for (const attribute of name.typesAndValues) {
    if (attribute.type !== oid) continue;
    const value: unknown = (attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
    if (typeof value === "string") return value;
  }
  return undefined;
}

export function commonNameOf(certificate: pkijs.Certificate): string | undefined {
  return nameAttribute(certificate.subject, OID_COMMON_NAME);
}

/** The CN, or the whole subject as `type=value` pairs when there is no CN (chains are listed by these). */
export function displayNameOf(certificate: pkijs.Certificate): string {
  const commonName = commonNameOf(certificate);
  if (commonName !== undefined) return commonName;
  return certificate.subject.typesAndValues
    .map((attribute) => `${attribute.type}=${String((attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? "?")}`)
    .join(", ");
}

export function certificateKindOf(certificate: pkijs.Certificate): DeveloperCertificateKind {
  const present = new Set((certificate.extensions ?? []).map((extension) => extension.extnID));
  for (const [oid, kind] of MARKER_KINDS) if (present.has(oid)) return kind;
  return "unknown";
}

/** `notBefore`/`notAfter` as dates; `undefined` when a time did not decode to a real date. */
export function validityOf(certificate: pkijs.Certificate): { notBefore?: Date; notAfter?: Date } {
  const validity: { notBefore?: Date; notAfter?: Date } = {};
  const notBefore = certificate.notBefore.value;
  const notAfter = certificate.notAfter.value;
  if (notBefore instanceof Date && !Number.isNaN(notBefore.getTime())) validity.notBefore = notBefore;
  if (notAfter instanceof Date && !Number.isNaN(notAfter.getTime())) validity.notAfter = notAfter;
  return validity;
}

export function hexDigest(algorithm: "sha1" | "sha256", bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest("hex");
}

/**
 * One `DeveloperCertificates` entry. Bytes that are not a certificate still get fingerprints
 * (a code signature can be compared against them) but no names and no kind.
 */
export function developerCertificateOf(der: Uint8Array): DeveloperCertificate {
  const sha256 = hexDigest("sha256", der);
  // A team's certificates repeat in every profile of the team: parse each once per process.
  const cached = developerCertificates.get(sha256);
  if (cached) return { ...cached };
  const result = describeDeveloperCertificate(der, sha256);
  if (developerCertificates.size >= CERTIFICATE_CACHE_SIZE) developerCertificates.clear();
  developerCertificates.set(sha256, result);
  return { ...result };
}

/** Bounded: a hostile tree of distinct certificates only costs the parse, never unbounded memory. */
const CERTIFICATE_CACHE_SIZE = 256;
const developerCertificates = new Map<string, DeveloperCertificate>();

function describeDeveloperCertificate(der: Uint8Array, sha256: string): DeveloperCertificate {
  const result: DeveloperCertificate = { sha256, sha1: hexDigest("sha1", der) };
  const certificate = parseCertificate(der);
  if (!certificate) return result;
  const commonName = commonNameOf(certificate);
  const organization = nameAttribute(certificate.subject, OID_ORGANIZATION);
  const teamId = nameAttribute(certificate.subject, OID_ORGANIZATIONAL_UNIT);
  const { notBefore, notAfter } = validityOf(certificate);
  if (commonName !== undefined) result.subjectCommonName = commonName;
  if (organization !== undefined) result.organization = organization;
  if (teamId !== undefined) result.teamId = teamId;
  if (notBefore) result.notBefore = notBefore.toISOString();
  if (notAfter) result.notAfter = notAfter.toISOString();
  result.kind = certificateKindOf(certificate);
  return result;
}
