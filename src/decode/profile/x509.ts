/**
 * X.509 certificates as a profile uses them: the signer chain in the CMS and the
 * `DeveloperCertificates` the profile authorises. Source of truth: RFC 5280 §4.1 for the
 * structure; Apple's marker OIDs come from apple-oss-distributions/Security
 * (`SecPolicy.c`, `oidsattr.c`; docs/domain/profiles.md §4.1).
 *
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serialNumber, signature,
 *                     issuer Name, validity { notBefore, notAfter }, subject Name, subjectPublicKeyInfo,
 *                     …, [3] extensions }, signatureAlgorithm, signatureValue BIT STRING }
 *
 * A certificate is read once per process into `CertificateFacts`, the few fields ne-lint uses, by one
 * of two readers with one result: `x509-der.ts` reads canonical DER in microseconds and declines
 * anything else, and then asn1js and pkijs read it (`pkijs-fallback.ts`, loaded only then).
 * `node:crypto` (in `verify.ts`) does the cryptography, because it is synchronous and already knows
 * every key type Apple uses.
 */
import { createHash } from "node:crypto";
import type { DeveloperCertificate, DeveloperCertificateKind } from "../../model/profile.js";
import type { CertificateFacts } from "./certificate-facts.js";
import { pkijsFallback } from "./pkijs-loader.js";
import { readCanonicalCertificate, readCanonicalNameAttributes } from "./x509-der.js";

export type { CertificateFacts, NameAttribute } from "./certificate-facts.js";

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

/** Bounded: a hostile tree of distinct certificates only costs the reading, never unbounded memory. */
const CERTIFICATE_CACHE_SIZE = 256;
const factsBySha256 = new Map<string, CertificateFacts | null>();

/**
 * The facts of a DER certificate, or `undefined` when the bytes are not one (attribute certificates
 * and other CMS certificate choices, or any bytes in `DeveloperCertificates`). Canonical DER takes the
 * fast reader; anything it declines, pkijs. Each distinct certificate is read once per process: the
 * Apple chain and a team's certificates repeat in every profile. Never throws.
 */
export function certificateFactsOf(der: Uint8Array, sha256: string = hexDigest("sha256", der)): CertificateFacts | undefined {
  const known = factsBySha256.get(sha256);
  if (known !== undefined) return known ?? undefined;
  const facts = readCanonicalCertificate(der) ?? pkijsFallback().certificateFactsWithPkijs(der);
  if (factsBySha256.size >= CERTIFICATE_CACHE_SIZE) factsBySha256.clear();
  factsBySha256.set(sha256, facts ?? null);
  return facts;
}

/**
 * One reader only, uncached, for the tests that hold the two to the same facts and for the benchmark:
 * `fast` returns `undefined` where it declines, `pkijs` where the bytes are not a certificate. Not part
 * of the public API.
 */
export function certificateFactsWith(der: Uint8Array, path: "fast" | "pkijs"): CertificateFacts | undefined {
  return path === "fast" ? readCanonicalCertificate(der) : pkijsFallback().certificateFactsWithPkijs(der);
}

/**
 * Whether two Name encodings name the same entity, as pkijs's `RelativeDistinguishedNames.isEqual`
 * decides (RFC 5280 §7.1 in spirit: letter case, surrounding and repeated spaces, and the choice of
 * string type do not count). Equal encodings are equal names. Names of character strings are compared
 * here; anything else is left to pkijs itself.
 */
export function namesEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (Buffer.compare(left, right) === 0) return true;
  return namesEqualWith(left, right, "fast") ?? pkijsFallback().namesEqualWithPkijs(left, right);
}

/** One comparison only, for the tests: `fast` is undefined where either name is not one `x509-der.ts` reads. */
export function namesEqualWith(left: Uint8Array, right: Uint8Array, path: "fast" | "pkijs"): boolean | undefined {
  if (path === "pkijs") return pkijsFallback().namesEqualWithPkijs(left, right);
  const leftAttributes = readCanonicalNameAttributes(left);
  const rightAttributes = leftAttributes && readCanonicalNameAttributes(right);
  if (!leftAttributes || !rightAttributes) return undefined;
  if (leftAttributes.length !== rightAttributes.length) return false;
  return leftAttributes.every((attribute, index) => {
    const other = rightAttributes[index]!;
    if (attribute.type !== other.type) return false;
    // Every value read here is a character string, so pkijs compares the prepared strings.
    const mine = prepareForComparison(attribute.value);
    const theirs = prepareForComparison(other.value);
    // `localeCompare` is what pkijs calls; equal strings skip it (its first call loads ICU collation).
    return mine === theirs || mine.localeCompare(theirs) === 0;
  });
}

/** pkijs's `stringPrep`: trimmed, runs of U+0020 collapsed to one, lower case. */
function prepareForComparison(value: string): string {
  const trimmed = value.trim();
  let prepared = "";
  let inSpaces = false;
  for (let index = 0; index < trimmed.length; index++) {
    if (trimmed.charCodeAt(index) === 0x20) {
      inSpaces = true;
      continue;
    }
    if (inSpaces) {
      prepared += " ";
      inSpaces = false;
    }
    prepared += trimmed[index];
  }
  return prepared.toLowerCase();
}

/** The first value of `oid` in the subject that is text. */
export function subjectAttribute(certificate: CertificateFacts, oid: string): string | undefined {
  return certificate.subjectAttributes.find((attribute) => attribute.type === oid && attribute.isText)?.value;
}

export function commonNameOf(certificate: CertificateFacts): string | undefined {
  return subjectAttribute(certificate, OID_COMMON_NAME);
}

/** The CN, or the whole subject as `type=value` pairs when there is no CN (chains are listed by these). */
export function displayNameOf(certificate: CertificateFacts): string {
  return commonNameOf(certificate) ?? certificate.subjectAttributes.map((attribute) => `${attribute.type}=${attribute.value}`).join(", ");
}

export function certificateKindOf(certificate: CertificateFacts): DeveloperCertificateKind {
  const present = new Set(certificate.extensionIds);
  for (const [oid, kind] of MARKER_KINDS) if (present.has(oid)) return kind;
  return "unknown";
}

/** `notBefore`/`notAfter` as dates; absent when a time did not decode to a real date. */
export function validityOf(certificate: CertificateFacts): { notBefore?: Date; notAfter?: Date } {
  const validity: { notBefore?: Date; notAfter?: Date } = {};
  if (certificate.notBefore !== undefined) validity.notBefore = new Date(certificate.notBefore);
  if (certificate.notAfter !== undefined) validity.notAfter = new Date(certificate.notAfter);
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
  const result: DeveloperCertificate = { sha256, sha1: hexDigest("sha1", der) };
  const certificate = certificateFactsOf(der, sha256);
  if (!certificate) return result;
  const commonName = commonNameOf(certificate);
  const organization = subjectAttribute(certificate, OID_ORGANIZATION);
  const teamId = subjectAttribute(certificate, OID_ORGANIZATIONAL_UNIT);
  const { notBefore, notAfter } = validityOf(certificate);
  if (commonName !== undefined) result.subjectCommonName = commonName;
  if (organization !== undefined) result.organization = organization;
  if (teamId !== undefined) result.teamId = teamId;
  if (notBefore) result.notBefore = notBefore.toISOString();
  if (notAfter) result.notAfter = notAfter.toISOString();
  result.kind = certificateKindOf(certificate);
  return result;
}
