/**
 * The CodeDirectory blob: what a code signature asserts about the code (identifier, team,
 * flags such as the hardened runtime) plus the hashes of every page and of the other blobs.
 *
 * Apple publishes no specification. Source of truth: xnu `osfmk/kern/cs_blobs.h`
 * (`CS_CodeDirectory`, `CS_HASHTYPE_*`, `CS_EXECSEG_*`, the `CS_*` flags), e.g.
 * https://github.com/apple-oss-distributions/xnu/blob/main/osfmk/kern/cs_blobs.h
 *
 * Big-endian. Fields after `spare2` exist only from the version that introduced them:
 *
 *   0x00 u32 magic 0xfade0c02      0x04 u32 length            0x08 u32 version   0x0c u32 flags
 *   0x10 u32 hashOffset            0x14 u32 identOffset       0x18 u32 nSpecialSlots
 *   0x1c u32 nCodeSlots            0x20 u32 codeLimit
 *   0x24 u8 hashSize  0x25 u8 hashType  0x26 u8 platform  0x27 u8 pageSize (log2)   0x28 u32 spare2
 *   0x2c u32 scatterOffset                                  (version >= 0x20100)
 *   0x30 u32 teamOffset                                     (version >= 0x20200)
 *   0x34 u32 spare3   0x38 u64 codeLimit64                  (version >= 0x20300)
 *   0x40 u64 execSegBase  0x48 u64 execSegLimit  0x50 u64 execSegFlags   (version >= 0x20400)
 *   0x58 u32 runtime  0x5c u32 preEncryptOffset             (version >= 0x20500)
 *   0x60 u8 linkageHashType ... 0x68 u32 linkageSize        (version >= 0x20600)
 *
 *   ... identifier "\0", teamID "\0", special slot hashes (slot -n .. -1), code slot hashes
 *                                                      ^ hashOffset points between the two
 */
import { DecodeFailure } from "../result.js";
import type { ByteSource } from "./byte-source.js";
import { FieldReader, hex, latin1, readExact } from "./bytes.js";

export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;

/** `CS_*` code-signing flags as named in cs_blobs.h. */
export const CS_FLAGS = {
  CS_VALID: 0x1,
  CS_ADHOC: 0x2,
  CS_GET_TASK_ALLOW: 0x4,
  CS_INSTALLER: 0x8,
  CS_FORCED_LV: 0x10,
  CS_INVALID_ALLOWED: 0x20,
  CS_HARD: 0x100,
  CS_KILL: 0x200,
  CS_CHECK_EXPIRATION: 0x400,
  CS_RESTRICT: 0x800,
  CS_ENFORCEMENT: 0x1000,
  CS_REQUIRE_LV: 0x2000,
  CS_ENTITLEMENTS_VALIDATED: 0x4000,
  CS_NVRAM_UNRESTRICTED: 0x8000,
  CS_RUNTIME: 0x10000,
  CS_LINKER_SIGNED: 0x20000,
} as const;

/** `CS_EXECSEG_*` flags. */
export const CS_EXECSEG_FLAGS = {
  CS_EXECSEG_MAIN_BINARY: 0x1,
  CS_EXECSEG_ALLOW_UNSIGNED: 0x10,
  CS_EXECSEG_DEBUGGER: 0x20,
  CS_EXECSEG_JIT: 0x40,
  CS_EXECSEG_SKIP_LV: 0x80,
  CS_EXECSEG_CAN_LOAD_CDHASH: 0x100,
  CS_EXECSEG_CAN_EXEC_CDHASH: 0x200,
} as const;

/** `CS_HASHTYPE_*`: hash algorithm of the page and slot hashes. */
export const CS_HASHTYPES: Readonly<Record<number, string>> = {
  1: "sha1",
  2: "sha256",
  3: "sha256-truncated",
  4: "sha384",
};

export const CS_SUPPORTSSCATTER = 0x20100;
export const CS_SUPPORTSTEAMID = 0x20200;
export const CS_SUPPORTSCODELIMIT64 = 0x20300;
export const CS_SUPPORTSEXECSEG = 0x20400;
export const CS_SUPPORTSRUNTIME = 0x20500;
export const CS_SUPPORTSLINKAGE = 0x20600;

export interface CodeDirectory {
  /** File offset of the blob. */
  readonly offset: number;
  readonly length: number;
  readonly version: number;
  readonly flags: number;
  /** Names of the set `CS_*` flags; unknown bits appear as hex. */
  readonly flagNames: string[];
  /** `CS_RUNTIME` (0x10000): the hardened runtime. */
  readonly hardenedRuntime: boolean;
  /** `CS_ADHOC` (0x2): signed without an identity. */
  readonly adhoc: boolean;
  /** `CS_LINKER_SIGNED` (0x20000): the ad-hoc signature a linker writes. */
  readonly linkerSigned: boolean;
  readonly identifier: string;
  /** Present from version 0x20200 when `teamOffset` is non-zero. */
  readonly teamID?: string;
  readonly hashType: number;
  /** `sha256`, `sha1`, … or `unknown(n)`. */
  readonly hashTypeName: string;
  readonly hashSize: number;
  /** Page size in bytes (the blob stores log2; 0 means one page covering everything). */
  readonly pageSize: number;
  readonly platform: number;
  readonly nSpecialSlots: number;
  readonly nCodeSlots: number;
  /** Bytes of the slice covered by the code hashes (`codeLimit64` when set). */
  readonly codeLimit: number;
  /** Offset of code slot 0's hash within the blob. */
  readonly hashOffset: number;
  /** Hashes of the other blobs, keyed by slot number (1 = Info.plist, 2 = requirements, 5 = entitlements, 7 = DER entitlements). */
  readonly specialSlotHashes: ReadonlyMap<number, Uint8Array>;
  /** Version 0x20400 and later. */
  readonly execSegFlags?: bigint;
  readonly execSegFlagNames?: string[];
  /** Version 0x20500 and later: the SDK the hardened runtime was built against. */
  readonly runtimeVersion?: string;
}

/** Identifiers and team IDs are short; a longer string is hostile input, not a real signature. */
const MAX_NAME_BYTES = 4096;
const FIRST_NAME_WINDOW = 256;
/** cs_blobs.h defines slots 1–11; a larger count is a malformed or hostile directory. */
const MAX_SPECIAL_SLOTS = 64;
/** SHA-384 is the largest hash Apple defines. */
const MAX_HASH_SIZE = 64;

function headerSizeFor(version: number): number {
  if (version >= CS_SUPPORTSLINKAGE) return 0x6c;
  if (version >= CS_SUPPORTSRUNTIME) return 0x60;
  if (version >= CS_SUPPORTSEXECSEG) return 0x58;
  if (version >= CS_SUPPORTSCODELIMIT64) return 0x40;
  if (version >= CS_SUPPORTSTEAMID) return 0x34;
  if (version >= CS_SUPPORTSSCATTER) return 0x30;
  return 0x2c;
}

/**
 * Reads the CodeDirectory blob at file offset `offset` (its length already checked against the
 * SuperBlob). Reads the header, the two names and the special slot hashes, never the page hashes.
 */
export async function readCodeDirectory(source: ByteSource, offset: number, length: number): Promise<CodeDirectory> {
  const fail = (message: string, at = offset): never => {
    throw new DecodeFailure("macho-signature", message, { byteOffset: at });
  };
  if (length < 0x2c) fail(`The CodeDirectory at byte ${offset} is ${length} bytes, smaller than its 44-byte header.`);
  const head = await readExact(source, offset, Math.min(length, 0x6c), "CodeDirectory header");
  const fields = new FieldReader(head, offset, false);
  const magic = fields.u32(0);
  if (magic !== CSMAGIC_CODEDIRECTORY) fail(`The CodeDirectory at byte ${offset} has magic ${hex(magic)} instead of 0xfade0c02.`);
  const version = fields.u32(8);
  const headerSize = headerSizeFor(version);
  if (headerSize > length) fail(`The version ${hex(version)} CodeDirectory at byte ${offset} needs a ${headerSize}-byte header but is ${length} bytes.`);

  const flags = fields.u32(12);
  const hashOffset = fields.u32(16);
  const identOffset = fields.u32(20);
  const nSpecialSlots = fields.u32(24);
  const nCodeSlots = fields.u32(28);
  const hashSize = fields.u8(36);
  const hashType = fields.u8(37);
  const platform = fields.u8(38);
  const pageShift = fields.u8(39);
  if (pageShift > 30) fail(`The CodeDirectory at byte ${offset} declares a page size of 2^${pageShift} bytes.`, offset + 39);
  if (hashSize === 0 || hashSize > MAX_HASH_SIZE) fail(`The CodeDirectory at byte ${offset} declares a hash size of ${hashSize} bytes.`, offset + 36);
  if (nSpecialSlots > MAX_SPECIAL_SLOTS) fail(`The CodeDirectory at byte ${offset} declares ${nSpecialSlots} special slots; at most ${MAX_SPECIAL_SLOTS} are supported.`, offset + 24);
  const specialBytes = nSpecialSlots * hashSize;
  if (hashOffset < headerSize + specialBytes || hashOffset + nCodeSlots * hashSize > length) {
    fail(`The CodeDirectory at byte ${offset} places ${nSpecialSlots} special and ${nCodeSlots} code hashes at offset ${hashOffset}, outside its ${length} bytes.`, offset + 16);
  }

  const identifier = await readName(source, offset, length, identOffset, headerSize, "identifier");
  const teamOffset = version >= CS_SUPPORTSTEAMID ? fields.u32(0x30) : 0;
  const teamID = teamOffset === 0 ? undefined : await readName(source, offset, length, teamOffset, headerSize, "team ID");
  let codeLimit = fields.u32(32);
  if (version >= CS_SUPPORTSCODELIMIT64) {
    const codeLimit64 = fields.u64(0x38, "CodeDirectory codeLimit64");
    if (codeLimit64 !== 0) codeLimit = codeLimit64;
  }

  const specialSlotHashes = new Map<number, Uint8Array>();
  if (specialBytes > 0) {
    const hashes = await readExact(source, offset + hashOffset - specialBytes, specialBytes, "CodeDirectory special slot hashes");
    // Slot -n is stored first; slot -1 sits just before hashOffset.
    for (let slot = 1; slot <= nSpecialSlots; slot++) {
      const start = specialBytes - slot * hashSize;
      specialSlotHashes.set(slot, hashes.slice(start, start + hashSize));
    }
  }

  const directory: CodeDirectory = {
    offset,
    length,
    version,
    flags,
    flagNames: flagNames(flags, CS_FLAGS),
    hardenedRuntime: (flags & CS_FLAGS.CS_RUNTIME) !== 0,
    adhoc: (flags & CS_FLAGS.CS_ADHOC) !== 0,
    linkerSigned: (flags & CS_FLAGS.CS_LINKER_SIGNED) !== 0,
    identifier,
    ...(teamID === undefined ? {} : { teamID }),
    hashType,
    hashTypeName: CS_HASHTYPES[hashType] ?? `unknown(${hashType})`,
    hashSize,
    pageSize: pageShift === 0 ? 0 : 2 ** pageShift,
    platform,
    nSpecialSlots,
    nCodeSlots,
    codeLimit,
    hashOffset,
    specialSlotHashes,
  };
  if (version < CS_SUPPORTSEXECSEG) return directory;
  const execSegFlags = fields.u64Big(0x50);
  const withExecSeg = { ...directory, execSegFlags, execSegFlagNames: flagNames(Number(execSegFlags & 0xffffffffn), CS_EXECSEG_FLAGS, execSegFlags >> 32n) };
  if (version < CS_SUPPORTSRUNTIME) return withExecSeg;
  const runtime = fields.u32(0x58);
  return runtime === 0 ? withExecSeg : { ...withExecSeg, runtimeVersion: formatVersion(runtime) };
}

/** A NUL-terminated name inside the blob, after the fixed header. */
async function readName(source: ByteSource, blobOffset: number, blobLength: number, at: number, headerSize: number, what: string): Promise<string> {
  if (at < headerSize || at >= blobLength) {
    throw new DecodeFailure("macho-signature", `The CodeDirectory ${what} offset ${at} lies outside the blob at byte ${blobOffset} (header ${headerSize} bytes, length ${blobLength}).`, { byteOffset: blobOffset });
  }
  // Names are short: try a small window before the largest one allowed.
  let window = await readExact(source, blobOffset + at, Math.min(blobLength - at, FIRST_NAME_WINDOW), `CodeDirectory ${what}`);
  let nul = window.indexOf(0);
  if (nul === -1 && window.byteLength < Math.min(blobLength - at, MAX_NAME_BYTES + 1)) {
    window = await readExact(source, blobOffset + at, Math.min(blobLength - at, MAX_NAME_BYTES + 1), `CodeDirectory ${what}`);
    nul = window.indexOf(0);
  }
  if (nul === -1) {
    throw new DecodeFailure("macho-signature", `The CodeDirectory ${what} at byte ${blobOffset + at} is not NUL-terminated within ${window.byteLength} bytes.`, { byteOffset: blobOffset + at });
  }
  return latin1(window.subarray(0, nul));
}

/** Names of the set bits; bits without a name appear as hex so nothing is silently dropped. */
function flagNames(value: number, names: Readonly<Record<string, number>>, highBits = 0n): string[] {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [name, bit] of Object.entries(names)) {
    if ((rest & bit) !== 0) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) out.push(hex(rest));
  if (highBits !== 0n) out.push(`0x${(highBits << 32n).toString(16)}`);
  return out;
}

/** Apple's packed `xxxx.yy.zz` version (major in the high 16 bits) as `x.y.z`. */
export function formatVersion(packed: number): string {
  return `${packed >>> 16}.${(packed >>> 8) & 0xff}.${packed & 0xff}`;
}
