/**
 * A target: one product that is signed and shipped as a unit (an app, an app extension, a system
 * extension), with everything known about it. Sources fill it: a plain folder, an Xcode project
 * configuration, a built bundle, an Expo app config. Rules read targets and never care which.
 */
import type { PlistDocument } from "./document.js";
import type { ProvisioningProfile } from "./profile.js";

export type Platform = "ios" | "macos" | "tvos" | "visionos" | "watchos";
export const PLATFORMS: readonly Platform[] = ["ios", "macos", "tvos", "visionos", "watchos"];

/** The iOS family: platforms where iOS rules (multicast entitlement, appex-only providers) apply. */
export function isIosFamily(platform: Platform | undefined): boolean {
  return platform === "ios" || platform === "tvos" || platform === "visionos" || platform === "watchos";
}

export type Distribution = "development" | "ad-hoc" | "app-store" | "enterprise" | "developer-id";
export const DISTRIBUTIONS: readonly Distribution[] = ["development", "ad-hoc", "app-store", "enterprise", "developer-id"];

export type ProductKind = "app" | "app-extension" | "system-extension" | "watch-app" | "other" | "unknown";

export type TargetOrigin = "folder" | "xcode" | "bundle" | "expo";

/** A fact plus where it came from, so messages can say why ne-lint believes it. */
export interface Fact<T> {
  readonly value: T;
  /** e.g. `LSMinimumSystemVersion in App/Info.plist`, `--platform`, `SDKROOT = macosx`. */
  readonly source: string;
}

/** A Swift/Objective-C/C source file attributed to the target, read lazily by rules that want evidence. */
export interface SourceFileRef {
  readonly path: string;
  readonly fsPath: string;
}

/** What the target's signed main executable says (built products only). */
export interface BinaryFacts {
  /** Display path of the executable (`App.ipa!/Payload/App.app/App`). */
  readonly file: string;
  /** Imported symbol names as the string table spells them (`_setsockopt`), bounded. */
  readonly symbols: readonly string[];
  /** C-string literals, bounded. */
  readonly strings: readonly string[];
  /** Team ID and identifier from the CodeDirectory. */
  readonly teamId?: string;
  readonly identifier?: string;
  /** SHA-256 (hex) of the leaf certificate of the code signature's CMS, when it has one. */
  readonly signingCertificateSha256?: string;
  readonly adhoc?: boolean;
  readonly hardenedRuntime?: boolean;
}

export interface Target {
  /** Unique within a run; stable across runs (used in fingerprints). */
  readonly id: string;
  /** Human name: the folder, Xcode target or bundle name. */
  readonly name: string;
  readonly origin: TargetOrigin;
  /** The Xcode build configuration this view of the target is for (`Release`). */
  readonly configuration?: string;
  /** Display path of the `.xcodeproj` an Xcode target comes from. */
  readonly project?: string;
  kind: Fact<ProductKind> | undefined;
  platform: Fact<Platform> | undefined;
  /** Minimum OS version as written (`15.0`). */
  deploymentTarget: Fact<string> | undefined;
  distribution: Fact<Distribution> | undefined;
  bundleId: Fact<string> | undefined;
  infoPlist: PlistDocument | undefined;
  /** Entitlements from source (`.entitlements`, `.xcent`, app config). */
  entitlements: PlistDocument[];
  /** Entitlements signed into the built executable; these win over source entitlements. */
  signedEntitlements: PlistDocument | undefined;
  /**
   * A build step rewrites the entitlements file before signing (`CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION = YES`, the
   * setting Xcode asks for when a script edits it): the source file is then not what is signed.
   */
  entitlementsModifiedByBuild?: Fact<true>;
  /** Profiles that belong to the target (embedded or beside it). */
  profiles: ProvisioningProfile[];
  /** True when the profile is the one embedded in a built bundle (it then decides what the app may claim). */
  embeddedProfile: boolean;
  sources: SourceFileRef[];
  /** Package manifests of a cross-platform app that generates this native app (`pubspec.yaml`, `package.json`). */
  manifests: SourceFileRef[];
  /** Present for built products whose executable was read. */
  binary: BinaryFacts | undefined;
  /** A Mac Catalyst build of an iOS target: the platform says `ios`, the binary runs on macOS. */
  catalyst: boolean;
  /**
   * The other views of the same project target and configuration: a multiplatform target has one view per SDK,
   * and a file they share is judged for all of their platforms.
   */
  siblings: Target[];
  /** Built product (`bundle` origin) rather than source: some rules apply only to what ships. */
  readonly built: boolean;
  parent: Target | undefined;
  children: Target[];
}

export function newTarget(init: Pick<Target, "id" | "name" | "origin"> & Partial<Target>): Target {
  return {
    kind: undefined,
    platform: undefined,
    deploymentTarget: undefined,
    distribution: undefined,
    bundleId: undefined,
    infoPlist: undefined,
    entitlements: [],
    signedEntitlements: undefined,
    profiles: [],
    embeddedProfile: false,
    sources: [],
    manifests: [],
    binary: undefined,
    catalyst: false,
    siblings: [],
    built: init.origin === "bundle",
    parent: undefined,
    children: [],
    ...init,
  };
}

/** The platforms of this target's views (itself and its SDK siblings) that use a file at `filePath`. */
export function platformsSharing(target: Target, filePath: string): Platform[] {
  const platforms = new Set<Platform>();
  for (const view of [target, ...target.siblings]) {
    if (!view.platform || view.catalyst) continue;
    const documents = [view.infoPlist, ...view.entitlements, view.signedEntitlements];
    if (documents.some((document) => document?.file.path === filePath)) platforms.add(view.platform.value);
  }
  return [...platforms];
}

/** The entitlements that decide what the target claims: signed ones when known, else source ones. */
export function effectiveEntitlements(target: Target): PlistDocument[] {
  return target.signedEntitlements ? [target.signedEntitlements] : target.entitlements;
}
