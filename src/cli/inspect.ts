/**
 * `ne-lint inspect <file>`: what ne-lint decoded from a profile, a Mach-O, a bundle (.ipa/.app/.xcarchive)
 * or a plist — the Linux answer to `security cms -D` and `codesign -d --entitlements -`. Device UDIDs are
 * counted, not printed, unless `--show-devices`; certificates are shown by subject, validity and SHA-256.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { FileTree } from "../decode/bundle/file-tree.js";
import type { BundleNode } from "../decode/bundle/layout.js";
import type { MachOFile } from "../decode/macho/index.js";
import { sniffMachO } from "../decode/macho/magic.js";
import { decodePlistBytes, isBinaryPlist } from "../decode/plist.js";
import { decodeProfile } from "../decode/profile/profile.js";
import { displayPath } from "../discover/walk.js";
import { toJs, valueOf, type PlistValue } from "../model/plist.js";
import type { ProvisioningProfile } from "../model/profile.js";
import { terminalLine, escapeControlCharacters } from "../report/untrusted-text.js";
import { UsageError } from "./args.js";
import type { Io } from "./main.js";

export const INSPECT_HELP = `Usage: ne-lint inspect [--format text|json] [--show-devices] <file>

Prints what ne-lint decodes from a provisioning profile (.mobileprovision, .provisionprofile), a Mach-O
executable, a built product (.ipa, .app, .appex, .systemextension, .xcarchive) or a property list.
Device UDIDs in profiles are counted, not printed, unless --show-devices is given.`;

const MAX_INSPECT_BYTES = 256 * 1024 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export async function inspect(argv: readonly string[], io: Io): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { format: { type: "string" }, "show-devices": { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.writeOut(`${INSPECT_HELP}\n`);
    return 0;
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json (got "${format}")`);
  if (positionals.length !== 1) throw new UsageError("inspect takes exactly one file");
  const given = positionals[0] as string;
  const fsPath = path.resolve(io.cwd, given);
  const shown = displayPath(io.cwd, fsPath);
  // A path that is not there is a usage error, named as the user typed it.
  if (!(await fs.stat(fsPath).catch(() => undefined))) {
    io.writeErr(`ne-lint: ${escapeControlCharacters(given)}: no such file or directory\n`);
    return 2;
  }
  const showDevices = values["show-devices"] === true;
  let report: Json;
  try {
    report = await inspectPath(fsPath, shown, showDevices);
  } catch (error) {
    io.writeErr(`ne-lint: ${escapeControlCharacters(`${shown}: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    return 1;
  }
  io.writeOut(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
  return (report as { error?: unknown }).error ? 1 : 0;
}

async function inspectPath(fsPath: string, shown: string, showDevices: boolean): Promise<Json> {
  const stat = await fs.stat(fsPath).catch(() => undefined);
  if (!stat) throw new Error("no such file or directory");
  const extension = path.extname(fsPath).toLowerCase();
  // Bundles, archives and Mach-O readers are loaded only for those inputs: inspecting a profile or a plist stays light.
  if (stat.isDirectory()) {
    const { directoryTree } = await import("../decode/bundle/directory-tree.js");
    return inspectTree(directoryTree(fsPath, shown), path.basename(fsPath), fsPath, showDevices);
  }
  if (stat.size > MAX_INSPECT_BYTES) throw new Error(`the file is larger than ${MAX_INSPECT_BYTES / (1024 * 1024)} MB`);
  if (extension === ".ipa") {
    const { openZipTree } = await import("../decode/zip.js");
    const tree = await openZipTree(fsPath, `${shown}!`);
    if (!tree.ok) return { file: shown, type: "archive", error: tree.error.message };
    return inspectTree(tree.value, path.basename(fsPath), fsPath, showDevices);
  }
  const bytes = new Uint8Array(await fs.readFile(fsPath));
  const file = { path: shown, fsPath };
  if (extension === ".mobileprovision" || extension === ".provisionprofile") {
    const profile = decodeProfile(bytes, file);
    return profile.ok ? { file: shown, type: "provisioning-profile", ...describeProfile(profile.value, showDevices) } : { file: shown, type: "provisioning-profile", error: profile.error.message };
  }
  if (sniffMachO(bytes.subarray(0, 8))) {
    const { bufferByteSource, readMachO } = await import("../decode/macho/index.js");
    const macho = await readMachO(bufferByteSource(bytes), { file });
    return macho.ok ? { file: shown, type: "mach-o", ...describeMachO(macho.value) } : { file: shown, type: "mach-o", error: macho.error.message };
  }
  const plist = decodePlistBytes(bytes, file, "plist");
  return plist.ok ? { file: shown, type: isBinaryPlist(bytes) ? "binary-plist" : "xml-plist", value: plainJson(plist.value.root) } : { file: shown, type: "plist", error: plist.error.message };
}

async function inspectTree(tree: FileTree, rootName: string, fsPath: string, showDevices: boolean): Promise<Json> {
  try {
    const listing = await tree.entries();
    if (!listing.ok) return { file: tree.displayRoot, type: "bundle", error: listing.error.message };
    const [{ findBundles }, { readMachO }] = await Promise.all([import("../decode/bundle/layout.js"), import("../decode/macho/index.js")]);
    const layout = findBundles(listing.value, rootName);
    const visit = async (node: BundleNode): Promise<Json> => {
      const result: { [key: string]: Json } = { path: `${tree.displayRoot}/${node.path}`.replace(/\/$/, ""), kind: node.kind };
      let executable: string | undefined;
      if (node.infoPlistPath) {
        const bytes = await tree.readFile(node.infoPlistPath, 10 * 1024 * 1024);
        const decoded = bytes.ok ? decodePlistBytes(bytes.value, { path: `${tree.displayRoot}/${node.infoPlistPath}`, fsPath, member: node.infoPlistPath }, "info-plist") : bytes;
        if (decoded.ok) {
          result.infoPlist = plainJson(decoded.value.root);
          const name = valueOf(decoded.value.root, "CFBundleExecutable");
          executable = name?.type === "String" ? name.value : undefined;
        } else result.infoPlistError = decoded.error.message;
      }
      if (node.embeddedProfilePath) {
        const bytes = await tree.readFile(node.embeddedProfilePath, 2 * 1024 * 1024);
        const profile = bytes.ok ? decodeProfile(bytes.value, { path: `${tree.displayRoot}/${node.embeddedProfilePath}`, fsPath, member: node.embeddedProfilePath }) : bytes;
        result.embeddedProfile = profile.ok ? describeProfile(profile.value, showDevices) : { error: profile.error.message };
      }
      if (executable && !executable.includes("/")) {
        const treePath = node.executableDir ? `${node.executableDir}/${executable}` : executable;
        const source = await tree.byteSource(treePath);
        if (source.ok) {
          const macho = await readMachO(source.value, { file: { path: `${tree.displayRoot}/${treePath}`, fsPath, member: treePath } });
          result.executable = macho.ok ? { path: `${tree.displayRoot}/${treePath}`, ...describeMachO(macho.value) } : { path: `${tree.displayRoot}/${treePath}`, error: macho.error.message };
        }
      }
      const children: Json[] = [];
      for (const child of node.children) children.push(await visit(child));
      if (children.length > 0) result.children = children;
      return result;
    };
    const bundles: Json[] = [];
    for (const root of layout.roots) bundles.push(await visit(root));
    return {
      file: tree.displayRoot.replace(/!$/, ""),
      type: layout.archive?.kind ?? "bundle",
      bundles,
      ...(tree.problems.length > 0 ? { problems: tree.problems.map((p) => `${p.code}: ${p.message}`) } : {}),
    };
  } finally {
    await tree.close();
  }
}

export function describeProfile(profile: ProvisioningProfile, showDevices: boolean): { [key: string]: Json } {
  const entitlements = profile.entitlements ? plainJson(profile.entitlements) : null;
  const devices = valueOf(profile.document.root, "ProvisionedDevices");
  return {
    kind: profile.kind,
    name: profile.name ?? null,
    uuid: profile.uuid ?? null,
    teamId: profile.teamId ?? null,
    teamName: profile.teamName ?? null,
    appId: profile.appId ?? null,
    platforms: profile.platforms,
    creationDate: profile.creationDate ?? null,
    expirationDate: profile.expirationDate ?? null,
    provisionedDevices: showDevices && devices?.type === "Array" ? devices.items.map((d) => (d.type === "String" ? d.value : "")) : profile.provisionedDeviceCount,
    provisionsAllDevices: profile.provisionsAllDevices,
    derEncodedProfile: profile.hasDerEncodedProfile,
    developerCertificates: profile.developerCertificates.map((c) => ({
      subject: c.subjectCommonName ?? null,
      teamId: c.teamId ?? null,
      kind: c.kind ?? null,
      notBefore: c.notBefore ?? null,
      notAfter: c.notAfter ?? null,
      sha256: c.sha256,
    })),
    signature: profile.signature
      ? {
          signer: profile.signature.signerCommonName ?? null,
          chain: profile.signature.chain,
          signingTime: profile.signature.signingTime ?? null,
          digestValid: profile.signature.digestValid,
          signatureValid: profile.signature.signatureValid,
          chainsToAppleRoot: profile.signature.chainsToAppleRoot,
          signedByAppleProfileSigning: profile.signature.signedByAppleProfileSigning,
          ...(profile.signature.problem ? { problem: profile.signature.problem } : {}),
        }
      : null,
    entitlements,
  };
}

export function describeMachO(file: MachOFile): { [key: string]: Json } {
  return {
    fat: file.fat,
    slices: file.slices.map((slice) => {
      const signature = slice.codeSignature;
      const directory = signature?.codeDirectory;
      return {
        cpu: slice.cpu,
        platform: slice.platform?.name ?? null,
        minOS: slice.platform?.minOS ?? null,
        sdk: slice.platform?.sdk ?? null,
        encrypted: slice.encrypted ?? false,
        signature: signature
          ? {
              identifier: directory?.identifier ?? null,
              teamId: directory?.teamID ?? null,
              flags: directory?.flagNames ?? [],
              hardenedRuntime: directory?.hardenedRuntime ?? false,
              adhoc: directory?.adhoc ?? false,
              hashType: directory?.hashTypeName ?? null,
              cms: signature.hasCms,
              entitlements: signature.entitlements ? plainJson(signature.entitlements.root) : null,
              ...(signature.entitlementsError ? { entitlementsError: signature.entitlementsError.message } : {}),
            }
          : null,
      };
    }),
  };
}

/** Plist values as JSON: data as base64, big integers as strings, UIDs as objects. */
export function plainJson(node: PlistValue): Json {
  const value = toJs(node);
  const convert = (v: unknown): Json => {
    if (v === null || v === undefined) return null;
    if (typeof v === "bigint") return v.toString();
    if (Buffer.isBuffer(v)) return { data: v.toString("base64") };
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, convert(x)]));
    return v as Json;
  };
  return convert(value);
}

function renderText(report: Json): string {
  const lines: string[] = [];
  const walk = (value: Json, indent: string, key?: string): void => {
    const label = key !== undefined ? `${indent}${key}:` : indent;
    if (value === null || typeof value !== "object") {
      lines.push(`${label} ${value === null ? "-" : String(value)}`.replace(/^\s+$/, ""));
      return;
    }
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== "object")) {
        lines.push(`${label} ${value.length === 0 ? "(none)" : value.join(", ")}`);
        return;
      }
      lines.push(label);
      value.forEach((item, index) => walk(item, `${indent}  `, `[${index}]`));
      return;
    }
    if (key !== undefined) lines.push(label);
    for (const [childKey, child] of Object.entries(value)) walk(child, key !== undefined ? `${indent}  ` : indent, childKey);
  };
  walk(report, "");
  // Keys and values are the file's own text: each printed line is one line, and never a workflow command.
  return `${lines.map(terminalLine).join("\n")}\n`;
}
