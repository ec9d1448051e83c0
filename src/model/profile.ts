/**
 * A decoded provisioning profile (`.mobileprovision`, `.provisionprofile`, `embedded.*`): the
 * plist Apple signed, the facts rules read from it, and what is known about Apple's signature.
 *
 * Device UDIDs are personal data and are deliberately absent from this type: only their count is
 * kept. `document.root` still holds the full plist because rules point findings at its nodes.
 */
import type { PlistDocument } from "./document.js";
import type { PlistDict } from "./plist.js";

/** Catalogue §4.3. Decided by `classifyProfile` from devices, `get-task-allow`, platform and certificates. */
export type ProfileKind =
  | "development"
  | "ad-hoc"
  | "app-store"
  | "enterprise"
  | "developer-id"
  | "mac-app-store"
  | "mac-development"
  | "unknown";

/** What a developer certificate may sign, from Apple's leaf marker OIDs (docs/domain/profiles.md §4.1). */
export type DeveloperCertificateKind = "development" | "distribution" | "developer-id" | "unknown";

/** One entry of the profile's `DeveloperCertificates`: the certificates allowed to sign with it. */
export interface DeveloperCertificate {
  subjectCommonName?: string;
  organization?: string;
  /** The subject's OU, which Apple sets to the Team ID. */
  teamId?: string;
  /** ISO 8601. */
  notBefore?: string;
  notAfter?: string;
  /** Of the DER bytes, lowercase hex: what a code signature's leaf is compared with. */
  sha256: string;
  sha1: string;
  /** Absent when the `<data>` is not a parseable certificate. */
  kind?: DeveloperCertificateKind;
}

/** What the CMS envelope says about who signed the profile and whether the bytes are intact. */
export interface ProfileSignature {
  signerCommonName?: string;
  /** Subject CNs (or the whole subject when there is no CN) from the signer up, as far as the chain could be built. */
  chain: string[];
  /** The signed `signingTime` attribute, ISO 8601. */
  signingTime?: string;
  /** The signed `messageDigest` attribute matches the content. */
  digestValid: boolean;
  /** The signer certificate's key verifies the signature over the signed attributes. */
  signatureValid: boolean;
  /**
   * Every link of the chain verifies and ends at an embedded Apple root (compared by key and
   * fingerprint, never by name), with every certificate valid at `signingTime`.
   */
  chainsToAppleRoot: boolean;
  /**
   * `chainsToAppleRoot` and the signer is one of Apple's profile-signing certificates. Any
   * developer certificate also chains to Apple, so the chain alone does not prove Apple issued the profile.
   */
  signedByAppleProfileSigning: boolean;
  /** The first thing that stopped the signature from being fully trusted, as one sentence. */
  problem?: string;
}

export interface ProvisioningProfile {
  /** kind `profile`, the decoded plist; `file` is the profile's own FileRef. */
  document: PlistDocument;
  kind: ProfileKind;
  name?: string;
  uuid?: string;
  /** `TeamIdentifier[0]`. */
  teamId?: string;
  teamName?: string;
  appIdName?: string;
  applicationIdentifierPrefix: string[];
  /** `Entitlements.application-identifier` (iOS family) or `com.apple.application-identifier` (macOS). */
  appId?: string;
  /** The raw `Platform` array (`iOS`, `OSX`, `xrOS`, `visionOS`, `tvOS`). */
  platforms: string[];
  /** ISO 8601 as written in the plist. */
  creationDate?: string;
  expirationDate?: string;
  provisionedDeviceCount: number;
  provisionsAllDevices: boolean;
  developerCertificates: DeveloperCertificate[];
  hasDerEncodedProfile: boolean;
  /** The `Entitlements` dict inside `document.root`. */
  entitlements?: PlistDict;
  /** The file is a CMS SignedData envelope (false for a bare plist). */
  signed: boolean;
  /** Undefined when the file is a bare plist with no CMS envelope, or when verification was turned off. */
  signature?: ProfileSignature;
}
