/**
 * Xcode project targets as ne-lint targets: one per native target × build configuration × SDK, with
 * the Info.plist and entitlements that configuration uses (build settings expanded as Xcode would),
 * platform, deployment target, product kind, distribution hints, sources and the embed relationships
 * (which extension ships in which app).
 */
import path from "node:path";
import { detached } from "../decode/xcode/detached.js";
import { MAX_EXPANSION_DEPTH, MAX_EXPANSION_LENGTH, MAX_EXPANSION_STEPS, type ResolvedSettings } from "../decode/xcode/settings.js";
import { shorten } from "../decode/xcode/xcconfig.js";
import { refusalReason, type Refusal } from "../discover/confined-files.js";
import type { XcodeProject, XcodeTarget } from "../decode/xcode/project.js";
import type { PlistDocument } from "../model/document.js";
import { DocumentExpander } from "./expand.js";
import { productKindFromInfoPlist } from "./infer.js";
import type { PlistDict } from "../model/plist.js";
import { hasPlaceholder, insertEntry } from "../model/plist.js";
import type { ProvisioningProfile } from "../model/profile.js";
import { distributionFromIdentity } from "./distribution.js";
import { signingEntitlements } from "./signing-entitlements.js";
import { shippedConfigurations, type ArchiveConfiguration } from "./schemes.js";
import { newTarget, type Distribution, type Fact, type Platform, type ProductKind, type Target } from "../model/target.js";
import type { Problem } from "../model/workspace.js";
import { sentence } from "../decode/result.js";

export interface XcodeTargetOptions {
  /** `undefined`: what ships (see `shippedConfigurations`); `"all"`: every configuration; else that name. */
  readonly configuration?: string;
  /** PBXNativeTarget ID → the `ArchiveAction` configurations of the shared schemes that archive it (schemes.ts). */
  readonly archiveConfigurations?: ReadonlyMap<string, readonly ArchiveConfiguration[]>;
  readonly platform?: Platform;
  readonly deploymentTarget?: string;
  /** Display path of a file-system path (relative to the working directory). */
  displayPath(fsPath: string): string;
  /** Reads and decodes a plist once per run (cached by the engine); `plist`: only document-level rules read it. */
  loadPlist(fsPath: string, kind: "info-plist" | "entitlements" | "plist"): PlistDocument | undefined;
  /**
   * Whether a regular file is at the path, or why it may not be looked at (outside the linted roots,
   * inside `.git`): such a file is never read, and the setting naming it is an unknown value.
   */
  fileState(fsPath: string): "file" | "missing" | Refusal;
  /** The walked source files at a path the project compiles (the file, or the files below a synchronized folder). */
  sourcesIn(fsPath: string): string[];
  /** The walked file a path names as a case-insensitive file system finds it (`AdGuardPro/x` → `AdguardPro/x`); the path itself otherwise. */
  onDisk?(fsPath: string): string;

}

export interface XcodeTargetScan {
  readonly targets: Target[];
  readonly problems: Problem[];
  /** File-system paths of the Info.plists and entitlements the project's targets use. */
  readonly claimed: Set<string>;
  /** `PROVISIONING_PROFILE_SPECIFIER` per target: the engine attaches the profile of that name or UUID once profiles are decoded. */
  readonly profileSpecifiers: Map<Target, string>;
  /** Plists of targets that are not bundles of their own (tools, frameworks), for document-level rules only. */
  readonly documents: PlistDocument[];
}

/** Gives each target the profiles its `PROVISIONING_PROFILE_SPECIFIER` names. */
export function attachSpecifiedProfiles(specifiers: ReadonlyMap<Target, string>, profiles: readonly ProvisioningProfile[]): void {
  for (const [target, specifier] of specifiers) target.profiles.push(...profiles.filter((p) => p.name === specifier || p.uuid === specifier));
}

const SDK_PLATFORMS: Readonly<Record<string, Platform>> = {
  iphoneos: "ios",
  iphonesimulator: "ios",
  macosx: "macos",
  appletvos: "tvos",
  appletvsimulator: "tvos",
  watchos: "watchos",
  watchsimulator: "watchos",
  xros: "visionos",
  xrsimulator: "visionos",
};

const DEPLOYMENT_SETTING: Readonly<Record<Platform, string>> = {
  ios: "IPHONEOS_DEPLOYMENT_TARGET",
  macos: "MACOSX_DEPLOYMENT_TARGET",
  tvos: "TVOS_DEPLOYMENT_TARGET",
  watchos: "WATCHOS_DEPLOYMENT_TARGET",
  visionos: "XROS_DEPLOYMENT_TARGET",
};

/** `com.apple.product-type.*` → product kind. */
export function productKindOf(productType: string | undefined): ProductKind {
  if (!productType) return "unknown";
  if (/\.application\.watchapp2?$/.test(productType)) return "watch-app";
  if (/\.application(\.|$)/.test(productType) && !productType.includes("messages")) return "app";
  if (productType.endsWith(".system-extension") || productType.endsWith(".driver-extension")) return "system-extension";
  if (productType.includes("extension")) return "app-extension";
  return "other";
}

function known(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" && !hasPlaceholder(value) ? value.trim() : undefined;
}

export function xcodeTargets(project: XcodeProject, options: XcodeTargetOptions): XcodeTargetScan {
  const scan: XcodeTargetScan = { targets: [], problems: [], claimed: new Set(), profileSpecifiers: new Map(), documents: nonBundlePlists(project, options) };
  const pbxprojPath = `${project.path}/project.pbxproj`;
  const byName = new Map<string, Target[]>();
  const missingReported = new Set<string>();
  const expander = new DocumentExpander();


  // Files any configuration uses belong to the project, even when that configuration is not linted:
  // a Debug-only entitlements file must not fall back to the folder convention and be judged out of context.
  for (const xcodeTarget of project.targets) {
    for (const configuration of xcodeTarget.configurations) {
      for (const sdk of configuration.sdks.length > 0 ? configuration.sdks : [undefined]) {
        const settings = sdk && sdk !== configuration.sdk ? configuration.settingsFor(sdk) : configuration.settings;
        for (const setting of ["INFOPLIST_FILE", "CODE_SIGN_ENTITLEMENTS"]) {
          const value = known(settings.get(setting));
          if (value) scan.claimed.add(path.resolve(project.projectDir, value));
        }
      }
    }
  }

  for (const xcodeTarget of project.targets) {
    // Test bundles never ship: their Info.plists and entitlements are not what users run.
    if (/\.bundle\.(unit-test|ui-testing)$/.test(xcodeTarget.productType ?? "")) continue;
    const kind = productKindOf(xcodeTarget.productType);
    // Frameworks and libraries are not signed products of their own: their Info.plist has no ATS effect
    // and they carry no entitlements.
    if (kind === "other") continue;
    for (const configuration of shippedConfigurations(xcodeTarget, project.defaultConfigurationName, options.configuration, options.archiveConfigurations)) {
      const sdks = configuration.sdks.length > 0 ? configuration.sdks : configuration.sdk ? [configuration.sdk] : [undefined];
      const views: Target[] = [];
      for (const sdk of sdks) {
        const settings = sdk && sdk !== configuration.sdk ? configuration.settingsFor(sdk) : configuration.settings;
        const label = sdks.length > 1 && sdk ? `${configuration.name}, ${sdk}` : configuration.name;
        // Detached: names are cut from the project text, which must not outlive the project's turn.
        const target = newTarget({ id: detached(`xcode:${project.path}:${xcodeTarget.name}:${label}`), name: detached(xcodeTarget.name), origin: "xcode", configuration: detached(label), project: project.path });
        const where = (setting: string): string => {
          const origin = settings.origin(setting);
          return origin ? `${setting} in ${origin.file}${origin.line ? `:${origin.line}` : ""}` : setting;
        };
        target.kind = { value: kind, source: `productType ${xcodeTarget.productType ?? "(none)"}` };
        const platform = sdk ? SDK_PLATFORMS[sdk] : undefined;
        if (platform) target.platform = { value: platform, source: `SDKROOT ${sdk}` };
        else if (options.platform) target.platform = { value: options.platform, source: "--platform" };
        // A macOS build of an iOS target is Mac Catalyst only when the target opts in and is not natively multiplatform.
        target.catalyst =
          sdk === "macosx" && configuration.sdk === "iphoneos" && configuration.settings.get("SUPPORTS_MACCATALYST") === "YES" &&
          !(configuration.settings.get("SUPPORTED_PLATFORMS") ?? "").split(/\s+/).includes("macosx");
        const deployment = target.platform ? known(settings.get(DEPLOYMENT_SETTING[target.platform.value])) : undefined;
        if (deployment) target.deploymentTarget = { value: deployment, source: where(DEPLOYMENT_SETTING[target.platform!.value]) };
        else if (options.deploymentTarget) target.deploymentTarget = { value: options.deploymentTarget, source: "configuration" };
        const bundleId = known(settings.get("PRODUCT_BUNDLE_IDENTIFIER"));
        if (bundleId) target.bundleId = { value: bundleId, source: where("PRODUCT_BUNDLE_IDENTIFIER") };
        // The identity is evidence; the other sources and the fallback are weighed by distribution.ts.
        const distribution = distributionFromIdentity(settings.get("CODE_SIGN_IDENTITY"), target.platform?.value, target.catalyst);
        if (distribution) target.distribution = { value: distribution, source: where("CODE_SIGN_IDENTITY") } satisfies Fact<Distribution>;

        const infoPlist = loadSettingFile(settings, "INFOPLIST_FILE", "info-plist");
        const generated = generatedInfoPlist(settings, infoPlist, pbxprojPath);
        target.infoPlist = generated ?? infoPlist;
        if (target.infoPlist && kind === "unknown") {
          const fromPlist = productKindFromInfoPlist(target.infoPlist);
          if (fromPlist) target.kind = fromPlist;
        }
        const entitlements = signingEntitlements(loadSettingFile(settings, "CODE_SIGN_ENTITLEMENTS", "entitlements"), settings, {
          sandboxPlatform: target.platform?.value === "macos" || target.catalyst,
          pbxproj: pbxprojPath,
        });
        if (entitlements) target.entitlements = [entitlements];
        if (known(settings.get("CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION")) === "YES") target.entitlementsModifiedByBuild = { value: true, source: where("CODE_SIGN_ALLOW_ENTITLEMENTS_MODIFICATION") };

        const specifier = known(settings.get("PROVISIONING_PROFILE_SPECIFIER"));
        if (specifier) scan.profileSpecifiers.set(target, specifier);

        defineLazySources(target, xcodeTarget, options);
        views.push(target);
        scan.targets.push(target);
        const list = byName.get(xcodeTarget.name) ?? [];
        list.push(target);
        byName.set(xcodeTarget.name, list);
      }
      for (const view of views) view.siblings = views.filter((other) => other !== view);
    }
  }

  // Embeds: an app's configuration embeds the same configuration of its extensions.
  for (const xcodeTarget of project.targets) {
    for (const embed of xcodeTarget.embeds) {
      if (embed.phase === "Frameworks") continue;
      for (const parent of byName.get(xcodeTarget.name) ?? []) {
        const child = embeddedView(byName.get(embed.targetName) ?? [], parent);
        if (!child || child === parent || child.parent) continue;
        child.parent = parent;
        parent.children.push(child);
      }
    }
  }
  // Limits the project ran into and files it was not allowed to read are findings; its other problems
  // (cycles, malformed lines) are Xcode's to report. Last: settings are resolved lazily, above.
  for (const problem of project.problems) {
    if (!problem.kind) continue;
    const file = problem.file ?? pbxprojPath;
    scan.problems.push({
      ruleId: problem.kind === "limit" ? "xcode/limit-exceeded" : "xcode/outside-repository",
      file: { path: file, fsPath: file },
      message: detached(sentence(problem.message)),
      ...(problem.line ? { position: { line: problem.line, column: 1, offset: 0 } } : {}),
    });
  }
  for (const document of expander.expansionLimited) {
    scan.problems.push({
      ruleId: "xcode/limit-exceeded",
      file: document.file,
      message: `Some $(…) in ${document.file.path} expand too deeply or too often (more than ${MAX_EXPANSION_STEPS} steps, ${MAX_EXPANSION_DEPTH} levels or ${MAX_EXPANSION_LENGTH} characters, ne-lint's limits); they are kept unexpanded (unknown).`,
    });
  }
  for (const document of expander.limited) {
    scan.problems.push({
      ruleId: "xcode/limit-exceeded",
      file: document.file,
      message: `Expanding build settings in ${document.file.path} for every target and configuration needs more than ${DocumentExpander.MAX_WORK} steps, ne-lint's limit for a project; some targets see it with its $(…) settings unexpanded (unknown).`,
    });
  }
  return scan;

  function loadSettingFile(settings: ResolvedSettings, setting: "INFOPLIST_FILE" | "CODE_SIGN_ENTITLEMENTS", kind: "info-plist" | "entitlements"): PlistDocument | undefined {
    const value = known(settings.get(setting));
    if (!value) return undefined;
    const written = path.resolve(project.projectDir, value);
    const fsPath = options.onDisk?.(written) ?? written;
    scan.claimed.add(fsPath);
    const state = options.fileState(fsPath);
    if (state !== "file") {
      const origin = settings.origin(setting);
      const key = `${setting}\0${fsPath}`;
      if (!missingReported.has(key)) {
        missingReported.add(key);
        const file = origin?.file ?? project.path;
        const what = kind === "info-plist" ? "Info.plist" : "entitlements";
        scan.problems.push({
          ruleId: state === "missing" ? "xcode/missing-file" : "xcode/outside-repository",
          file: { path: file, fsPath: path.resolve(project.projectDir, file) },
          message:
            state === "missing"
              ? `${setting} = ${shorten(value)} names a file that does not exist; the ${what} of this target cannot be checked.`
              : `${setting} = ${shorten(value)} names a file ${refusalReason(state)}; the ${what} of this target ${kind === "info-plist" ? "is" : "are"} unknown and not checked.`,
          ...(origin?.line ? { position: { line: origin.line, column: 1, offset: 0 } } : {}),
        });
      }
      return undefined;
    }
    const document = options.loadPlist(fsPath, kind);
    return document ? expander.expand(document, settings) : undefined;
  }
}

/**
 * The view of an embedded target that ships inside `parent`: same configuration, and for a multiplatform
 * extension the view for the parent's platform (an iOS app embeds the iOS build of the extension, not the macOS one).
 */
function embeddedView(views: readonly Target[], parent: Target): Target | undefined {
  const configurationName = (target: Target): string | undefined => target.configuration?.split(", ")[0];
  const sameConfiguration = views.filter((view) => view.configuration === parent.configuration || configurationName(view) === configurationName(parent));
  const candidates = sameConfiguration.length > 0 ? sameConfiguration : views;
  return candidates.find((view) => view.platform?.value === parent.platform?.value && view.catalyst === parent.catalyst) ?? candidates.find((view) => view.configuration === parent.configuration) ?? candidates[0];
}

/**
 * The Info.plists and entitlements of command-line tools (privileged helpers, daemons), frameworks and other
 * targets that are not bundles ne-lint judges as products. Their settings still matter somewhere (a helper's
 * embedded Info.plist, a framework's), so document-level problems (duplicate keys, parse errors) are reported;
 * as kind `plist` no product rule (ATS, entitlements) reads them.
 */
function nonBundlePlists(project: XcodeProject, options: Pick<XcodeTargetOptions, "loadPlist" | "fileState" | "onDisk">): PlistDocument[] {
  const found = new Map<string, PlistDocument>();
  for (const xcodeTarget of project.targets) {
    if (productKindOf(xcodeTarget.productType) !== "other" || /\.bundle\.(unit-test|ui-testing)$/.test(xcodeTarget.productType ?? "")) continue;
    for (const configuration of xcodeTarget.configurations) {
      for (const setting of ["INFOPLIST_FILE", "CODE_SIGN_ENTITLEMENTS"]) {
        const value = known(configuration.settings.get(setting));
        const written = value ? path.resolve(project.projectDir, value) : undefined;
        const fsPath = written && (options.onDisk?.(written) ?? written);
        if (!fsPath || found.has(fsPath) || options.fileState(fsPath) !== "file") continue;
        const document = options.loadPlist(fsPath, "plist");
        if (document) found.set(fsPath, document);
      }
    }
  }
  return [...found.values()];
}

/**
 * `GENERATE_INFOPLIST_FILE = YES`: Xcode writes `INFOPLIST_KEY_<Key>` string settings into the Info.plist.
 * Merged over the INFOPLIST_FILE document when both exist (generated keys carry no position: they live in
 * build settings); alone, they form a document located in the project file at each setting's line.
 */
function generatedInfoPlist(settings: ResolvedSettings, base: PlistDocument | undefined, pbxprojDisplay: string): PlistDocument | undefined {
  if (known(settings.get("GENERATE_INFOPLIST_FILE")) !== "YES") return undefined;
  const keys = settings.names("INFOPLIST_KEY_");
  if (keys.length === 0) return undefined;
  const root: PlistDict = base?.root.type === "Dict" ? { ...base.root, entries: [...base.root.entries], byKey: new Map(base.root.byKey), shadowed: [...base.root.shadowed] } : { type: "Dict", entries: [], byKey: new Map(), shadowed: [] };
  for (const name of keys) {
    const key = name.slice("INFOPLIST_KEY_".length);
    if (root.byKey.has(key)) continue;
    const text = settings.get(name);
    if (text === undefined) continue;
    const origin = settings.origin(name);
    const loc = !base && origin?.line ? { start: { line: origin.line, column: 1, offset: 0 }, end: { line: origin.line, column: 1, offset: 0 } } : undefined;
    insertEntry(root, { type: "Entry", key: { type: "Key", value: key, ...(loc ? { loc } : {}) }, value: { type: "String", value: text, ...(loc ? { loc } : {}) }, ...(loc ? { loc } : {}) });
  }
  if (base) return { ...base, root };
  return { kind: "info-plist", format: "xml", file: { path: pbxprojDisplay, fsPath: pbxprojDisplay }, root, comments: [] };
}

/** A target's sources are matched against the walked files only when a rule asks for them. */
function defineLazySources(target: Target, xcodeTarget: XcodeTarget, options: Pick<XcodeTargetOptions, "displayPath" | "sourcesIn">): void {
  // The file list is taken now, so the parsed project (tens of MB for a large one) is not kept alive until the
  // rules run; matching it against the walked files waits until a rule asks.
  const sourceFiles = xcodeTarget.sourceFiles;
  let cached: Target["sources"] | undefined;
  Object.defineProperty(target, "sources", {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= [...new Set(sourceFiles.flatMap((fsPath) => options.sourcesIn(fsPath)))].map((fsPath) => ({ path: options.displayPath(fsPath), fsPath }))),
    set: (value: Target["sources"]) => {
      cached = value;
    },
  });
}
