/**
 * The magic numbers that open a Mach-O file (xnu `EXTERNAL_HEADERS/mach-o/fat.h` and `loader.h`). Kept apart
 * from the reader so that telling a Mach-O from other bytes (`ne-lint inspect`) does not load the reader and
 * its entitlement decoders.
 */
export const FAT_MAGIC = 0xcafebabe;
export const FAT_MAGIC_64 = 0xcafebabf;
export const MH_MAGIC = 0xfeedface;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM = 0xcefaedfe;
export const MH_CIGAM_64 = 0xcffaedfe;

/** Which container the first four bytes announce, without reading further. */
export function sniffMachO(head: Uint8Array): "fat" | "thin" | undefined {
  if (head.byteLength < 4) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, 4);
  const bigEndian = view.getUint32(0, false);
  if (bigEndian === FAT_MAGIC || bigEndian === FAT_MAGIC_64) return "fat";
  const littleEndian = view.getUint32(0, true);
  if (littleEndian === MH_MAGIC || littleEndian === MH_MAGIC_64 || bigEndian === MH_MAGIC || bigEndian === MH_MAGIC_64) return "thin";
  return undefined;
}
