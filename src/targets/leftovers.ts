/**
 * Files no target uses. In a folder an Xcode project covers (the folder holding a `.xcodeproj` that read
 * cleanly, and everything below it), the project says which Info.plists and entitlements its targets use
 * (`INFOPLIST_FILE`, `CODE_SIGN_ENTITLEMENTS`, in any configuration). Another one there is a leftover — an
 * old target's, a template's, a test host's — and never ships, so it is not judged: it is counted in the
 * summary instead. Outside every project folder, the folder convention still applies (folder-targets.ts).
 */
import path from "node:path";
import type { PlistDocument } from "../model/document.js";

export interface LeftoverSplit {
  /** Documents the folder convention judges. */
  readonly judged: PlistDocument[];
  /** Info.plists and entitlements under a project folder that no target uses. */
  readonly leftovers: PlistDocument[];
}

export function splitLeftovers(unclaimed: readonly PlistDocument[], projectFolders: readonly string[]): LeftoverSplit {
  const folders = projectFolders.map((folder) => (folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`));
  const judged: PlistDocument[] = [];
  const leftovers: PlistDocument[] = [];
  for (const document of unclaimed) {
    const underProject = (document.kind === "info-plist" || document.kind === "entitlements") && folders.some((folder) => document.file.fsPath.startsWith(folder));
    (underProject ? leftovers : judged).push(document);
  }
  return { judged, leftovers };
}
