/**
 * The Mach-O decoder on executables linked by clang + ld64.lld-14 (thin iOS and macOS, arm64 and
 * x86_64, universal), with signatures rewritten to carry entitlements, a team ID and a CMS blob.
 * Oracles: llvm-objdump / llvm-nm / llvm-otool for the container, node:crypto page hashes of the
 * file for lld's own CodeDirectory, python3 plistlib for the XML entitlements, openssl asn1parse for
 * the DER ones and openssl cms -verify for the CMS blob over the CodeDirectory we located.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJs } from "../../src/model/plist.js";
import { bufferByteSource, fileByteSource, readMachO, readMachOEvidence, readSignatureBlob } from "../../src/decode/macho/index.js";
import type { ByteSource, MachOFile, MachOSlice } from "../../src/decode/macho/index.js";
import {
  encodeDerEntitlements,
  entitlementsXml,
  linkExecutable,
  linkToolsSkipReason,
  lipo,
  makeTempDir,
  missingLinkTools,
  opensslCmsSigner,
  resignFile,
  which,
} from "../helpers/macho-fixtures.js";
import type { EntitlementValue } from "../helpers/macho-fixtures.js";

const hasTools = missingLinkTools.length === 0 && which("llvm-objdump-14") && which("llvm-nm-14") && which("llvm-otool-14");
if (!hasTools) console.warn(`macho.test.ts ${linkToolsSkipReason} (or llvm-objdump-14/llvm-nm-14/llvm-otool-14 missing)`);

const ENTITLEMENTS: { [key: string]: EntitlementValue } = {
  "application-identifier": "ABCDE12345.com.example.app",
  "com.apple.developer.team-identifier": "ABCDE12345",
  "com.apple.developer.networking.multicast": true,
  "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "dns-proxy"],
  "get-task-allow": false,
  "keychain-access-groups": ["ABCDE12345.*"],
};

async function decodeFile(file: string): Promise<MachOFile> {
  const source = await fileByteSource(file);
  try {
    const result = await readMachO(source, { file: { path: path.basename(file), fsPath: file } });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  } finally {
    await source.close();
  }
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The fields llvm-objdump prints for a thin Mach-O, read from its text output. */
function objdumpHeaders(file: string) {
  const text = run("llvm-objdump-14", ["--macho", "--private-headers", file]);
  const header = /MH_MAGIC(?:_64)?\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)\s+(\d+)\s+(\d+)/.exec(text);
  const build = /cmd LC_BUILD_VERSION\n.*\n\s+platform (\S+)\n\s+sdk (\S+)\n\s+minos (\S+)/.exec(text);
  const signature = /cmd LC_CODE_SIGNATURE\n.*\n\s+dataoff (\d+)\n\s+datasize (\d+)/.exec(text);
  const crypt = /cmd LC_ENCRYPTION_INFO(?:_64)?\n(?:.*\n){3}\s+cryptid (\d+)/.exec(text);
  return {
    cputype: header?.[1],
    cpusubtype: header?.[2],
    filetype: header?.[3],
    ncmds: Number(header?.[4]),
    platform: build?.[1],
    sdk: build?.[2],
    minos: build?.[3],
    dataoff: signature ? Number(signature[1]) : undefined,
    datasize: signature ? Number(signature[2]) : undefined,
    cryptid: crypt ? Number(crypt[1]) : undefined,
  };
}

/** llvm-objdump prints `16.0` for 16.0.0; the decoder always writes three components. */
function threePart(version: string | undefined): string | undefined {
  if (version === undefined || version === "n/a") return undefined;
  const parts = version.split(".");
  while (parts.length < 3) parts.push("0");
  return parts.join(".");
}

const OBJDUMP_CPU: Record<string, string> = { ARM64: "arm64", X86_64: "x86_64", ARM64_32: "arm64_32" };
const OBJDUMP_PLATFORM: Record<string, string> = { ios: "ios", macos: "macos", macCatalyst: "maccatalyst", iossimulator: "iossimulator", tvos: "tvos", watchos: "watchos" };

function expectMatchesObjdump(slice: MachOSlice, file: string): void {
  const oracle = objdumpHeaders(file);
  expect(slice.cpu).toBe(oracle.cputype === "ARM64" && oracle.cpusubtype === "E" ? "arm64e" : OBJDUMP_CPU[oracle.cputype!]);
  expect(slice.fileTypeName).toBe(`MH_${oracle.filetype}`);
  expect(slice.loadCommandCount).toBe(oracle.ncmds);
  expect(slice.platform?.name).toBe(OBJDUMP_PLATFORM[oracle.platform!]);
  expect(slice.platform?.minOS).toBe(threePart(oracle.minos));
  expect(slice.platform?.sdk).toBe(threePart(oracle.sdk));
  expect(slice.encryption?.cryptid).toBe(oracle.cryptid);
  expect(slice.codeSignature?.offset).toBe(oracle.dataoff === undefined ? undefined : slice.offset + oracle.dataoff);
  expect(slice.codeSignature?.size).toBe(oracle.datasize);
}

/** Page hashes of the CodeDirectory vs SHA-256 of the file's own pages: proves every offset we read. */
async function expectPageHashesMatch(source: ByteSource, slice: MachOSlice, fileBytes: Uint8Array): Promise<void> {
  const signature = slice.codeSignature!;
  const directory = signature.codeDirectory!;
  const blob = signature.blobs.find((entry) => entry.slot === 0)!;
  const bytes = await readSignatureBlob(source, blob);
  expect(directory.hashTypeName).toBe("sha256");
  expect(directory.codeLimit).toBe(signature.offset - slice.offset);
  expect(directory.nCodeSlots).toBe(Math.ceil(directory.codeLimit / directory.pageSize));
  const slot = (page: number) => Buffer.from(bytes.subarray(directory.hashOffset + page * directory.hashSize, directory.hashOffset + (page + 1) * directory.hashSize)).toString("hex");
  for (let page = 0; page < directory.nCodeSlots; page++) {
    const start = slice.offset + page * directory.pageSize;
    const end = Math.min(start + directory.pageSize, slice.offset + directory.codeLimit);
    expect(slot(page), `page ${page}`).toBe(createHash("sha256").update(fileBytes.subarray(start, end)).digest("hex"));
  }
}

describe.skipIf(!hasTools)("Mach-O executables linked by lld", () => {
  let dir = "";
  const files: Record<string, string> = {};

  beforeAll(() => {
    dir = makeTempDir();
    files.iosArm64 = linkExecutable(dir, { arch: "arm64", platform: "ios", minOS: "16.0", sdk: "17.2", name: "ios-arm64" });
    files.macArm64 = linkExecutable(dir, { arch: "arm64", platform: "macos", minOS: "12.3", sdk: "14.0", name: "mac-arm64" });
    files.macX86 = linkExecutable(dir, { arch: "x86_64", platform: "macos", minOS: "10.15.4", sdk: "14.0", name: "mac-x86_64" });
    files.fat = lipo(dir, [files.macX86, files.macArm64], "mac-universal");
    files.catalyst = linkExecutable(dir, { arch: "arm64", platform: "mac-catalyst", minOS: "14.0", sdk: "17.0", name: "catalyst" });
    // arm64_32 is a 32-bit Mach-O (mach_header, LC_SEGMENT, 12-byte nlist).
    files.watchArm64_32 = linkExecutable(dir, { arch: "arm64_32", platform: "watchos", minOS: "8.0", sdk: "9.0", name: "watch-arm64_32" });
    files.simulator = linkExecutable(dir, { arch: "arm64", platform: "ios-simulator", minOS: "15.0", sdk: "17.0", name: "ios-sim" });
    // lld 14 writes CPU_SUBTYPE_ARM64_ALL into arm64e executables; clang's object file keeps arm64e.
    files.arm64eObject = `${linkExecutable(dir, { arch: "arm64e", platform: "ios", minOS: "15.0", sdk: "17.0", name: "ios-arm64e" })}.o`;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["iosArm64", "arm64", "ios", "16.0.0", true],
    ["macArm64", "arm64", "macos", "12.3.0", true],
    ["macX86", "x86_64", "macos", "10.15.4", true],
    ["catalyst", "arm64", "maccatalyst", "14.0.0", true],
    ["simulator", "arm64", "iossimulator", "15.0.0", true],
    ["arm64eObject", "arm64e", "ios", "15.0.0", true],
    ["watchArm64_32", "arm64_32", "watchos", "8.0.0", false],
  ])("thin %s: header, platform and signature agree with llvm-objdump", async (name, cpu, platform, minOS, is64) => {
    const file = files[name]!;
    const decoded = await decodeFile(file);
    expect(decoded.fat).toBe(false);
    const slice = decoded.slices[0]!;
    expect(slice).toMatchObject({ cpu, offset: 0, size: statSync(file).size, is64, littleEndian: true });
    expect(slice.platform).toMatchObject({ name: platform, minOS, source: "LC_BUILD_VERSION" });
    expectMatchesObjdump(slice, file);
  });

  it("reads lld's ad-hoc CodeDirectory: identifier, flags, and page hashes that match the file", async () => {
    for (const file of [files.iosArm64!, files.macX86!, files.watchArm64_32!]) {
      const bytes = readFileSync(file);
      const source = bufferByteSource(bytes);
      const result = await readMachO(source);
      if (!result.ok) throw new Error(result.error.message);
      const slice = result.value.slices[0]!;
      const directory = slice.codeSignature!.codeDirectory!;
      expect(directory.identifier).toBe(path.basename(file));
      expect(directory.adhoc).toBe(true);
      expect(directory.linkerSigned).toBe(true);
      expect(directory.flagNames).toEqual(["CS_ADHOC", "CS_LINKER_SIGNED"]);
      expect(directory.teamID).toBeUndefined();
      expect(slice.codeSignature!.entitlements).toBeUndefined();
      expect(slice.codeSignature!.hasCms).toBe(false);
      await expectPageHashesMatch(source, slice, bytes);
    }
  });

  it("reads both slices of a universal binary at the offsets llvm-objdump reports", async () => {
    const decoded = await decodeFile(files.fat!);
    expect(decoded.fat).toBe(true);
    const text = run("llvm-objdump-14", ["--macho", "--universal-headers", files.fat!]);
    const arches = [...text.matchAll(/architecture (\S+)\n(?:.*\n){3}\s+offset (\d+)\n\s+size (\d+)/g)].map((m) => ({ cpu: m[1], offset: Number(m[2]), size: Number(m[3]) }));
    expect(arches).toHaveLength(2);
    expect(decoded.slices.map((slice) => ({ cpu: slice.cpu, offset: slice.offset, size: slice.size }))).toEqual(arches);
    const fatBytes = readFileSync(files.fat!);
    for (const [slice, thin] of [[decoded.slices[0]!, files.macX86!], [decoded.slices[1]!, files.macArm64!]] as const) {
      // lipo copies each thin file verbatim into its slice.
      expect(Buffer.compare(fatBytes.subarray(slice.offset, slice.offset + slice.size), readFileSync(thin))).toBe(0);
      const alone = (await decodeFile(thin)).slices[0]!;
      expect(slice.codeSignature?.offset).toBe(slice.offset + alone.codeSignature!.offset);
      expect(slice.codeSignature?.codeDirectory?.identifier).toBe(alone.codeSignature?.codeDirectory?.identifier);
      expect(slice.platform).toEqual(alone.platform);
      await expectPageHashesMatch(bufferByteSource(fatBytes), slice, fatBytes);
    }
  });

  it("finds imported symbols and C strings as llvm-nm and llvm-otool list them", async () => {
    for (const file of [files.iosArm64!, files.macX86!, files.watchArm64_32!, files.fat!]) {
      const decoded = await decodeFile(file);
      const source = await fileByteSource(file);
      try {
        for (const slice of decoded.slices) {
          const evidence = await readMachOEvidence(source, slice);
          if (!evidence.ok) throw new Error(evidence.error.message);
          const arch = decoded.fat ? ["-arch", slice.cpu] : [];
          const undefinedSymbols = run("llvm-nm-14", ["-u", ...arch, file]).split("\n").map((line) => line.trim()).filter((line) => line && !line.endsWith(":"));
          expect(new Set(evidence.value.symbols)).toEqual(new Set(undefinedSymbols));
          expect(evidence.value.symbols).toEqual(expect.arrayContaining(["_setsockopt", "_inet_pton"]));
          const otool = run("llvm-otool-14", [...arch, "-v", "-s", "__TEXT", "__cstring", file]);
          const cstrings = [...otool.matchAll(/^[0-9a-f]{8,16}\s+(.*)$/gm)].map((m) => m[1]);
          expect(cstrings.length).toBeGreaterThan(0);
          expect(evidence.value.strings).toEqual(expect.arrayContaining(cstrings));
          expect(evidence.value.strings).toEqual(expect.arrayContaining(["_services._dns-sd._udp", "224.0.0.251", "startBrowsingForServices:"]));
          expect(evidence.value.truncated).toBe(false);
        }
      } finally {
        await source.close();
      }
    }
  });

  describe("re-signed with entitlements", () => {
    let xmlOnly = "";
    let full = "";
    let derOnly = "";
    let cms: ((cd: Uint8Array) => Uint8Array) | undefined;

    beforeAll(() => {
      cms = opensslCmsSigner(dir);
      xmlOnly = resignFile(files.iosArm64!, path.join(dir, "xml-only"), {
        codeDirectory: { identifier: "com.example.app", teamID: "ABCDE12345", flags: 0x10000, execSegFlags: 0x1n },
        entitlementsXml: entitlementsXml(ENTITLEMENTS),
      });
      full = resignFile(files.macArm64!, path.join(dir, "full"), {
        codeDirectory: { identifier: "com.example.mac", teamID: "ZYXWV98765", flags: 0x10000 | 0x4, version: 0x20500, runtime: 0x0e0000, execSegFlags: 0x1n | 0x40n },
        alternateSha1: true,
        entitlementsXml: entitlementsXml(ENTITLEMENTS),
        entitlementsDer: encodeDerEntitlements(ENTITLEMENTS),
        ...(cms ? { cms } : {}),
      });
      derOnly = resignFile(files.iosArm64!, path.join(dir, "der-only"), {
        codeDirectory: { identifier: "com.example.der", version: 0x20100 },
        entitlementsDer: encodeDerEntitlements(ENTITLEMENTS),
      });
    });

    it("is still a Mach-O llvm-objdump parses, with the new signature size", async () => {
      for (const file of [xmlOnly, full, derOnly]) {
        const slice = (await decodeFile(file)).slices[0]!;
        expectMatchesObjdump(slice, file);
        expect(slice.codeSignature!.offset + slice.codeSignature!.size).toBe(statSync(file).size);
        const text = run("llvm-objdump-14", ["--macho", "--private-headers", file]);
        const linkedit = /segname __LINKEDIT\n(?:.*\n){2}\s+fileoff (\d+)\n\s+filesize (\d+)/.exec(text)!;
        expect(Number(linkedit[1]) + Number(linkedit[2])).toBe(statSync(file).size);
      }
    });

    it("reads the CodeDirectory fields that were written", async () => {
      const xml = (await decodeFile(xmlOnly)).slices[0]!.codeSignature!;
      expect(xml.codeDirectory).toMatchObject({ version: 0x20400, identifier: "com.example.app", teamID: "ABCDE12345", flags: 0x10000, hardenedRuntime: true, adhoc: false, hashTypeName: "sha256", execSegFlags: 0x1n, execSegFlagNames: ["CS_EXECSEG_MAIN_BINARY"] });
      const mac = (await decodeFile(full)).slices[0]!.codeSignature!;
      expect(mac.codeDirectory).toMatchObject({ version: 0x20500, identifier: "com.example.mac", teamID: "ZYXWV98765", flagNames: ["CS_GET_TASK_ALLOW", "CS_RUNTIME"], runtimeVersion: "14.0.0", execSegFlagNames: ["CS_EXECSEG_MAIN_BINARY", "CS_EXECSEG_JIT"] });
      expect(mac.alternateCodeDirectories.map((cd) => [cd.hashTypeName, cd.identifier])).toEqual([["sha1", "com.example.mac"]]);
      const der = (await decodeFile(derOnly)).slices[0]!.codeSignature!;
      // Version 0x20100 predates team IDs and exec segments: neither may be read.
      expect(der.codeDirectory?.teamID).toBeUndefined();
      expect(der.codeDirectory?.execSegFlags).toBeUndefined();
    });

    it("reads the signed entitlements as plistlib reads the same XML", async () => {
      const signature = (await decodeFile(xmlOnly)).slices[0]!.codeSignature!;
      expect(signature.entitlementsDer).toBeUndefined();
      expect(signature.entitlements?.kind).toBe("signed-entitlements");
      expect(signature.entitlements?.format).toBe("xml");
      expect(signature.entitlements?.file.path).toBe("xml-only");
      const xmlPath = path.join(dir, "entitlements.xml");
      writeFileSync(xmlPath, signature.entitlementsXml!);
      const oracle = JSON.parse(run("python3", ["-c", "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))", xmlPath])) as unknown;
      expect(JSON.parse(JSON.stringify(toJs(signature.entitlements!.root)))).toEqual(oracle);
      expect(oracle).toEqual(ENTITLEMENTS);
    });

    it("decodes DER-only entitlements to the values plistlib reads from the equivalent XML", async () => {
      const signature = (await decodeFile(derOnly)).slices[0]!.codeSignature!;
      expect(signature.entitlementsXml).toBeUndefined();
      expect(signature.entitlementsError).toBeUndefined();
      expect(signature.entitlements?.format).toBe("der");
      expect(signature.entitlements?.kind).toBe("signed-entitlements");
      const xmlPath = path.join(dir, "entitlements-for-der.xml");
      writeFileSync(xmlPath, entitlementsXml(ENTITLEMENTS));
      const oracle = JSON.parse(run("python3", ["-c", "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))", xmlPath])) as unknown;
      expect(JSON.parse(JSON.stringify(toJs(signature.entitlements!.root)))).toEqual(oracle);
      // With both present, the XML document wins and the DER one decodes cleanly.
      const both = (await decodeFile(full)).slices[0]!.codeSignature!;
      expect(both.entitlements?.format).toBe("xml");
      expect(both.entitlementsError).toBeUndefined();
    });

    it("hashes the entitlements and requirements blobs into the special slots", async () => {
      const bytes = readFileSync(full);
      const signature = (await decodeFile(full)).slices[0]!.codeSignature!;
      const directory = signature.codeDirectory!;
      for (const slot of [2, 5, 7]) {
        const blob = signature.blobs.find((entry) => entry.slot === slot)!;
        const digest = createHash("sha256").update(bytes.subarray(blob.offset, blob.offset + blob.length)).digest("hex");
        expect(Buffer.from(directory.specialSlotHashes.get(slot)!).toString("hex"), `slot ${slot}`).toBe(digest);
      }
      expect(Buffer.from(directory.specialSlotHashes.get(1)!).every((byte) => byte === 0)).toBe(true);
    });

    it.skipIf(!which("openssl"))("exposes DER entitlements that openssl parses as Apple's layout", async () => {
      const signature = (await decodeFile(full)).slices[0]!.codeSignature!;
      const derPath = path.join(dir, "entitlements.der");
      writeFileSync(derPath, signature.entitlementsDer!);
      const parsed = run("openssl", ["asn1parse", "-inform", "DER", "-in", derPath]);
      expect(parsed).toMatch(/^\s*0:d=0\s+hl=\d+ l=\s*\d+ cons: appl \[ 16 \]/);
      expect(parsed).toMatch(/d=1\s+hl=\d+ l=\s*1 prim: INTEGER\s+:01/);
      expect(parsed).toMatch(/d=1\s+hl=\d+ l=\s*\d+ cons: cont \[ 16 \]/);
      for (const key of Object.keys(ENTITLEMENTS)) expect(parsed).toContain(`UTF8STRING        :${key}`);
      expect(statSync(derPath).size).toBe(signature.blobs.find((blob) => blob.slot === 7)!.length - 8);
    });

    it.skipIf(!which("openssl"))("exposes a CMS blob that openssl verifies over the CodeDirectory we located", async () => {
      const source = bufferByteSource(readFileSync(full));
      const result = await readMachO(source);
      if (!result.ok) throw new Error(result.error.message);
      const signature = result.value.slices[0]!.codeSignature!;
      expect(signature.hasCms).toBe(true);
      const wrapper = await readSignatureBlob(source, signature.blobs.find((blob) => blob.slot === 0x10000)!);
      expect(signature.cmsLength).toBe(wrapper.byteLength - 8);
      const cmsPath = path.join(dir, "sig.der");
      const cdPath = path.join(dir, "cd-located.bin");
      writeFileSync(cmsPath, wrapper.subarray(8));
      writeFileSync(cdPath, await readSignatureBlob(source, signature.blobs.find((blob) => blob.slot === 0)!));
      const verified = execFileSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", cmsPath, "-content", cdPath, "-noverify", "-out", "/dev/null"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(verified).toBe("");
      const noCms = (await decodeFile(xmlOnly)).slices[0]!.codeSignature!;
      expect(noCms.hasCms).toBe(false);
    });

    it("lists every blob with its slot and magic", async () => {
      const signature = (await decodeFile(full)).slices[0]!.codeSignature!;
      expect(signature.blobs.map((blob) => [blob.slot, blob.magic])).toEqual([
        [0, 0xfade0c02],
        [2, 0xfade0c01],
        [5, 0xfade7171],
        [7, 0xfade7172],
        [0x1000, 0xfade0c02],
        ...(cms ? [[0x10000, 0xfade0b01]] : []),
      ]);
    });
  });

  it("reads only the bytes it needs from a 50 MB binary whose signature is at the end", async () => {
    const big = linkExecutable(dir, { arch: "arm64", platform: "ios", minOS: "16.0", name: "big", extraSource: "\nchar big_payload[50 << 20] = {1};\n" });
    const signed = resignFile(big, path.join(dir, "big-signed"), { codeDirectory: { identifier: "com.example.big", teamID: "ABCDE12345" }, entitlementsXml: entitlementsXml(ENTITLEMENTS) });
    const size = statSync(signed).size;
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    const file = await fileByteSource(signed);
    let bytesRead = 0;
    let reads = 0;
    const counting: ByteSource = {
      size: file.size,
      async read(offset, length) {
        reads++;
        const chunk = await file.read(offset, length);
        bytesRead += chunk.byteLength;
        return chunk;
      },
    };
    try {
      const result = await readMachO(counting);
      if (!result.ok) throw new Error(result.error.message);
      const slice = result.value.slices[0]!;
      expect(slice.codeSignature!.offset).toBeGreaterThan(50 * 1024 * 1024);
      expect(slice.codeSignature!.entitlements).toBeDefined();
      const afterSignature = bytesRead;
      // The CodeDirectory alone holds 12,800 page hashes (400 KB); none of them are read.
      expect(afterSignature).toBeLessThan(8 * 1024);
      const evidence = await readMachOEvidence(counting, slice);
      expect(evidence.ok && evidence.value.strings).toContain("224.0.0.251");
      expect(bytesRead).toBeLessThan(64 * 1024);
      console.info(`50 MB binary: ${reads} reads, ${afterSignature} bytes for readMachO, ${bytesRead} bytes with evidence, of ${size}`);
    } finally {
      await file.close();
    }
  });
});
