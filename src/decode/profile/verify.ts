/**
 * Whether a profile's CMS signature holds: the content digest (RFC 5652 §5.4, §11.2), the
 * signature over the signed attributes (§5.5), and a certificate chain from the signer to an
 * embedded Apple root (RFC 5280 §6, reduced to what matters here: names, signatures, CA flags
 * and validity).
 *
 * Synchronous on purpose: `node:crypto` verifies RSA, ECDSA and EdDSA without WebCrypto's
 * promises, so decoding a profile stays a plain function. pkijs's own `SignedData.verify()` is
 * asynchronous and throws on a digest mismatch; the tests use it as an independent oracle.
 *
 * Validity is judged at the signed `signingTime`, not now: Apple's profile-signing certificates
 * expire long before the profiles they signed (a 2018 profile's signer expired in 2022), and a
 * profile's own expiry is a separate check.
 */
import { X509Certificate, createHash, verify as cryptoVerify } from "node:crypto";
import type { ProfileSignature } from "../../model/profile.js";
import type { EmbeddedRoot } from "./apple-roots.js";
import { decodeSignedData, type CmsCertificate, type CmsSignedData, type CmsSignerInfo } from "./cms.js";
import { certificateFactsOf, commonNameOf, displayNameOf, namesEqual, validityOf, type CertificateFacts } from "./x509.js";

const HASH_BY_DIGEST_OID: ReadonlyMap<string, string> = new Map([
  ["1.3.14.3.2.26", "sha1"],
  ["2.16.840.1.101.3.4.2.4", "sha224"],
  ["2.16.840.1.101.3.4.2.1", "sha256"],
  ["2.16.840.1.101.3.4.2.2", "sha384"],
  ["2.16.840.1.101.3.4.2.3", "sha512"],
]);

/**
 * Signature algorithms: the hash they fix, or `digest` when the SignerInfo's digestAlgorithm
 * decides (plain `rsaEncryption`, which Apple uses, and the bare EC key OID some signers write).
 */
const SIGNATURE_ALGORITHMS: ReadonlyMap<string, { keyType: string; hash: string | "digest" | null }> = new Map([
  ["1.2.840.113549.1.1.1", { keyType: "rsa", hash: "digest" }],
  ["1.2.840.113549.1.1.5", { keyType: "rsa", hash: "sha1" }],
  ["1.2.840.113549.1.1.14", { keyType: "rsa", hash: "sha224" }],
  ["1.2.840.113549.1.1.11", { keyType: "rsa", hash: "sha256" }],
  ["1.2.840.113549.1.1.12", { keyType: "rsa", hash: "sha384" }],
  ["1.2.840.113549.1.1.13", { keyType: "rsa", hash: "sha512" }],
  ["1.2.840.10045.2.1", { keyType: "ec", hash: "digest" }],
  ["1.2.840.10045.4.1", { keyType: "ec", hash: "sha1" }],
  ["1.2.840.10045.4.3.1", { keyType: "ec", hash: "sha224" }],
  ["1.2.840.10045.4.3.2", { keyType: "ec", hash: "sha256" }],
  ["1.2.840.10045.4.3.3", { keyType: "ec", hash: "sha384" }],
  ["1.2.840.10045.4.3.4", { keyType: "ec", hash: "sha512" }],
  ["1.3.101.112", { keyType: "ed25519", hash: null }],
]);

/** Apple's profile signers (docs/domain/profiles.md §4.1): iOS family, then macOS. */
const APPLE_PROFILE_SIGNERS: ReadonlySet<string> = new Set([
  "Apple iPhone OS Provisioning Profile Signing",
  "Mac OS X Provisioning Profile Signing",
]);

/** Apple chains are 3 long; anything past this is a loop or an attack. */
const MAX_CHAIN_LENGTH = 8;

/** A certificate seen two ways: its facts (`x509.ts`) for names and dates, `node:crypto` for keys and signatures. */
interface ChainCertificate {
  readonly der: Uint8Array;
  readonly facts: CertificateFacts;
  readonly x509: X509Certificate;
  readonly sha256: string;
}

export interface VerifyOptions {
  /** Trust anchors; `APPLE_ROOTS` in production, a throwaway CA in tests of the chain logic. */
  readonly roots: readonly EmbeddedRoot[];
  /** When the CMS has no signingTime, validity is judged at this instant (default: now). */
  readonly now?: Date;
}

export function verifySignedData(cms: CmsSignedData, options: VerifyOptions): ProfileSignature {
  const signer = cms.signers[0];
  if (!signer) {
    return { chain: [], digestValid: false, signatureValid: false, chainsToAppleRoot: false, signedByAppleProfileSigning: false, problem: "the CMS SignedData has no SignerInfo, so nobody signed it." };
  }
  const problems: string[] = [];
  const signature: ProfileSignature = { chain: [], digestValid: false, signatureValid: false, chainsToAppleRoot: false, signedByAppleProfileSigning: false };
  if (signer.signingTime) signature.signingTime = signer.signingTime.toISOString();
  if (signer.contentType !== undefined && signer.contentType !== cms.eContentType) {
    problems.push(`the signed content-type attribute (${signer.contentType}) differs from the encapsulated content type (${cms.eContentType}).`);
  }

  const pool = cms.certificates.map(toChainCertificate).filter((certificate) => certificate !== undefined);
  const signerCertificate = pool.find((certificate) => identifies(signer, certificate));
  if (signerCertificate) signature.signerCommonName = commonNameOf(signerCertificate.facts);

  const contentHash = HASH_BY_DIGEST_OID.get(signer.digestAlgorithm);
  if (!contentHash) problems.push(`the digest algorithm ${signer.digestAlgorithm} is not supported.`);

  if (!signerCertificate) {
    problems.push("the signer's certificate is not among the certificates in the CMS.");
  } else if (contentHash) {
    const signed = signer.signedAttributesDer ?? cms.content;
    signature.signatureValid = signatureHolds(signer, contentHash, signed, signerCertificate.x509, problems);
    if (signer.signedAttributesDer) {
      const actual = createHash(contentHash).update(cms.content).digest();
      signature.digestValid = signer.messageDigest !== undefined && Buffer.from(signer.messageDigest).equals(actual);
      if (!signer.messageDigest) problems.push("the signed attributes have no messageDigest.");
      else if (!signature.digestValid) problems.push("the content does not match the signed message digest: the profile was changed after signing.");
    } else {
      // Without signed attributes the signature covers the content itself (RFC 5652 §5.4).
      signature.digestValid = signature.signatureValid;
    }
    if (!signature.signatureValid && signature.digestValid) problems.push("the signature does not verify with the signer certificate's key.");
  }

  if (signerCertificate) {
    const at = signer.signingTime ?? options.now ?? new Date();
    const chain = buildChain(signerCertificate, pool, options.roots, at);
    signature.chain = chain.certificates.map((certificate) => displayNameOf(certificate.facts));
    signature.chainsToAppleRoot = chain.anchored;
    if (chain.problem) problems.push(chain.problem);
    if (!signer.signingTime) problems.push("the CMS has no signingTime; certificate validity was judged at the time of the check.");
  }

  const intact = signature.digestValid && signature.signatureValid;
  signature.signedByAppleProfileSigning = intact && signature.chainsToAppleRoot && APPLE_PROFILE_SIGNERS.has(signature.signerCommonName ?? "");
  if (intact && signature.chainsToAppleRoot && !signature.signedByAppleProfileSigning) {
    problems.push(`the signer "${signature.signerCommonName ?? "(no CN)"}" chains to a trusted root but is not one of Apple's provisioning-profile signing certificates.`);
  }
  // Informational, so it only surfaces when nothing worse did.
  if (cms.signers.length > 1) problems.push(`the CMS has ${cms.signers.length} signers; only the first was checked.`);
  if (problems[0] !== undefined) signature.problem = problems[0];
  return signature;
}

function toChainCertificate(certificate: CmsCertificate | EmbeddedRoot): ChainCertificate | undefined {
  const sha256 = createHash("sha256").update(certificate.der).digest("hex");
  // Every profile of a platform carries the same Apple chain: build node's view of each certificate once.
  const known = chainCertificates.get(sha256);
  if (known) return known;
  const facts = "facts" in certificate ? certificate.facts : certificateFactsOf(certificate.der, sha256);
  if (!facts) return undefined;
  try {
    const x509 = new X509Certificate(certificate.der);
    const chainCertificate = { der: certificate.der, facts, x509, sha256 };
    if (chainCertificates.size >= CHAIN_CACHE_SIZE) chainCertificates.clear();
    chainCertificates.set(sha256, chainCertificate);
    return chainCertificate;
  } catch {
    return undefined;
  }
}

const CHAIN_CACHE_SIZE = 256;
const chainCertificates = new Map<string, ChainCertificate>();

function identifies(signer: CmsSignerInfo, certificate: ChainCertificate): boolean {
  if (signer.sid.kind === "issuer-and-serial") return hasIssuerAndSerial(certificate, signer.sid.issuer, signer.sid.serialNumber);
  // RFC 5652 §5.3 leaves the key identifier's derivation open; match the SKI extension, then
  // the common SHA-1 of the public key bits (RFC 5280 §4.2.1.2 method 1).
  const keyId = Buffer.from(signer.sid.keyId);
  const ski = certificate.facts.subjectKeyIdentifier;
  if (ski && keyId.equals(ski)) return true;
  return keyId.equals(createHash("sha1").update(certificate.facts.subjectPublicKey).digest());
}

/**
 * Serial numbers match when their content octets do (as asn1js compares INTEGERs). Names match when
 * their encodings do, which is the case whenever the signer copied the certificate's issuer; names
 * encoded differently may still be equal under RFC 5280 §7.1 (case, spaces, string type), as pkijs's
 * name comparison decides (`namesEqual`).
 */
function hasIssuerAndSerial(certificate: ChainCertificate, issuer: Uint8Array, serialNumber: Uint8Array): boolean {
  if (Buffer.compare(certificate.facts.serialNumber, serialNumber) !== 0) return false;
  return namesEqual(certificate.facts.issuer, issuer);
}

function signatureHolds(signer: CmsSignerInfo, contentHash: string, signed: Uint8Array, certificate: X509Certificate, problems: string[]): boolean {
  const algorithm = SIGNATURE_ALGORITHMS.get(signer.signatureAlgorithm);
  if (!algorithm) {
    problems.push(`the signature algorithm ${signer.signatureAlgorithm} is not supported.`);
    return false;
  }
  let key;
  try {
    key = certificate.publicKey;
  } catch {
    problems.push("the signer certificate's public key cannot be decoded.");
    return false;
  }
  if (key.asymmetricKeyType !== algorithm.keyType) {
    problems.push(`the signature algorithm ${signer.signatureAlgorithm} does not fit the signer's ${key.asymmetricKeyType ?? "unknown"} key.`);
    return false;
  }
  const hash = algorithm.hash === "digest" ? contentHash : algorithm.hash;
  try {
    return cryptoVerify(hash, signed, key, signer.signature);
  } catch {
    // OpenSSL rejects malformed signature encodings by throwing; for a linter that is "does not verify".
    return false;
  }
}

interface Chain {
  readonly certificates: ChainCertificate[];
  readonly anchored: boolean;
  readonly problem?: string;
}

/**
 * Walks issuer links from the signer. Each link needs a matching name (`checkIssued`), a verifying
 * signature and a CA issuer; roots are tried before CMS certificates so a look-alike "Apple Root CA"
 * shipped inside the CMS can never stand in for the embedded one (its key would not verify anyway).
 */
function buildChain(leaf: ChainCertificate, pool: readonly ChainCertificate[], roots: readonly EmbeddedRoot[], at: Date): Chain {
  const anchors = anchorsOf(roots);
  const certificates: ChainCertificate[] = [leaf];
  const seen = new Set<string>([leaf.sha256]);
  let current = leaf;
  let problem: string | undefined;
  let anchored = false;
  for (;;) {
    if (anchors.some((anchor) => anchor.sha256 === current.sha256)) {
      anchored = true;
      break;
    }
    if (certificates.length >= MAX_CHAIN_LENGTH) {
      problem = `the certificate chain is longer than ${MAX_CHAIN_LENGTH} certificates.`;
      break;
    }
    const issuer = [...anchors, ...pool].find((candidate) => !seen.has(candidate.sha256) && issued(current, candidate));
    if (!issuer) {
      const name = displayNameOf(current.facts);
      problem = namesEqual(current.facts.subject, current.facts.issuer)
        ? `the certificate chain ends at the self-issued "${name}", which is not an embedded Apple root.`
        : `no certificate in the CMS or among the Apple roots issued "${name}".`;
      break;
    }
    if (issuer.x509.ca !== true) {
      problem = `"${displayNameOf(issuer.facts)}" issued "${displayNameOf(current.facts)}" but is not a certificate authority.`;
      break;
    }
    certificates.push(issuer);
    seen.add(issuer.sha256);
    current = issuer;
  }
  if (anchored) {
    const expired = certificates.find((certificate) => !validAt(certificate.facts, at));
    if (expired) {
      anchored = false;
      problem = `"${displayNameOf(expired.facts)}" was not valid at the signing time ${at.toISOString()}.`;
    }
  }
  return problem === undefined ? { certificates, anchored } : { certificates, anchored, problem };
}

/** Roots are parsed once per root list, not once per profile (they are the same few bytes every time). */
const parsedAnchors = new WeakMap<readonly EmbeddedRoot[], ChainCertificate[]>();
function anchorsOf(roots: readonly EmbeddedRoot[]): ChainCertificate[] {
  let anchors = parsedAnchors.get(roots);
  if (!anchors) {
    anchors = roots.map(toChainCertificate).filter((certificate) => certificate !== undefined);
    parsedAnchors.set(roots, anchors);
  }
  return anchors;
}

/**
 * Whether `issuer` issued `subject`: names and key identifiers (`checkIssued`) and the signature. A
 * pure function of the two encodings, so each pair is checked once per process: every profile of a
 * platform repeats the same Apple links.
 */
function issued(subject: ChainCertificate, issuer: ChainCertificate): boolean {
  const link = `${subject.sha256}>${issuer.sha256}`;
  const known = checkedLinks.get(link);
  if (known !== undefined) return known;
  let holds: boolean;
  try {
    holds = subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    holds = false;
  }
  if (checkedLinks.size >= LINK_CACHE_SIZE) checkedLinks.clear();
  checkedLinks.set(link, holds);
  return holds;
}

const LINK_CACHE_SIZE = 1024;
const checkedLinks = new Map<string, boolean>();

function validAt(certificate: CertificateFacts, at: Date): boolean {
  const { notBefore, notAfter } = validityOf(certificate);
  return notBefore !== undefined && notAfter !== undefined && notBefore <= at && at <= notAfter;
}

/**
 * The SHA-256 (lowercase hex) of the certificate that signed a code signature's CMS blob: what
 * `DeveloperCertificates` in the embedded profile must contain. Undefined when the blob cannot be read or
 * names no certificate it carries. Never throws.
 */
export function signingCertificateSha256(cmsBlob: Uint8Array): string | undefined {
  try {
    const cms = decodeSignedData(cmsBlob, { detached: true });
    const signer = cms.signers[0];
    if (!signer) return undefined;
    const certificate = cms.certificates.map(toChainCertificate).find((candidate) => candidate !== undefined && identifies(signer, candidate));
    return certificate?.sha256;
  } catch {
    return undefined;
  }
}
