/**
 * Stage 2 of a run (`lint()` in `src/engine.ts`): the found files decoded. Property lists, profiles and
 * app configs are decoded here, all at once (they are small). Xcode projects and built products are
 * large, so this stage hands them over one at a time (`decodeProjects`, `openBundles`): the target stage
 * keeps only the targets it builds from each, and a parsed project or an open archive never outlives its turn.
 */
import path from "node:path";
import { filesOf, type FoundFiles } from "../discover/found.js";
import type { ConfinedFiles } from "../discover/confined-files.js";
import { roleByName } from "../discover/classify.js";
import { displayPath, type FoundFile } from "../discover/walk.js";
import type { FileRef, PlistDocument } from "../model/document.js";
import type { ProvisioningProfile } from "../model/profile.js";
import type { Problem } from "../model/workspace.js";
import type { FileTree } from "./bundle/file-tree.js";
import { readPlistFile } from "./read-plist-file.js";
import { sentence } from "./result.js";
import type { XcodeProject } from "./xcode/project.js";
import type { startProjectPool } from "./xcode/project-pool.js";
import { xcodeGenSpecFiles } from "./xcode/xcodegen-spec-files.js";
import { LARGE_RUN_PROJECT_BYTES, limitHeapGrowth } from "../heap-growth.js";
import { measureProjects } from "./xcode/project-sizes.js";

/** Profiles are a few KB; a real one never comes near this. */
const MAX_PROFILE_BYTES = 2 * 1024 * 1024;
/** App configs are a few KB. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** An app config that generates the native project (Expo `app.json`, Cordova `config.xml`), as plists. */
export interface AppConfig {
  readonly file: FileRef;
  readonly origin: "expo" | "cordova";
  readonly infoPlist?: PlistDocument;
  readonly entitlements?: PlistDocument;
  readonly bundleIdentifier?: string;
  readonly name?: string;
}

export interface DecodedFiles {
  /** The property lists found that are ours (by name or content), by file-system path. */
  readonly plists: ReadonlyMap<string, PlistDocument>;
  /** Sorted by path. */
  readonly profiles: readonly ProvisioningProfile[];
  readonly appConfigs: readonly AppConfig[];
  /** Files that are ours but could not be decoded. */
  readonly problems: readonly Problem[];
  /** Files read (decoded or attempted). */
  readonly files: number;
}

export async function decodeFiles(found: FoundFiles): Promise<DecodedFiles> {
  // Started first: workers parse the projects while this thread decodes the plists and profiles.
  await startProjects(found);
  const plists = new Map<string, PlistDocument>();
  const problems: Problem[] = [];
  let files = 0;
  for (const file of filesOf(found, "info-plist", "entitlements", "plist")) {
    const outcome = readPlistFile(refOf(file), roleByName(file.fsPath) ?? "plist", file.explicit, found.files);
    if (!outcome) continue;
    files++;
    if ("document" in outcome) plists.set(file.fsPath, outcome.document);
    else problems.push(outcome.problem);
  }
  const profiles = await decodeProfiles(filesOf(found, "profile"), problems, found.files);
  files += filesOf(found, "profile").length;
  const appConfigs: AppConfig[] = [];
  const cordovaConfigs = filesOf(found, "cordova-config");
  // Imported only when needed: each ES module a run loads costs a read and a link (issue #17).
  const { isCapacitorConfigXml } = cordovaConfigs.length > 0 ? await import("../targets/config-targets.js") : { isCapacitorConfigXml: () => false };
  for (const file of [...filesOf(found, "app-config"), ...cordovaConfigs.filter((file) => !isCapacitorConfigXml(file.fsPath, found.existing))]) {
    const decoded = await decodeAppConfig(file, roleByName(file.fsPath) === "app-config" ? "expo" : "cordova", found.files);
    if (!decoded) continue;
    files++;
    if ("problem" in decoded) problems.push(decoded.problem);
    else appConfigs.push(decoded);
  }
  return { plists, profiles, appConfigs, problems, files };
}

export type DecodedProject =
  | {
      readonly file: FoundFile;
      readonly project: XcodeProject;
      /** The folder the project covers: the one holding the `.xcodeproj`, or the XcodeGen spec. */
      readonly folder: string;
      /** Files an XcodeGen spec generates from `properties` that are not in the tree (file-system path → document). */
      readonly generated?: ReadonlyMap<string, PlistDocument>;
      /** XcodeGen: target ID → the archive configurations of the schemes the spec generates. */
      readonly archiveConfigurations?: ReadonlyMap<string, readonly { readonly name: string; readonly scheme: string }[]>;
    }
  | { readonly file: FoundFile; readonly problem: Problem };

/** The found Xcode projects, parsed one at a time as the caller asks for the next. */
export async function* decodeProjects(found: FoundFiles, cwd: string, exists: (fsPath: string) => boolean): AsyncGenerator<DecodedProject> {
  const projectFiles = filesOf(found, "pbxproj");
  // XcodeGen specs are read as the projects they generate (xcode/xcodegen.ts).
  const specFiles = xcodeGenSpecFiles(found.judged, projectFiles).map((fsPath) => ({ fsPath, path: displayPath(cwd, fsPath), explicit: false }));
  if (projectFiles.length + specFiles.length === 0) return;
  const { readXcodeProject, xcodeProjectOf } = await import("./xcode/project.js");
  const pooled = await startProjects(found);
  const invalid = (file: FoundFile, error: { message: string; position?: Problem["position"] }): DecodedProject => ({
    file,
    problem: { ruleId: "xcode/project-invalid", file: refOf(file), message: sentence(error.message), ...(error.position ? { position: error.position } : {}) },
  });
  for (const [index, file] of projectFiles.entries()) {
    const xcodeproj = path.dirname(file.fsPath);
    const shown = displayPath(cwd, xcodeproj);
    // Workers were given the walk's display path; should it differ from this one, the project is read here.
    const facts = pooled && path.posix.dirname(file.path) === shown ? await pooled[index] : undefined;
    const project = facts
        ? facts.ok
          ? xcodeProjectOf(facts.value, { resolveAll: false, files: found.files })
          : facts
        : await readXcodeProject(xcodeproj, shown, { resolveAll: false, files: found.files });
    yield project.ok ? { file, project: project.value, folder: path.dirname(xcodeproj) } : invalid(file, project.error);
  }
  if (specFiles.length === 0) return;
  const { loadXcodeGenSpec } = await import("./xcode/xcodegen.js");
  for (const file of specFiles) {
    const spec = loadXcodeGenSpec(file.fsPath, file.path, found.files, exists);
    if (!spec) continue;
    yield spec.ok ? { file, project: spec.value.project, folder: path.dirname(file.fsPath), generated: spec.value.generated, archiveConfigurations: spec.value.archiveConfigurations } : invalid(file, spec.error);
  }
}

type PooledProjects = ReturnType<typeof startProjectPool>;

/** The run's Xcode projects as worker threads parse them (`xcode/project-pool.ts`), when the run is large enough. */
const projectPools = new WeakMap<FoundFiles, PooledProjects | null>();

async function startProjects(found: FoundFiles): Promise<PooledProjects> {
  const known = projectPools.get(found);
  if (known !== undefined) return known ?? undefined;
  const projectFiles = filesOf(found, "pbxproj");
  let pool: PooledProjects;
  if (projectFiles.length > 0) {
    const projects = projectFiles.map((file) => ({ xcodeprojFsPath: path.dirname(file.fsPath), displayPath: path.posix.dirname(file.path) }));
    const measured = measureProjects(projects, found.files);
    // What the limits pay for is each project's parse tree, promoted and dead once its targets are built: a run of
    // small projects gains nothing for loading node:v8, and a run of many plists keeps them all until its rules run,
    // so there the limits only add collections (docs/benchmarks.md).
    if (measured.totalBytes >= LARGE_RUN_PROJECT_BYTES) limitHeapGrowth();
    const { startProjectPool } = await import("./xcode/project-pool.js");
    pool = startProjectPool(projects, found.files, measured);
  }
  projectPools.set(found, pool ?? null);
  return pool;
}

export type OpenedBundle = { readonly file: FoundFile; readonly tree: FileTree } | { readonly file: FoundFile; readonly problem: Problem };

/**
 * The built products found (`.ipa` archives, then `.app`/`.xcarchive` folders), each opened as a file tree
 * and closed when the caller asks for the next one (or stops).
 */
export async function* openBundles(found: FoundFiles): AsyncGenerator<OpenedBundle> {
  const inputs = [...filesOf(found, "ipa").map((file) => ({ file, zip: true })), ...found.bundles.map((file) => ({ file, zip: false }))];
  if (inputs.length === 0) return;
  const { openZipTree } = await import("./zip.js");
  const { directoryTree } = await import("./bundle/directory-tree.js");
  const { ReadBudget, RUN_READ_LIMITS } = await import("./bundle/read-budget.js");
  // Shared by every archive of the run: 50 archives must not inflate 50 archives' worth.
  const runBudget = new ReadBudget(RUN_READ_LIMITS, "this run");
  for (const { file, zip } of inputs) {
    let tree: FileTree;
    if (zip) {
      const opened = await openZipTree(file.fsPath, `${file.path}!`, {}, runBudget);
      if (!opened.ok) {
        yield { file, problem: { ruleId: "bundle/invalid-archive", file: refOf(file), message: sentence(opened.error.message) } };
        continue;
      }
      tree = opened.value;
    } else tree = directoryTree(file.fsPath, file.path);
    try {
      yield { file, tree };
    } finally {
      await tree.close();
    }
  }
}

function refOf(file: FoundFile): FileRef {
  return { path: file.path, fsPath: file.fsPath };
}

/** Reads an app config; undefined when the file is not one (an `app.json` without `ios`, Android's `config.xml`). */
async function decodeAppConfig(file: FoundFile, origin: "expo" | "cordova", confined: ConfinedFiles): Promise<AppConfig | { problem: Problem } | undefined> {
  const read = confined.read(file.fsPath, MAX_CONFIG_BYTES);
  if (!read.ok) return undefined;
  const text = read.bytes.toString("utf8");
  const ref = refOf(file);
  if (origin === "expo") {
    const { decodeExpoConfig } = await import("./app-config.js");
    const decoded = decodeExpoConfig(text, ref);
    if (!decoded.ok) return text.includes('"expo"') ? { problem: { ruleId: "plist/parse-error", file: ref, message: sentence(decoded.error.message), ...(decoded.error.position ? { position: decoded.error.position } : {}) } } : undefined;
    return decoded.value && (decoded.value.infoPlist || decoded.value.entitlements) ? { file: ref, origin, ...decoded.value } : undefined;
  }
  if (!text.includes("<widget")) return undefined;
  const { decodeCordovaConfig } = await import("./cordova-config.js");
  const decoded = decodeCordovaConfig(text, ref);
  if (!decoded.ok) return { problem: { ruleId: "plist/parse-error", file: ref, message: sentence(decoded.error.message), ...(decoded.error.position ? { position: decoded.error.position } : {}) } };
  return decoded.value ? { file: ref, origin, infoPlist: decoded.value } : undefined;
}

async function decodeProfiles(files: readonly FoundFile[], problems: Problem[], confined: ConfinedFiles): Promise<ProvisioningProfile[]> {
  if (files.length === 0) return [];
  const { decodeProfile } = await import("./profile/profile.js");
  const profiles: ProvisioningProfile[] = [];
  for (const file of files) {
    const ref = refOf(file);
    const problem = (message: string): Problem => ({ ruleId: "profile/cms-invalid", file: ref, message: sentence(message) });
    const read = confined.read(file.fsPath, MAX_PROFILE_BYTES);
    if (!read.ok) {
      problems.push(problem(read.reason === "too-large" ? `the file is ${read.size} bytes, far larger than any provisioning profile; it was not read` : "the file cannot be read"));
      continue;
    }
    const decoded = decodeProfile(read.bytes, ref);
    if (decoded.ok) profiles.push(decoded.value);
    else problems.push(problem(decoded.error.message));
  }
  return profiles.sort((a, b) => (a.document.file.path < b.document.file.path ? -1 : 1));
}
