/** Provisioning profiles: CMS envelope, embedded plist, developer certificates and signature verification. */
import { decodeProfile } from "../../../src/decode/profile/profile.js";
import { expectTyped, runGuarded } from "../invariant.js";

const file = { path: "Fuzz/embedded.mobileprovision", fsPath: "/fuzz/embedded.mobileprovision" };

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    expectTyped(decodeProfile(data, file), "decodeProfile");
  });
}
