/**
 * The plain-folder convention: in a tree without an Xcode project (or for files no project claims),
 * a folder's Info.plist, its entitlements files and its profiles form one target. A folder with
 * several Info.plists (`Info-iOS.plist`, `Info-macOS.plist`) makes one target per Info.plist, and its
 * entitlements form a target of their own (which Info.plist they pair with is not knowable here).
 */
import path from "node:path";
import type { PlistDocument } from "./document.js";
import { bundleIdFromInfoPlist, deploymentTargetFromInfoPlist, platformFromEntitlements, platformFromInfoPlist, productKindFromInfoPlist } from "./infer.js";
import { newTarget, type Distribution, type Fact, type Platform, type Target } from "./target.js";

export interface TargetDefaults {
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  readonly deploymentTarget?: string;
}

export function folderTargets(documents: readonly PlistDocument[], defaults: TargetDefaults = {}): Target[] {
  const byFolder = new Map<string, { infoPlists: PlistDocument[]; entitlements: PlistDocument[] }>();
  for (const document of documents) {
    if (document.kind !== "info-plist" && document.kind !== "entitlements") continue;
    const folder = path.posix.dirname(document.file.path);
    const group = byFolder.get(folder) ?? { infoPlists: [], entitlements: [] };
    (document.kind === "info-plist" ? group.infoPlists : group.entitlements).push(document);
    byFolder.set(folder, group);
  }
  const targets: Target[] = [];
  for (const [folder, group] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = folder === "." ? "." : path.posix.basename(folder);
    if (group.infoPlists.length === 1) {
      targets.push(describe(newTarget({ id: `folder:${folder}`, name, origin: "folder" }), group.infoPlists[0], group.entitlements, defaults));
      continue;
    }
    for (const infoPlist of group.infoPlists) {
      targets.push(describe(newTarget({ id: `folder:${infoPlist.file.path}`, name: `${name}/${path.posix.basename(infoPlist.file.path)}`, origin: "folder" }), infoPlist, [], defaults));
    }
    if (group.entitlements.length > 0) {
      targets.push(describe(newTarget({ id: `folder:${folder}:entitlements`, name, origin: "folder" }), undefined, group.entitlements, defaults));
    }
  }
  return targets;
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
