/**
 * What a parsed `project.pbxproj` says that ne-lint uses, as plain data (`ProjectFacts`): the project's
 * and each native target's build configurations (raw build settings, the base xcconfig's path), product
 * types, embeds, dependencies, source files and lines. `project.ts` turns facts into an `XcodeProject`
 * (xcconfigs loaded, settings resolved); the parse tree is not kept past this step.
 *
 * Facts hold only strings, numbers and arrays, so a worker thread can make them and post them back
 * (`project-pool.ts`): then the parse tree lives and dies in the worker, and what is sent is a fraction
 * of it. Such facts are made `eager`: setting lines and source files are worked out in the worker, as
 * the text does not travel back. In-process they are worked out when first asked for.
 */
import path from "node:path";
import { isRefusal, readLocated, refusalReason, type ConfinedRead } from "../../discover/confined-files.js";
import { textOf } from "../../discover/read-file.js";
import { GroupTree } from "./paths.js";
import { DecodeFailure, decoded, failed, type DecodeResult } from "../result.js";
import { buildSettingsOf, idList, objectOf, objectsOfClass, own, parsePbxproj, PbxprojLines, stringProp } from "./pbxproj.js";
import type { Pbxproj, PbxObject } from "./pbxproj.js";

export interface ProjectFacts {
  readonly xcodeprojFsPath: string;
  /** Display path of the .xcodeproj. */
  readonly displayPath: string;
  readonly projectDir: string;
  readonly projectName: string;
  readonly defaultConfigurationName?: string;
  readonly projectConfigurations: readonly ConfigurationFacts[];
  readonly targets: readonly TargetFacts[];
  /** Problems found while extracting (base configuration files outside the source tree), in order. */
  readonly problems: readonly FactsProblem[];
  /** Some item's group ancestry loops or runs too deep (as seen before any source file was resolved). */
  readonly groupCycle: boolean;
  /** Set in-process only: lines looked up in the text when asked for. Absent on facts a worker made. */
  readonly lines?: PbxprojLines;
}

export interface FactsProblem {
  readonly message: string;
  readonly line?: number;
  readonly file?: string;
}

export interface ConfigurationFacts {
  readonly id: string;
  readonly name: string;
  readonly xcconfigFsPath: string | undefined;
  /** The build settings as written (`buildSettingsOf`). */
  readonly settings: readonly (readonly [string, string])[];
  /** Eager facts: the line of each of `settings` (0: not found), and of `baseConfigurationReference`. */
  readonly settingLines?: Int32Array;
  readonly referenceLine?: number;
}

export interface TargetFacts {
  readonly id: string;
  readonly name: string;
  readonly productType?: string;
  readonly productName?: string;
  readonly line?: number;
  readonly configurations: readonly ConfigurationFacts[];
  readonly embeds: readonly { readonly targetName: string; readonly phase: string }[];
  readonly dependencies: readonly string[];
  /** Eager facts: a plain array; in-process, worked out on first read (thousands of files in large apps). */
  readonly sourceFiles: readonly string[];
}

/** Larger than any real project (the largest in the corpus is 1.4 MB). */
export const MAX_PBXPROJ_BYTES = 64 * 1024 * 1024;

/**
 * The facts of a project file, read by a worker thread (`project-worker.ts`) at the real path the main thread's
 * `ConfinedFiles` located and allowed, as `ConfinedFiles.read` reads it (`O_NOFOLLOW`, bounded), decoded as
 * `readText` decodes (UTF-8, a leading byte-order mark removed), parsed and extracted eagerly.
 */
export function projectFactsAt(realPath: string, xcodeprojFsPath: string, displayPath: string): { readonly result: DecodeResult<ProjectFacts>; readonly bytes: number } {
  const read = readLocated(realPath, MAX_PBXPROJ_BYTES);
  const result = guardProject(() => {
    if (!read.ok) throw pbxprojReadFailure(read, displayPath);
    return projectFacts(parsePbxproj(textOf(read.bytes)), xcodeprojFsPath, displayPath, true);
  });
  return { result, bytes: read.ok ? read.bytes.length : 0 };
}

/** Why `project.pbxproj` could not be read, as the project's decode error. */
export function pbxprojReadFailure(read: Exclude<ConfinedRead, { ok: true }>, displayPath: string): DecodeFailure {
  if (isRefusal(read.reason)) return new DecodeFailure("pbxproj-unreadable", `${displayPath}/project.pbxproj is not read: it is ${refusalReason(read.reason)}`);
  switch (read.reason) {
    case "not-a-file":
      return new DecodeFailure("pbxproj-unreadable", `${displayPath} has no project.pbxproj file`);
    case "too-large":
      return new DecodeFailure("pbxproj-too-large", `${displayPath}/project.pbxproj is ${read.size} bytes, more than the ${MAX_PBXPROJ_BYTES}-byte limit`);
    case "unreadable":
      return new DecodeFailure("pbxproj-unreadable", `${displayPath}/project.pbxproj cannot be read (${read.code})`);
  }
}

/** Runs a step of reading a project; what it throws becomes the project's decode error. */
export function guardProject<T>(body: () => T): DecodeResult<T> {
  try {
    return decoded(body());
  } catch (error) {
    if (error instanceof DecodeFailure) return failed(error.code, error.message, error.position ? { position: error.position } : {});
    if (error instanceof RangeError) return failed("pbxproj-too-deep", "the project nests too deeply to read");
    return failed("internal", `reading the Xcode project failed unexpectedly (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
  }
}

const SOURCE_EXTENSIONS = new Set([".swift", ".m", ".mm", ".c", ".cc", ".cpp", ".cxx", ".c++"]);

export function projectFacts(pbxproj: Pbxproj, xcodeprojFsPath: string, displayPath: string, eager: boolean): ProjectFacts {
  const problems: FactsProblem[] = [];
  const project = pbxproj.objects.get(pbxproj.rootObjectId)!;
  const containerDir = path.dirname(path.resolve(xcodeprojFsPath));
  const projectDir = path.resolve(containerDir, stringProp(project, "projectDirPath") ?? "");
  const pbxprojDisplay = path.posix.join(displayPath, "project.pbxproj");
  const lines = new PbxprojLines(pbxproj.text);
  const groups = new GroupTree(pbxproj, projectDir, stringProp(project, "mainGroup"));
  const projectName = path.basename(xcodeprojFsPath).replace(/\.xcodeproj$/i, "");

  const configurationsOf = (owner: PbxObject, ownerLabel: string): ConfigurationFacts[] => {
    const list = objectOf(pbxproj, own(owner, "buildConfigurationList"), "XCConfigurationList");
    if (!list) return [];
    const configurations: ConfigurationFacts[] = [];
    for (const id of idList(list, "buildConfigurations")) {
      const object = objectOf(pbxproj, id, "XCBuildConfiguration");
      if (!object) continue;
      const name = stringProp(object, "name") ?? id;
      const xcconfigFsPath = xcconfigPathOf(id, object, `configuration ${name} of ${ownerLabel}`);
      const settings = buildSettingsOf(object);
      configurations.push(
        eager
          ? { id, name, xcconfigFsPath, settings, settingLines: lines.settingLines(id, settings), ...(xcconfigFsPath !== undefined ? optionalLine("referenceLine", lines.propertyLine(id, "baseConfigurationReference")) : {}) }
          : { id, name, xcconfigFsPath, settings },
      );
    }
    return configurations;
  };

  const xcconfigPathOf = (id: string, configuration: PbxObject, label: string): string | undefined => {
    const referenceId = own(configuration, "baseConfigurationReference");
    const anchorId = own(configuration, "baseConfigurationReferenceAnchor");
    if (referenceId === undefined && anchorId === undefined) return undefined;
    let fsPath: string | undefined;
    if (typeof anchorId === "string") {
      // Xcode 16: the xcconfig lives inside a synchronized folder, named relative to it.
      const anchor = groups.fsPath(anchorId);
      const relative = stringProp(configuration, "baseConfigurationReferenceRelativePath");
      if (anchor !== undefined && relative !== undefined) fsPath = path.resolve(anchor, relative);
    } else if (typeof referenceId === "string" && objectOf(pbxproj, referenceId)) {
      fsPath = groups.fsPath(referenceId);
    }
    if (fsPath === undefined) {
      problems.push({
        message: `${label} names a base configuration file that is not in the project folder`,
        ...optionalLine("line", lines.propertyLine(id, anchorId !== undefined ? "baseConfigurationReferenceAnchor" : "baseConfigurationReference")),
        file: pbxprojDisplay,
      });
    }
    return fsPath;
  };

  const projectConfigurations = configurationsOf(project, `project ${projectName}`);
  const defaultConfigurationName = stringProp(objectOf(pbxproj, own(project, "buildConfigurationList")) ?? {}, "defaultConfigurationName");

  // Native targets; the product of each is what copy phases of other targets embed.
  const targetObjects: { id: string; object: PbxObject }[] = [];
  for (const id of idList(project, "targets")) {
    const object = objectOf(pbxproj, id);
    if (object?.["isa"] === "PBXNativeTarget") targetObjects.push({ id, object });
  }
  const targetNameById = new Map<string, string>();
  for (const [id, object] of objectsOfClass(pbxproj, "PBXNativeTarget", "PBXAggregateTarget", "PBXLegacyTarget")) targetNameById.set(id, stringProp(object, "name") ?? id);
  const targetByProduct = new Map<string, string>();
  for (const { id, object } of targetObjects) {
    const product = own(object, "productReference");
    if (typeof product === "string") targetByProduct.set(product, targetNameById.get(id)!);
  }
  const targetConfigurations = targetObjects.map(({ id, object }) => configurationsOf(object, `target ${targetNameById.get(id)}`));

  const targets: TargetFacts[] = targetObjects.map(({ id, object }, index) => {
    const productType = stringProp(object, "productType");
    const productName = stringProp(object, "productName");
    return {
      id,
      name: targetNameById.get(id)!,
      ...(productType !== undefined ? { productType } : {}),
      ...(productName !== undefined ? { productName } : {}),
      ...optionalLine("line", lines.objectLine(id)),
      configurations: targetConfigurations[index]!,
      embeds: embedsOf(pbxproj, object, targetByProduct),
      dependencies: dependenciesOf(pbxproj, object, targetNameById),
      sourceFiles: [],
    };
  });
  // Read before any source file is resolved: a loop met only there is not reported (as before facts existed).
  const groupCycle = groups.cycleFound;
  for (const [index, target] of targets.entries()) {
    const object = targetObjects[index]!.object;
    if (eager) (target as { sourceFiles: readonly string[] }).sourceFiles = sourceFilesOf(pbxproj, object, groups);
    else {
      // Sources phases of large apps list thousands of files: worked out on first read, so targets nobody
      // lints (tests, frameworks) never pay for it.
      let sourceFiles: string[] | undefined;
      Object.defineProperty(target, "sourceFiles", { enumerable: true, get: () => (sourceFiles ??= sourceFilesOf(pbxproj, object, groups)) });
    }
  }
  return {
    xcodeprojFsPath,
    displayPath,
    projectDir,
    projectName,
    ...(defaultConfigurationName !== undefined ? { defaultConfigurationName } : {}),
    projectConfigurations,
    targets,
    problems,
    groupCycle,
    ...(eager ? {} : { lines }),
  };
}

function embedsOf(pbxproj: Pbxproj, target: PbxObject, targetByProduct: ReadonlyMap<string, string>): { targetName: string; phase: string }[] {
  const embeds: { targetName: string; phase: string }[] = [];
  for (const phaseId of idList(target, "buildPhases")) {
    const phase = objectOf(pbxproj, phaseId, "PBXCopyFilesBuildPhase");
    if (!phase) continue;
    const destination = copyDestination(own(phase, "dstSubfolderSpec"), stringProp(phase, "dstPath") ?? "");
    for (const buildFileId of idList(phase, "files")) {
      const buildFile = objectOf(pbxproj, buildFileId, "PBXBuildFile");
      const product = buildFile ? own(buildFile, "fileRef") : undefined;
      const targetName = typeof product === "string" ? targetByProduct.get(product) : undefined;
      if (targetName !== undefined) embeds.push({ targetName, phase: destination });
    }
  }
  return embeds;
}

/** Xcode's `dstSubfolderSpec` values (PBXCopyFilesBuildPhase). */
const SUBFOLDER_NAMES: Readonly<Record<number, string>> = {
  0: "AbsolutePath",
  1: "Wrapper",
  6: "Executables",
  7: "Resources",
  10: "Frameworks",
  11: "SharedFrameworks",
  12: "SharedSupport",
  13: "PlugIns",
  15: "JavaResources",
  16: "ProductsDirectory",
};

/** Bundle folders recognised in a `dstPath` such as `$(SYSTEM_EXTENSIONS_FOLDER_PATH)` or `Contents/Library/SystemExtensions`. */
const DESTINATION_FOLDERS: readonly [RegExp, string][] = [
  [/SYSTEM_EXTENSIONS_FOLDER_PATH|(^|\/)SystemExtensions\/?$/, "SystemExtensions"],
  [/(^|[/)])Watch\/?$/, "Watch"],
  [/(^|[/)])AppClips\/?$/, "AppClips"],
  [/(^|\/)LoginItems\/?$/, "LoginItems"],
  [/XPCSERVICES_FOLDER_PATH|(^|\/)XPCServices\/?$/, "XPCServices"],
  [/EXTENSIONS_FOLDER_PATH|(^|\/)Extensions\/?$/, "Extensions"],
  [/PLUGINS_FOLDER_PATH|(^|\/)PlugIns\/?$/, "PlugIns"],
  [/FRAMEWORKS_FOLDER_PATH|(^|\/)Frameworks\/?$/, "Frameworks"],
];

function copyDestination(spec: unknown, dstPath: string): string {
  for (const [pattern, name] of DESTINATION_FOLDERS) if (pattern.test(dstPath)) return name;
  const specName = typeof spec === "number" ? (SUBFOLDER_NAMES[spec] ?? `Subfolder${spec}`) : "Unknown";
  return dstPath === "" ? specName : `${specName}/${dstPath}`;
}

function dependenciesOf(pbxproj: Pbxproj, target: PbxObject, targetNameById: ReadonlyMap<string, string>): string[] {
  const names: string[] = [];
  for (const dependencyId of idList(target, "dependencies")) {
    const dependency = objectOf(pbxproj, dependencyId, "PBXTargetDependency");
    if (!dependency) continue;
    const targetId = own(dependency, "target");
    let name = typeof targetId === "string" ? targetNameById.get(targetId) : undefined;
    if (name === undefined) {
      const proxy = objectOf(pbxproj, own(dependency, "targetProxy"), "PBXContainerItemProxy");
      name = proxy ? stringProp(proxy, "remoteInfo") : stringProp(dependency, "name");
    }
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function sourceFilesOf(pbxproj: Pbxproj, target: PbxObject, groups: GroupTree): string[] {
  const files = new Set<string>();
  for (const phaseId of idList(target, "buildPhases")) {
    const phase = objectOf(pbxproj, phaseId, "PBXSourcesBuildPhase");
    if (!phase) continue;
    for (const buildFileId of idList(phase, "files")) {
      const buildFile = objectOf(pbxproj, buildFileId, "PBXBuildFile");
      const fileRef = buildFile ? own(buildFile, "fileRef") : undefined;
      if (typeof fileRef !== "string") continue;
      const fsPath = groups.fsPath(fileRef);
      if (fsPath !== undefined && SOURCE_EXTENSIONS.has(path.extname(fsPath).toLowerCase())) files.add(fsPath);
    }
  }
  for (const groupId of idList(target, "fileSystemSynchronizedGroups")) {
    if (!objectOf(pbxproj, groupId, "PBXFileSystemSynchronizedRootGroup")) continue;
    const fsPath = groups.fsPath(groupId);
    if (fsPath !== undefined) files.add(fsPath);
  }
  return [...files];
}

function optionalLine<K extends string>(key: K, line: number | undefined): { [P in K]?: number } {
  return (line === undefined ? {} : { [key]: line }) as { [P in K]?: number };
}
