/**
 * Evidence for rules from a slice's contents: the symbols it imports (does it call `setsockopt`?)
 * and the C-string literals it holds (does it mention `_services._dns-sd._udp` or `224.0.0.251`?).
 *
 * Source of truth: xnu `EXTERNAL_HEADERS/mach-o/loader.h` (`symtab_command`, `dysymtab_command`,
 * `section(_64)`) and `EXTERNAL_HEADERS/mach-o/nlist.h`:
 *
 *   nlist     u32 n_strx | u8 n_type | u8 n_sect | i16 n_desc | u32 n_value      (12 bytes)
 *   nlist_64  u32 n_strx | u8 n_type | u8 n_sect | u16 n_desc | u64 n_value      (16 bytes)
 *   n_type:   N_STAB 0xe0 (debug entry) | N_PEXT 0x10 | N_TYPE 0x0e (N_UNDF = 0) | N_EXT 0x01
 *   string table at stroff: NUL-terminated names, n_strx is an offset into it.
 *
 * `LC_DYSYMTAB` groups the undefined symbols into one run (`iundefsym`, `nundefsym`), so only that
 * run is read. Everything is capped (symbols, strings, total bytes read) and a cap that cuts the
 * evidence short sets `truncated`, so a rule can say "not found in the first N strings".
 *
 * Swift stores string literals of up to 15 UTF-8 bytes inline in code, not in `__cstring`: their
 * absence here is not proof the binary lacks them.
 */
import { DecodeFailure } from "../result.js";
import type { DecodeResult } from "../result.js";
import type { ByteSource } from "./byte-source.js";
import { FieldReader, guardDecodeAsync, readExact } from "./bytes.js";
import type { MachOSection, MachOSlice } from "./macho.js";

export interface EvidenceLimits {
  readonly maxSymbols: number;
  readonly maxStrings: number;
  /** Total bytes read from the slice for symbols and strings together. */
  readonly maxBytes: number;
  /** Longer strings are cut to this many bytes. */
  readonly maxStringLength: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxSymbols: 50_000,
  maxStrings: 50_000,
  maxBytes: 4 * 1024 * 1024,
  maxStringLength: 4096,
};

/** Sections of C strings: literals, Objective-C selector names and class names. */
export const STRING_SECTIONS: readonly (readonly [segname: string, sectname: string])[] = [
  ["__TEXT", "__cstring"],
  ["__TEXT", "__objc_methname"],
  ["__TEXT", "__objc_classname"],
];

export interface MachOEvidence {
  /** Undefined external symbols as the string table spells them (`_setsockopt`), in table order. */
  readonly symbols: string[];
  /** Distinct non-empty C strings, in file order. */
  readonly strings: string[];
  /** A limit cut the evidence short, or encrypted sections were skipped. */
  readonly truncated: boolean;
}

const N_STAB = 0xe0;
const N_TYPE = 0x0e;
const N_EXT = 0x01;
const N_UNDF = 0x0;
/** Longest symbol name read past the last name's start (Swift mangled names run to a few hundred bytes). */
const MAX_SYMBOL_NAME = 4096;

const utf8 = new TextDecoder("utf-8", { fatal: false });

export function readMachOEvidence(source: ByteSource, slice: MachOSlice, limits: Partial<EvidenceLimits> = {}): Promise<DecodeResult<MachOEvidence>> {
  const caps: EvidenceLimits = { ...DEFAULT_EVIDENCE_LIMITS, ...limits };
  return guardDecodeAsync(async () => {
    const budget = { remaining: caps.maxBytes, truncated: false };
    const symbols = await readImportedSymbols(source, slice, caps, budget);
    const strings = await readCStrings(source, slice, caps, budget);
    return { symbols, strings, truncated: budget.truncated };
  });
}

interface Budget {
  remaining: number;
  truncated: boolean;
}

async function readImportedSymbols(source: ByteSource, slice: MachOSlice, caps: EvidenceLimits, budget: Budget): Promise<string[]> {
  const symtab = slice.symtab;
  if (!symtab || symtab.nsyms === 0) return [];
  const entrySize = slice.is64 ? 16 : 12;
  if (symtab.symoff + symtab.nsyms * entrySize > slice.size || symtab.stroff + symtab.strsize > slice.size) {
    throw new DecodeFailure("macho-truncated", `LC_SYMTAB points at a symbol table (${symtab.nsyms} entries at ${symtab.symoff}) or string table (${symtab.strsize} bytes at ${symtab.stroff}) past the end of the ${slice.size}-byte slice.`, { byteOffset: slice.offset });
  }
  let first = 0;
  let count = symtab.nsyms;
  if (slice.dysymtab) {
    const { iundefsym, nundefsym } = slice.dysymtab;
    if (iundefsym + nundefsym > symtab.nsyms) {
      throw new DecodeFailure("macho-load-commands", `LC_DYSYMTAB places ${nundefsym} undefined symbols from index ${iundefsym}, past the ${symtab.nsyms} symbols of LC_SYMTAB.`, { byteOffset: slice.offset });
    }
    first = iundefsym;
    count = nundefsym;
  }
  const affordable = Math.min(count, caps.maxSymbols, Math.floor(budget.remaining / entrySize));
  if (affordable < count) budget.truncated = true;
  if (affordable === 0) return [];
  budget.remaining -= affordable * entrySize;
  const table = new FieldReader(await readExact(source, slice.offset + symtab.symoff + first * entrySize, affordable * entrySize, "symbol table"), slice.offset + symtab.symoff, slice.littleEndian);

  const nameOffsets: number[] = [];
  for (let i = 0; i < affordable; i++) {
    const strx = table.u32(i * entrySize);
    const type = table.u8(i * entrySize + 4);
    const isImport = (type & N_STAB) === 0 && (type & N_TYPE) === N_UNDF && (type & N_EXT) !== 0;
    if (isImport && strx > 0 && strx < symtab.strsize) nameOffsets.push(strx);
  }
  if (nameOffsets.length === 0) return [];

  // Import names are usually packed together; read the one window that spans them.
  let start = symtab.strsize;
  let last = 0;
  for (const strx of nameOffsets) {
    start = Math.min(start, strx);
    last = Math.max(last, strx);
  }
  const wantedEnd = Math.min(symtab.strsize, last + MAX_SYMBOL_NAME);
  const windowLength = Math.min(wantedEnd - start, budget.remaining);
  if (windowLength < wantedEnd - start) budget.truncated = true;
  budget.remaining -= windowLength;
  const names = await readExact(source, slice.offset + symtab.stroff + start, windowLength, "string table");
  const symbols: string[] = [];
  for (const strx of nameOffsets) {
    const at = strx - start;
    if (at >= names.byteLength) continue;
    const nul = names.indexOf(0, at);
    if (nul === -1) {
      budget.truncated = true;
      continue;
    }
    symbols.push(utf8.decode(names.subarray(at, nul)));
  }
  return symbols;
}

async function readCStrings(source: ByteSource, slice: MachOSlice, caps: EvidenceLimits, budget: Budget): Promise<string[]> {
  const found = new Set<string>();
  for (const section of slice.sections) {
    if (!STRING_SECTIONS.some(([segname, sectname]) => section.segname === segname && section.sectname === sectname)) continue;
    if (section.offset === 0 || section.size === 0 || section.offset + section.size > slice.size) continue;
    if (isEncrypted(slice, section)) {
      budget.truncated = true;
      continue;
    }
    const length = Math.min(section.size, budget.remaining);
    if (length < section.size) budget.truncated = true;
    if (length === 0) break;
    budget.remaining -= length;
    const bytes = await readExact(source, slice.offset + section.offset, length, `${section.segname},${section.sectname} section`);
    let start = 0;
    while (start < bytes.byteLength) {
      let end = bytes.indexOf(0, start);
      if (end === -1) end = bytes.byteLength;
      if (end > start) {
        if (found.size >= caps.maxStrings) {
          budget.truncated = true;
          return [...found];
        }
        found.add(utf8.decode(bytes.subarray(start, Math.min(end, start + caps.maxStringLength))));
      }
      start = end + 1;
    }
  }
  return [...found];
}

/** FairPlay-encrypted ranges hold ciphertext, not strings. */
function isEncrypted(slice: MachOSlice, section: MachOSection): boolean {
  const encryption = slice.encryption;
  if (!encryption || encryption.cryptid === 0) return false;
  return section.offset < encryption.cryptoff + encryption.cryptsize && encryption.cryptoff < section.offset + section.size;
}
