/**
 * The plain-folder convention: in a tree without an Xcode project (or for files no project claims),
 * a folder's Info.plist, its entitlements files and its profiles form one target. A folder with
 * several Info.plists (`Info-iOS.plist`, `Info-macOS.plist`) makes one target per Info.plist, and its
 * entitlements form a target of their own (which Info.plist they pair with is not knowable here).
 */
import path from "node:path";
import type { PlistDocument } from "../model/document.js";
import { bundleIdFromInfoPlist, deploymentTargetFromInfoPlist, platformFromEntitlements, platformFromInfoPlist, productKindFromInfoPlist } from "./infer.js";
import type { ProvisioningProfile } from "../model/profile.js";
import { newTarget, type Distribution, type Fact, type Platform, type SourceFileRef, type Target } from "../model/target.js";

export interface TargetDefaults {
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly deploymentTarget?: string;
}

/** Profile `Platform` values → platform. */
const PROFILE_PLATFORMS: Readonly<Record<string, Platform>> = { iOS: "ios", OSX: "macos", tvOS: "tvos", xrOS: "visionos", visionOS: "visionos", watchOS: "watchos" };

interface FolderGroup {
  infoPlists: PlistDocument[];
  entitlements: PlistDocument[];
  profiles: ProvisioningProfile[];
}

export function folderTargets(
  documents: readonly PlistDocument[],
  profiles: readonly ProvisioningProfile[],
  sources: readonly SourceFileRef[],
  defaults: TargetDefaults = {},
): Target[] {
  const byFolder = new Map<string, FolderGroup>();
  const groupOf = (filePath: string): FolderGroup => {
    const folder = folderOf(filePath);
    let group = byFolder.get(folder);
    if (!group) byFolder.set(folder, (group = { infoPlists: [], entitlements: [], profiles: [] }));
    return group;
  };
  for (const document of documents) {
    if (document.kind === "info-plist") groupOf(document.file.path).infoPlists.push(document);
    else if (document.kind === "entitlements") groupOf(document.file.path).entitlements.push(document);
  }
  for (const profile of profiles) groupOf(profile.document.file.path).profiles.push(profile);

  const targets: Target[] = [];
  const targetFolders = new Map<string, Target[]>();
  const add = (folder: string, target: Target): void => {
    targets.push(target);
    const owners = targetFolders.get(folder);
    if (owners) owners.push(target);
    else targetFolders.set(folder, [target]);
  };
  for (const [folder, group] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = folder === "." ? "." : path.posix.basename(folder);
    if (group.infoPlists.length === 0 && group.entitlements.length === 0) {
      // Profiles alone: each profile is its own product (a folder of profiles serves many targets).
      for (const profile of group.profiles) {
        const target = describe(newTarget({ id: `folder:${profile.document.file.path}`, name: path.posix.basename(profile.document.file.path), origin: "folder" }), undefined, [], defaults);
        attachProfiles(target, [profile]);
        add(folder, target);
      }
      continue;
    }
    if (group.infoPlists.length === 1) {
      const target = describe(newTarget({ id: `folder:${folder}`, name, origin: "folder" }), group.infoPlists[0], group.entitlements, defaults);
      attachProfiles(target, group.profiles);
      add(folder, target);
      continue;
    }
    for (const infoPlist of group.infoPlists) {
      add(folder, describe(newTarget({ id: `folder:${infoPlist.file.path}`, name: `${name}/${path.posix.basename(infoPlist.file.path)}`, origin: "folder" }), infoPlist, [], defaults));
    }
    if (group.entitlements.length > 0 || group.profiles.length > 0) {
      const target = describe(newTarget({ id: `folder:${folder}:entitlements`, name, origin: "folder" }), undefined, group.entitlements, defaults);
      attachProfiles(target, group.profiles);
      add(folder, target);
    }
  }
  // A source file belongs to the targets of the nearest folder above it that has targets; looked up once
  // per folder (40,000 sources live in a few hundred folders).
  const ownersByFolder = new Map<string, Target[] | undefined>();
  const ownersOf = (start: string): Target[] | undefined => {
    const climbed: string[] = [];
    let folder = start;
    let owners: Target[] | undefined;
    for (;;) {
      if (ownersByFolder.has(folder)) {
        owners = ownersByFolder.get(folder);
        break;
      }
      climbed.push(folder);
      owners = targetFolders.get(folder);
      if (owners) break;
      const up = folderOf(folder);
      if (up === folder) break;
      folder = up;
    }
    for (const passed of climbed) ownersByFolder.set(passed, owners);
    return owners;
  };
  for (const source of sources) {
    for (const owner of ownersOf(folderOf(source.path)) ?? []) owner.sources.push(source);
  }
  return targets;
}

/**
 * `path.posix.dirname` of a display path (normal, `/`-separated, no trailing `/`), without its general
 * handling: asked for each document and each of 40,000 sources.
 */
function folderOf(displayPath: string): string {
  const slash = displayPath.lastIndexOf("/");
  return slash < 0 ? "." : slash === 0 ? "/" : displayPath.slice(0, slash);
}

function attachProfiles(target: Target, profiles: readonly ProvisioningProfile[]): void {
  target.profiles.push(...profiles);
  if (target.platform && target.platform.source !== "--platform") return;
  for (const profile of profiles) {
    const platform = profile.platforms.map((p) => PROFILE_PLATFORMS[p]).find((p) => p !== undefined);
    if (platform) {
      target.platform = { value: platform, source: `Platform in ${profile.document.file.path}` };
      return;
    }
  }
}

function describe(target: Target, infoPlist: PlistDocument | undefined, entitlements: PlistDocument[], defaults: TargetDefaults): Target {
  target.infoPlist = infoPlist;
  target.entitlements = entitlements;
  const fallback = <T>(value: T | undefined, source: string): Fact<T> | undefined => (value !== undefined ? { value, source } : undefined);
  target.platform = (infoPlist && platformFromInfoPlist(infoPlist)) ?? platformFromEntitlements(entitlements) ?? fallback(defaults.platform, "--platform");
  target.deploymentTarget = (infoPlist && deploymentTargetFromInfoPlist(infoPlist)) ?? fallback(defaults.deploymentTarget, "configuration");
  target.kind = infoPlist ? productKindFromInfoPlist(infoPlist) : undefined;
  target.bundleId = infoPlist ? bundleIdFromInfoPlist(infoPlist) : undefined;
  target.distribution = fallback(defaults.distribution, "--distribution");
  return target;
}
