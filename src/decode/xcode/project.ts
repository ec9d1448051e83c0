/**
 * An `.xcodeproj` read the way Xcode reads it: its native targets, their build configurations and
 * each configuration's build settings resolved across every level.
 *
 * Object graph (project.pbxproj, see pbxproj.ts):
 *
 *   PBXProject ─ buildConfigurationList → XCConfigurationList → XCBuildConfiguration[]
 *              ─ targets → PBXNativeTarget ─ buildConfigurationList → … XCBuildConfiguration[]
 *                                          ─ buildPhases → PBXSourcesBuildPhase / PBXCopyFilesBuildPhase
 *                                                          └ files → PBXBuildFile → fileRef
 *                                          ─ dependencies → PBXTargetDependency → target
 *                                          ─ productReference → PBXFileReference (what embeds point at)
 *   XCBuildConfiguration = { name, buildSettings, baseConfigurationReference → the .xcconfig }
 *
 * Settings levels, lowest first (Xcode's order): defaults.ts → project xcconfig → project
 * configuration → target xcconfig → target configuration. The project configuration used is the
 * one with the target configuration's name. Resolution is in settings.ts.
 *
 * A target built for several SDKs (`SUPPORTED_PLATFORMS = "iphoneos macosx"`, or
 * `SUPPORTS_MACCATALYST = YES`, which builds against the macOS SDK) has one view per SDK:
 * `configuration.settings` is the primary one (the SDK `SDKROOT` names, else the first supported),
 * and `configuration.settingsFor("macosx")` gives another.
 *
 * This module knows nothing of rules; the integrator maps it onto src/model/target.ts. It never
 * reads `process.env` and never runs anything.
 */
import path from "node:path";
import { ConfinedFiles, isRefusal, refusalReason } from "../../discover/confined-files.js";
import { DecodeFailure, decoded, failed } from "../result.js";
import type { DecodeResult } from "../result.js";
import { defaultAssignments, defaultSupportedPlatforms, deviceSdkOf, PRODUCT_TYPES } from "./defaults.js";
import type { DefaultsContext } from "./defaults.js";
import { GroupTree } from "./paths.js";
import { buildSettingsOf, idList, objectOf, objectsOfClass, own, parsePbxproj, PbxprojLines, stringProp } from "./pbxproj.js";
import type { Pbxproj, PbxObject } from "./pbxproj.js";
import { parseSettingKey, SettingsScope, SettingsTable } from "./settings.js";
import type { ResolvedSettings, SettingAssignment, SettingOrigin } from "./settings.js";
import { cachingXcconfigReader, loadXcconfig, XcconfigBudget } from "./xcconfig.js";
import type { LoadedXcconfig, XcconfigProblemKind } from "./xcconfig.js";

export type { ResolvedSettings, SettingOrigin } from "./settings.js";

export interface XcodeProblem {
  readonly message: string;
  /** Line in `file` (the project.pbxproj unless `file` says otherwise). */
  readonly line?: number;
  /** Display path of the file the problem is in, when known. */
  readonly file?: string;
  /** A limit ne-lint ran into, or a file it refused to read; other problems are mistakes in the project. */
  readonly kind?: XcconfigProblemKind;
}

export interface XcodeProject {
  /** Display path of the .xcodeproj. */
  readonly path: string;
  /** File-system folder that SOURCE_ROOT / SRCROOT refer to. */
  readonly projectDir: string;
  readonly targets: XcodeTarget[];
  /** The project's `defaultConfigurationName`: what `xcodebuild` builds without `-configuration`. */
  readonly defaultConfigurationName?: string;
  /** Non-fatal: missing xcconfig, unknown product type, setting cycles… */
  readonly problems: XcodeProblem[];
}

export interface XcodeEmbed {
  readonly targetName: string;
  /** Where the product is copied: "PlugIns", "SystemExtensions", "Watch", "Extensions", "LoginItems", "Frameworks", … */
  readonly phase: string;
}

export interface XcodeTarget {
  /** The PBXNativeTarget's object ID. */
  readonly id: string;
  readonly name: string;
  /** e.g. com.apple.product-type.application, .app-extension, .system-extension, .watchkit2-extension. */
  readonly productType?: string;
  readonly productName?: string;
  readonly configurations: XcodeConfiguration[];
  readonly embeds: XcodeEmbed[];
  /** Names of the targets this one depends on. */
  readonly dependencies: string[];
  /**
   * File-system paths of the Swift/Objective-C/C files in the Sources build phase, and the folders
   * of the target's `PBXFileSystemSynchronizedRootGroup`s (Xcode 16), whose files all belong to it.
   * Worked out on first read.
   */
  readonly sourceFiles: string[];
  /** Line of the PBXNativeTarget object in project.pbxproj. */
  readonly line?: number;
}

export interface XcodeConfiguration {
  /** "Debug" | "Release" | … */
  readonly name: string;
  /** Resolved for this target and configuration, for the primary SDK. */
  readonly settings: ResolvedSettings;
  /** The primary SDK (`iphoneos`, `macosx`, `appletvos`, `watchos`, `xros`), when known. */
  readonly sdk: string | undefined;
  /** Every device SDK the target is built with in this configuration, primary first. */
  readonly sdks: readonly string[];
  /** The settings as the build for another SDK (and optionally one architecture) sees them. */
  settingsFor(sdk: string, arch?: string): ResolvedSettings;
}

export interface ReadXcodeProjectOptions {
  /** Include the table of Xcode/SDK defaults (defaults.ts). Default true. */
  readonly sdkDefaults?: boolean;
  /**
   * Resolve every setting of every configuration while reading, so cycles and expansion limits are
   * reported as problems. Default true; the linter turns it off and resolves only the settings it reads,
   * which is most of the cost on large projects.
   */
  readonly resolveAll?: boolean;
  /**
   * Every file the project reads goes through it (see `ConfinedFiles`). Default: confined to the folder
   * holding the .xcodeproj.
   */
  readonly files?: ConfinedFiles;
}

const SDK_PREFERENCE: readonly string[] = ["iphoneos", "macosx", "xros", "appletvos", "watchos", "driverkit"];
const MAX_PBXPROJ_BYTES = 64 * 1024 * 1024;
const SOURCE_EXTENSIONS = new Set([".swift", ".m", ".mm", ".c", ".cc", ".cpp", ".cxx", ".c++"]);

/**
 * Reads `<xcodeprojFsPath>/project.pbxproj` and the xcconfig files it uses. Never throws: an
 * unreadable or malformed project file is a `DecodeError`; everything else is a `problem`.
 */
export async function readXcodeProject(xcodeprojFsPath: string, displayPath: string, options: ReadXcodeProjectOptions = {}): Promise<DecodeResult<XcodeProject>> {
  try {
    const pbxprojFsPath = path.join(xcodeprojFsPath, "project.pbxproj");
    const files = options.files ?? ConfinedFiles.forPaths([path.dirname(path.resolve(xcodeprojFsPath))], process.cwd());
    const text = readPbxproj(pbxprojFsPath, displayPath, files);
    return decoded(buildProject(parsePbxproj(text), xcodeprojFsPath, displayPath, options.sdkDefaults ?? true, options.resolveAll ?? true, files));
  } catch (error) {
    if (error instanceof DecodeFailure) return failed(error.code, error.message, error.position ? { position: error.position } : {});
    if (error instanceof RangeError) return failed("pbxproj-too-deep", "the project nests too deeply to read");
    return failed("internal", `reading the Xcode project failed unexpectedly (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
  }
}

function readPbxproj(fsPath: string, displayPath: string, files: ConfinedFiles): string {
  const read = files.readText(fsPath, MAX_PBXPROJ_BYTES);
  if (read.ok) return read.text;
  if (isRefusal(read.reason)) throw new DecodeFailure("pbxproj-unreadable", `${displayPath}/project.pbxproj is not read: it is ${refusalReason(read.reason)}`);
  switch (read.reason) {
    case "not-a-file":
      throw new DecodeFailure("pbxproj-unreadable", `${displayPath} has no project.pbxproj file`);
    case "too-large":
      throw new DecodeFailure("pbxproj-too-large", `${displayPath}/project.pbxproj is ${read.size} bytes, more than the ${MAX_PBXPROJ_BYTES}-byte limit`);
    case "unreadable":
      throw new DecodeFailure("pbxproj-unreadable", `${displayPath}/project.pbxproj cannot be read (${read.code})`);
  }
}

/** Everything about one build configuration that is needed before its settings can be resolved. */
interface ConfigurationSource {
  readonly id: string;
  readonly name: string;
  readonly object: PbxObject;
  readonly xcconfigFsPath: string | undefined;
}

function buildProject(pbxproj: Pbxproj, xcodeprojFsPath: string, displayPath: string, sdkDefaults: boolean, resolveAll: boolean, files: ConfinedFiles): XcodeProject {
  const problems: XcodeProblem[] = [];
  const reportedProblems = new Set<string>();
  const report = (problem: XcodeProblem): void => {
    const key = `${problem.file ?? ""}\u0000${problem.line ?? ""}\u0000${problem.message}`;
    if (reportedProblems.has(key)) return;
    reportedProblems.add(key);
    problems.push(problem);
  };

  const project = pbxproj.objects.get(pbxproj.rootObjectId)!;
  const containerDir = path.dirname(path.resolve(xcodeprojFsPath));
  const projectDir = path.resolve(containerDir, stringProp(project, "projectDirPath") ?? "");
  const pbxprojDisplay = path.posix.join(displayPath, "project.pbxproj");
  const displayDir = path.posix.dirname(displayPath);
  const displayFor = (fsPath: string): string => {
    const relative = path.relative(containerDir, fsPath).split(path.sep).join("/");
    return displayDir === "." ? relative : path.posix.join(displayDir, relative);
  };
  const lines = new PbxprojLines(pbxproj.text);
  const groups = new GroupTree(pbxproj, projectDir, stringProp(project, "mainGroup"));
  const projectName = path.basename(xcodeprojFsPath).replace(/\.xcodeproj$/i, "");

  const configurationsOf = (owner: PbxObject, ownerLabel: string): ConfigurationSource[] => {
    const list = objectOf(pbxproj, own(owner, "buildConfigurationList"), "XCConfigurationList");
    if (!list) return [];
    const sources: ConfigurationSource[] = [];
    for (const id of idList(list, "buildConfigurations")) {
      const object = objectOf(pbxproj, id, "XCBuildConfiguration");
      if (!object) continue;
      const name = stringProp(object, "name") ?? id;
      sources.push({ id, name, object, xcconfigFsPath: xcconfigPathOf(id, object, `configuration ${name} of ${ownerLabel}`) });
    }
    return sources;
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
      report({ message: `${label} names a base configuration file that is not in the project folder`, line: lines.propertyLine(id, anchorId !== undefined ? "baseConfigurationReferenceAnchor" : "baseConfigurationReference"), file: pbxprojDisplay });
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

  // Load every xcconfig once.
  const read = cachingXcconfigReader(files);
  const budget = new XcconfigBudget();
  const loaded = new Map<string, LoadedXcconfig>();
  const targetSources = targetObjects.map(({ id, object }) => ({
    id,
    object,
    configurations: configurationsOf(object, `target ${targetNameById.get(id)}`),
  }));
  for (const source of [...projectConfigurations, ...targetSources.flatMap((target) => target.configurations)]) {
    if (source.xcconfigFsPath !== undefined && !loaded.has(source.xcconfigFsPath)) {
      const result = loadXcconfig(source.xcconfigFsPath, displayFor(source.xcconfigFsPath), read, budget);
      loaded.set(source.xcconfigFsPath, result);
      for (const problem of result.problems) report(problem);
    }
  }
  const reportedMissing = new Set<string>();
  const usesOf = new Map<string, number>();
  for (const source of [...projectConfigurations, ...targetSources.flatMap((each) => each.configurations)]) {
    if (source.xcconfigFsPath !== undefined) usesOf.set(source.xcconfigFsPath, (usesOf.get(source.xcconfigFsPath) ?? 0) + 1);
  }
  const xcconfigAssignments = (source: ConfigurationSource | undefined, label: string): SettingAssignment[] => {
    if (source?.xcconfigFsPath === undefined) return [];
    const result = loaded.get(source.xcconfigFsPath);
    if (!result?.found) {
      // Once per file: a missing CocoaPods xcconfig would otherwise repeat for every configuration.
      if (reportedMissing.has(source.xcconfigFsPath)) return [];
      reportedMissing.add(source.xcconfigFsPath);
      const line = lines.propertyLine(source.id, "baseConfigurationReference");
      const uses = others(usesOf.get(source.xcconfigFsPath) ?? 1);
      report(
        result?.refused
          ? { message: `the base configuration file ${displayFor(source.xcconfigFsPath)} is ${refusalReason(result.refused)}; ${label}${uses}, and its settings are unknown`, line, file: pbxprojDisplay, kind: "refused" }
          : { message: `${displayFor(source.xcconfigFsPath)} is missing; ${label}${uses}`, line, file: pbxprojDisplay },
      );
      return [];
    }
    return result.assignments;
  };

  const pbxprojAssignmentCache = new Map<string, SettingAssignment[]>();
  const pbxprojAssignments = (source: ConfigurationSource | undefined): SettingAssignment[] => {
    if (!source) return [];
    let assignments = pbxprojAssignmentCache.get(source.id);
    if (assignments) return assignments;
    assignments = [];
    for (const [key, value] of buildSettingsOf(source.object)) {
      const parsed = parseSettingKey(key);
      if (!parsed) continue;
      let origin: SettingOrigin | undefined;
      const locate = (): SettingOrigin => {
        origin ??= { file: pbxprojDisplay, ...optionalLine(lines.settingLine(source.id, key)) };
        return origin;
      };
      assignments.push({ name: parsed.name, conditions: parsed.conditions, value, origin: locate });
    }
    // A dictionary has no order Xcode could honour, so conditional keys go above plain ones
    // (which is also the order Xcode's alphabetical writing gives `KEY` and `KEY[sdk=…]`).
    assignments.sort((a, b) => a.conditions.length - b.conditions.length);
    pbxprojAssignmentCache.set(source.id, assignments);
    return assignments;
  };

  const targets: XcodeTarget[] = [];
  for (const { id, object, configurations } of targetSources) {
    const name = targetNameById.get(id)!;
    const productType = stringProp(object, "productType");
    const line = lines.objectLine(id);
    if (productType !== undefined && !Object.hasOwn(PRODUCT_TYPES, productType)) {
      report({ message: `target ${name} has product type ${productType}, which ne-lint does not know`, ...optionalLine(line), file: pbxprojDisplay });
    }
    if (configurations.length === 0) {
      report({ message: `target ${name} has no build configurations`, ...optionalLine(line), file: pbxprojDisplay });
    }

    const resolvedConfigurations = configurations.map((configuration) => {
      const projectConfiguration =
        projectConfigurations.find((candidate) => candidate.name === configuration.name) ??
        projectConfigurations.find((candidate) => candidate.name === defaultConfigurationName);
      const levels: SettingAssignment[][] = [
        xcconfigAssignments(projectConfiguration, `configuration ${projectConfiguration?.name} of project ${projectName}`),
        pbxprojAssignments(projectConfiguration),
        xcconfigAssignments(configuration, `configuration ${configuration.name} of target ${name}`),
        pbxprojAssignments(configuration),
      ];
      return resolveConfiguration({
        name: configuration.name,
        levels,
        defaults: { targetName: name, productType, projectName, projectDir, projectFilePath: path.resolve(xcodeprojFsPath), configuration: configuration.name, sdkDefaults },
        onProblem: (message, kind) => report({ message: `target ${name}, configuration ${configuration.name}: ${message}`, file: pbxprojDisplay, ...(kind ? { kind } : {}) }),
        resolveAll,
      });
    });

    const target: XcodeTarget = {
      id,
      name,
      ...(productType !== undefined ? { productType } : {}),
      ...optionalString("productName", stringProp(object, "productName")),
      configurations: resolvedConfigurations,
      embeds: embedsOf(pbxproj, object, targetByProduct),
      dependencies: dependenciesOf(pbxproj, object, targetNameById),
      sourceFiles: [],
      ...optionalLine(line),
    };
    // Sources phases of large apps list thousands of files: worked out on first read, so targets nobody
    // lints (tests, frameworks) never pay for it.
    let sourceFiles: string[] | undefined;
    Object.defineProperty(target, "sourceFiles", {
      enumerable: true,
      get: () => (sourceFiles ??= sourceFilesOf(pbxproj, object, groups)),
    });
    targets.push(target);
  }
  if (groups.cycleFound) report({ message: "the project's group tree loops or nests too deeply; some file paths are unknown", file: pbxprojDisplay });

  return { path: displayPath, projectDir, targets, problems, ...(defaultConfigurationName ? { defaultConfigurationName } : {}) };
}

export interface ConfigurationInput {
  readonly name: string;
  readonly levels: readonly SettingAssignment[][];
  readonly defaults: DefaultsContext;
  readonly onProblem: (message: string, kind?: "limit") => void;
  readonly resolveAll: boolean;
}

export function resolveConfiguration(input: ConfigurationInput): XcodeConfiguration {
  const table = new SettingsTable([defaultAssignments(input.defaults), ...input.levels]);
  // SDKROOT and SUPPORTED_PLATFORMS decide the SDK, so they are read with no SDK bound
  // (assignments conditional on `sdk` do not apply to them, as in Xcode).
  const unbound = new SettingsScope(table, { config: input.name });
  const sdkroot = unbound.get("SDKROOT");
  const sdkrootSdk = sdkroot === undefined ? undefined : deviceSdkOf(sdkroot.trim().split(/\s+/)[0] ?? "");
  let supported = unbound.get("SUPPORTED_PLATFORMS");
  if (supported === undefined && sdkrootSdk !== undefined) {
    const fallback = defaultSupportedPlatforms(sdkrootSdk);
    if (input.defaults.sdkDefaults) table.addLowest(fallback);
    supported = fallback.value;
  }
  const sdks: string[] = [];
  for (const word of (supported ?? "").split(/\s+/)) {
    const sdk = deviceSdkOf(word);
    if (sdk !== undefined && !sdks.includes(sdk)) sdks.push(sdk);
  }
  if (unbound.get("SUPPORTS_MACCATALYST") === "YES" && sdks.includes("iphoneos") && !sdks.includes("macosx")) sdks.push("macosx");
  // With `SDKROOT = auto` (multiplatform targets) Xcode builds for whichever destination is chosen;
  // the primary view takes the SDKs in a fixed order, iOS first, so results do not depend on how
  // SUPPORTED_PLATFORMS happens to be written. An SDKROOT outside SUPPORTED_PLATFORMS (a tvOS
  // extension left with `SDKROOT = iphoneos`) cannot be built for, so it does not count.
  sdks.sort((a, b) => SDK_PREFERENCE.indexOf(a) - SDK_PREFERENCE.indexOf(b));
  const primary = sdkrootSdk !== undefined && (sdks.length === 0 || sdks.includes(sdkrootSdk)) ? sdkrootSdk : sdks[0];
  if (primary !== undefined) {
    if (sdks.includes(primary)) sdks.splice(sdks.indexOf(primary), 1);
    sdks.unshift(primary);
  }

  const scopes = new Map<string, SettingsScope>();
  const scopeFor = (sdk: string | undefined, arch: string | undefined, onProblem?: (message: string, kind?: "limit") => void): SettingsScope => {
    const key = `${sdk ?? ""}\u0000${arch ?? ""}`;
    let scope = scopes.get(key);
    if (!scope) {
      const conditions: Record<string, string> = { config: input.name };
      if (sdk !== undefined) conditions["sdk"] = sdk;
      if (arch !== undefined) conditions["arch"] = arch;
      scope = new SettingsScope(table, conditions, onProblem);
      scopes.set(key, scope);
    }
    return scope;
  };

  const settings = scopeFor(primary, undefined, input.onProblem);
  // Resolve everything now: it surfaces cycles as problems while the project is being read.
  if (input.resolveAll) for (const name of settings.names()) settings.get(name);
  return {
    name: input.name,
    settings,
    sdk: primary,
    sdks,
    settingsFor: (sdk, arch) => scopeFor(sdk, arch),
  };
}

function embedsOf(pbxproj: Pbxproj, target: PbxObject, targetByProduct: ReadonlyMap<string, string>): XcodeEmbed[] {
  const embeds: XcodeEmbed[] = [];
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

function others(uses: number): string {
  return uses <= 1 ? " is based on it" : ` and ${uses - 1} other configuration${uses === 2 ? "" : "s"} are based on it`;
}

function optionalLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function optionalString<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
