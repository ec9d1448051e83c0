/**
 * Zip reader (`.ipa`, zipped `.xcarchive`): central directory, member names, symlinks, inflation
 * limits, then the bundle layout found in the listing and Mach-O reads through the archive.
 */
import { writeFileSync } from "node:fs";
import { findBundles } from "../../../src/decode/bundle/layout.js";
import { readMachO } from "../../../src/decode/macho/index.js";
import { openZipTree } from "../../../src/decode/zip.js";
import { expectTyped, runGuarded } from "../invariant.js";
import { scratchPath } from "../scratch.js";

/** Members read per input: enough to reach plists and a binary, few enough to stay fast. */
const MAX_MEMBERS_READ = 8;
const MAX_MEMBER_BYTES = 256 * 1024;

export async function fuzz(data: Buffer): Promise<void> {
  const archive = scratchPath("Fuzz.ipa");
  writeFileSync(archive, data);
  await runGuarded(data, async () => {
    const tree = expectTyped(await openZipTree(archive, "Fuzz.ipa!"), "openZipTree");
    if (!tree) return;
    try {
      const entries = expectTyped(await tree.entries(), "entries") ?? [];
      findBundles(entries, "Fuzz.ipa");
      let read = 0;
      for (const entry of entries) {
        if (entry.kind !== "file" || read >= MAX_MEMBERS_READ) continue;
        read++;
        expectTyped(await tree.readFile(entry.path, MAX_MEMBER_BYTES), `readFile(${JSON.stringify(entry.path)})`);
        const source = expectTyped(await tree.byteSource(entry.path), `byteSource(${JSON.stringify(entry.path)})`);
        if (source) expectTyped(await readMachO(source), `readMachO in the archive (${JSON.stringify(entry.path)})`);
      }
    } finally {
      await tree.close();
    }
  });
}
