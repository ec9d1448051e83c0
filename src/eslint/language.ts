/**
 * The `plist` language for ESLint: XML property lists (`Info.plist`, `*.entitlements`) parsed by
 * the foundation's location-aware reader, so ESLint and the CLI see the same nodes at the same
 * positions. Binary plists, profiles and executables stay with the CLI (ESLint reads text only).
 */
import path from "node:path";
import type { File, FileError, Language, LanguageContext, OkParseResult } from "@eslint/core";
import { classifyPlistContent } from "../decode/plist-kind.js";
import { decodePlistText } from "../decode/plist.js";
import { LineIndex } from "../decode/xml-plist.js";
import type { DocumentKind, PlistDocument } from "../model/document.js";
import type { PlistValue } from "../model/plist.js";
import { PLIST_VISITOR_KEYS, type PlistAstNode, type PlistAstRoot } from "./ast.js";
import { factsFor, validatePlistLanguageOptions, type PlistLanguageOptions } from "./language-options.js";
import { PlistSourceCode } from "./source-code.js";
import { sentence } from "../decode/result.js";
import { isWithin } from "../path-within.js";

export type PlistParseResult = OkParseResult<PlistAstRoot> & { readonly document: PlistDocument };

/**
 * The kind the CLI gives the same file (see `readPlistFile`): entitlements by extension, then by
 * content, then `Info.plist` by name; anything else is a plain plist (only `plist/*` rules read it).
 */
export function documentKindOf(fileName: string, root: PlistValue): DocumentKind {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === ".entitlements" || extension === ".xcent") return "entitlements";
  return classifyPlistContent(root) ?? (path.basename(fileName) === "Info.plist" ? "info-plist" : "plist");
}

/** The path findings and messages show: relative to the working directory with `/`, as the CLI prints it. */
function displayPath(fileName: string): string {
  if (!path.isAbsolute(fileName)) return fileName.split(path.sep).join("/");
  const relative = path.relative(process.cwd(), fileName);
  return relative === "" || !isWithin(process.cwd(), fileName) ? fileName : relative.split(path.sep).join("/");
}

function parseError(message: string, line = 1, column = 1): { ok: false; errors: FileError[] } {
  return { ok: false, errors: [{ message, line, column }] };
}

export class PlistLanguage implements Language<{ LangOptions: PlistLanguageOptions; Code: PlistSourceCode; RootNode: PlistAstRoot; Node: PlistAstNode }> {
  readonly fileType = "text";
  readonly lineStart = 1;
  readonly columnStart = 1;
  readonly nodeTypeKey = "type";
  readonly visitorKeys = PLIST_VISITOR_KEYS;
  readonly defaultLanguageOptions: PlistLanguageOptions = {};

  validateLanguageOptions(options: PlistLanguageOptions): void {
    validatePlistLanguageOptions(options);
  }

  /** Never throws: a file that cannot be read becomes an ESLint parse error at the reader's position. */
  parse(file: File): PlistParseResult | { ok: false; errors: FileError[] } {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    if (text.length === 0) return parseError("The file is empty.");
    if (text.startsWith("bplist")) return parseError("This is a binary property list; ESLint reads text files only. Run the ne-lint CLI on it.");
    const fileRef = { path: displayPath(file.path), fsPath: file.physicalPath };
    const result = decodePlistText(text, fileRef, "plist");
    if (!result.ok) {
      const { message, position } = result.error;
      return parseError(sentence(message), position?.line, position?.column);
    }
    const decoded = result.value;
    const kind = documentKindOf(file.path, decoded.root);
    const document: PlistDocument = kind === decoded.kind ? decoded : { ...decoded, kind };
    const ast: PlistAstRoot = { type: "Document", body: document.root, comments: document.comments, loc: new LineIndex(text).range(0, text.length) };
    return { ok: true, ast, document };
  }

  createSourceCode(file: File, input: OkParseResult<PlistAstRoot>, context: LanguageContext<PlistLanguageOptions>): PlistSourceCode {
    const { document } = input as PlistParseResult;
    const facts = factsFor(document, context.languageOptions, path.basename(path.dirname(document.file.path)));
    return new PlistSourceCode({ text: document.text ?? "", ast: input.ast, document, facts });
  }
}
