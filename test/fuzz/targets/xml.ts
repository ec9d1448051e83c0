/** XML plist reader: bytes (encoding detection, binary sniffing) and text (the ESLint language's entry). */
import { decodePlistBytes, decodePlistText } from "../../../src/decode/plist.js";
import { checkTree, expectTyped, runGuarded } from "../invariant.js";

const file = { path: "Fuzz/Info.plist", fsPath: "/fuzz/Info.plist" };

export async function fuzz(data: Buffer): Promise<void> {
  await runGuarded(data, () => {
    const fromBytes = expectTyped(decodePlistBytes(data, file, "info-plist"), "decodePlistBytes");
    if (fromBytes) checkTree(fromBytes.root, fromBytes.text?.length, "decodePlistBytes");
    // Lossy UTF-8 so that inputs with a stray invalid byte still reach the XML parser.
    const text = data.toString("utf8");
    const fromText = expectTyped(decodePlistText(text, file, "info-plist"), "decodePlistText");
    if (fromText) checkTree(fromText.root, text.length, "decodePlistText");
  });
}
