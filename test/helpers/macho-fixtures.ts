/**
 * Builds signed Mach-O fixtures for the decoder tests.
 *
 * Debian's clang and ld64.lld link real Mach-O executables and sign them ad hoc (a
 * CodeDirectory only). `resignMachO` replaces that signature with one carrying what real signers
 * add (requirements, XML and DER entitlements, a team ID, a CMS blob), laid out as codesign does:
 * the SuperBlob at LC_CODE_SIGNATURE's dataoff at the end of __LINKEDIT, the load commands and the
 * segment sizes rewritten to match, every page hashed again. The Mach-O walking here is written
 * independently of src/decode/macho so that the tests do not check the decoder against itself.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as asn1js from "asn1js";

/** True when `tool` is on PATH. */
export function which(tool: string): boolean {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A tool by its unversioned name, or by Debian 12's versioned one (`ld64.lld-14`); undefined when neither is on PATH. */
export function llvmTool(name: string): string | undefined {
  return [name, `${name}-14`].find(which);
}

function requireTool(name: string): string {
  const found = llvmTool(name);
  if (!found) throw new Error(`${name} is not installed (apt-get install clang lld llvm)`);
  return found;
}

/** The entitlements the committed re-signed fixtures (test/fixtures/macho/) carry. */
export const FIXTURE_ENTITLEMENTS: { [key: string]: EntitlementValue } = {
  "application-identifier": "ABCDE12345.com.example.app",
  "com.apple.developer.team-identifier": "ABCDE12345",
  "com.apple.developer.networking.multicast": true,
  "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "dns-proxy"],
  "get-task-allow": false,
  "keychain-access-groups": ["ABCDE12345.*"],
};

export function makeTempDir(prefix = "ne-lint-macho-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Imports `setsockopt`/`inet_pton` and holds the Bonjour and mDNS literals a local-network rule
 * looks for. Compiled as Objective-C so a selector name lands in the string sections too.
 */
export const EVIDENCE_SOURCE = `
struct ip_mreq { unsigned int imr_multiaddr, imr_interface; };
extern int setsockopt(int, int, int, const void *, unsigned int);
extern int inet_pton(int, const char *, void *);
const char *service_type = "_services._dns-sd._udp";
SEL browse_selector(void) { return @selector(startBrowsingForServices:); }
void _start(void) {
  struct ip_mreq membership = {0, 0};
  inet_pton(2, "224.0.0.251", &membership.imr_multiaddr);
  setsockopt(3, 0, 12 /* IP_ADD_MEMBERSHIP */, &membership, sizeof membership);
}
`;

export interface LinkOptions {
  readonly arch: "arm64" | "arm64e" | "arm64_32" | "x86_64";
  /** The `-platform_version` platform name lld accepts. */
  readonly platform: "ios" | "macos" | "tvos" | "watchos" | "mac-catalyst" | "ios-simulator";
  readonly minOS: string;
  readonly sdk?: string;
  readonly name: string;
  readonly source?: string;
  /** Extra C source appended (e.g. a large initialised array to make a big file). */
  readonly extraSource?: string;
}

const CLANG_TARGET_OS: Record<LinkOptions["platform"], string> = {
  ios: "ios",
  macos: "macos",
  tvos: "tvos",
  watchos: "watchos",
  "mac-catalyst": "ios",
  "ios-simulator": "ios",
};

/** Compiles and links an ad-hoc-signed executable into `dir`; returns its path. */
export function linkExecutable(dir: string, options: LinkOptions): string {
  const sourcePath = path.join(dir, `${options.name}.m`);
  writeFileSync(sourcePath, (options.source ?? EVIDENCE_SOURCE) + (options.extraSource ?? ""));
  const objectPath = path.join(dir, `${options.name}.o`);
  const out = path.join(dir, options.name);
  const suffix = options.platform === "mac-catalyst" ? "-macabi" : options.platform === "ios-simulator" ? "-simulator" : "";
  execFileSync(requireTool("clang"), ["-target", `${options.arch}-apple-${CLANG_TARGET_OS[options.platform]}${options.minOS}${suffix}`, "-x", "objective-c", "-O1", "-c", sourcePath, "-o", objectPath], { stdio: "pipe" });
  execFileSync(requireTool("ld64.lld"), [
    "-arch", options.arch,
    "-platform_version", options.platform, options.minOS, options.sdk ?? options.minOS,
    "-e", "__start", "-undefined", "dynamic_lookup", "-adhoc_codesign",
    "-o", out, objectPath,
  ], { stdio: "pipe" });
  return out;
}

export function lipo(dir: string, inputs: readonly string[], name: string): string {
  const out = path.join(dir, name);
  execFileSync(requireTool("llvm-lipo"), ["-create", ...inputs, "-output", out], { stdio: "pipe" });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code signature blobs (xnu osfmk/kern/cs_blobs.h), all big-endian.

export const MAGIC = {
  requirements: 0xfade0c01,
  codeDirectory: 0xfade0c02,
  embeddedSignature: 0xfade0cc0,
  blobWrapper: 0xfade0b01,
  entitlements: 0xfade7171,
  derEntitlements: 0xfade7172,
} as const;

export const SLOT = {
  codeDirectory: 0,
  requirements: 2,
  entitlements: 5,
  derEntitlements: 7,
  alternateCodeDirectory: 0x1000,
  signature: 0x10000,
} as const;

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, false);
  return out;
}

function u64be(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** `CS_GenericBlob`: magic, length (header included), payload. */
export function buildBlob(magic: number, payload: Uint8Array): Uint8Array {
  return concat([u32be(magic), u32be(8 + payload.byteLength), payload]);
}

/** `CS_SuperBlob` holding `entries` in order, each blob right after the previous one. */
export function buildSuperBlob(entries: readonly { slot: number; blob: Uint8Array }[]): Uint8Array {
  const headerSize = 12 + entries.length * 8;
  const index: Uint8Array[] = [];
  let offset = headerSize;
  for (const entry of entries) {
    index.push(u32be(entry.slot), u32be(offset));
    offset += entry.blob.byteLength;
  }
  return concat([u32be(MAGIC.embeddedSignature), u32be(offset), u32be(entries.length), ...index, ...entries.map((entry) => entry.blob)]);
}

/** The empty requirement set an ad-hoc `codesign` writes. */
export function emptyRequirements(): Uint8Array {
  return buildBlob(MAGIC.requirements, u32be(0));
}

export interface CodeDirectorySpec {
  readonly identifier: string;
  readonly teamID?: string;
  readonly flags?: number;
  /** Defaults to 0x20400 (team ID, codeLimit64, exec segment). */
  readonly version?: number;
  readonly execSegFlags?: bigint;
  /** Version 0x20500: the runtime SDK version, packed. */
  readonly runtime?: number;
  /** SHA-1 (1) or SHA-256 (2, default). */
  readonly hashType?: 1 | 2;
}

function headerSizeFor(version: number): number {
  if (version >= 0x20500) return 0x60;
  if (version >= 0x20400) return 0x58;
  if (version >= 0x20300) return 0x40;
  if (version >= 0x20200) return 0x34;
  if (version >= 0x20100) return 0x30;
  return 0x2c;
}

const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;

function digest(hashType: 1 | 2, bytes: Uint8Array): Uint8Array {
  return createHash(hashType === 1 ? "sha1" : "sha256").update(bytes).digest();
}

/**
 * `CS_CodeDirectory` over `code` (the slice bytes up to the signature), with `specialBlobs`
 * (slot → whole blob) hashed into the special slots.
 */
export function buildCodeDirectory(code: Uint8Array, spec: CodeDirectorySpec, specialBlobs: ReadonlyMap<number, Uint8Array>, execSeg: { base: number; limit: number }): Uint8Array {
  const version = spec.version ?? 0x20400;
  const hashType = spec.hashType ?? 2;
  const hashSize = hashType === 1 ? 20 : 32;
  const headerSize = headerSizeFor(version);
  const identifier = new TextEncoder().encode(`${spec.identifier}\0`);
  const team = spec.teamID === undefined || version < 0x20200 ? new Uint8Array(0) : new TextEncoder().encode(`${spec.teamID}\0`);
  const nSpecialSlots = Math.max(0, ...specialBlobs.keys());
  const nCodeSlots = Math.ceil(code.byteLength / PAGE_SIZE);
  const identOffset = headerSize;
  const teamOffset = team.byteLength > 0 ? identOffset + identifier.byteLength : 0;
  const hashOffset = identOffset + identifier.byteLength + team.byteLength + nSpecialSlots * hashSize;
  const length = hashOffset + nCodeSlots * hashSize;

  const header = new Uint8Array(headerSize);
  const view = new DataView(header.buffer);
  view.setUint32(0x00, MAGIC.codeDirectory);
  view.setUint32(0x04, length);
  view.setUint32(0x08, version);
  view.setUint32(0x0c, spec.flags ?? 0);
  view.setUint32(0x10, hashOffset);
  view.setUint32(0x14, identOffset);
  view.setUint32(0x18, nSpecialSlots);
  view.setUint32(0x1c, nCodeSlots);
  view.setUint32(0x20, code.byteLength);
  view.setUint8(0x24, hashSize);
  view.setUint8(0x25, hashType);
  view.setUint8(0x26, 0);
  view.setUint8(0x27, PAGE_SHIFT);
  if (version >= 0x20200) view.setUint32(0x30, teamOffset);
  if (version >= 0x20400) {
    header.set(u64be(BigInt(execSeg.base)), 0x40);
    header.set(u64be(BigInt(execSeg.limit)), 0x48);
    header.set(u64be(spec.execSegFlags ?? 0n), 0x50);
  }
  if (version >= 0x20500) view.setUint32(0x58, spec.runtime ?? 0);

  const special: Uint8Array[] = [];
  for (let slot = nSpecialSlots; slot >= 1; slot--) {
    const blob = specialBlobs.get(slot);
    special.push(blob ? digest(hashType, blob) : new Uint8Array(hashSize));
  }
  const pages: Uint8Array[] = [];
  for (let page = 0; page < nCodeSlots; page++) pages.push(digest(hashType, code.subarray(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)));
  return concat([header, identifier, team, ...special, ...pages]);
}

export interface SignatureSpec {
  readonly codeDirectory: CodeDirectorySpec;
  /** Also add a SHA-1 CodeDirectory in the first alternate slot, as codesign does for old OS support. */
  readonly alternateSha1?: boolean;
  readonly requirements?: boolean;
  readonly entitlementsXml?: string;
  readonly entitlementsDer?: Uint8Array;
  /** Signs the CodeDirectory; the result goes in a blob wrapper in slot 0x10000. */
  readonly cms?: (codeDirectory: Uint8Array) => Uint8Array;
  /** Appended as-is (for unknown-slot tests). */
  readonly extraBlobs?: readonly { slot: number; blob: Uint8Array }[];
}

interface ThinLayout {
  readonly signatureCommandAt: number;
  readonly dataoff: number;
  readonly linkeditCommandAt: number;
  readonly linkeditFileoff: number;
  readonly textFileoff: number;
  readonly textFilesize: number;
}

/** Finds LC_CODE_SIGNATURE and the __LINKEDIT/__TEXT segments of a little-endian 64-bit Mach-O. */
function layoutOf(bytes: Uint8Array): ThinLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0xfeedfacf) throw new Error("resignMachO handles thin 64-bit little-endian Mach-O only");
  const ncmds = view.getUint32(16, true);
  let at = 32;
  let signatureCommandAt = -1;
  let dataoff = -1;
  let linkeditCommandAt = -1;
  let linkeditFileoff = -1;
  let textFileoff = 0;
  let textFilesize = 0;
  for (let i = 0; i < ncmds; i++) {
    const cmd = view.getUint32(at, true);
    const cmdsize = view.getUint32(at + 4, true);
    if (cmd === 0x1d) {
      signatureCommandAt = at;
      dataoff = view.getUint32(at + 8, true);
    } else if (cmd === 0x19) {
      const name = Buffer.from(bytes.subarray(at + 8, at + 24)).toString("latin1").replace(/\0+$/, "");
      if (name === "__LINKEDIT") {
        linkeditCommandAt = at;
        linkeditFileoff = Number(view.getBigUint64(at + 40, true));
      } else if (name === "__TEXT") {
        textFileoff = Number(view.getBigUint64(at + 40, true));
        textFilesize = Number(view.getBigUint64(at + 48, true));
      }
    }
    at += cmdsize;
  }
  if (signatureCommandAt < 0 || linkeditCommandAt < 0) throw new Error("the Mach-O has no LC_CODE_SIGNATURE or __LINKEDIT (link with -adhoc_codesign)");
  return { signatureCommandAt, dataoff, linkeditCommandAt, linkeditFileoff, textFileoff, textFilesize };
}

const CMS_RESERVE = 16 * 1024;

/** Replaces the signature of a thin 64-bit Mach-O; returns the new file bytes. */
export function resignMachO(original: Uint8Array, spec: SignatureSpec): Uint8Array {
  const layout = layoutOf(original);
  const code = new Uint8Array(original.subarray(0, layout.dataoff));
  const specialBlobs = new Map<number, Uint8Array>();
  if (spec.requirements ?? true) specialBlobs.set(SLOT.requirements, emptyRequirements());
  if (spec.entitlementsXml !== undefined) specialBlobs.set(SLOT.entitlements, buildBlob(MAGIC.entitlements, new TextEncoder().encode(spec.entitlementsXml)));
  if (spec.entitlementsDer !== undefined) specialBlobs.set(SLOT.derEntitlements, buildBlob(MAGIC.derEntitlements, spec.entitlementsDer));
  const execSeg = { base: layout.textFileoff, limit: layout.textFilesize };

  // The header is hashed into page 0, so its final sizes must be written before hashing: size
  // everything first (a CodeDirectory's size does not depend on the hashes), then fill in.
  const sizingDirectory = buildCodeDirectory(code, spec.codeDirectory, specialBlobs, execSeg);
  const sizingAlternate = spec.alternateSha1 ? buildCodeDirectory(code, { ...spec.codeDirectory, hashType: 1 }, specialBlobs, execSeg) : undefined;
  const fixedBlobs = [sizingDirectory, ...(sizingAlternate ? [sizingAlternate] : []), ...specialBlobs.values(), ...(spec.extraBlobs ?? []).map((entry) => entry.blob)];
  const entryCount = fixedBlobs.length + (spec.cms ? 1 : 0);
  const estimate = 12 + entryCount * 8 + fixedBlobs.reduce((sum, blob) => sum + blob.byteLength, 0) + (spec.cms ? CMS_RESERVE : 0);
  const datasize = Math.ceil(estimate / 16) * 16;

  const codeView = new DataView(code.buffer);
  codeView.setUint32(layout.signatureCommandAt + 12, datasize, true);
  const linkeditFilesize = layout.dataoff + datasize - layout.linkeditFileoff;
  codeView.setBigUint64(layout.linkeditCommandAt + 48, BigInt(linkeditFilesize), true);
  codeView.setBigUint64(layout.linkeditCommandAt + 32, BigInt(Math.ceil(linkeditFilesize / 0x4000) * 0x4000), true);

  const directory = buildCodeDirectory(code, spec.codeDirectory, specialBlobs, execSeg);
  const entries: { slot: number; blob: Uint8Array }[] = [{ slot: SLOT.codeDirectory, blob: directory }];
  for (const [slot, blob] of specialBlobs) entries.push({ slot, blob });
  if (spec.alternateSha1) entries.push({ slot: SLOT.alternateCodeDirectory, blob: buildCodeDirectory(code, { ...spec.codeDirectory, hashType: 1 }, specialBlobs, execSeg) });
  if (spec.cms) entries.push({ slot: SLOT.signature, blob: buildBlob(MAGIC.blobWrapper, spec.cms(directory)) });
  entries.push(...(spec.extraBlobs ?? []));
  const superBlob = buildSuperBlob(entries);
  if (superBlob.byteLength > datasize) throw new Error(`the signature (${superBlob.byteLength} bytes) outgrew the ${datasize} bytes reserved`);

  const out = new Uint8Array(layout.dataoff + datasize);
  out.set(code, 0);
  out.set(superBlob, layout.dataoff);
  return out;
}

export function resignFile(inputPath: string, outputPath: string, spec: SignatureSpec): string {
  writeFileSync(outputPath, resignMachO(readFileSync(inputPath), spec));
  return outputPath;
}

/** A CMS signer over the CodeDirectory with a throwaway EC key (openssl); undefined without openssl. */
export function opensslCmsSigner(dir: string): ((codeDirectory: Uint8Array) => Uint8Array) | undefined {
  if (!which("openssl")) return undefined;
  const key = path.join(dir, "cms-key.pem");
  const cert = path.join(dir, "cms-cert.pem");
  if (!existsSync(cert)) {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=ne-lint test signer", "-days", "2"], { stdio: "pipe" });
  }
  return (codeDirectory) => {
    const input = path.join(dir, "cd.bin");
    const output = path.join(dir, "cms.der");
    writeFileSync(input, codeDirectory);
    execFileSync("openssl", ["cms", "-sign", "-binary", "-in", input, "-signer", cert, "-inkey", key, "-outform", "DER", "-out", output], { stdio: "pipe" });
    return readFileSync(output);
  };
}

// ---------------------------------------------------------------------------------------------
// DER entitlements: [APPLICATION 16] { INTEGER 1, [CONTEXT 16] { SEQUENCE { UTF8String key, value } … } }
// BOOLEAN, INTEGER, UTF8String; arrays are SEQUENCEs; nested dictionaries are [CONTEXT 16] again.

export type EntitlementValue = boolean | number | string | EntitlementValue[] | { [key: string]: EntitlementValue };

function derValue(value: EntitlementValue): asn1js.BaseBlock {
  if (typeof value === "boolean") return new asn1js.Boolean({ value });
  if (typeof value === "number") return new asn1js.Integer({ value });
  if (typeof value === "string") return new asn1js.Utf8String({ value });
  if (Array.isArray(value)) return new asn1js.Sequence({ value: value.map(derValue) });
  return derDictionary(value);
}

function derDictionary(dict: { [key: string]: EntitlementValue }): asn1js.BaseBlock {
  const pairs = Object.keys(dict).sort().map((key) => new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: key }), derValue(dict[key]!)] }));
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 16 }, value: pairs });
}

export function encodeDerEntitlements(dict: { [key: string]: EntitlementValue }): Uint8Array {
  const root = new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: 16 }, value: [new asn1js.Integer({ value: 1 }), derDictionary(dict)] });
  return new Uint8Array(root.toBER(false));
}

/** An XML entitlements plist as Xcode writes it. */
export function entitlementsXml(dict: { [key: string]: EntitlementValue }): string {
  const render = (value: EntitlementValue, indent: string): string => {
    if (typeof value === "boolean") return `${indent}<${value}/>`;
    if (typeof value === "number") return `${indent}<integer>${value}</integer>`;
    if (typeof value === "string") return `${indent}<string>${escapeXml(value)}</string>`;
    if (Array.isArray(value)) return `${indent}<array>\n${value.map((item) => render(item, `${indent}\t`)).join("\n")}\n${indent}</array>`;
    const entries = Object.keys(value).map((key) => `${indent}\t<key>${escapeXml(key)}</key>\n${render(value[key]!, `${indent}\t`)}`);
    return `${indent}<dict>\n${entries.join("\n")}\n${indent}</dict>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${render(dict, "")}\n</plist>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// ---------------------------------------------------------------------------------------------
// A minimal executable built byte by byte (mach-o/loader.h), for tests that must run without
// clang: arm64 MH_EXECUTE with __TEXT (one __cstring section), __LINKEDIT (symbol and string
// tables), LC_SYMTAB, LC_DYSYMTAB, LC_BUILD_VERSION and LC_CODE_SIGNATURE. Sign it with
// `resignMachO`.

export interface SyntheticOptions {
  /** `PLATFORM_*` number: 1 macOS, 2 iOS, … */
  readonly platform?: number;
  /** Packed `xxxx.yy.zz` versions. */
  readonly minos?: number;
  readonly sdk?: number;
  readonly strings?: readonly string[];
  readonly imports?: readonly string[];
}

export function buildSyntheticMachO(options: SyntheticOptions = {}): Uint8Array {
  const strings = options.strings ?? ["_services._dns-sd._udp", "224.0.0.251"];
  const imports = options.imports ?? ["_inet_pton", "_setsockopt"];
  const textSize = 0x4000;
  const cstringOffset = 0x1000;
  const cstring = new TextEncoder().encode(strings.map((text) => `${text}\0`).join(""));
  const linkeditOffset = textSize;
  const strtab = new TextEncoder().encode(` \0${imports.map((name) => `${name}\0`).join("")}`);
  const symoff = linkeditOffset;
  const symtabSize = imports.length * 16;
  const stroff = symoff + symtabSize;
  const dataoff = Math.ceil((stroff + strtab.byteLength) / 16) * 16;

  const commands: Uint8Array[] = [];
  const command = (size: number, fill: (view: DataView, bytes: Uint8Array) => void): void => {
    const bytes = new Uint8Array(size);
    fill(new DataView(bytes.buffer), bytes);
    commands.push(bytes);
  };
  const name16 = (bytes: Uint8Array, at: number, name: string): void => bytes.set(new TextEncoder().encode(name), at);
  command(72 + 80, (view, bytes) => {
    view.setUint32(0, 0x19, true);
    view.setUint32(4, 152, true);
    name16(bytes, 8, "__TEXT");
    view.setBigUint64(24, 0x100000000n, true);
    view.setBigUint64(32, BigInt(textSize), true);
    view.setBigUint64(40, 0n, true);
    view.setBigUint64(48, BigInt(textSize), true);
    view.setInt32(56, 5, true);
    view.setInt32(60, 5, true);
    view.setUint32(64, 1, true);
    name16(bytes, 72, "__cstring");
    name16(bytes, 88, "__TEXT");
    view.setBigUint64(104, 0x100000000n + BigInt(cstringOffset), true);
    view.setBigUint64(112, BigInt(cstring.byteLength), true);
    view.setUint32(120, cstringOffset, true);
    view.setUint32(136, 0x2, true); // S_CSTRING_LITERALS
  });
  command(72, (view, bytes) => {
    view.setUint32(0, 0x19, true);
    view.setUint32(4, 72, true);
    name16(bytes, 8, "__LINKEDIT");
    view.setBigUint64(24, 0x100000000n + BigInt(textSize), true);
    view.setBigUint64(32, 0x4000n, true);
    view.setBigUint64(40, BigInt(linkeditOffset), true);
    view.setBigUint64(48, BigInt(dataoff - linkeditOffset), true);
    view.setInt32(56, 1, true);
    view.setInt32(60, 1, true);
  });
  command(24, (view) => {
    view.setUint32(0, 0x2, true);
    view.setUint32(4, 24, true);
    view.setUint32(8, symoff, true);
    view.setUint32(12, imports.length, true);
    view.setUint32(16, stroff, true);
    view.setUint32(20, strtab.byteLength, true);
  });
  command(80, (view) => {
    view.setUint32(0, 0xb, true);
    view.setUint32(4, 80, true);
    view.setUint32(24, 0, true); // iundefsym
    view.setUint32(28, imports.length, true); // nundefsym
  });
  command(24, (view) => {
    view.setUint32(0, 0x32, true);
    view.setUint32(4, 24, true);
    view.setUint32(8, options.platform ?? 2, true);
    view.setUint32(12, options.minos ?? 0x100000, true);
    view.setUint32(16, options.sdk ?? 0x110200, true);
  });
  command(16, (view) => {
    view.setUint32(0, 0x1d, true);
    view.setUint32(4, 16, true);
    view.setUint32(8, dataoff, true);
    view.setUint32(12, 0, true);
  });

  const sizeofcmds = commands.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(dataoff);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xfeedfacf, true);
  view.setUint32(4, 0x0100000c, true);
  view.setUint32(8, 0, true);
  view.setUint32(12, 2, true);
  view.setUint32(16, commands.length, true);
  view.setUint32(20, sizeofcmds, true);
  view.setUint32(24, 0x200084, true);
  out.set(concat(commands), 32);
  out.set(cstring, cstringOffset);
  let strx = 2;
  imports.forEach((name, i) => {
    view.setUint32(symoff + i * 16, strx, true);
    view.setUint8(symoff + i * 16 + 4, 0x01); // N_UNDF | N_EXT
    strx += name.length + 1;
  });
  out.set(strtab, stroff);
  return out;
}
