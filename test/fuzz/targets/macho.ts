/** Mach-O reader: fat and thin headers, load commands, the code-signature SuperBlob, entitlements, evidence. */
import { bufferByteSource, readMachO, readMachOEvidence } from "../../../src/decode/macho/index.js";
import { expectTyped, runGuarded } from "../invariant.js";

const file = { path: "Fuzz.app/Fuzz", fsPath: "/fuzz/Fuzz.app/Fuzz" };

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, async () => {
    const source = bufferByteSource(data);
    const machO = expectTyped(await readMachO(source, { file }), "readMachO");
    for (const slice of machO?.slices ?? []) {
      expectTyped(await readMachOEvidence(source, slice), "readMachOEvidence");
    }
  });
}
