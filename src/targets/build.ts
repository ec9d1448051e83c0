/**
 * Stage 3 of a run (`lint()` in `src/engine.ts`): the targets, from four sources that fill one model —
 * Xcode projects (per target × configuration), the plain-folder convention for the plists and profiles
 * no project claims, app configs (Expo, Cordova) and built products (.ipa/.app/.xcarchive) — and the
 * documents the rules will see.
 */
import path from "node:path";
import { filesOf, type FoundFiles } from "../discover/found.js";
import type { ConfinedFiles } from "../discover/confined-files.js";
import { displayPath } from "../discover/walk.js";
import { decodeProjects, openBundles, type DecodedFiles } from "../decode/decoded.js";
import { readPlistFile } from "../decode/read-plist-file.js";
import type { PlistDocument } from "../model/document.js";
import type { ProvisioningProfile } from "../model/profile.js";
import type { Platform, SourceFileRef, Target } from "../model/target.js";
import type { Problem } from "../model/workspace.js";
import { appConfigTarget } from "./config-targets.js";
import { folderTargets } from "./folder-targets.js";
import { splitLeftovers } from "./leftovers.js";
import { isSharedScheme, readSharedSchemes } from "./schemes.js";
import { attachManifests } from "./manifests.js";

/** What the command line and the config say about the targets (the command line wins). */
export interface TargetSettings {
  readonly platform?: Platform;
  /** Xcode build configuration: a name, or `all`. Default: what the shared schemes archive, else Release. */
  readonly configuration?: string;
  readonly deploymentTarget?: string;
}

export interface BuiltTargets {
  readonly targets: Target[];
  /** The documents rules see: those targets use (expanded per configuration), the unclaimed rest and every profile. */
  readonly documents: PlistDocument[];
  /** Projects and products that could not be read, and plists the projects name that could not be decoded. */
  readonly problems: Problem[];
  /** Files read by this stage (projects, plists named only by a project, archives and what is inside). */
  readonly files: number;
  /** Info.plists and entitlements under a readable project's folder that no target uses: not judged (leftovers.ts). */
  readonly unused: number;
}

export async function buildTargets(found: FoundFiles, decoded: DecodedFiles, settings: TargetSettings, cwd: string): Promise<BuiltTargets> {
  const targets: Target[] = [];
  const problems: Problem[] = [];
  const plists = new ProjectPlists(decoded.plists, cwd, found.files);
  let files = 0;
  // The distribution is decided from evidence once every target exists (distribution.ts, called by the engine).
  const defaults = { ...(settings.platform ? { platform: settings.platform } : {}) };

  // Xcode project targets claim the files they use; the rest follow the folder convention.
  const claimed = new Set<string>();
  const nonBundleDocuments: PlistDocument[] = [];
  const profileSpecifiers = new Map<Target, string>();
  const existence = new Map<string, ReturnType<ConfinedFiles["fileState"]>>();
  const fileState = (fsPath: string): ReturnType<ConfinedFiles["fileState"]> => {
    if (found.existing.has(fsPath)) return "file";
    let known = existence.get(fsPath);
    if (known === undefined) existence.set(fsPath, (known = found.files.fileState(fsPath)));
    return known;
  };
  const exists = (fsPath: string): boolean => fileState(fsPath) === "file";
  const onDisk = caseInsensitiveLookup(found.existing);
  const schemes = readSharedSchemes([...found.judged].filter(isSharedScheme).map((fsPath) => ({ path: displayPath(cwd, fsPath), fsPath })), found.files);
  problems.push(...schemes.problems);
  // Folders of projects that read cleanly: their Info.plists and entitlements are known (leftovers.ts).
  const projectFolders: string[] = [];
  let sourcesIn: ((fsPath: string) => string[]) | undefined;
  for await (const decodedProject of decodeProjects(found, cwd, exists)) {
    files++;
    if ("problem" in decodedProject) {
      problems.push(decodedProject.problem);
      continue;
    }
    projectFolders.push(decodedProject.folder);
    // Files XcodeGen generates from `properties` that are not in the tree: the targets load them like any other.
    for (const [fsPath, document] of decodedProject.generated ?? []) {
      plists.provide(fsPath, document);
      existence.set(fsPath, "file");
    }
    const { xcodeTargets } = await import("./xcode-targets.js");
    sourcesIn ??= sourceLookup(filesOf(found, "source").map((file) => file.fsPath));
    const scan = xcodeTargets(decodedProject.project, {
      ...defaults,
      ...(settings.configuration ? { configuration: settings.configuration } : {}),
      archiveConfigurations: decodedProject.archiveConfigurations ?? schemes.byProject.get(path.dirname(decodedProject.file.fsPath)) ?? new Map(),
      ...(settings.deploymentTarget ? { deploymentTarget: settings.deploymentTarget } : {}),
      displayPath: (fsPath) => displayPath(cwd, fsPath),
      loadPlist: (fsPath, kind) => plists.as(fsPath, kind),
      fileState,
      sourcesIn,
      onDisk,
    });
    appendAll(targets, scan.targets);
    problems.push(...scan.problems);
    appendAll(nonBundleDocuments, scan.documents);
    for (const fsPath of scan.claimed) claimed.add(fsPath);
    for (const [target, specifier] of scan.profileSpecifiers) profileSpecifiers.set(target, specifier);
  }
  if (profileSpecifiers.size > 0) (await import("./xcode-targets.js")).attachSpecifiedProfiles(profileSpecifiers, decoded.profiles);
  files += plists.files;
  problems.push(...plists.problems);

  const { judged: unclaimed, leftovers } = splitLeftovers(unclaimedPlists(decoded.plists, claimed), projectFolders);
  unclaimed.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  // The walk's own records (a `FoundFile` is a `SourceFileRef`): no copy of 40,000 of them.
  const sources: readonly SourceFileRef[] = filesOf(found, "source");
  const claimedProfiles = new Set(targets.flatMap((target) => target.profiles));
  appendAll(targets, folderTargets(unclaimed, decoded.profiles.filter((p) => !claimedProfiles.has(p)), sources, { ...defaults, ...(settings.deploymentTarget ? { deploymentTarget: settings.deploymentTarget } : {}) }));

  for (const appConfig of decoded.appConfigs) {
    targets.push(appConfigTarget(appConfig.file.path, appConfig.origin, appConfig, {}));
  }

  // Every bundle inside .ipa archives and .app/.xcarchive folders.
  for await (const bundle of openBundles(found)) {
    if ("problem" in bundle) {
      files++;
      problems.push(bundle.problem);
      continue;
    }
    const { scanBundleTree } = await import("./bundle-targets.js");
    const scan = await scanBundleTree({ tree: bundle.tree, fsPath: bundle.file.fsPath, rootName: path.basename(bundle.file.fsPath), defaults });
    appendAll(targets, scan.targets);
    problems.push(...scan.problems);
    files += scan.files;
  }

  attachManifests(targets, filesOf(found, "package-manifest"));

  return { targets, documents: documentsRulesSee(unclaimed, nonBundleDocuments, targets, decoded.profiles), problems, files, unused: leftovers.length };
}

// The loops over every plist and target below are plain functions, not loops inside the async `buildTargets`,
// which runs once and unoptimised: 10,000 targets and 20,000 documents.

/** The decoded plists no project claimed, in decoding order. */
function unclaimedPlists(plists: ReadonlyMap<string, PlistDocument>, claimed: ReadonlySet<string>): PlistDocument[] {
  const unclaimed: PlistDocument[] = [];
  for (const [fsPath, document] of plists) if (!claimed.has(fsPath)) unclaimed.push(document);
  return unclaimed;
}

/** `list.push(...added)` without a call of 10,000 arguments. */
function appendAll<T>(list: T[], added: readonly T[]): void {
  for (const item of added) list.push(item);
}

/** The documents rules see, each once: the unclaimed plists, the projects' documents, every target's, every profile. */
function documentsRulesSee(unclaimed: readonly PlistDocument[], projectDocuments: readonly PlistDocument[], targets: readonly Target[], profiles: readonly ProvisioningProfile[]): PlistDocument[] {
  const documents = new Set<PlistDocument>(unclaimed);
  for (const document of projectDocuments) documents.add(document);
  for (const target of targets) {
    if (target.infoPlist) documents.add(target.infoPlist);
    for (const document of target.entitlements) documents.add(document);
    if (target.signedEntitlements) documents.add(target.signedEntitlements);
    for (const profile of target.profiles) documents.add(profile.document);
  }
  for (const profile of profiles) documents.add(profile.document);
  return [...documents];
}

/**
 * Xcode resolves the paths build settings name on the Mac's file system, which ignores case by default (APFS,
 * case-insensitive): `CODE_SIGN_ENTITLEMENTS = AdGuardPro/X.entitlements` builds with `AdguardPro/X.entitlements`
 * on disk. A path that is not a walked file as written is looked up among the walked files ignoring case; only a
 * single match counts. Walked files are inside the linted roots by construction.
 */
function caseInsensitiveLookup(existing: ReadonlySet<string>): (fsPath: string) => string {
  let byLowerCase: Map<string, string | null> | undefined;
  return (fsPath) => {
    if (existing.has(fsPath)) return fsPath;
    if (!byLowerCase) {
      byLowerCase = new Map();
      for (const file of existing) {
        const lower = file.toLowerCase();
        byLowerCase.set(lower, byLowerCase.has(lower) ? null : file);
      }
    }
    return byLowerCase.get(fsPath.toLowerCase()) ?? fsPath;
  };
}

/**
 * The plists Xcode projects name (`INFOPLIST_FILE`, `CODE_SIGN_ENTITLEMENTS`), as the kind the project
 * says they are: one document per file and kind, so every configuration that uses a file shares it and
 * document rules run on it once. A file the walk found is decoded already; one named freely (`App.plist`)
 * and not recognisable by content is decoded here, on the project's word.
 */
class ProjectPlists {
  readonly problems: Problem[] = [];
  files = 0;
  private readonly asKind = new Map<string, PlistDocument>();
  private readonly read = new Map<string, PlistDocument | undefined>();

  private readonly decoded: ReadonlyMap<string, PlistDocument>;
  private readonly cwd: string;
  private readonly confined: ConfinedFiles;

  constructor(decoded: ReadonlyMap<string, PlistDocument>, cwd: string, confined: ConfinedFiles) {
    this.decoded = decoded;
    this.cwd = cwd;
    this.confined = confined;
  }

  /** A document no file on disk holds (an XcodeGen-generated Info.plist), for projects that name its path. */
  provide(fsPath: string, document: PlistDocument): void {
    this.read.set(fsPath, document);
  }

  as(fsPath: string, kind: "info-plist" | "entitlements" | "plist"): PlistDocument | undefined {
    const known = this.decoded.get(fsPath);
    if (known) {
      if (known.kind === kind) return known;
      const key = `${kind}\0${fsPath}`;
      let retyped = this.asKind.get(key);
      if (!retyped) this.asKind.set(key, (retyped = { ...known, kind }));
      return retyped;
    }
    if (this.read.has(fsPath)) return this.read.get(fsPath);
    const outcome = readPlistFile({ path: displayPath(this.cwd, fsPath), fsPath }, kind, true, this.confined);
    this.files++;
    let document: PlistDocument | undefined;
    if (outcome && "document" in outcome) document = outcome.document.kind === kind ? outcome.document : { ...outcome.document, kind };
    else if (outcome) this.problems.push(outcome.problem);
    this.read.set(fsPath, document);
    return document;
  }
}

/**
 * The walked source files at a path: the file itself, or every one below a folder (Xcode 16 synchronized
 * folders compile a whole directory). Sources the walk skipped (ignored, vendored, absent) are not evidence.
 */
function sourceLookup(files: readonly string[]): (fsPath: string) => string[] {
  const sorted = [...files].sort();
  const lowerBound = (key: string): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((sorted[mid] as string) < key) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return (fsPath) => {
    const at = lowerBound(fsPath);
    if (sorted[at] === fsPath) return [fsPath];
    const prefix = fsPath.endsWith(path.sep) ? fsPath : `${fsPath}${path.sep}`;
    const found: string[] = [];
    for (let index = lowerBound(prefix); index < sorted.length && (sorted[index] as string).startsWith(prefix); index++) found.push(sorted[index] as string);
    return found;
  };
}
