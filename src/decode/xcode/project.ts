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
import { ConfinedFiles, refusalReason } from "../../discover/confined-files.js";
import type { DecodeResult } from "../result.js";
import { defaultLevels, defaultSupportedPlatforms, deviceSdkOf, PRODUCT_TYPES } from "./defaults.js";
import type { DefaultsContext } from "./defaults.js";
import { parsePbxproj } from "./pbxproj.js";
import { guardProject, MAX_PBXPROJ_BYTES, pbxprojReadFailure, projectFacts, type ConfigurationFacts, type ProjectFacts } from "./project-facts.js";
import { parseSettingKey, SettingsScope, SettingsTable } from "./settings.js";
import type { ResolvedSettings, SettingAssignment, SettingCondition, SettingOrigin } from "./settings.js";
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

/**
 * Reads `<xcodeprojFsPath>/project.pbxproj` and the xcconfig files it uses. Never throws: an
 * unreadable or malformed project file is a `DecodeError`; everything else is a `problem`.
 */
export async function readXcodeProject(xcodeprojFsPath: string, displayPath: string, options: ReadXcodeProjectOptions = {}): Promise<DecodeResult<XcodeProject>> {
  return guardProject(() => {
    const pbxprojFsPath = path.join(xcodeprojFsPath, "project.pbxproj");
    const files = options.files ?? ConfinedFiles.forPaths([path.dirname(path.resolve(xcodeprojFsPath))], process.cwd());
    const text = readPbxproj(pbxprojFsPath, displayPath, files);
    return projectOf(projectFacts(parsePbxproj(text), xcodeprojFsPath, displayPath, false), options.sdkDefaults ?? true, options.resolveAll ?? true, files);
  });
}

/** The project that facts describe (`projectFactsAt`, made by a worker), its xcconfigs read through `files`. */
export function xcodeProjectOf(facts: ProjectFacts, options: ReadXcodeProjectOptions & { readonly files: ConfinedFiles }): DecodeResult<XcodeProject> {
  return guardProject(() => projectOf(facts, options.sdkDefaults ?? true, options.resolveAll ?? true, options.files));
}

function readPbxproj(fsPath: string, displayPath: string, files: ConfinedFiles): string {
  const read = files.readText(fsPath, MAX_PBXPROJ_BYTES);
  if (read.ok) return read.text;
  throw pbxprojReadFailure(read, displayPath);
}

function projectOf(facts: ProjectFacts, sdkDefaults: boolean, resolveAll: boolean, files: ConfinedFiles): XcodeProject {
  const problems: XcodeProblem[] = [];
  const reportedProblems = new Set<string>();
  const report = (problem: XcodeProblem): void => {
    const key = `${problem.file ?? ""}\u0000${problem.line ?? ""}\u0000${problem.message}`;
    if (reportedProblems.has(key)) return;
    reportedProblems.add(key);
    problems.push(problem);
  };

  const { xcodeprojFsPath, displayPath, projectDir, projectName, projectConfigurations, defaultConfigurationName, lines } = facts;
  const containerDir = path.dirname(path.resolve(xcodeprojFsPath));
  const pbxprojDisplay = path.posix.join(displayPath, "project.pbxproj");
  const displayDir = path.posix.dirname(displayPath);
  const displayFor = (fsPath: string): string => {
    const relative = path.relative(containerDir, fsPath).split(path.sep).join("/");
    return displayDir === "." ? relative : path.posix.join(displayDir, relative);
  };
  for (const problem of facts.problems) report(problem);

  // Load every xcconfig once.
  const read = cachingXcconfigReader(files);
  const budget = new XcconfigBudget();
  const loaded = new Map<string, LoadedXcconfig>();
  const allConfigurations = [...projectConfigurations, ...facts.targets.flatMap((target) => target.configurations)];
  for (const source of allConfigurations) {
    if (source.xcconfigFsPath !== undefined && !loaded.has(source.xcconfigFsPath)) {
      const result = loadXcconfig(source.xcconfigFsPath, displayFor(source.xcconfigFsPath), read, budget);
      loaded.set(source.xcconfigFsPath, result);
      for (const problem of result.problems) report(problem);
    }
  }
  const reportedMissing = new Set<string>();
  const usesOf = new Map<string, number>();
  for (const source of allConfigurations) {
    if (source.xcconfigFsPath !== undefined) usesOf.set(source.xcconfigFsPath, (usesOf.get(source.xcconfigFsPath) ?? 0) + 1);
  }
  const xcconfigAssignments = (source: ConfigurationFacts | undefined, label: string): SettingAssignment[] => {
    if (source?.xcconfigFsPath === undefined) return [];
    const result = loaded.get(source.xcconfigFsPath);
    if (!result?.found) {
      // Once per file: a missing CocoaPods xcconfig would otherwise repeat for every configuration.
      if (reportedMissing.has(source.xcconfigFsPath)) return [];
      reportedMissing.add(source.xcconfigFsPath);
      const line = lines ? lines.propertyLine(source.id, "baseConfigurationReference") : source.referenceLine;
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

  const place: PbxprojPlace = { file: pbxprojDisplay, lines };
  const pbxprojAssignmentCache = new Map<string, SettingAssignment[]>();
  const pbxprojAssignments = (source: ConfigurationFacts | undefined): SettingAssignment[] => {
    if (!source) return [];
    let assignments = pbxprojAssignmentCache.get(source.id);
    if (assignments) return assignments;
    assignments = [];
    let conditional = false;
    for (let index = 0; index < source.settings.length; index++) {
      const [key, value] = source.settings[index]!;
      const parsed = parseSettingKey(key);
      if (!parsed) continue;
      conditional ||= parsed.conditions.length > 0;
      assignments.push(new PbxprojAssignment(parsed.name, parsed.conditions, value, source, index, place));
    }
    // A dictionary has no order Xcode could honour, so conditional keys go above plain ones
    // (which is also the order Xcode's alphabetical writing gives `KEY` and `KEY[sdk=…]`).
    if (conditional) assignments.sort((a, b) => a.conditions.length - b.conditions.length);
    pbxprojAssignmentCache.set(source.id, assignments);
    return assignments;
  };

  const targets: XcodeTarget[] = [];
  for (const targetFacts of facts.targets) {
    const { id, name, productType, configurations, line } = targetFacts;
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
      ...optionalString("productName", targetFacts.productName),
      configurations: resolvedConfigurations,
      embeds: targetFacts.embeds as XcodeEmbed[],
      dependencies: targetFacts.dependencies as string[],
      sourceFiles: [],
      ...optionalLine(line),
    };
    // In-process facts work the source files out on first read: so does the target.
    Object.defineProperty(target, "sourceFiles", { enumerable: true, get: () => targetFacts.sourceFiles });
    targets.push(target);
  }
  if (facts.groupCycle) report({ message: "the project's group tree loops or nests too deeply; some file paths are unknown", file: pbxprojDisplay });

  return { path: displayPath, projectDir, targets, problems, ...(defaultConfigurationName ? { defaultConfigurationName } : {}) };
}

/** Where a project's build settings are written: the file's display path, and its lines when looked up in-process. */
interface PbxprojPlace {
  readonly file: string;
  readonly lines: ProjectFacts["lines"];
}

/**
 * A build setting as written in a configuration of `project.pbxproj`. Its line is looked up only when a finding
 * asks (`origin`, a method: one object per setting, where a closure per setting made three).
 */
class PbxprojAssignment implements SettingAssignment {
  readonly name: string;
  readonly conditions: readonly SettingCondition[];
  readonly value: string;
  private readonly source: ConfigurationFacts;
  private readonly index: number;
  private readonly place: PbxprojPlace;
  private located: SettingOrigin | undefined;

  constructor(name: string, conditions: readonly SettingCondition[], value: string, source: ConfigurationFacts, index: number, place: PbxprojPlace) {
    this.name = name;
    this.conditions = conditions;
    this.value = value;
    this.source = source;
    this.index = index;
    this.place = place;
    this.located = undefined;
  }

  origin(): SettingOrigin {
    if (this.located === undefined) {
      const { source, index, place } = this;
      const line = source.settingLines ? source.settingLines[index] || undefined : place.lines?.settingLine(source.id, source.settings[index]![0]);
      this.located = { file: place.file, ...optionalLine(line) };
    }
    return this.located;
  }
}

export interface ConfigurationInput {
  readonly name: string;
  readonly levels: readonly SettingAssignment[][];
  readonly defaults: DefaultsContext;
  readonly onProblem: (message: string, kind?: "limit") => void;
  readonly resolveAll: boolean;
}

export function resolveConfiguration(input: ConfigurationInput): XcodeConfiguration {
  const table = new SettingsTable([...defaultLevels(input.defaults), ...input.levels]);
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

function others(uses: number): string {
  return uses <= 1 ? " is based on it" : ` and ${uses - 1} other configuration${uses === 2 ? "" : "s"} are based on it`;
}

function optionalLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function optionalString<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
