/**
 * Provisioning profiles: CMS envelope, embedded plist, developer certificates and signature
 * verification; and the envelope's two readers held to one result: wherever the canonical-DER fast
 * path accepts an input, the asn1js/pkijs path must accept it and read the same.
 */
import { decodeSignedDataWith, type CmsSignedData } from "../../../src/decode/profile/cms.js";
import { decodeProfile } from "../../../src/decode/profile/profile.js";
import { DecodeFailure } from "../../../src/decode/result.js";
import { firstDifference } from "../../helpers/cms-compare.js";
import { expectTyped, FuzzFinding, runGuarded } from "../invariant.js";

const file = { path: "Fuzz/embedded.mobileprovision", fsPath: "/fuzz/embedded.mobileprovision" };

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    expectTyped(decodeProfile(data, file), "decodeProfile");
    for (const detached of [false, true]) expectReadersAgree(data, detached);
  });
}

function expectReadersAgree(data: Buffer, detached: boolean): void {
  const fast = decodeSignedDataWith(data, { path: "fast", detached });
  if (!fast) return;
  let reference: CmsSignedData | undefined;
  try {
    reference = decodeSignedDataWith(data, { path: "pkijs", detached });
  } catch (error) {
    if (!(error instanceof DecodeFailure)) throw error;
    throw new FuzzFinding("fast-path", `the canonical-DER reader accepted what the pkijs reader refuses (${error.code}: ${error.message})`);
  }
  const difference = firstDifference(fast, reference);
  if (difference !== undefined) throw new FuzzFinding("fast-path", `the canonical-DER and pkijs readers differ at ${difference}${detached ? " (detached)" : ""}`);
}
