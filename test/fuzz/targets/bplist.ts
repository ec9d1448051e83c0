/** Binary plist reader (`bplist00`): offsets, references, counts and trailers from untrusted bytes. */
import { decodeBinaryPlist } from "../../../src/decode/bplist.js";
import { checkTree, expectTyped, runGuarded } from "../invariant.js";

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    const root = expectTyped(decodeBinaryPlist(data), "decodeBinaryPlist");
    if (root) checkTree(root, undefined, "decodeBinaryPlist");
  });
}
