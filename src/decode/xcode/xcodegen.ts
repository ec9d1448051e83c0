/**
 * An XcodeGen spec (`project.yml`) read as the `.xcodeproj` XcodeGen would generate from it, so the
 * same target model, settings resolution and rules apply. Spec: https://github.com/yonaskolb/XcodeGen/blob/master/Docs/ProjectSpec.md
 *
 * Read: `include` (other spec files, merged; only inside the spec's folder), `configs`, `configFiles`,
 * `settings` (`base`, `configs`, or a plain map) at project and target level, `options.deploymentTarget`,
 * and per target `type` (`com.apple.product-type.<type>`), `platform` (a list makes one target per
 * platform, suffixed `_<platform>` as XcodeGen does), `deploymentTarget`, `info` and `entitlements`
 * (`path`, `properties`: the files XcodeGen generates). A generated file that is not in the tree is
 * built from its `properties`, located at their lines in the spec. Placeholders (`$(VAR)`, `${VAR}`)
 * stay unknown values. The schemes XcodeGen generates (`schemes:`, and a target's `scheme:` shorthand) say
 * which configuration each target is archived in, as a shared `.xcscheme`'s `ArchiveAction` does.
 *
 * YAML is parsed by the maintained `yaml` package with aliases bounded (a billion-laughs spec cannot
 * expand) and the file size capped by the caller.
 */
import path from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import type { FileRef, PlistDocument } from "../../model/document.js";
import type { PlistDict, PlistEntry, PlistValue } from "../../model/plist.js";
import { indexEntry } from "../../model/plist.js";
import { DecodeFailure, guardDecode, type DecodeResult } from "../result.js";
import { LineIndex } from "../xml-plist.js";
import { resolveConfiguration, type XcodeProject, type XcodeTarget } from "./project.js";
import type { SettingAssignment } from "./settings.js";
import type { ConfinedFiles } from "../../discover/confined-files.js";
import { cachingXcconfigReader, loadXcconfig, type XcconfigReader } from "./xcconfig.js";
import { isWithin } from "../../path-within.js";

/** Reads a spec file's text through the run's `ConfinedFiles`; undefined when absent, unreadable or refused. */
type TextReader = (fsPath: string) => string | undefined;

const MAX_SPEC_BYTES = 4 * 1024 * 1024;

const MAX_ALIASES = 100;
const MAX_INCLUDES = 64;
const MAX_TARGETS = 2000;
const MAX_NODES = 200_000;

const SDK_OF_PLATFORM: Readonly<Record<string, { sdk: string; deployment: string }>> = {
  iOS: { sdk: "iphoneos", deployment: "IPHONEOS_DEPLOYMENT_TARGET" },
  macOS: { sdk: "macosx", deployment: "MACOSX_DEPLOYMENT_TARGET" },
  tvOS: { sdk: "appletvos", deployment: "TVOS_DEPLOYMENT_TARGET" },
  watchOS: { sdk: "watchos", deployment: "WATCHOS_DEPLOYMENT_TARGET" },
  visionOS: { sdk: "xros", deployment: "XROS_DEPLOYMENT_TARGET" },
};

export interface XcodeGenProject {
  readonly project: XcodeProject;
  /** Info.plists and entitlements XcodeGen would generate that are not in the tree: file-system path → document. */
  readonly generated: Map<string, PlistDocument>;
  /** Target ID → the archive configurations of the schemes XcodeGen generates that archive it. */
  readonly archiveConfigurations: Map<string, XcodeGenArchive[]>;
}

/** One scheme's archive configuration; `scheme` is where the spec says so (`project.yml:12`). */
export interface XcodeGenArchive {
  readonly name: string;
  readonly scheme: string;
}

/** Whether a file is an XcodeGen spec: `project.yml` / `project.yaml` with a top-level `targets` or `include`. */
export function isXcodeGenSpec(fsPath: string, text: string): boolean {
  return /^project\.ya?ml$/.test(path.basename(fsPath)) && /^(targets|include):/m.test(text);
}

interface SpecFile {
  readonly display: string;
  readonly fsPath: string;
  readonly lines: LineIndex;
  readonly root: YamlNode;
}

export function readXcodeGenProject(specFsPath: string, specDisplay: string, read: TextReader, readXcconfig: XcconfigReader, exists: (fsPath: string) => boolean): DecodeResult<XcodeGenProject> {
  return guardDecode(() => {
    const folder = path.dirname(specFsPath);
    const files = loadSpecs(specFsPath, specDisplay, folder, read);
    const main = files[0]!;
    const spec = merged(files);
    const name = text(get(main.root, "name")) ?? path.basename(folder);
    const configs = Object.keys(spec.configs).length > 0 ? Object.keys(spec.configs) : ["Debug", "Release"];
    const problems: XcodeProject["problems"] = [];
    const xcconfigs = new Map<string, SettingAssignment[]>();
    const xcconfig = (file: string | undefined, from: SpecFile): SettingAssignment[] => {
      if (!file) return [];
      const fsPath = path.resolve(path.dirname(from.fsPath), file);
      if (!within(folder, fsPath)) return [];
      let assignments = xcconfigs.get(fsPath);
      if (!assignments) {
        const loaded = loadXcconfig(fsPath, path.posix.join(path.posix.dirname(from.display), file), (candidate) => (within(folder, candidate) ? readXcconfig(candidate) : undefined));
        xcconfigs.set(fsPath, (assignments = loaded.assignments));
      }
      return assignments;
    };
    const generated = new Map<string, PlistDocument>();
    const targets: XcodeTarget[] = [];
    /** Spec target name → the targets it generates (one per platform). */
    const expanded = new Map<string, string[]>();
    for (const { name: targetName, node, file } of spec.targets) {
      const type = text(get(node, "type"));
      if (!type) continue;
      const platformNode = get(node, "platform");
      const platforms = isSeq(platformNode) ? platformNode.items.map(text).filter((p): p is string => p !== undefined) : [text(platformNode) ?? ""];
      for (const platform of platforms) {
        if (targets.length >= MAX_TARGETS) throw new DecodeFailure("too-large", `the spec has more than ${MAX_TARGETS} targets`);
        const fullName = platforms.length > 1 ? `${targetName}_${platform}` : targetName;
        expanded.set(targetName, [...(expanded.get(targetName) ?? []), fullName]);
        const productType = `com.apple.product-type.${type}`;
        const implied: SettingAssignment[] = [];
        const imply = (setting: string, value: string | undefined, at?: YamlNode): void => {
          if (value !== undefined) implied.push({ name: setting, conditions: [], value, origin: originOf(file, at) });
        };
        const sdk = SDK_OF_PLATFORM[platform];
        if (sdk) {
          imply("SDKROOT", sdk.sdk, platformNode ?? undefined);
          const deployment = get(node, "deploymentTarget");
          const value = isMap(deployment) ? text(get(deployment, platform)) : text(deployment) ?? text(get(get(main.root, "options"), "deploymentTarget", platform));
          imply(sdk.deployment, value, deployment ?? undefined);
        }
        for (const [property, setting, kind] of [["info", "INFOPLIST_FILE", "info-plist"], ["entitlements", "CODE_SIGN_ENTITLEMENTS", "entitlements"]] as const) {
          const generatedFile = get(node, property);
          const filePath = text(get(generatedFile, "path"));
          if (!filePath) continue;
          imply(setting, filePath, get(generatedFile, "path") ?? undefined);
          const fsPath = path.resolve(folder, filePath);
          const properties = get(generatedFile, "properties");
          if (!exists(fsPath) && isMap(properties) && within(folder, fsPath)) generated.set(fsPath, plistFromYaml(properties, kind, file));
        }
        const configurations = configs.map((configuration) =>
          resolveConfiguration({
            name: configuration,
            levels: [
              xcconfig(text(get(get(main.root, "configFiles"), configuration)), main),
              settingsOf(spec.settings, configuration, spec.configs[configuration]),
              xcconfig(text(get(get(node, "configFiles"), configuration)), file),
              implied,
              settingsOf(get(node, "settings") ? { node: get(node, "settings")!, file } : undefined, configuration, spec.configs[configuration]),
            ],
            defaults: { targetName: fullName, productType, projectName: name, projectDir: folder, projectFilePath: specFsPath, configuration, sdkDefaults: true },
            onProblem: (message) => problems.push({ message: `target ${fullName}, configuration ${configuration}: ${message}`, file: specDisplay }),
            resolveAll: false,
          }),
        );
        const sources = get(node, "sources");
        const sourceFiles = (isSeq(sources) ? sources.items : sources ? [sources] : []).map((item) => text(item) ?? text(get(item as YamlNode, "path"))).filter((p): p is string => p !== undefined).map((p) => path.resolve(path.dirname(file.fsPath), p)).filter((p) => within(folder, p));
        targets.push({ id: `xcodegen:${fullName}`, name: fullName, productType, configurations, embeds: [], dependencies: [], sourceFiles });
      }
    }
    const archiveConfigurations = schemeArchives(spec, configs, expanded);
    return { project: { path: specDisplay, projectDir: folder, targets, problems, defaultConfigurationName: text(get(get(main.root, "options"), "defaultConfig")) ?? "Release" }, generated, archiveConfigurations };
  });

  function loadSpecs(fsPath: string, display: string, folder: string, readText: TextReader): SpecFile[] {
    const loaded: SpecFile[] = [];
    const queue: { fsPath: string; display: string }[] = [{ fsPath, display }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next.fsPath)) continue;
      seen.add(next.fsPath);
      if (seen.size > MAX_INCLUDES) throw new DecodeFailure("too-large", `the spec includes more than ${MAX_INCLUDES} files`);
      const source = readText(next.fsPath);
      if (source === undefined) {
        if (loaded.length === 0) throw new DecodeFailure("unreadable", "the spec cannot be read");
        continue;
      }
      const document = parseDocument(source, { uniqueKeys: false });
      if (document.errors.length > 0) {
        const [error] = document.errors;
        throw new DecodeFailure("yaml-syntax", `${next.display} is not valid YAML: ${error!.message.split("\n")[0]}`);
      }
      // Resolving aliases with the bound makes an alias bomb an error, not an expansion.
      document.toJS({ maxAliasCount: MAX_ALIASES });
      const root = document.contents;
      if (!root) continue;
      countNodes(root);
      loaded.push({ display: next.display, fsPath: next.fsPath, lines: new LineIndex(source), root: root as YamlNode });
      const include = get(root as YamlNode, "include");
      for (const item of isSeq(include) ? include.items : include ? [include] : []) {
        const relative = text(item) ?? text(get(item as YamlNode, "path"));
        if (!relative) continue;
        const included = path.resolve(path.dirname(next.fsPath), relative);
        // Only files inside the spec's folder: a spec never makes ne-lint read outside the linted tree.
        if (within(folder, included)) queue.push({ fsPath: included, display: path.posix.normalize(path.posix.join(path.posix.dirname(next.display), relative)) });
      }
    }
    return loaded;
  }
}

function countNodes(root: unknown): void {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (++count > MAX_NODES) throw new DecodeFailure("too-large", `the spec has more than ${MAX_NODES} values`);
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
    else if (node && typeof node === "object" && "key" in node && "value" in node) stack.push((node as { value: unknown }).value);
  }
}

interface Merged {
  readonly configs: Record<string, string>;
  readonly settings: { node: YamlNode; file: SpecFile } | undefined;
  readonly targets: { name: string; node: YamlNode; file: SpecFile }[];
  readonly schemes: { name: string; node: YamlNode; file: SpecFile }[];
}

/** Included specs merge into the main one; later definitions of a target win (XcodeGen merges them key by key; ne-lint keeps the last whole). */
function merged(files: readonly SpecFile[]): Merged {
  const configs: Record<string, string> = Object.create(null) as Record<string, string>;
  let settings: Merged["settings"];
  const targets = new Map<string, { name: string; node: YamlNode; file: SpecFile }>();
  const schemes = new Map<string, { name: string; node: YamlNode; file: SpecFile }>();
  for (const file of files) {
    const schemeNode = get(file.root, "schemes");
    if (isMap(schemeNode)) for (const pair of schemeNode.items) if (isScalar(pair.key) && pair.value) schemes.set(String(pair.key.value), { name: String(pair.key.value), node: pair.value as YamlNode, file });
    const configNode = get(file.root, "configs");
    if (isMap(configNode)) for (const pair of configNode.items) if (isScalar(pair.key)) configs[String(pair.key.value)] = text(pair.value as YamlNode) ?? "";
    const settingsNode = get(file.root, "settings");
    if (settingsNode) settings = { node: settingsNode, file };
    const targetNode = get(file.root, "targets");
    if (isMap(targetNode)) for (const pair of targetNode.items) if (isScalar(pair.key) && pair.value) targets.set(String(pair.key.value), { name: String(pair.key.value), node: pair.value as YamlNode, file });
  }
  return { configs, settings, targets: [...targets.values()], schemes: [...schemes.values()] };
}

/**
 * The archive configuration of every scheme XcodeGen generates, by the targets it archives (XcodeGen's
 * SchemeGenerator): a `schemes:` entry archives the `build: targets:` whose build types include archiving,
 * in `archive: config:`, else the release config; a target's `scheme:` makes one scheme archiving it in
 * the release config, or one per `configVariants` entry in the release config of that variant.
 */
function schemeArchives(spec: Merged, configs: readonly string[], expanded: ReadonlyMap<string, readonly string[]>): Map<string, XcodeGenArchive[]> {
  const archives = new Map<string, XcodeGenArchive[]>();
  const add = (targetName: string, configuration: string | undefined, file: SpecFile, at: YamlNode | undefined): void => {
    if (!configuration || !configs.includes(configuration)) return;
    const offset = at && Array.isArray(at.range) ? at.range[0] : undefined;
    const where = offset !== undefined ? `${file.display}:${file.lines.position(offset).line}` : file.display;
    for (const name of expanded.get(targetName) ?? (targetName.length > 0 ? [targetName] : [])) {
      const id = `xcodegen:${name}`;
      const list = archives.get(id) ?? [];
      if (!list.some((known) => known.name === configuration)) list.push({ name: configuration, scheme: where });
      archives.set(id, list);
    }
  };
  for (const { node, file } of spec.schemes) {
    const configNode = get(node, "archive", "config");
    const configuration = text(configNode) ?? releaseConfig(spec.configs, configs);
    const buildTargets = get(node, "build", "targets");
    if (!isMap(buildTargets)) continue;
    for (const pair of buildTargets.items) {
      if (isScalar(pair.key) && buildsForArchiving(pair.value as YamlNode | null)) add(String(pair.key.value), configuration, file, configNode ?? pair.key);
    }
  }
  for (const { name, node, file } of spec.targets) {
    const shorthand = isMap(node) ? node.items.find((pair) => isScalar(pair.key) && pair.key.value === "scheme") : undefined;
    if (!shorthand) continue;
    const variants = get(shorthand.value as YamlNode | null, "configVariants");
    if (!isSeq(variants) || variants.items.length === 0) add(name, releaseConfig(spec.configs, configs), file, shorthand.key as YamlNode);
    else for (const variant of variants.items) add(name, releaseConfig(spec.configs, configs, text(variant)), file, variant as YamlNode);
  }
  return archives;
}

/**
 * XcodeGen's release config (`suitableConfig(for: .release)`): `Release` when it is a release config, else the
 * first config of type release. For a config variant, the release config whose name without "release" (and
 * the separators around it) is the variant, case-insensitively.
 */
function releaseConfig(types: Readonly<Record<string, string>>, configs: readonly string[], variant?: string): string | undefined {
  const isRelease = (name: string): boolean => (types[name] ?? (name === "Release" ? "release" : "")).toLowerCase() === "release";
  if (variant === undefined) return configs.includes("Release") && isRelease("Release") ? "Release" : configs.find(isRelease);
  const wanted = variant.toLowerCase();
  return configs.find((name) => isRelease(name) && trimSeparators(name.toLowerCase().split("release").join("")) === wanted);
}

function trimSeparators(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && " -_()".includes(value[start]!)) start++;
  while (end > start && " -_()".includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

/** A `build: targets:` value: `all` (or anything unknown), `none`, `testing`, a list of build types, or a map of them to Booleans. */
function buildsForArchiving(value: YamlNode | null): boolean {
  const archiving = (type: string | undefined): boolean => type === "archive" || type === "archiving";
  if (isSeq(value)) return value.items.some((item) => archiving(text(item)));
  if (isMap(value)) return value.items.some((pair) => isScalar(pair.key) && archiving(String(pair.key.value)) && isScalar(pair.value) && pair.value.value === true);
  const type = text(value);
  return type !== "none" && type !== "testing";
}

/** `settings:` as build-setting assignments for one configuration: `base`, then `configs.<name>` (or a plain map). */
function settingsOf(settings: { node: YamlNode; file: SpecFile } | undefined, configuration: string, configType: string | undefined): SettingAssignment[] {
  if (!settings || !isMap(settings.node)) return [];
  const { node, file } = settings;
  const structured = get(node, "base") !== undefined || get(node, "configs") !== undefined || get(node, "groups") !== undefined;
  const maps = structured ? [get(node, "base"), configNamed(get(node, "configs"), configuration, configType)] : [node];
  const assignments: SettingAssignment[] = [];
  for (const map of maps) {
    if (!isMap(map)) continue;
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const value = settingValue(pair.value as YamlNode | null);
      if (value !== undefined) assignments.push({ name: String(pair.key.value), conditions: [], value, origin: originOf(file, pair.key) });
    }
  }
  return assignments;
}

/** `configs:` keys match a configuration by name, case-insensitively, as XcodeGen does. */
function configNamed(configs: YamlNode | undefined, configuration: string, _type: string | undefined): YamlNode | undefined {
  if (!isMap(configs)) return undefined;
  const pair = configs.items.find((item) => isScalar(item.key) && String(item.key.value).toLowerCase() === configuration.toLowerCase());
  return (pair?.value as YamlNode | undefined) ?? undefined;
}

/** YAML scalars as Xcode writes settings: Booleans YES/NO, lists space-separated. */
function settingValue(node: YamlNode | null): string | undefined {
  if (isScalar(node)) return typeof node.value === "boolean" ? (node.value ? "YES" : "NO") : node.value === null ? "" : String(node.value);
  if (isSeq(node)) return node.items.map((item) => settingValue(item as YamlNode)).filter((v) => v !== undefined).join(" ");
  return undefined;
}

function get(node: YamlNode | undefined | null, ...keys: string[]): YamlNode | undefined {
  let current: YamlNode | undefined | null = node;
  for (const key of keys) {
    if (!isMap(current)) return undefined;
    const pair = current.items.find((item) => isScalar(item.key) && item.key.value === key);
    current = (pair?.value as YamlNode | null | undefined) ?? undefined;
  }
  return current ?? undefined;
}

function text(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === "object") return undefined;
  return String(node.value);
}

function within(folder: string, fsPath: string): boolean {
  return path.relative(folder, fsPath) !== "" && isWithin(folder, fsPath);
}

function originOf(file: SpecFile, node: YamlNode | undefined | null): SettingAssignment["origin"] {
  const offset = node && "range" in node && Array.isArray(node.range) ? node.range[0] : undefined;
  return { file: file.display, ...(offset !== undefined ? { line: file.lines.position(offset).line } : {}) };
}

/** A generated file's `properties` as a plist, each node located in the spec. */
function plistFromYaml(properties: YamlNode, kind: "info-plist" | "entitlements", file: SpecFile): PlistDocument {
  const ref: FileRef = { path: file.display, fsPath: file.fsPath };
  const root = convert(properties, file, undefined) as PlistDict;
  return { kind, format: "derived", file: ref, root, comments: [] };
}

function convert(node: YamlNode | null | undefined, file: SpecFile, parent: PlistEntry | undefined): PlistValue {
  const loc = node && Array.isArray(node.range) ? file.lines.range(node.range[0], node.range[1]) : undefined;
  const base = { ...(loc ? { loc } : {}), ...(parent ? { parent } : {}) };
  if (isMap(node)) {
    const dict: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: [], ...base };
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const keyNode = pair.key;
      const keyLoc = Array.isArray(keyNode.range) ? file.lines.range(keyNode.range[0], keyNode.range[1]) : undefined;
      const entry: PlistEntry = { type: "Entry", key: { type: "Key", value: String(keyNode.value), ...(keyLoc ? { loc: keyLoc } : {}) }, value: undefined as unknown as PlistValue, ...(keyLoc ? { loc: keyLoc } : {}), parent: dict };
      entry.key.parent = entry;
      (entry as { value: PlistValue }).value = convert(pair.value as YamlNode | null, file, entry);
      dict.entries.push(entry);
      indexEntry(dict, entry);
    }
    return dict;
  }
  if (isSeq(node)) {
    const array = { type: "Array" as const, items: [] as PlistValue[], ...base };
    for (const item of node.items) array.items.push(convert(item as YamlNode, file, undefined));
    return array as PlistValue;
  }
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === "boolean") return { type: "Boolean", value, ...base };
  if (typeof value === "number" && Number.isInteger(value)) return { type: "Integer", value, ...base };
  if (typeof value === "number") return { type: "Real", value, ...base } as PlistValue;
  return { type: "String", value: value === null || value === undefined ? "" : String(value), ...base };
}

/** Reads an XcodeGen spec; undefined when the file is not one (another tool's `project.yml`). */
export function loadXcodeGenSpec(fsPath: string, display: string, files: ConfinedFiles, exists: (fsPath: string) => boolean): DecodeResult<XcodeGenProject> | undefined {
  const texts = new Map<string, string | undefined>();
  const read: TextReader = (candidate) => {
    if (!texts.has(candidate)) {
      const result = files.readText(candidate, MAX_SPEC_BYTES);
      texts.set(candidate, result.ok ? result.text : undefined);
    }
    return texts.get(candidate);
  };
  const source = read(fsPath);
  if (source === undefined || !isXcodeGenSpec(fsPath, source)) return undefined;
  return readXcodeGenProject(fsPath, display, read, cachingXcconfigReader(files), exists);
}
