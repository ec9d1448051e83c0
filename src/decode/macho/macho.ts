/**
 * Mach-O containers: the universal ("fat") header, each slice's `mach_header`, and the load
 * commands ne-lint reads (platform, encryption, code signature, symbol table, sections).
 *
 * Source of truth: xnu `EXTERNAL_HEADERS/mach-o/fat.h` and `EXTERNAL_HEADERS/mach-o/loader.h`, e.g.
 * https://github.com/apple-oss-distributions/xnu/blob/main/EXTERNAL_HEADERS/mach-o/loader.h
 *
 *   fat_header     (big-endian)  u32 magic 0xcafebabe | 0xcafebabf (fat64) | u32 nfat_arch
 *   fat_arch       × nfat_arch   i32 cputype | i32 cpusubtype | u32 offset | u32 size | u32 align
 *   fat_arch_64    × nfat_arch   i32 cputype | i32 cpusubtype | u64 offset | u64 size | u32 align | u32 reserved
 *
 *   mach_header(_64) (the slice's byte order; 0xfeedface / 0xfeedfacf)
 *                  u32 magic | i32 cputype | i32 cpusubtype | u32 filetype | u32 ncmds
 *                  | u32 sizeofcmds | u32 flags | (64-bit only) u32 reserved
 *   load_command   × ncmds, packed in sizeofcmds bytes: u32 cmd | u32 cmdsize | body
 *
 * Every offset inside a slice (segments, LC_CODE_SIGNATURE dataoff, symbol table) is relative to
 * the slice start. Counts are checked against the bytes that hold them before any loop runs, so a
 * flipped byte in `ncmds` or `nfat_arch` is an error, not millions of iterations.
 */
import type { FileRef } from "../../model/document.js";
import { DecodeFailure, decoded } from "../result.js";
import type { DecodeResult } from "../result.js";
import type { ByteSource } from "./byte-source.js";
import { FieldReader, guardDecodeAsync, hex, readExact } from "./bytes.js";
import { formatVersion } from "./code-directory.js";
import { DEFAULT_SIGNATURE_LIMITS, readCodeSignature } from "./code-signature.js";
import type { CodeSignature, SignatureLimits } from "./code-signature.js";
import { decodeSignedEntitlements } from "./signed-entitlements.js";

import { FAT_MAGIC, FAT_MAGIC_64, MH_MAGIC, MH_MAGIC_64 } from "./magic.js";

export { FAT_MAGIC, FAT_MAGIC_64, MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64, sniffMachO } from "./magic.js";

/** Load command numbers read here (`LC_*` in loader.h). */
export const LC = {
  LC_SEGMENT: 0x1,
  LC_SYMTAB: 0x2,
  LC_DYSYMTAB: 0xb,
  LC_SEGMENT_64: 0x19,
  LC_UUID: 0x1b,
  LC_CODE_SIGNATURE: 0x1d,
  LC_ENCRYPTION_INFO: 0x21,
  LC_VERSION_MIN_MACOSX: 0x24,
  LC_VERSION_MIN_IPHONEOS: 0x25,
  LC_ENCRYPTION_INFO_64: 0x2c,
  LC_VERSION_MIN_TVOS: 0x2f,
  LC_VERSION_MIN_WATCHOS: 0x30,
  LC_BUILD_VERSION: 0x32,
} as const;

/** `PLATFORM_*` values of `LC_BUILD_VERSION` (loader.h). */
export const PLATFORM_NAMES: Readonly<Record<number, string>> = {
  1: "macos",
  2: "ios",
  3: "tvos",
  4: "watchos",
  5: "bridgeos",
  6: "maccatalyst",
  7: "iossimulator",
  8: "tvossimulator",
  9: "watchossimulator",
  10: "driverkit",
  11: "visionos",
  12: "visionossimulator",
};

const VERSION_MIN_PLATFORMS: Readonly<Record<number, string>> = {
  [LC.LC_VERSION_MIN_MACOSX]: "macos",
  [LC.LC_VERSION_MIN_IPHONEOS]: "ios",
  [LC.LC_VERSION_MIN_TVOS]: "tvos",
  [LC.LC_VERSION_MIN_WATCHOS]: "watchos",
};

/** `MH_*` file types. */
export const FILE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "MH_OBJECT",
  2: "MH_EXECUTE",
  3: "MH_FVMLIB",
  4: "MH_CORE",
  5: "MH_PRELOAD",
  6: "MH_DYLIB",
  7: "MH_DYLINKER",
  8: "MH_BUNDLE",
  9: "MH_DYLIB_STUB",
  10: "MH_DSYM",
  11: "MH_KEXT_BUNDLE",
  12: "MH_FILESET",
};

const CPU_ARCH_ABI64 = 0x01000000;
const CPU_ARCH_ABI64_32 = 0x02000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;
const CPU_TYPE_POWERPC = 18;
/** The high byte of cpusubtype holds capability bits (pointer authentication ABI on arm64e). */
const CPU_SUBTYPE_MASK = 0xff000000;

/** The architecture name Apple's tools print (`arm64`, `arm64e`, `x86_64`, …), or `cpu(…)` for others. */
export function cpuName(cpuType: number, cpuSubtype: number): string {
  const subtype = cpuSubtype & ~CPU_SUBTYPE_MASK;
  switch (cpuType) {
    case CPU_TYPE_ARM | CPU_ARCH_ABI64:
      return subtype === 2 ? "arm64e" : "arm64";
    case CPU_TYPE_ARM | CPU_ARCH_ABI64_32:
      return "arm64_32";
    case CPU_TYPE_X86 | CPU_ARCH_ABI64:
      return subtype === 8 ? "x86_64h" : "x86_64";
    case CPU_TYPE_X86:
      return "i386";
    case CPU_TYPE_ARM:
      return ({ 6: "armv6", 9: "armv7", 11: "armv7s", 12: "armv7k" } as Record<number, string>)[subtype] ?? "arm";
    case CPU_TYPE_POWERPC:
      return "ppc";
    case CPU_TYPE_POWERPC | CPU_ARCH_ABI64:
      return "ppc64";
    default:
      return `cpu(${hex(cpuType >>> 0)}/${hex(cpuSubtype >>> 0)})`;
  }
}

export interface BuildPlatform {
  /** `macos`, `ios`, `maccatalyst`, `iossimulator`, …, or `unknown(n)`. */
  readonly name: string;
  /** The `PLATFORM_*` number (for `LC_VERSION_MIN_*`, the equivalent number). */
  readonly number: number;
  /** Minimum OS as `x.y.z`. */
  readonly minOS?: string;
  /** SDK the binary was linked against, as `x.y.z`; absent when the linker wrote 0. */
  readonly sdk?: string;
  readonly source: "LC_BUILD_VERSION" | "LC_VERSION_MIN";
}

export interface EncryptionInfo {
  /** Offsets relative to the slice. */
  readonly cryptoff: number;
  readonly cryptsize: number;
  /** Non-zero when the range is encrypted (App Store FairPlay). */
  readonly cryptid: number;
}

export interface MachOSection {
  readonly segname: string;
  readonly sectname: string;
  /** Offset relative to the slice; 0 for zero-fill sections that have no file bytes. */
  readonly offset: number;
  readonly size: number;
  readonly flags: number;
}

export interface SymtabInfo {
  /** Offsets relative to the slice. */
  readonly symoff: number;
  readonly nsyms: number;
  readonly stroff: number;
  readonly strsize: number;
}

export interface DysymtabInfo {
  readonly iundefsym: number;
  readonly nundefsym: number;
}

export interface MachOSlice {
  /** Architecture name (`arm64`, `arm64e`, `x86_64`, …). */
  readonly cpu: string;
  readonly cpuType: number;
  readonly cpuSubtype: number;
  /** File offset of the slice (0 for a thin file). */
  readonly offset: number;
  readonly size: number;
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly fileType: number;
  /** `MH_EXECUTE`, `MH_DYLIB`, … or hex. */
  readonly fileTypeName: string;
  readonly flags: number;
  readonly loadCommandCount: number;
  readonly uuid?: string;
  /** The first platform declared. */
  readonly platform?: BuildPlatform;
  /** Every platform declared (zippered Mac Catalyst binaries declare two). */
  readonly platforms: BuildPlatform[];
  /** From `LC_ENCRYPTION_INFO(_64)`: true when cryptid is non-zero. */
  readonly encrypted?: boolean;
  readonly encryption?: EncryptionInfo;
  readonly codeSignature?: CodeSignature;
  readonly symtab?: SymtabInfo;
  readonly dysymtab?: DysymtabInfo;
  readonly sections: MachOSection[];
}

export interface MachOFile {
  readonly fat: boolean;
  readonly slices: MachOSlice[];
}

export interface MachOLimits extends SignatureLimits {
  /** Most slices accepted in a universal binary (Apple ships at most a handful). */
  readonly maxFatArches: number;
  /** Largest `sizeofcmds` read (real binaries use tens of KiB). */
  readonly maxLoadCommandBytes: number;
}

export const DEFAULT_MACHO_LIMITS: MachOLimits = {
  ...DEFAULT_SIGNATURE_LIMITS,
  maxFatArches: 64,
  maxLoadCommandBytes: 4 * 1024 * 1024,
};

export interface ReadMachOOptions {
  readonly limits?: Partial<MachOLimits>;
  /** Where the bytes came from; carried into documents decoded from the signature. */
  readonly file?: FileRef;
}

/**
 * Reads a thin or universal Mach-O: every slice's header, the load commands ne-lint needs and the
 * code signature, with signed entitlements decoded. Reads only those bytes. Never throws on bad
 * input: a malformed container, slice or SuperBlob is a typed error; an entitlements blob that does
 * not decode is reported on its `CodeSignature` (`entitlementsError`) without failing the file.
 */
export async function readMachO(source: ByteSource, options: ReadMachOOptions = {}): Promise<DecodeResult<MachOFile>> {
  const structure = await readMachOStructure(source, options);
  if (!structure.ok) return structure;
  const file = options.file ?? { path: "", fsPath: "" };
  const slices = structure.value.slices.map((slice) => {
    if (!slice.codeSignature) return slice;
    const { document, error } = decodeSignedEntitlements(slice.codeSignature, file);
    const codeSignature: CodeSignature = {
      ...slice.codeSignature,
      ...(document ? { entitlements: document } : {}),
      ...(error ? { entitlementsError: error } : {}),
    };
    return { ...slice, codeSignature };
  });
  return decoded({ fat: structure.value.fat, slices });
}

/** `readMachO` without decoding entitlements: only the container and signature structure. */
export function readMachOStructure(source: ByteSource, options: ReadMachOOptions = {}): Promise<DecodeResult<MachOFile>> {
  const limits: MachOLimits = { ...DEFAULT_MACHO_LIMITS, ...options.limits };
  return guardDecodeAsync(async () => {
    const head = new FieldReader(await readExact(source, 0, Math.min(8, source.size), "file header"), 0, false);
    if (head.length < 4) throw new DecodeFailure("macho-truncated", `The file is ${source.size} bytes, too short for a Mach-O header.`, { byteOffset: 0 });
    const magic = head.u32(0);
    if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) {
      const ranges = await readFatArches(source, magic === FAT_MAGIC_64, limits);
      const slices: MachOSlice[] = [];
      for (const range of ranges) slices.push(await readSlice(source, range.offset, range.size, limits));
      return { fat: true, slices };
    }
    return { fat: false, slices: [await readSlice(source, 0, source.size, limits)] };
  });
}

interface SliceRange {
  readonly offset: number;
  readonly size: number;
}

async function readFatArches(source: ByteSource, is64: boolean, limits: MachOLimits): Promise<SliceRange[]> {
  const header = new FieldReader(await readExact(source, 0, 8, "fat header"), 0, false);
  const count = header.u32(4);
  if (count === 0) throw new DecodeFailure("macho-fat-arches", "The universal binary lists no architectures.", { byteOffset: 4 });
  if (count > limits.maxFatArches) {
    throw new DecodeFailure("macho-fat-arches", `The universal binary claims ${count} architectures; at most ${limits.maxFatArches} are accepted.`, { byteOffset: 4 });
  }
  const entrySize = is64 ? 32 : 20;
  const tableEnd = 8 + count * entrySize;
  if (tableEnd > source.size) {
    throw new DecodeFailure("macho-truncated", `The universal header lists ${count} architectures (${tableEnd} bytes) but the file is ${source.size} bytes.`, { byteOffset: 4 });
  }
  const table = new FieldReader(await readExact(source, 8, count * entrySize, "fat_arch table"), 8, false);
  const ranges: SliceRange[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * entrySize;
    const offset = is64 ? table.u64(at + 8, "fat_arch_64 offset") : table.u32(at + 8);
    const size = is64 ? table.u64(at + 16, "fat_arch_64 size") : table.u32(at + 12);
    const entryOffset = 8 + at;
    if (offset < tableEnd || offset + size > source.size) {
      throw new DecodeFailure("macho-fat-arches", `Architecture ${i} claims bytes [${offset}, ${offset + size}) but the file is ${source.size} bytes and its header ends at byte ${tableEnd}.`, { byteOffset: entryOffset });
    }
    ranges.push({ offset, size });
  }
  const byOffset = [...ranges].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1]!;
    const current = byOffset[i]!;
    if (previous.offset + previous.size > current.offset) {
      throw new DecodeFailure("macho-fat-arches", `The architecture slices at bytes ${previous.offset} and ${current.offset} overlap.`, { byteOffset: current.offset });
    }
  }
  return ranges;
}

async function readSlice(source: ByteSource, sliceOffset: number, sliceSize: number, limits: MachOLimits): Promise<MachOSlice> {
  if (sliceSize < 4) throw new DecodeFailure("macho-truncated", `The Mach-O slice at byte ${sliceOffset} is ${sliceSize} bytes, too short for a mach_header.`, { byteOffset: sliceOffset });
  const magicBytes = await readExact(source, sliceOffset, 4, "mach_header magic");
  const magicView = new DataView(magicBytes.buffer, magicBytes.byteOffset, 4);
  const asLittle = magicView.getUint32(0, true);
  const asBig = magicView.getUint32(0, false);
  let littleEndian: boolean;
  if (asLittle === MH_MAGIC || asLittle === MH_MAGIC_64) littleEndian = true;
  else if (asBig === MH_MAGIC || asBig === MH_MAGIC_64) littleEndian = false;
  else throw new DecodeFailure("macho-magic", `The bytes at ${sliceOffset} start with ${hex(asBig)}, which is not a Mach-O or universal binary magic.`, { byteOffset: sliceOffset });
  const is64 = (littleEndian ? asLittle : asBig) === MH_MAGIC_64;
  const headerSize = is64 ? 32 : 28;
  if (sliceSize < headerSize) throw new DecodeFailure("macho-truncated", `The Mach-O slice at byte ${sliceOffset} is ${sliceSize} bytes, too short for its ${headerSize}-byte mach_header.`, { byteOffset: sliceOffset });

  const header = new FieldReader(await readExact(source, sliceOffset, headerSize, "mach_header"), sliceOffset, littleEndian);
  const cpuType = header.i32(4);
  const cpuSubtype = header.i32(8);
  const fileType = header.u32(12);
  const ncmds = header.u32(16);
  const sizeofcmds = header.u32(20);
  const flags = header.u32(24);
  if (sizeofcmds > limits.maxLoadCommandBytes) {
    throw new DecodeFailure("macho-limit", `The Mach-O header at byte ${sliceOffset} declares ${sizeofcmds} bytes of load commands, over the ${limits.maxLoadCommandBytes}-byte limit.`, { byteOffset: sliceOffset + 20 });
  }
  if (headerSize + sizeofcmds > sliceSize) {
    throw new DecodeFailure("macho-truncated", `The Mach-O header at byte ${sliceOffset} declares ${sizeofcmds} bytes of load commands but the slice is ${sliceSize} bytes.`, { byteOffset: sliceOffset + 20 });
  }
  if (ncmds * 8 > sizeofcmds) {
    throw new DecodeFailure("macho-load-commands", `The Mach-O header at byte ${sliceOffset} declares ${ncmds} load commands, which cannot fit in ${sizeofcmds} bytes.`, { byteOffset: sliceOffset + 16 });
  }
  const commands = new FieldReader(await readExact(source, sliceOffset + headerSize, sizeofcmds, "load commands"), sliceOffset + headerSize, littleEndian);
  const parsed = parseLoadCommands(commands, ncmds, is64);

  let codeSignature: CodeSignature | undefined;
  if (parsed.codeSignature) {
    const { dataoff, datasize, at } = parsed.codeSignature;
    if (dataoff + datasize > sliceSize) {
      throw new DecodeFailure("macho-truncated", `LC_CODE_SIGNATURE at byte ${at} points at bytes [${dataoff}, ${dataoff + datasize}) of a ${sliceSize}-byte slice.`, { byteOffset: at });
    }
    codeSignature = await readCodeSignature(source, sliceOffset + dataoff, datasize, limits);
  }
  return {
    cpu: cpuName(cpuType, cpuSubtype),
    cpuType,
    cpuSubtype,
    offset: sliceOffset,
    size: sliceSize,
    is64,
    littleEndian,
    fileType,
    fileTypeName: FILE_TYPE_NAMES[fileType] ?? hex(fileType),
    flags,
    loadCommandCount: ncmds,
    ...(parsed.uuid ? { uuid: parsed.uuid } : {}),
    ...(parsed.platforms[0] ? { platform: parsed.platforms[0] } : {}),
    platforms: parsed.platforms,
    ...(parsed.encryption ? { encrypted: parsed.encryption.cryptid !== 0, encryption: parsed.encryption } : {}),
    ...(codeSignature ? { codeSignature } : {}),
    ...(parsed.symtab ? { symtab: parsed.symtab } : {}),
    ...(parsed.dysymtab ? { dysymtab: parsed.dysymtab } : {}),
    sections: parsed.sections,
  };
}

interface ParsedCommands {
  platforms: BuildPlatform[];
  encryption?: EncryptionInfo;
  codeSignature?: { dataoff: number; datasize: number; at: number };
  symtab?: SymtabInfo;
  dysymtab?: DysymtabInfo;
  uuid?: string;
  sections: MachOSection[];
}

/** Smallest `cmdsize` of each command read here: anything shorter cannot hold its fields. */
const MIN_COMMAND_SIZE: Readonly<Record<number, number>> = {
  [LC.LC_SEGMENT]: 56,
  [LC.LC_SEGMENT_64]: 72,
  [LC.LC_SYMTAB]: 24,
  [LC.LC_DYSYMTAB]: 80,
  [LC.LC_UUID]: 24,
  [LC.LC_CODE_SIGNATURE]: 16,
  [LC.LC_ENCRYPTION_INFO]: 20,
  [LC.LC_ENCRYPTION_INFO_64]: 24,
  [LC.LC_VERSION_MIN_MACOSX]: 16,
  [LC.LC_VERSION_MIN_IPHONEOS]: 16,
  [LC.LC_VERSION_MIN_TVOS]: 16,
  [LC.LC_VERSION_MIN_WATCHOS]: 16,
  [LC.LC_BUILD_VERSION]: 24,
};

function parseLoadCommands(commands: FieldReader, ncmds: number, is64: boolean): ParsedCommands {
  const alignment = is64 ? 8 : 4;
  const result: ParsedCommands = { platforms: [], sections: [] };
  const fail = (message: string, at: number): never => {
    throw new DecodeFailure("macho-load-commands", message, { byteOffset: commands.base + at });
  };
  let at = 0;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > commands.length) fail(`Load command ${i} of ${ncmds} would start at byte ${commands.base + at}, past the end of sizeofcmds.`, at);
    const cmd = commands.u32(at);
    const cmdsize = commands.u32(at + 4);
    const kind = cmd & 0x7fffffff; // LC_REQ_DYLD marks commands dyld must understand; the number is the rest.
    if (cmdsize < 8 || cmdsize % alignment !== 0) fail(`Load command ${i} (${hex(cmd)}) at byte ${commands.base + at} has cmdsize ${cmdsize}, not a multiple of ${alignment} of at least 8.`, at + 4);
    if (at + cmdsize > commands.length) fail(`Load command ${i} (${hex(cmd)}) at byte ${commands.base + at} is ${cmdsize} bytes, running past the ${commands.length} bytes of sizeofcmds.`, at + 4);
    const minimum = MIN_COMMAND_SIZE[kind];
    if (minimum !== undefined && cmdsize < minimum) fail(`Load command ${i} (${hex(cmd)}) at byte ${commands.base + at} is ${cmdsize} bytes, too small for its ${minimum}-byte structure.`, at + 4);

    switch (kind) {
      case LC.LC_BUILD_VERSION: {
        const platform = commands.u32(at + 8);
        const minos = commands.u32(at + 12);
        const sdk = commands.u32(at + 16);
        result.platforms.push({
          name: PLATFORM_NAMES[platform] ?? `unknown(${platform})`,
          number: platform,
          minOS: formatVersion(minos),
          ...(sdk === 0 ? {} : { sdk: formatVersion(sdk) }),
          source: "LC_BUILD_VERSION",
        });
        break;
      }
      case LC.LC_VERSION_MIN_MACOSX:
      case LC.LC_VERSION_MIN_IPHONEOS:
      case LC.LC_VERSION_MIN_TVOS:
      case LC.LC_VERSION_MIN_WATCHOS: {
        const name = VERSION_MIN_PLATFORMS[kind]!;
        const version = commands.u32(at + 8);
        const sdk = commands.u32(at + 12);
        result.platforms.push({
          name,
          number: Number(Object.entries(PLATFORM_NAMES).find(([, value]) => value === name)?.[0] ?? 0),
          minOS: formatVersion(version),
          ...(sdk === 0 ? {} : { sdk: formatVersion(sdk) }),
          source: "LC_VERSION_MIN",
        });
        break;
      }
      case LC.LC_ENCRYPTION_INFO:
      case LC.LC_ENCRYPTION_INFO_64:
        result.encryption = { cryptoff: commands.u32(at + 8), cryptsize: commands.u32(at + 12), cryptid: commands.u32(at + 16) };
        break;
      case LC.LC_CODE_SIGNATURE:
        if (result.codeSignature) fail(`Load command ${i} at byte ${commands.base + at} is a second LC_CODE_SIGNATURE.`, at);
        result.codeSignature = { dataoff: commands.u32(at + 8), datasize: commands.u32(at + 12), at: commands.base + at };
        break;
      case LC.LC_SYMTAB:
        result.symtab = { symoff: commands.u32(at + 8), nsyms: commands.u32(at + 12), stroff: commands.u32(at + 16), strsize: commands.u32(at + 20) };
        break;
      case LC.LC_DYSYMTAB:
        result.dysymtab = { iundefsym: commands.u32(at + 24), nundefsym: commands.u32(at + 28) };
        break;
      case LC.LC_UUID:
        result.uuid = formatUuid(commands.bytes.subarray(at + 8, at + 24));
        break;
      case LC.LC_SEGMENT:
      case LC.LC_SEGMENT_64:
        readSections(commands, at, cmdsize, kind === LC.LC_SEGMENT_64, result.sections, fail);
        break;
      default:
        break;
    }
    at += cmdsize;
  }
  return result;
}

/**
 *   segment_command(_64): u32 cmd | u32 cmdsize | char segname[16] | vmaddr, vmsize, fileoff, filesize
 *                         (u32 or u64 each) | i32 maxprot | i32 initprot | u32 nsects | u32 flags
 *   section(_64) × nsects: char sectname[16] | char segname[16] | addr, size (u32 or u64)
 *                          | u32 offset | u32 align | u32 reloff | u32 nreloc | u32 flags | reserved1..2(3)
 */
function readSections(commands: FieldReader, at: number, cmdsize: number, is64: boolean, into: MachOSection[], fail: (message: string, at: number) => never): void {
  const headerSize = is64 ? 72 : 56;
  const sectionSize = is64 ? 80 : 68;
  const nsects = commands.u32(at + (is64 ? 64 : 48));
  if (headerSize + nsects * sectionSize > cmdsize) fail(`The segment command at byte ${commands.base + at} declares ${nsects} sections, more than its ${cmdsize} bytes hold.`, at);
  for (let s = 0; s < nsects; s++) {
    const base = at + headerSize + s * sectionSize;
    const size = is64 ? commands.u64(base + 40, "section size") : commands.u32(base + 36);
    const offset = commands.u32(base + (is64 ? 48 : 40));
    const flags = commands.u32(base + (is64 ? 64 : 56));
    // Zero-fill sections have no file bytes; their offset is meaningless.
    const zeroFill = (flags & 0xff) === 0x1 || (flags & 0xff) === 0xc || (flags & 0xff) === 0x12;
    const inFile = !zeroFill && offset !== 0;
    into.push({
      segname: commands.fixedName(base + 16, 16),
      sectname: commands.fixedName(base, 16),
      offset: inFile ? offset : 0,
      size,
      flags,
    });
  }
}

function formatUuid(bytes: Uint8Array): string {
  const hexDigits = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
  return `${hexDigits.slice(0, 8)}-${hexDigits.slice(8, 12)}-${hexDigits.slice(12, 16)}-${hexDigits.slice(16, 20)}-${hexDigits.slice(20)}`;
}
