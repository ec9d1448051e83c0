/**
 * Where a file reference or group of a pbxproj is on disk.
 *
 * Each `PBXFileReference`, `PBXGroup`, `PBXVariantGroup`, `XCVersionGroup` and
 * `PBXFileSystemSynchronizedRootGroup` has `path` relative to its `sourceTree`:
 *
 *   "<group>"          the parent group's folder (the main group's is the project folder)
 *   SOURCE_ROOT        the project folder (SRCROOT)
 *   "<absolute>"       `path` is absolute
 *   BUILT_PRODUCTS_DIR, SDKROOT, DEVELOPER_DIR, …   build products or Xcode: not on this machine
 *
 * The parent of an item is the group listing it in `children`; the tree is walked from the
 * item up, with a depth limit, since a hostile file can make groups contain each other.
 * (`@bacons/xcode`'s `getBaseConfigurationFilePath` skips the parent groups; this does not.)
 */
import path from "node:path";
import { idList, objectOf, objectsOfClass, stringProp } from "./pbxproj.js";
import type { Pbxproj } from "./pbxproj.js";

const GROUP_CLASSES = ["PBXGroup", "PBXVariantGroup", "XCVersionGroup", "PBXFileSystemSynchronizedRootGroup"];
const MAX_GROUP_DEPTH = 128;

export class GroupTree {
  private readonly pbxproj: Pbxproj;
  private readonly projectDir: string;
  private readonly mainGroupId: string | undefined;
  private readonly parentOf = new Map<string, string>();
  /** Path of each item resolved so far; null when it is not in the source tree. */
  private readonly resolved = new Map<string, string | null>();
  /** Set when some item's ancestry loops or runs too deep. */
  cycleFound = false;

  /** `projectDir` is absolute and normal (as `path.resolve` gives it): paths are joined onto it as they are. */
  constructor(pbxproj: Pbxproj, projectDir: string, mainGroupId: string | undefined) {
    this.pbxproj = pbxproj;
    this.projectDir = projectDir;
    this.mainGroupId = mainGroupId;
    // A child listed by two groups (a malformed file) belongs to the first, in GROUP_CLASSES order, then file order.
    for (const [id, object] of objectsOfClass(pbxproj, ...GROUP_CLASSES)) {
      for (const child of idList(object, "children")) if (!this.parentOf.has(child)) this.parentOf.set(child, id);
    }
  }

  /** Absolute file-system path of the item, or undefined when it is not in the source tree. */
  fsPath(id: string): string | undefined {
    return this.resolve(id, 0);
  }

  private resolve(id: string, depth: number): string | undefined {
    const known = this.resolved.get(id);
    if (known !== undefined) return known ?? undefined;
    if (depth > MAX_GROUP_DEPTH) {
      this.cycleFound = true;
      return undefined;
    }
    const item = objectOf(this.pbxproj, id);
    let result: string | undefined;
    if (item) {
      const itemPath = stringProp(item, "path") ?? "";
      const sourceTree = stringProp(item, "sourceTree") ?? "<group>";
      let base: string | undefined;
      if (sourceTree === "<group>") {
        const parent = this.parentOf.get(id);
        base = id === this.mainGroupId || parent === undefined ? this.projectDir : this.resolve(parent, depth + 1);
      } else if (sourceTree === "SOURCE_ROOT" || sourceTree === "SRCROOT") {
        base = this.projectDir;
      } else if (sourceTree === "<absolute>") {
        base = "/";
      }
      if (base !== undefined) result = itemPath === "" ? base : path.isAbsolute(itemPath) ? path.normalize(itemPath) : joinNormal(base, itemPath);
    }
    this.resolved.set(id, result ?? null);
    return result;
  }
}

/** A `.` or `..` segment, or an empty one: what `path.join` would rewrite. */
const NOT_NORMAL = /(?:^|\/)\.{1,2}(?:\/|$)|\/\//;

/**
 * `path.join(base, relative)` for a normal absolute `base` (as every base here is: `path.resolve`d, or a
 * result of this): when `relative` has nothing to normalise, the join is the two with a `/` between,
 * without `path.join`'s character-by-character pass over the whole path, once per file of a large project.
 */
export function joinNormal(base: string, relative: string): string {
  return path.sep === "/" && !base.endsWith("/") && !NOT_NORMAL.test(relative) ? `${base}/${relative}` : path.join(base, relative);
}
