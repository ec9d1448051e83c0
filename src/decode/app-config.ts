/**
 * Expo app configs (`app.json`, `app.config.json`): `expo.ios.infoPlist` and `expo.ios.entitlements` are
 * what `expo prebuild` writes into the iOS Info.plist and entitlements, so they are read as those
 * documents, with JSON positions so findings land on the line in `app.json`. Only JSON is read:
 * `app.config.js`/`.ts` are code, and ne-lint never executes code from the repository it lints.
 * https://docs.expo.dev/versions/latest/config/app/#infoplist
 */
import { parse, type AnyNode } from "@humanwhocodes/momoa";
import type { FileRef, PlistDocument } from "../model/document.js";
import { insertEntry, type PlistArray, type PlistContainer, type PlistDict, type PlistEntry, type PlistValue, type Position, type SourceRange } from "../model/plist.js";
import { DecodeFailure, guardDecode, type DecodeResult } from "./result.js";

export interface ExpoIosConfig {
  readonly infoPlist?: PlistDocument;
  readonly entitlements?: PlistDocument;
  readonly bundleIdentifier?: string;
  /** The config's `name`, for the target's name. */
  readonly name?: string;
}

const MAX_DEPTH = 256;

export function decodeExpoConfig(text: string, file: FileRef): DecodeResult<ExpoIosConfig | undefined> {
  return guardDecode(() => {
    // momoa parses recursively: nesting far deeper than any config overflows the stack inside it,
    // so the depth is measured on the text first.
    const tooDeep = offsetBeyondDepth(text, MAX_DEPTH + 1);
    if (tooDeep !== undefined) throw new DecodeFailure("json-too-deep", `the JSON nests deeper than ${MAX_DEPTH} levels`, { position: positionAt(text, tooDeep) });
    let ast;
    try {
      ast = parse(text, { mode: "json", ranges: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Momoa's errors carry the position as properties and repeat it as a trailing "(line:column)".
      const { line, column } = error as { line?: unknown; column?: unknown };
      const position = typeof line === "number" && typeof column === "number" ? { position: { line, column, offset: 0 } } : {};
      const suffix = message.lastIndexOf(" (");
      throw new DecodeFailure("json-syntax", `the JSON is not valid: ${suffix >= 0 && message.endsWith(")") ? message.slice(0, suffix) : message}`, position);
    }
    const root = toPlist(ast.body, undefined, 0);
    if (root.type !== "Dict") return undefined;
    const expo = root.byKey.get("expo")?.value;
    const config = expo?.type === "Dict" ? expo : root;
    const configPath = expo?.type === "Dict" ? ["expo"] : [];
    const ios = config.byKey.get("ios")?.value;
    if (ios?.type !== "Dict") return undefined;
    const documentAt = (key: string, kind: "info-plist" | "entitlements"): PlistDocument | undefined => {
      const value = ios.byKey.get(key)?.value;
      if (value?.type !== "Dict") return undefined;
      return { kind, format: "json", file, root: value, comments: [], text, embeddedAt: [...configPath, "ios", key] };
    };
    const infoPlist = documentAt("infoPlist", "info-plist");
    const entitlements = documentAt("entitlements", "entitlements");
    const bundle = ios.byKey.get("bundleIdentifier")?.value;
    const name = config.byKey.get("name")?.value;
    return {
      ...(infoPlist ? { infoPlist } : {}),
      ...(entitlements ? { entitlements } : {}),
      ...(bundle?.type === "String" ? { bundleIdentifier: bundle.value } : {}),
      ...(name?.type === "String" ? { name: name.value } : {}),
    };
  });
}

/** The offset of the first `[` or `{` (outside strings) that opens level `maxDepth + 1`, if any. */
function offsetBeyondDepth(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

function rangeOf(node: AnyNode): SourceRange | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  return { start: { line: loc.start.line, column: loc.start.column, offset: loc.start.offset }, end: { line: loc.end.line, column: loc.end.column, offset: loc.end.offset } };
}

/** JSON → plist model; `null` members are dropped (a plist has no null). */
function toPlist(node: AnyNode, parent: PlistContainer | undefined, depth: number): PlistValue {
  if (depth > MAX_DEPTH) throw new DecodeFailure("json-too-deep", `the JSON nests deeper than ${MAX_DEPTH} levels`);
  const loc = rangeOf(node);
  const base = { ...(loc ? { loc } : {}), ...(parent ? { parent } : {}) };
  switch (node.type) {
    case "Object": {
      const dict: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: [], ...base };
      for (const member of node.members) {
        if (member.value.type === "Null") continue;
        const keyLoc = rangeOf(member.name);
        const entry: PlistEntry = {
          type: "Entry",
          key: { type: "Key", value: member.name.type === "String" ? member.name.value : String(member.name.name), ...(keyLoc ? { loc: keyLoc } : {}) },
          value: undefined as unknown as PlistValue,
          ...(rangeOf(member) ? { loc: rangeOf(member) } : {}),
          parent: dict,
        };
        (entry as { value: PlistValue }).value = toPlist(member.value, entry, depth + 1);
        insertEntry(dict, entry);
      }
      return dict;
    }
    case "Array": {
      const array: PlistArray = { type: "Array", items: [], ...base };
      for (const element of node.elements) if (element.value.type !== "Null") array.items.push(toPlist(element.value, array, depth + 1));
      return array;
    }
    case "String":
      return { type: "String", value: node.value, ...base };
    case "Number":
      return Number.isInteger(node.value) ? { type: "Integer", value: node.value, ...base } : { type: "Real", value: node.value, ...base };
    case "Boolean":
      return { type: "Boolean", value: node.value, ...base };
    default:
      return { type: "String", value: "", ...base };
  }
}
