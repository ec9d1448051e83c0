/**
 * Provisioning profiles: `.mobileprovision` (iOS family), `.provisionprofile` (macOS) and the
 * `embedded.*` copies inside bundles. Layers: CMS envelope (`cms.ts`) → plist (the project's plist
 * reader) → profile keys (TN3125, docs/domain/profiles.md §4.2); trust in `verify.ts`, kind in `classify.ts`.
 *
 * A file that is already a plist (Apple's portal API and some tools hand out unsigned XML)
 * decodes with no signature rather than failing, because its keys are still worth linting.
 */
import type { FileRef, PlistDocument } from "../../model/document.js";
import type { DeveloperCertificate, ProfileSignature, ProvisioningProfile } from "../../model/profile.js";
import { booleanValue, isArray, isDict, stringItems, stringValue, valueOf, type PlistNode, type PlistValue } from "../../model/plist.js";
import { isBinaryPlist, decodePlistBytes } from "../plist.js";
import { DecodeFailure, guardDecode, type DecodeResult } from "../result.js";
import { APPLE_ROOTS } from "./apple-roots.js";
import { classifyProfile } from "./classify.js";
import { decodeSignedData } from "./cms.js";
import { verifySignedData } from "./verify.js";
import { developerCertificateOf } from "./x509.js";

export { classifyProfile, type ProfileKindEvidence } from "./classify.js";

export interface DecodeProfileOptions {
  /** Check the digest, signature and chain (default true). Off, `signature` is undefined. */
  readonly verify?: boolean;
}

/** Real profiles list at most a handful of certificates; this only bounds hostile input. */
const MAX_DEVELOPER_CERTIFICATES = 1_000;

export function decodeProfile(bytes: Uint8Array, file: FileRef, options: DecodeProfileOptions = {}): DecodeResult<ProvisioningProfile> {
  return guardDecode(() => {
    if (bytes.length === 0) throw new DecodeFailure("cms-empty", "the profile is an empty file.");
    if (looksLikePlist(bytes)) return profileOf(plistOf(bytes, file), false, undefined);

    let cms;
    try {
      cms = decodeSignedData(bytes);
    } catch (error) {
      if (error instanceof DecodeFailure && error.code === "cms-invalid" && bytes.length > 1 && looksLikePlist(bytes.subarray(1))) {
        throw new DecodeFailure("cms-invalid", `the profile is neither CMS nor a plist: a stray byte 0x${hexByte(bytes[0])} precedes an XML plist.`, { byteOffset: 0 });
      }
      throw error;
    }
    if (!looksLikePlist(cms.content)) {
      throw new DecodeFailure("profile-not-plist", "the CMS content is not a property list (it starts with neither XML nor \"bplist\").");
    }
    // Positions in the signed plist are not positions in the .mobileprovision file (DER surrounds it), so
    // findings on a signed profile point at the file, as for any binary format.
    const document = withoutPositions(plistOf(cms.content, file));
    const signature = options.verify === false ? undefined : verifySignedData(cms, { roots: APPLE_ROOTS });
    return profileOf(document, true, signature);
  });
}

function withoutPositions(document: PlistDocument): PlistDocument {
  const stack: PlistNode[] = [document.root];
  while (stack.length > 0) {
    const node = stack.pop() as PlistNode;
    delete node.loc;
    if (node.type === "Array") stack.push(...node.items);
    else if (node.type === "Dict") stack.push(...node.entries);
    else if (node.type === "Entry") stack.push(node.key, node.value);
  }
  const { text: _text, ...rest } = document;
  return { ...rest, comments: [] };
}

function plistOf(bytes: Uint8Array, file: FileRef): PlistDocument {
  const result = decodePlistBytes(bytes, file, "profile");
  if (!result.ok) {
    const { code, message, position, byteOffset } = result.error;
    throw new DecodeFailure(code, message, { ...(position ? { position } : {}), ...(byteOffset !== undefined ? { byteOffset } : {}) });
  }
  if (!isDict(result.value.root)) {
    throw new DecodeFailure("profile-not-plist", "the profile's property list is not a dictionary.");
  }
  return result.value;
}

function profileOf(document: PlistDocument, signed: boolean, signature: ProfileSignature | undefined): ProvisioningProfile {
  const root = document.root;
  const entitlementsNode = valueOf(root, "Entitlements");
  const entitlements = isDict(entitlementsNode) ? entitlementsNode : undefined;
  const iosAppId = stringValue(valueOf(entitlements, "application-identifier"));
  const macAppId = stringValue(valueOf(entitlements, "com.apple.application-identifier"));
  const developerCertificates = developerCertificatesOf(valueOf(root, "DeveloperCertificates"));
  const platforms = stringItems(valueOf(root, "Platform")).map((node) => node.value);
  const devices = valueOf(root, "ProvisionedDevices");
  const provisionedDeviceCount = isArray(devices) ? devices.items.length : 0;
  const provisionsAllDevices = booleanValue(valueOf(root, "ProvisionsAllDevices")) === true;

  const profile: ProvisioningProfile = {
    document,
    kind: classifyProfile({
      platforms,
      provisionedDeviceCount,
      provisionsAllDevices,
      getTaskAllow: booleanValue(valueOf(entitlements, "get-task-allow")),
      certificateKinds: developerCertificates.map((certificate) => certificate.kind),
      macStyleAppId: macAppId !== undefined && iosAppId === undefined,
    }),
    applicationIdentifierPrefix: stringItems(valueOf(root, "ApplicationIdentifierPrefix")).map((node) => node.value),
    platforms,
    provisionedDeviceCount,
    provisionsAllDevices,
    developerCertificates,
    hasDerEncodedProfile: valueOf(root, "DER-Encoded-Profile")?.type === "Data",
    signed,
  };
  assignDefined(profile, "name", stringValue(valueOf(root, "Name")));
  assignDefined(profile, "uuid", stringValue(valueOf(root, "UUID")));
  assignDefined(profile, "teamId", stringItems(valueOf(root, "TeamIdentifier"))[0]?.value);
  assignDefined(profile, "teamName", stringValue(valueOf(root, "TeamName")));
  assignDefined(profile, "appIdName", stringValue(valueOf(root, "AppIDName")));
  assignDefined(profile, "appId", iosAppId ?? macAppId);
  assignDefined(profile, "creationDate", dateValue(valueOf(root, "CreationDate")));
  assignDefined(profile, "expirationDate", dateValue(valueOf(root, "ExpirationDate")));
  assignDefined(profile, "signature", signature);
  // The plist holds device UDIDs (personal data) and parent links (cycles). Keeping the tree
  // non-enumerable means serialising a profile (reports, `inspect`, logs) never carries either.
  Object.defineProperty(profile, "document", { value: document, enumerable: false, writable: true, configurable: true });
  if (entitlements) Object.defineProperty(profile, "entitlements", { value: entitlements, enumerable: false, writable: true, configurable: true });
  return profile;
}

function developerCertificatesOf(node: PlistValue | undefined): DeveloperCertificate[] {
  if (!isArray(node)) return [];
  const certificates: DeveloperCertificate[] = [];
  for (const item of node.items.slice(0, MAX_DEVELOPER_CERTIFICATES)) {
    if (item.type === "Data") certificates.push(developerCertificateOf(item.value));
  }
  return certificates;
}

function dateValue(node: PlistValue | undefined): string | undefined {
  return node?.type === "Date" ? node.value : undefined;
}

function assignDefined<K extends keyof ProvisioningProfile>(profile: ProvisioningProfile, key: K, value: ProvisioningProfile[K] | undefined): void {
  if (value !== undefined) profile[key] = value;
}

/**
 * A bare plist rather than CMS: `bplist`, or XML text, allowing a BOM, UTF-16 and leading
 * whitespace. DER CMS always starts with 0x30, so the two never overlap.
 */
function looksLikePlist(bytes: Uint8Array): boolean {
  if (isBinaryPlist(bytes)) return true;
  let index = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) index = 2;
  while (index < bytes.length && index < 4096) {
    const byte = bytes[index];
    if (byte === 0x3c) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x00) return false;
    index += 1;
  }
  return false;
}

function hexByte(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, "0");
}
