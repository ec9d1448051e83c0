/**
 * The embedded code signature that `LC_CODE_SIGNATURE` points at: a SuperBlob indexing typed blobs
 * (CodeDirectory, requirements, entitlements in XML and DER, the CMS signature).
 *
 * Apple publishes no specification. Source of truth: xnu `osfmk/kern/cs_blobs.h` (`CS_SuperBlob`,
 * `CS_BlobIndex`, `CS_GenericBlob`, `CSMAGIC_*`, `CSSLOT_*`), e.g.
 * https://github.com/apple-oss-distributions/xnu/blob/main/osfmk/kern/cs_blobs.h
 *
 * Everything is big-endian, whatever the byte order of the Mach-O around it:
 *
 *   CS_SuperBlob   u32 magic 0xfade0cc0 | u32 length (whole SuperBlob) | u32 count
 *   CS_BlobIndex   count × { u32 type (CSSLOT_*) | u32 offset (from the SuperBlob start) }
 *   CS_GenericBlob at each offset: u32 magic (CSMAGIC_*) | u32 length (header included) | data
 *
 * Each blob must lie inside the SuperBlob and end before the next one starts; a blob whose
 * self-reported length runs past either is malformed (as in codesign and apple-codesign).
 */
import type { PlistDocument } from "../../model/document.js";
import { DecodeFailure } from "../result.js";
import type { DecodeError } from "../result.js";
import type { ByteSource } from "./byte-source.js";
import { FieldReader, hex, readExact } from "./bytes.js";
import { readCodeDirectory } from "./code-directory.js";
import type { CodeDirectory } from "./code-directory.js";

/** `CSMAGIC_*` blob magics. */
export const CSMAGIC = {
  CSMAGIC_REQUIREMENT: 0xfade0c00,
  CSMAGIC_REQUIREMENTS: 0xfade0c01,
  CSMAGIC_CODEDIRECTORY: 0xfade0c02,
  CSMAGIC_EMBEDDED_SIGNATURE: 0xfade0cc0,
  CSMAGIC_EMBEDDED_SIGNATURE_OLD: 0xfade0b02,
  CSMAGIC_DETACHED_SIGNATURE: 0xfade0cc1,
  CSMAGIC_BLOBWRAPPER: 0xfade0b01,
  CSMAGIC_EMBEDDED_ENTITLEMENTS: 0xfade7171,
  CSMAGIC_EMBEDDED_DER_ENTITLEMENTS: 0xfade7172,
  CSMAGIC_EMBEDDED_LAUNCH_CONSTRAINT: 0xfade8181,
} as const;

/** `CSSLOT_*` index types. */
export const CSSLOT = {
  CSSLOT_CODEDIRECTORY: 0,
  CSSLOT_INFOSLOT: 1,
  CSSLOT_REQUIREMENTS: 2,
  CSSLOT_RESOURCEDIR: 3,
  CSSLOT_APPLICATION: 4,
  CSSLOT_ENTITLEMENTS: 5,
  CSSLOT_DER_ENTITLEMENTS: 7,
  CSSLOT_LAUNCH_CONSTRAINT_SELF: 8,
  CSSLOT_LAUNCH_CONSTRAINT_PARENT: 9,
  CSSLOT_LAUNCH_CONSTRAINT_RESPONSIBLE: 10,
  CSSLOT_LIBRARY_CONSTRAINT: 11,
  CSSLOT_ALTERNATE_CODEDIRECTORIES: 0x1000,
  CSSLOT_SIGNATURESLOT: 0x10000,
  CSSLOT_IDENTIFICATIONSLOT: 0x10001,
  CSSLOT_TICKETSLOT: 0x10002,
} as const;

/** cs_blobs.h reserves five alternate CodeDirectory slots (0x1000–0x1004). */
const CSSLOT_ALTERNATE_CODEDIRECTORY_MAX = 5;

const MAGIC_NAMES = invert(CSMAGIC);
const SLOT_NAMES = invert(CSSLOT);

/** `CSMAGIC_…` for a known magic, else its hex value. */
export function magicName(magic: number): string {
  return MAGIC_NAMES.get(magic) ?? hex(magic);
}

/** `CSSLOT_…` for a known slot (alternate CodeDirectories get an index suffix), else its hex value. */
export function slotName(slot: number): string {
  const alternate = slot - CSSLOT.CSSLOT_ALTERNATE_CODEDIRECTORIES;
  if (alternate > 0 && alternate < CSSLOT_ALTERNATE_CODEDIRECTORY_MAX) return `CSSLOT_ALTERNATE_CODEDIRECTORIES+${alternate}`;
  return SLOT_NAMES.get(slot) ?? hex(slot);
}

/** One `CS_BlobIndex` entry with its blob header. Unknown slots and magics are kept as numbers. */
export interface SignatureBlob {
  readonly slot: number;
  readonly magic: number;
  /** File offset of the blob (its header included). */
  readonly offset: number;
  /** The blob's self-reported length, header included. */
  readonly length: number;
}

export interface CodeSignature {
  /** File offset of the SuperBlob (`LC_CODE_SIGNATURE` dataoff plus the slice offset). */
  readonly offset: number;
  /** `LC_CODE_SIGNATURE` datasize: the space reserved, often larger than the SuperBlob. */
  readonly size: number;
  /** The SuperBlob's own length. */
  readonly superBlobLength: number;
  /** Every index entry, in index order. */
  readonly blobs: SignatureBlob[];
  /** The primary CodeDirectory (slot 0). */
  readonly codeDirectory?: CodeDirectory;
  /** Extra CodeDirectories for other hash types (slots 0x1000–0x1004). */
  readonly alternateCodeDirectories: CodeDirectory[];
  /** Payload of the XML entitlements blob (slot 5), header stripped. */
  readonly entitlementsXml?: Uint8Array;
  /** Payload of the DER entitlements blob (slot 7), header stripped. */
  readonly entitlementsDer?: Uint8Array;
  /**
   * The signed entitlements decoded (XML preferred, else DER), filled by `readMachO`. A blob that
   * does not decode leaves this unset and sets `entitlementsError`.
   */
  readonly entitlements?: PlistDocument;
  readonly entitlementsError?: DecodeError;
  /** A CMS blob wrapper (slot 0x10000) is present. Ad-hoc signatures have an empty one or none. */
  readonly hasCms: boolean;
  /** Length of the CMS payload (0 for the empty wrapper ad-hoc signers write). */
  readonly cmsLength?: number;
}

export interface SignatureLimits {
  /** Largest SuperBlob accepted (a real one holds ~32 bytes of hash per 4 KiB page of code). */
  readonly maxSignatureBytes: number;
  /** Most index entries accepted (real signatures have fewer than 16). */
  readonly maxBlobs: number;
  /** Largest entitlements blob read into memory (real ones are a few KiB). */
  readonly maxEntitlementsBytes: number;
}

export const DEFAULT_SIGNATURE_LIMITS: SignatureLimits = {
  maxSignatureBytes: 64 * 1024 * 1024,
  maxBlobs: 64,
  maxEntitlementsBytes: 4 * 1024 * 1024,
};

const SUPERBLOB_HEADER = 12;
const BLOB_INDEX_SIZE = 8;
const BLOB_HEADER = 8;

/** The magic a known slot must carry; slots not listed accept any magic. */
function expectedMagic(slot: number): number | undefined {
  if (slot === CSSLOT.CSSLOT_CODEDIRECTORY || isAlternateCodeDirectorySlot(slot)) return CSMAGIC.CSMAGIC_CODEDIRECTORY;
  switch (slot) {
    case CSSLOT.CSSLOT_REQUIREMENTS: return CSMAGIC.CSMAGIC_REQUIREMENTS;
    case CSSLOT.CSSLOT_ENTITLEMENTS: return CSMAGIC.CSMAGIC_EMBEDDED_ENTITLEMENTS;
    case CSSLOT.CSSLOT_DER_ENTITLEMENTS: return CSMAGIC.CSMAGIC_EMBEDDED_DER_ENTITLEMENTS;
    case CSSLOT.CSSLOT_SIGNATURESLOT: return CSMAGIC.CSMAGIC_BLOBWRAPPER;
    default: return undefined;
  }
}

function isAlternateCodeDirectorySlot(slot: number): boolean {
  const index = slot - CSSLOT.CSSLOT_ALTERNATE_CODEDIRECTORIES;
  return index >= 0 && index < CSSLOT_ALTERNATE_CODEDIRECTORY_MAX;
}

/**
 * Reads the SuperBlob at file offset `offset` within the `size` bytes `LC_CODE_SIGNATURE`
 * reserves (already checked to lie inside the slice). Reads headers and the small blobs only.
 */
export async function readCodeSignature(source: ByteSource, offset: number, size: number, limits: SignatureLimits = DEFAULT_SIGNATURE_LIMITS): Promise<CodeSignature> {
  const fail = (message: string, at: number, code = "macho-signature"): never => {
    throw new DecodeFailure(code, message, { byteOffset: at });
  };
  if (size < SUPERBLOB_HEADER) fail(`The code signature at byte ${offset} is ${size} bytes, smaller than a SuperBlob header.`, offset);
  const header = new FieldReader(await readExact(source, offset, SUPERBLOB_HEADER, "SuperBlob header"), offset, false);
  const magic = header.u32(0);
  if (magic !== CSMAGIC.CSMAGIC_EMBEDDED_SIGNATURE) fail(`The code signature at byte ${offset} has magic ${hex(magic)} instead of 0xfade0cc0 (embedded SuperBlob).`, offset);
  const length = header.u32(4);
  const count = header.u32(8);
  if (length > size) fail(`The SuperBlob at byte ${offset} claims ${length} bytes but LC_CODE_SIGNATURE reserves only ${size}.`, offset + 4);
  if (length > limits.maxSignatureBytes) fail(`The SuperBlob at byte ${offset} is ${length} bytes, over the ${limits.maxSignatureBytes}-byte limit.`, offset + 4, "macho-limit");
  if (count > limits.maxBlobs) fail(`The SuperBlob at byte ${offset} claims ${count} blobs; at most ${limits.maxBlobs} are accepted.`, offset + 8);
  const indexEnd = SUPERBLOB_HEADER + count * BLOB_INDEX_SIZE;
  if (indexEnd > length) fail(`The SuperBlob at byte ${offset} claims ${count} blobs, whose index needs ${indexEnd} bytes, but it is ${length} bytes long.`, offset + 8);

  const index = new FieldReader(await readExact(source, offset + SUPERBLOB_HEADER, count * BLOB_INDEX_SIZE, "SuperBlob index"), offset + SUPERBLOB_HEADER, false);
  const blobs: SignatureBlob[] = [];
  for (let i = 0; i < count; i++) {
    const slot = index.u32(i * BLOB_INDEX_SIZE);
    const blobStart = index.u32(i * BLOB_INDEX_SIZE + 4);
    const entryAt = offset + SUPERBLOB_HEADER + i * BLOB_INDEX_SIZE;
    if (blobStart < indexEnd || blobStart + BLOB_HEADER > length) {
      fail(`Blob ${i} (slot ${slotName(slot)}) starts at SuperBlob offset ${blobStart}, outside the blob area [${indexEnd}, ${length}).`, entryAt);
    }
    const blobHeader = new FieldReader(await readExact(source, offset + blobStart, BLOB_HEADER, "signature blob header"), offset + blobStart, false);
    const blobMagic = blobHeader.u32(0);
    const blobLength = blobHeader.u32(4);
    if (blobLength < BLOB_HEADER || blobStart + blobLength > length) {
      fail(`Blob ${i} (slot ${slotName(slot)}) at byte ${offset + blobStart} claims ${blobLength} bytes, running past the ${length}-byte SuperBlob.`, offset + blobStart + 4);
    }
    const wanted = expectedMagic(slot);
    if (wanted !== undefined && blobMagic !== wanted) {
      fail(`Blob ${i} in slot ${slotName(slot)} at byte ${offset + blobStart} has magic ${magicName(blobMagic)} instead of ${magicName(wanted)}.`, offset + blobStart);
    }
    blobs.push({ slot, magic: blobMagic, offset: offset + blobStart, length: blobLength });
  }
  rejectOverlaps(blobs);

  let codeDirectory: CodeDirectory | undefined;
  const alternateCodeDirectories: CodeDirectory[] = [];
  let entitlementsXml: Uint8Array | undefined;
  let entitlementsDer: Uint8Array | undefined;
  let cmsLength: number | undefined;
  const seen = new Set<number>();
  for (const blob of blobs) {
    if (seen.has(blob.slot)) fail(`The SuperBlob at byte ${offset} lists slot ${slotName(blob.slot)} twice.`, blob.offset);
    seen.add(blob.slot);
    if (blob.slot === CSSLOT.CSSLOT_CODEDIRECTORY) codeDirectory = await readCodeDirectory(source, blob.offset, blob.length);
    else if (isAlternateCodeDirectorySlot(blob.slot)) alternateCodeDirectories.push(await readCodeDirectory(source, blob.offset, blob.length));
    else if (blob.slot === CSSLOT.CSSLOT_ENTITLEMENTS) entitlementsXml = await readPayload(source, blob, limits);
    else if (blob.slot === CSSLOT.CSSLOT_DER_ENTITLEMENTS) entitlementsDer = await readPayload(source, blob, limits);
    else if (blob.slot === CSSLOT.CSSLOT_SIGNATURESLOT) cmsLength = blob.length - BLOB_HEADER;
  }

  return {
    offset,
    size,
    superBlobLength: length,
    blobs,
    ...(codeDirectory ? { codeDirectory } : {}),
    alternateCodeDirectories,
    ...(entitlementsXml ? { entitlementsXml } : {}),
    ...(entitlementsDer ? { entitlementsDer } : {}),
    hasCms: cmsLength !== undefined,
    ...(cmsLength === undefined ? {} : { cmsLength }),
  };
}

/** The bytes of any blob (for example the CMS signature), header included. */
export async function readSignatureBlob(source: ByteSource, blob: SignatureBlob): Promise<Uint8Array> {
  return readExact(source, blob.offset, blob.length, `signature blob ${slotName(blob.slot)}`);
}

async function readPayload(source: ByteSource, blob: SignatureBlob, limits: SignatureLimits): Promise<Uint8Array> {
  const payloadLength = blob.length - BLOB_HEADER;
  if (payloadLength > limits.maxEntitlementsBytes) {
    throw new DecodeFailure("macho-limit", `The ${slotName(blob.slot)} blob at byte ${blob.offset} is ${payloadLength} bytes, over the ${limits.maxEntitlementsBytes}-byte limit.`, { byteOffset: blob.offset });
  }
  return readExact(source, blob.offset + BLOB_HEADER, payloadLength, `${slotName(blob.slot)} blob`);
}

function rejectOverlaps(blobs: readonly SignatureBlob[]): void {
  const byOffset = [...blobs].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    const current = byOffset[i]!;
    if (previous.offset + previous.length > current.offset) {
      throw new DecodeFailure(
        "macho-blob-overlap",
        `The ${slotName(previous.slot)} blob at byte ${previous.offset} (${previous.length} bytes) overlaps the ${slotName(current.slot)} blob at byte ${current.offset}.`,
        { byteOffset: current.offset },
      );
    }
  }
}

function invert(table: Readonly<Record<string, number>>): Map<number, string> {
  return new Map(Object.entries(table).map(([name, value]) => [value, name]));
}
