/** DER entitlements (code-signature slot 7): BER/DER from untrusted bytes via asn1js. */
import { decodeDerPlist } from "../../../src/decode/der-plist.js";
import { checkTree, expectTyped, runGuarded } from "../invariant.js";

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    const root = expectTyped(decodeDerPlist(data), "decodeDerPlist");
    if (root) checkTree(root, undefined, "decodeDerPlist");
  });
}
