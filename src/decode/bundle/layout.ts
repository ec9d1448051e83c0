/**
 * Where the signed products are inside a built tree: which folders are bundles, what kind each is,
 * where its Info.plist, embedded profile and executable live, and which bundles ship inside which.
 * Pure: it reads only the listing (no plist decoding; the integrator reads the Info.plists).
 *
 * Layouts (Apple, "Bundle Programming Guide: Bundle Structures" and "Placing content in a bundle",
 * https://developer.apple.com/documentation/bundleresources/placing-content-in-a-bundle):
 *
 *   App.ipa               Payload/App.app/…
 *   App.xcarchive         Info.plist, Products/Applications/App.app/…, dSYMs/…
 *   iOS-style (flat)      App.app/{Info.plist, App, embedded.mobileprovision,
 *                                  PlugIns/*.appex, Extensions/*.appex, Watch/*.app, AppClips/*.app}
 *   macOS (Contents/)     App.app/Contents/{Info.plist, MacOS/App, embedded.provisionprofile,
 *                                  PlugIns/*.appex, Extensions/*.appex, XPCServices/*.xpc,
 *                                  Library/SystemExtensions/*.systemextension, Library/LoginItems/*.app}
 *
 * A bundle is "contents" when it has `Contents/Info.plist` or `Contents/MacOS/`, otherwise flat.
 * Symlinks never count as files or folders here: ne-lint does not follow them.
 */
import type { TreeEntry } from "./file-tree.js";
import { baseName, joinTreePath, parentTreePath } from "./tree-path.js";

export type BundleKind = "app" | "appex" | "systemextension" | "watch-app" | "framework" | "xpc" | "other";

export interface BundleNode {
  kind: BundleKind;
  /** Tree path of the bundle folder, e.g. `Payload/App.app`; `""` when the tree root is the bundle. */
  path: string;
  /** iOS-style flat bundle, or macOS `Contents/`. */
  layout: "flat" | "contents";
  /** `Payload/App.app/Info.plist` or `…/Contents/Info.plist`, when present. */
  infoPlistPath?: string;
  /** `embedded.mobileprovision` (flat) or `Contents/embedded.provisionprofile`, when present. */
  embeddedProfilePath?: string;
  /** Where `CFBundleExecutable` lives: the bundle folder (flat) or `Contents/MacOS`. */
  executableDir: string;
  /** Bundles shipped inside this one (extensions, system extensions, watch apps, helpers), by path. */
  children: BundleNode[];
}

export interface BundleArchive {
  kind: "ipa" | "xcarchive";
  /** The `.xcarchive`'s own Info.plist (its name, version and signing identity), when present. */
  infoPlistPath?: string;
}

export interface BundleLayout {
  roots: BundleNode[];
  archive?: BundleArchive;
}

/** Nesting deeper than this is not a product Apple builds; stop rather than recurse on a hostile tree. */
const MAX_NESTING = 8;

const EXTENSION_KINDS: ReadonlyMap<string, BundleKind> = new Map([
  [".app", "app"],
  [".appex", "appex"],
  [".systemextension", "systemextension"],
  [".framework", "framework"],
  [".xpc", "xpc"],
]);

/** Where embedded bundles live, relative to the folder holding Info.plist, and what they are. */
interface Slot {
  readonly folder: string;
  readonly extension: string;
  readonly kind: BundleKind;
}
const FLAT_SLOTS: readonly Slot[] = [
  { folder: "PlugIns", extension: ".appex", kind: "appex" },
  { folder: "Extensions", extension: ".appex", kind: "appex" },
  { folder: "Watch", extension: ".app", kind: "watch-app" },
  { folder: "AppClips", extension: ".app", kind: "app" },
];
const CONTENTS_SLOTS: readonly Slot[] = [
  { folder: "PlugIns", extension: ".appex", kind: "appex" },
  { folder: "Extensions", extension: ".appex", kind: "appex" },
  { folder: "Library/SystemExtensions", extension: ".systemextension", kind: "systemextension" },
  { folder: "Library/LoginItems", extension: ".app", kind: "app" },
  { folder: "XPCServices", extension: ".xpc", kind: "xpc" },
];
/** Kinds worth reporting when a plain folder holds bundles at no known place. */
const LOOSE_ROOT_KINDS: ReadonlySet<BundleKind> = new Set(["app", "appex", "systemextension"]);

/**
 * Finds the bundles in a tree listing. `rootName` is the tree root's own file name (`App.ipa`,
 * `App.xcarchive`, `App.app`); it tells an `.app` folder opened directly apart from a folder that
 * merely contains one.
 */
export function findBundles(entries: readonly TreeEntry[], rootName?: string): BundleLayout {
  const index = indexTree(entries);
  const rootExtension = extensionOf(rootName ?? "");

  if (index.folders.has("Payload") && (rootExtension === ".ipa" || bundlesIn(index, "Payload", ".app").length > 0)) {
    return { roots: bundlesIn(index, "Payload", ".app").map((path) => buildNode(index, path, "app", 0)), archive: { kind: "ipa" } };
  }
  const archiveRoot = rootExtension === ".xcarchive" ? "" : findArchiveRoot(index);
  if (archiveRoot !== undefined) {
    const infoPlistPath = joinTreePath(archiveRoot, "Info.plist");
    const applications = joinTreePath(archiveRoot, "Products/Applications");
    return {
      roots: bundlesIn(index, applications, ".app").map((path) => buildNode(index, path, "app", 0)),
      archive: index.files.has(infoPlistPath) ? { kind: "xcarchive", infoPlistPath } : { kind: "xcarchive" },
    };
  }
  const rootKind = EXTENSION_KINDS.get(rootExtension);
  if (rootKind) return { roots: [buildNode(index, "", rootKind, 0)] };
  return { roots: looseBundles(index).map(({ path, kind }) => buildNode(index, path, kind, 0)) };
}

interface TreeIndex {
  readonly files: ReadonlySet<string>;
  readonly folders: ReadonlySet<string>;
  /** Sub-folder paths of each folder (`""` is the root), sorted. */
  readonly subfolders: ReadonlyMap<string, string[]>;
}

function indexTree(entries: readonly TreeEntry[]): TreeIndex {
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const entry of entries) {
    if (entry.kind === "file") files.add(entry.path);
    else if (entry.kind === "dir") folders.add(entry.path);
    // A listing may omit folder records (zips often do); every parent of an entry is a folder.
    for (let parent = parentTreePath(entry.path); parent !== "" && !folders.has(parent); parent = parentTreePath(parent)) {
      folders.add(parent);
    }
  }
  const subfolders = new Map<string, string[]>();
  for (const folder of folders) {
    const parent = parentTreePath(folder);
    const list = subfolders.get(parent);
    if (list) list.push(folder);
    else subfolders.set(parent, [folder]);
  }
  for (const list of subfolders.values()) list.sort();
  return { files, folders, subfolders };
}

/** An `.xcarchive` is recognised by `Products/Applications` beside an `Info.plist`, at the root or one level down (a zipped archive). */
function findArchiveRoot(index: TreeIndex): string | undefined {
  const looksLikeArchive = (root: string): boolean => index.folders.has(joinTreePath(root, "Products/Applications")) && index.files.has(joinTreePath(root, "Info.plist"));
  if (looksLikeArchive("")) return "";
  const top = (index.subfolders.get("") ?? []).filter((folder) => extensionOf(folder) === ".xcarchive");
  return top.length === 1 && top[0] !== undefined && index.folders.has(joinTreePath(top[0], "Products")) ? top[0] : undefined;
}

function bundlesIn(index: TreeIndex, folder: string, extension: string): string[] {
  return (index.subfolders.get(folder) ?? []).filter((path) => extensionOf(path) === extension);
}

function buildNode(index: TreeIndex, path: string, kind: BundleKind, depth: number): BundleNode {
  const contents = joinTreePath(path, "Contents");
  const layout = index.files.has(joinTreePath(contents, "Info.plist")) || index.folders.has(joinTreePath(contents, "MacOS")) ? "contents" : "flat";
  const home = layout === "contents" ? contents : path;
  const node: BundleNode = {
    kind,
    path,
    layout,
    executableDir: layout === "contents" ? joinTreePath(contents, "MacOS") : path,
    children: [],
  };
  const infoPlistPath = joinTreePath(home, "Info.plist");
  if (index.files.has(infoPlistPath)) node.infoPlistPath = infoPlistPath;
  const profilePath = joinTreePath(home, layout === "contents" ? "embedded.provisionprofile" : "embedded.mobileprovision");
  if (index.files.has(profilePath)) node.embeddedProfilePath = profilePath;
  if (depth + 1 < MAX_NESTING) {
    for (const slot of layout === "contents" ? CONTENTS_SLOTS : FLAT_SLOTS) {
      for (const child of bundlesIn(index, joinTreePath(home, slot.folder), slot.extension)) {
        node.children.push(buildNode(index, child, slot.kind, depth + 1));
      }
    }
    node.children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return node;
}

/** The outermost app, extension and system-extension folders anywhere in a plain folder. */
function looseBundles(index: TreeIndex): { path: string; kind: BundleKind }[] {
  const found: { path: string; kind: BundleKind }[] = [];
  const pending = [...(index.subfolders.get("") ?? [])];
  for (let next = 0; next < pending.length; next++) {
    const folder = pending[next] as string;
    const kind = EXTENSION_KINDS.get(extensionOf(folder));
    if (kind && LOOSE_ROOT_KINDS.has(kind)) {
      found.push({ path: folder, kind });
      continue;
    }
    // Other bundles (frameworks, dSYMs) hold no products of their own worth reporting.
    if (kind) continue;
    pending.push(...(index.subfolders.get(folder) ?? []));
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot).toLowerCase();
}
