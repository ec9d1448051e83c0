/**
 * `project.pbxproj`: an old-style (NeXTSTEP) property list holding a flat table of objects.
 *
 * No public spec from Apple. Layout, as Xcode writes it:
 *
 *   {
 *   	archiveVersion = 1;
 *   	objects = {
 *   		<24-hex ID> /* comment *\/ = {
 *   			isa = PBXNativeTarget;        // the object's class
 *   			buildConfigurationList = <ID>;
 *   			…
 *   		};
 *   	};
 *   	rootObject = <ID of the PBXProject>;
 *   }
 *
 * Objects refer to each other only by ID. Parsing is `@bacons/xcode/json`'s `parse` (fast, gives
 * line:column on errors, no console output); this module wraps it so nothing escapes as an
 * exception, and adds what it lacks: source lines, found by text search in Xcode's fixed layout
 * (objects at two tabs, their keys at three, build settings at four).
 */
import { parse } from "@bacons/xcode/json";
import type { Position } from "../../model/plist.js";
import { DecodeFailure } from "../result.js";

/** One object of the `objects` table. Values are strings, numbers, arrays and dicts as parsed. */
export type PbxObject = Readonly<Record<string, unknown>>;

export interface Pbxproj {
  readonly objects: ReadonlyMap<string, PbxObject>;
  /** IDs of the objects of each class (`isa`), in file order: a large project has 50,000 objects, and readers want a few classes. */
  readonly idsByClass: ReadonlyMap<string, readonly string[]>;
  readonly rootObjectId: string;
  readonly text: string;
}

const PARSER_POSITION = / at line (\d+), column (\d+)$/;
/** A build setting key `PbxprojLines.settingLines` finds by the text before ` = ` (no space, quote, backslash, `=` or line break). */
const PLAIN_SETTING_KEY = /^[^\s"\\=]+$/;

/** Parses the text; throws `DecodeFailure` (for `guardDecode`) on syntax or structure errors. */
export function parsePbxproj(text: string): Pbxproj {
  let root: unknown;
  try {
    root = parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw new DecodeFailure("pbxproj-too-deep", "the project file nests too deeply to read");
    const message = error instanceof Error ? error.message : String(error);
    const where = PARSER_POSITION.exec(message);
    const position = where ? positionAt(text, Number(where[1]), Number(where[2])) : undefined;
    const reason = message.replace(PARSER_POSITION, "");
    throw new DecodeFailure(
      "pbxproj-syntax",
      `the project file is not a valid property list: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}${where ? ` at line ${where[1]}, column ${where[2]}` : ""}`,
      position ? { position } : {},
    );
  }
  if (!isDict(root)) throw new DecodeFailure("pbxproj-structure", "the project file's top level is not a dictionary");
  const objectsValue = own(root, "objects");
  if (!isDict(objectsValue)) throw new DecodeFailure("pbxproj-structure", "the project file has no objects table");
  const rootObjectId = own(root, "rootObject");
  if (typeof rootObjectId !== "string") throw new DecodeFailure("pbxproj-structure", "the project file has no rootObject");
  const objects = new Map<string, PbxObject>();
  const idsByClass = new Map<string, string[]>();
  for (const id of Object.keys(objectsValue)) {
    const object = objectsValue[id];
    if (!isDict(object)) continue;
    objects.set(id, object);
    const isa = own(object, "isa");
    if (typeof isa !== "string") continue;
    const ids = idsByClass.get(isa);
    if (ids) ids.push(id);
    else idsByClass.set(isa, [id]);
  }
  const project = objects.get(rootObjectId);
  if (!project || project["isa"] !== "PBXProject") {
    throw new DecodeFailure("pbxproj-structure", `the project file's rootObject ${rootObjectId.slice(0, 40)} is not a PBXProject`);
  }
  return { objects, idsByClass, rootObjectId, text };
}

/** The parser reports 1-based line and column (counting UTF-16 code units); add the offset. */
function positionAt(text: string, line: number, column: number): Position | undefined {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf("\n", offset);
    if (newline < 0) return undefined;
    offset = newline + 1;
  }
  return { line, column, offset: Math.min(offset + column - 1, text.length) };
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** An own property only: object IDs and keys such as `constructor` or `__proto__` are data. */
export function own(object: PbxObject | Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function stringProp(object: PbxObject, key: string): string | undefined {
  const value = own(object, key);
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** The IDs listed under `key` (e.g. `targets`, `children`, `files`). */
export function idList(object: PbxObject, key: string): string[] {
  const value = own(object, key);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The objects of the given classes, as `[id, object]` pairs in file order per class. */
export function* objectsOfClass(pbxproj: Pbxproj, ...isa: string[]): Generator<[string, PbxObject]> {
  for (const name of isa) for (const id of pbxproj.idsByClass.get(name) ?? []) yield [id, pbxproj.objects.get(id)!];
}

/**
 * The object `id` refers to, if it exists and (when given) has the class `isa`. One class, not a rest parameter:
 * this is called for every build file and file reference of a target, and a rest parameter is an array per call.
 */
export function objectOf(pbxproj: Pbxproj, id: unknown, isa?: string): PbxObject | undefined {
  if (typeof id !== "string") return undefined;
  const object = pbxproj.objects.get(id);
  if (!object) return undefined;
  if (isa !== undefined && object["isa"] !== isa) return undefined;
  return object;
}

/**
 * Build settings of an `XCBuildConfiguration` as ordered `[key, value]` pairs. Arrays become one
 * space-separated string, as Xcode evaluates a list setting as a string.
 */
export function buildSettingsOf(configuration: PbxObject): [string, string][] {
  const settings = own(configuration, "buildSettings");
  if (!isDict(settings)) return [];
  const pairs: [string, string][] = [];
  for (const key of Object.keys(settings)) {
    const value = settings[key];
    if (typeof value === "string") pairs.push([key, value]);
    else if (typeof value === "number") pairs.push([key, String(value)]);
    else if (Array.isArray(value)) pairs.push([key, value.filter((item) => typeof item === "string" || typeof item === "number").join(" ")]);
  }
  return pairs;
}

/**
 * Lines of objects and build settings, found lazily. Xcode writes each object as
 * `\n\t\t<ID> … = {` and each build setting at four tabs inside its configuration, so a text search
 * finds them; a project written in some other layout simply gets no line numbers.
 */
export class PbxprojLines {
  private readonly text: string;
  private lineStarts: Uint32Array | undefined;
  private objectStarts: Map<string, number> | undefined;
  private readonly objectEnds = new Map<number, number>();

  constructor(text: string) {
    this.text = text;
  }

  /** 1-based line of the definition of object `id`. */
  objectLine(id: string): number | undefined {
    const offset = this.objectOffset(id);
    return offset === undefined ? undefined : this.lineAt(offset);
  }

  /** 1-based line where `key` is assigned inside the build settings of configuration `id`. */
  settingLine(id: string, key: string): number | undefined {
    const quoted = `"${key.replace(/["\\]/g, "\\$&")}"`;
    return this.lineInObject(id, `\n\t\t\t\t${key} = `) ?? this.lineInObject(id, `\n\t\t\t\t${quoted} = `);
  }

  /**
   * `settingLine` for every key of configuration `id` at once (0: no line), in one pass over the object's
   * lines instead of one search of the object per key (quadratic in its size). A key the pass cannot
   * stand for (a space, quote, backslash, `=` or line break in it) is searched as `settingLine` does.
   */
  settingLines(id: string, settings: readonly (readonly [string, string])[]): Int32Array {
    const found = new Int32Array(settings.length);
    const start = this.objectOffset(id);
    if (start === undefined || settings.length === 0) return found;
    const end = this.objectEnd(start);
    const text = this.text;
    // The first line of each `\n\t\t\t\t<key> = ` starting before the object's end, by the text before ` = `.
    const firstLine = new Map<string, number>();
    let line = this.lineAt(start);
    // Each line is searched within itself: an unbounded search for ` = ` from every `\t\t\t\t` line of a long
    // multi-line string would rescan the rest of the file from each (quadratic).
    for (let newline = text.indexOf("\n", start), next: number; newline >= 0 && newline < end; newline = next) {
      line++;
      next = text.indexOf("\n", newline + 1);
      if (text.charCodeAt(newline + 1) !== 9 || text.charCodeAt(newline + 2) !== 9 || text.charCodeAt(newline + 3) !== 9 || text.charCodeAt(newline + 4) !== 9) continue;
      const content = text.slice(newline + 5, next < 0 ? text.length : next);
      const equals = content.indexOf(" = ");
      if (equals < 0) continue;
      const key = content.slice(0, equals);
      if (!firstLine.has(key)) firstLine.set(key, line);
    }
    for (const [index, [key]] of settings.entries()) {
      found[index] = PLAIN_SETTING_KEY.test(key) ? (firstLine.get(key) ?? firstLine.get(`"${key}"`) ?? 0) : (this.settingLine(id, key) ?? 0);
    }
    return found;
  }

  /** 1-based line of `key = ` directly inside object `id` (e.g. its `baseConfigurationReference`). */
  propertyLine(id: string, key: string): number | undefined {
    return this.lineInObject(id, `\n\t\t\t${key} = `);
  }

  /**
   * Line of the first `needle` starting inside object `id` (before its closing `\t\t};` line). Searched in
   * the object's text only: a key an object lacks would otherwise cost a search to the end of the file,
   * for every question a lint asks.
   */
  private lineInObject(id: string, needle: string): number | undefined {
    const start = this.objectOffset(id);
    if (start === undefined) return undefined;
    const end = this.objectEnd(start);
    // A match may run past the end it starts before (a quoted key holding a line break): the slice allows it.
    const at = this.text.slice(start, Math.min(this.text.length, end + needle.length - 1)).indexOf(needle);
    return at >= 0 && start + at < end ? this.lineAt(start + at + 1) : undefined;
  }

  /** Where the object starting at `start` ends: its closing `\t\t};` line, else the end of the text. */
  private objectEnd(start: number): number {
    let end = this.objectEnds.get(start);
    if (end === undefined) {
      end = this.text.indexOf("\n\t\t};", start);
      if (end < 0) end = this.text.length;
      this.objectEnds.set(start, end);
    }
    return end;
  }

  private objectOffset(id: string): number | undefined {
    if (!this.objectStarts) this.index();
    return this.objectStarts!.get(id);
  }

  /**
   * One pass over the lines: where each starts, and which start an object (`\t\t<ID> `, the ID ending at
   * the line's first space). Each line is read once, so the pass stays linear however the file is laid
   * out (a search for the space past the end of its line made a long run of space-free lines quadratic).
   */
  private index(): void {
    const text = this.text;
    const length = text.length;
    let starts = new Uint32Array(1024);
    let count = 1; // starts[0] = 0: the first line
    const objects = new Map<string, number>();
    for (let newline = text.indexOf("\n"); newline >= 0; ) {
      const start = newline + 1;
      if (count === starts.length) {
        const grown = new Uint32Array(count * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = start;
      newline = text.indexOf("\n", start);
      if (text.charCodeAt(start) === 9 && text.charCodeAt(start + 1) === 9) {
        const first = text.charCodeAt(start + 2);
        if (first !== 9 && first !== 125 /* } */ && first !== 32) {
          const lineEnd = newline < 0 ? length : newline;
          let space = start + 3;
          while (space < lineEnd && text.charCodeAt(space) !== 32) space++;
          if (start + 2 < lineEnd && space < lineEnd) {
            const id = text.slice(start + 2, space);
            if (!objects.has(id)) objects.set(id, start);
          }
        }
      }
    }
    this.lineStarts = starts.subarray(0, count);
    this.objectStarts = objects;
  }

  private lineAt(offset: number): number {
    if (!this.lineStarts) this.index();
    const starts = this.lineStarts!;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}
