/**
 * How each target ships, from evidence, per target and configuration. In order:
 *
 * 1. a per-target override in `.ne-lint.json` (`targets.<name or bundle id>.distribution`);
 * 2. a built product's embedded profile (its kind: development, ad hoc, App Store, enterprise, Developer ID);
 * 3. the `method` of the `ExportOptions*.plist` files in the repository that Xcode's export (`xcodebuild
 *    -exportArchive -exportOptionsPlist`) would apply to the target's archive — when several name
 *    different methods, the target is checked once per method;
 * 4. `CODE_SIGN_IDENTITY` when it names a distribution identity (Developer ID; on macOS the Mac App Store
 *    ones). "Apple Development" only says "development build": automatic signing re-signs at export;
 * 5. the profile `PROVISIONING_PROFILE_SPECIFIER` names, when it is in the tree;
 * 6. `--distribution`, then `.ne-lint.json`'s `distribution`, for targets with no evidence.
 *
 * Each decision is a `Fact` whose source rule messages quote, so a finding says where its distribution
 * came from. Apple's export method names: `xcodebuild -help` (exportOptionsPlist keys); Xcode 15.3
 * renamed `app-store` → `app-store-connect`, `ad-hoc` → `release-testing`, `development` → `debugging`.
 */
import path from "node:path";
import type { FoundFiles } from "../discover/found.js";
import type { ConfinedFiles } from "../discover/confined-files.js";
import { displayPath } from "../discover/walk.js";
import { decodePlistBytes, MAX_PLIST_BYTES } from "../decode/plist.js";
import type { Config } from "../config/config.js";
import type { FileRef } from "../model/document.js";
import { distributionOfProfileKind } from "../checks/entitlements/distribution.js";
import { entryOf, hasPlaceholder, isDict, stringValue, valueOf } from "../model/plist.js";
import { isIosFamily, newTarget, type Distribution, type Fact, type Platform, type Target } from "../model/target.js";

/**
 * How a distribution is known: `export` (an Xcode export, which re-signs the archive with the export's
 * profiles, but keeps the archive's entitlements), `identity` (the
 * build signs with that identity), `profile` (a profile of that kind is named or beside the target),
 * `embedded` (a built product's profile), `override`/`fallback` (the user said so; nothing in the tree).
 */
export type DistributionEvidence = "export" | "identity" | "profile" | "embedded" | "override" | "fallback";
const EVIDENCE = new WeakMap<Fact<Distribution>, DistributionEvidence>();

function evidence(fact: Fact<Distribution>, kind: DistributionEvidence): Fact<Distribution> {
  EVIDENCE.set(fact, kind);
  return fact;
}

/** How a target's distribution fact is known; undefined for facts made outside this module (tests, other sources). */
export function distributionEvidence(fact: Fact<Distribution>): DistributionEvidence | undefined {
  return EVIDENCE.get(fact);
}

/** What the build's own signing identity says, kept when an export method decided the distribution. */
const BUILD_SIGNING = new WeakMap<Target, Fact<Distribution>>();

/**
 * The distribution the target's own build signs for (its `CODE_SIGN_IDENTITY`), whatever decided its
 * distribution: an archive signed with Developer ID and then exported differs from one signed for development.
 */
export function buildSigningDistribution(target: Target): Fact<Distribution> | undefined {
  return BUILD_SIGNING.get(target);
}

/** What each `method` of an export options plist means, and where it can apply. */
const EXPORT_METHODS: Readonly<Record<string, { readonly distribution: Distribution; readonly platforms?: "ios-family" | "macos" }>> = {
  "app-store": { distribution: "app-store" },
  "app-store-connect": { distribution: "app-store" },
  // Mac App Store installer package (older Xcode).
  package: { distribution: "app-store", platforms: "macos" },
  "ad-hoc": { distribution: "ad-hoc", platforms: "ios-family" },
  "release-testing": { distribution: "ad-hoc", platforms: "ios-family" },
  enterprise: { distribution: "enterprise", platforms: "ios-family" },
  development: { distribution: "development" },
  debugging: { distribution: "development" },
  "developer-id": { distribution: "developer-id", platforms: "macos" },
  // `mac-application` copies the app as archived (no re-signing) and `validation` only validates: neither says how it ships.
};

/** The file names Xcode users give export options (`ExportOptions.plist`, `appStoreExportOptions.plist`, `exportOptionsRelease.plist`). */
export function isExportOptionsFile(fsPath: string): boolean {
  // What `/export[\w-]*options[\w-]*\.plist$/i` says, as a scan: that regex retries from every `export`
  // of a long name (quadratic), and file names are repository text.
  // Asked of every walked file: the suffix test spares the others `path.basename`.
  if (fsPath.slice(-".plist".length).toLowerCase() !== ".plist") return false;
  const name = path.basename(fsPath);
  const stem = name.slice(0, -".plist".length);
  let run = stem.length;
  while (run > 0 && isWordOrDash(stem.charCodeAt(run - 1))) run--;
  // `export` then `options` inside the trailing run of word characters and dashes (ASCII, so lower-casing
  // it is exact: no `K`-like character turns into a letter the regex would not have matched).
  const tail = stem.slice(run).toLowerCase();
  const exportAt = tail.indexOf("export");
  return exportAt >= 0 && tail.indexOf("options", exportAt + "export".length) >= 0;
}

/** `[\w-]` without the `u` flag: ASCII letters, digits, `_` and `-`. */
function isWordOrDash(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2d;
}

export interface ExportMethod {
  readonly distribution: Fact<Distribution>;
  readonly platforms?: "ios-family" | "macos";
  /** Display path of the folder holding the export options file. */
  readonly folder: string;
  /** The bundle ids its `provisioningProfiles` names (manual signing): then it applies to those targets only. */
  readonly bundleIds?: ReadonlySet<string>;
}

/** Reads the `method` of each export options file; files that are not readable plists with a known method say nothing. */
export function readExportMethods(files: readonly FileRef[], confined: ConfinedFiles): ExportMethod[] {
  const methods: ExportMethod[] = [];
  for (const file of files) {
    const read = confined.read(file.fsPath, MAX_PLIST_BYTES);
    if (!read.ok) continue;
    const decoded = decodePlistBytes(read.bytes, file, "plist");
    if (!decoded.ok) continue;
    const entry = entryOf(decoded.value.root, "method");
    const method = stringValue(entry?.value);
    const known = method !== undefined ? EXPORT_METHODS[method] : undefined;
    if (!known) continue;
    const line = entry?.key.loc?.start.line;
    const profiles = valueOf(decoded.value.root, "provisioningProfiles");
    const bundleIds = isDict(profiles) && profiles.entries.length > 0 ? new Set(profiles.entries.map((e) => e.key.value)) : undefined;
    methods.push({
      distribution: evidence({ value: known.distribution, source: `method ${method} in ${file.path}${line ? `:${line}` : ""}` }, "export"),
      ...(known.platforms ? { platforms: known.platforms } : {}),
      folder: path.posix.dirname(file.path),
      ...(bundleIds ? { bundleIds } : {}),
    });
  }
  return methods;
}

/**
 * The distribution a signing identity implies, when it implies one. Developer ID is unambiguous; on macOS,
 * "Apple Distribution", "3rd Party Mac Developer Application" and "Mac App Distribution" sign only for the
 * Mac App Store. "Apple Development" is re-signed at export; "Apple Distribution" on iOS may be App Store,
 * ad hoc or enterprise.
 */
export function distributionFromIdentity(identity: string | undefined, platform: Platform | undefined, catalyst: boolean): Distribution | undefined {
  if (!identity || hasPlaceholder(identity)) return undefined;
  if (/^Developer ID Application/.test(identity)) return "developer-id";
  if ((platform === "macos" || catalyst) && /^(Apple Distribution|3rd Party Mac Developer Application|Mac App Distribution)/.test(identity)) return "app-store";
  return undefined;
}

/** The inputs from the run: export options files found by the walk, `--distribution`, `.ne-lint.json`. */
export function distributionInputs(found: Pick<FoundFiles, "judged" | "files">, cwd: string, cli: Distribution | undefined, config: Pick<Config, "distribution" | "targets" | "source">): DistributionInputs {
  const files: FileRef[] = [...found.judged].filter(isExportOptionsFile).map((fsPath) => ({ path: displayPath(cwd, fsPath), fsPath }));
  const configFile = config.source ?? ".ne-lint.json";
  const fallback: Fact<Distribution> | undefined = cli
    ? evidence({ value: cli, source: "--distribution" }, "fallback")
    : config.distribution
      ? evidence({ value: config.distribution, source: `distribution in ${configFile}` }, "fallback")
      : undefined;
  const overrides = new Map<string, Fact<Distribution>>();
  for (const [key, settings] of config.targets ?? []) if (settings.distribution) overrides.set(key, evidence({ value: settings.distribution, source: `targets["${key}"] in ${configFile}` }, "override"));
  return { exportMethods: readExportMethods(files, found.files), ...(fallback ? { fallback } : {}), overrides };
}

export interface DistributionInputs {
  readonly exportMethods: readonly ExportMethod[];
  /** `--distribution`, else `.ne-lint.json`'s `distribution`: for targets with no evidence. */
  readonly fallback?: Fact<Distribution>;
  /** `.ne-lint.json` `targets`: target name or bundle id → distribution. */
  readonly overrides?: ReadonlyMap<string, Fact<Distribution>>;
}

/**
 * Decides every target's distribution; returns the targets, with a copy of an app's whole tree (the app
 * and what it embeds) for each further export method that applies to it.
 */
export function decideDistributions(targets: readonly Target[], inputs: DistributionInputs): Target[] {
  const locations = inputs.exportMethods.length > 0 ? targets.map(locationOf).filter((where): where is string => where !== undefined) : [];
  const scoped = inputs.exportMethods.map((method) => ({ method, scope: scopeOf(method.folder, locations) }));
  // What the target's source said (its signing identity), before any decision overwrites it.
  const identity = new Map<Target, Fact<Distribution> | undefined>(targets.map((target) => [target, target.distribution]));
  const methodsFor = (target: Target): ExportMethod[] => {
    if (scoped.length === 0) return [];
    const where = locationOf(target);
    if (target.built || where === undefined) return [];
    const methods: ExportMethod[] = [];
    for (const { method, scope } of scoped) {
      const applies = method.bundleIds ? target.bundleId !== undefined && method.bundleIds.has(target.bundleId.value) : scope !== undefined && within(where, scope);
      if (applies && fits(method, target) && !methods.some((known) => known.distribution.value === method.distribution.value)) methods.push(method);
    }
    // Several export files name the target (a repository that ships one app two ways): its own signing identity says which.
    const signed = identity.get(target);
    const agreeing = methods.filter((method) => method.distribution.value === signed?.value);
    return methods.length > 1 && agreeing.length > 0 ? agreeing : methods;
  };
  const decideTree = (target: Target, original: Target, method: ExportMethod | undefined): void => {
    const own = methodsFor(original);
    const chosen = method && own.some((m) => m.distribution.value === method.distribution.value) ? method : own.length === 1 ? own[0] : undefined;
    const signedWith = identity.get(original);
    if (signedWith) BUILD_SIGNING.set(target, signedWith);
    target.distribution = decide(target, chosen, signedWith, inputs);
    target.children.forEach((child, index) => decideTree(child, original.children[index] ?? child, chosen ?? method));
  };

  // The targets keep their order; copies for further export methods follow.
  const result: Target[] = [...targets];
  for (const root of targets.filter((target) => !target.parent)) {
    const [first, ...others] = methodsFor(root);
    const copies = others.map((method) => ({ method, copy: copyTree(root, undefined, method.distribution.value) }));
    decideTree(root, root, first);
    for (const { method, copy } of copies) {
      decideTree(copy, root, method);
      result.push(...treeOf(copy));
    }
  }
  return result;
}

function decide(target: Target, method: ExportMethod | undefined, identity: Fact<Distribution> | undefined, inputs: DistributionInputs): Fact<Distribution> | undefined {
  const override = inputs.overrides?.get(target.name) ?? (target.bundleId ? inputs.overrides?.get(target.bundleId.value) : undefined);
  if (override) return override;
  if (target.embeddedProfile && target.profiles[0]) {
    const profile = target.profiles[0];
    const value = distributionOfProfileKind(profile.kind);
    if (value) return evidence({ value, source: `embedded ${profile.kind} profile ${profile.document.file.path}` }, "embedded");
  }
  if (method) return method.distribution;
  if (identity) return evidence(identity, "identity");
  if (target.profiles.length === 0) return inputs.fallback;
  const kinds = new Set(target.profiles.map((profile) => distributionOfProfileKind(profile.kind)));
  const [only] = kinds;
  if (kinds.size === 1 && only && target.profiles[0]) return evidence({ value: only, source: `${target.profiles[0].kind} profile ${target.profiles[0].document.file.path}` }, "profile");
  return inputs.fallback;
}

/** Export options apply to the targets in the nearest folder above them (or their own) that holds any target. */
function scopeOf(folder: string, locations: readonly string[]): string | undefined {
  for (let scope = folder; ; scope = path.posix.dirname(scope)) {
    if (locations.some((where) => within(where, scope))) return scope;
    if (scope === "." || path.posix.dirname(scope) === scope) return undefined;
  }
}

function within(where: string, folder: string): boolean {
  return folder === "." || where.startsWith(`${folder}/`);
}

function locationOf(target: Target): string | undefined {
  return target.project ?? target.infoPlist?.file.path ?? target.entitlements[0]?.file.path;
}

function fits(method: ExportMethod, target: Target): boolean {
  if (!method.platforms) return true;
  const platform = target.platform?.value;
  if (method.platforms === "macos") return platform === "macos" || target.catalyst;
  return isIosFamily(platform) && !target.catalyst;
}

function treeOf(root: Target): Target[] {
  return [root, ...root.children.flatMap(treeOf)];
}

/** A copy of a target and its embedded targets for another export method; documents and profiles are shared. */
function copyTree(target: Target, parent: Target | undefined, method: Distribution): Target {
  const label = target.configuration ? `${target.configuration}, ${method}` : method;
  const copy = newTarget({ id: `${target.id}#${method}`, name: target.name, origin: target.origin, configuration: label });
  // Copy the properties as defined (the lazy `sources` getter stays lazy).
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(target))) {
    if (key === "id" || key === "configuration" || key === "parent" || key === "children") continue;
    Object.defineProperty(copy, key, descriptor);
  }
  copy.parent = parent;
  copy.children = target.children.map((child) => copyTree(child, copy, method));
  return copy;
}
