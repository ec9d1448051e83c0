/**
 * Provisioning profiles: CMS envelope, embedded plist, developer certificates and signature
 * verification; and the fast readers held to the pkijs ones: wherever the canonical-DER envelope
 * reader accepts an input, the asn1js/pkijs reader must accept it and read the same; wherever the
 * canonical-DER certificate reader accepts a certificate (of the envelope, of `DeveloperCertificates`,
 * or the input itself), pkijs must read the same facts; and the name comparison must agree with
 * pkijs's on each certificate's subject and issuer.
 */
import { createHash } from "node:crypto";
import { decodePlistBytes } from "../../../src/decode/plist.js";
import { decodeSignedDataWith, type CmsSignedData } from "../../../src/decode/profile/cms.js";
import { decodeProfile } from "../../../src/decode/profile/profile.js";
import { certificateFactsWith, namesEqualWith } from "../../../src/decode/profile/x509.js";
import { DecodeFailure } from "../../../src/decode/result.js";
import { isArray, valueOf } from "../../../src/model/plist.js";
import { firstDifference } from "../../helpers/cms-compare.js";
import { expectTyped, FuzzFinding, runGuarded } from "../invariant.js";

const file = { path: "Fuzz/embedded.mobileprovision", fsPath: "/fuzz/embedded.mobileprovision" };
/** Certificates compared per input: a hostile plist may list thousands, and each costs a pkijs parse. */
const MAX_CERTIFICATES_COMPARED = 16;
/**
 * Certificates already compared, by SHA-256: most inputs carry their seed's certificates unchanged, and
 * comparing those again would halve the executions per second. Bounded.
 */
const comparedCertificates = new Set<string>();
const MAX_REMEMBERED = 100_000;

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    expectTyped(decodeProfile(data, file), "decodeProfile");
    const envelopes = [false, true].map((detached) => expectReadersAgree(data, detached));
    // The certificates of whichever reading there is: a BER envelope (pkijs only) can hold DER certificates too.
    const envelope = envelopes[0] ?? envelopes[1] ?? pkijsEnvelope(data);
    const certificates = [data, ...(envelope ? [...envelope.certificates.map((certificate) => certificate.der), ...developerCertificatesOf(envelope.content)] : [])];
    for (const der of new Set(certificates.slice(0, MAX_CERTIFICATES_COMPARED))) expectCertificateReadersAgree(der);
  });
}

/** Holds the pkijs reader to the fast one wherever the fast one accepts; returns the fast reading. */
function expectReadersAgree(data: Buffer, detached: boolean): CmsSignedData | undefined {
  const fast = decodeSignedDataWith(data, { path: "fast", detached });
  if (!fast) return undefined;
  let reference: CmsSignedData | undefined;
  try {
    reference = decodeSignedDataWith(data, { path: "pkijs", detached });
  } catch (error) {
    if (!(error instanceof DecodeFailure)) throw error;
    throw new FuzzFinding("fast-path", `the canonical-DER reader accepted what the pkijs reader refuses (${error.code}: ${error.message})`);
  }
  const difference = firstDifference(fast, reference);
  if (difference !== undefined) throw new FuzzFinding("fast-path", `the canonical-DER and pkijs readers differ at ${difference}${detached ? " (detached)" : ""}`);
  return fast;
}

function pkijsEnvelope(data: Buffer): CmsSignedData | undefined {
  try {
    return decodeSignedDataWith(data, { path: "pkijs", detached: true });
  } catch (error) {
    if (error instanceof DecodeFailure) return undefined;
    throw error;
  }
}

function developerCertificatesOf(content: Uint8Array): Uint8Array[] {
  const plist = decodePlistBytes(content, file, "profile");
  const list = plist.ok ? valueOf(plist.value.root, "DeveloperCertificates") : undefined;
  return isArray(list) ? list.items.flatMap((item) => (item.type === "Data" ? [item.value] : [])) : [];
}

function expectCertificateReadersAgree(der: Uint8Array): void {
  const sha256 = createHash("sha256").update(der).digest("hex");
  if (comparedCertificates.has(sha256)) return;
  if (comparedCertificates.size >= MAX_REMEMBERED) comparedCertificates.clear();
  comparedCertificates.add(sha256);
  const fast = certificateFactsWith(der, "fast");
  if (!fast) return;
  const reference = certificateFactsWith(der, "pkijs");
  if (!reference) throw new FuzzFinding("fast-path", "the canonical-DER certificate reader accepted what pkijs does not read as a certificate");
  const difference = firstDifference(fast, reference);
  if (difference !== undefined) throw new FuzzFinding("fast-path", `the canonical-DER and pkijs certificate readers differ at ${difference}`);
  const fastSelfIssued = namesEqualWith(fast.subject, fast.issuer, "fast");
  if (fastSelfIssued !== undefined && fastSelfIssued !== namesEqualWith(fast.subject, fast.issuer, "pkijs")) {
    throw new FuzzFinding("fast-path", "the name comparison of subject and issuer differs from pkijs's");
  }
}
