/**
 * Reads one property-list file from disk into a document, deciding its kind by name and content.
 * Files that are not ours (a random `Settings.plist`) are skipped silently; files that are ours but
 * unreadable become a `plist/parse-error` problem naming the file and the reason.
 */
import path from "node:path";
import { isRefusal, refusalReason, type ConfinedFiles } from "../discover/confined-files.js";
import type { FileRole } from "../discover/classify.js";
import type { FileRef, PlistDocument } from "../model/document.js";
import type { Problem } from "../model/workspace.js";
import { classifyPlistContent, mayBeInteresting } from "./plist-kind.js";
import { decodePlistBytes, formatSize, MAX_PLIST_BYTES } from "./plist.js";
import { sentence } from "./result.js";

export type PlistFileOutcome = { readonly document: PlistDocument } | { readonly problem: Problem } | undefined;

export function readPlistFile(file: FileRef, role: FileRole, explicit: boolean, files: ConfinedFiles): PlistFileOutcome {
  const ours = role === "info-plist" || role === "entitlements" || explicit;
  const read = files.read(file.fsPath, MAX_PLIST_BYTES);
  if (!read.ok) {
    if (!ours) return undefined;
    const message =
      read.reason === "too-large"
        ? `the file is ${formatSize(read.size)}, over the ${formatSize(MAX_PLIST_BYTES)} limit for property lists; it was not read`
        : read.reason === "not-a-file"
          ? "the path is not a regular file"
          : isRefusal(read.reason)
            ? `the file is ${refusalReason(read.reason)}`
            : "the file cannot be read";
    return { problem: { ruleId: "plist/parse-error", file, message } };
  }
  const bytes: Uint8Array = read.bytes;
  if (!ours && !mayBeInteresting(bytes)) return undefined;
  const provisionalKind = role === "entitlements" ? "entitlements" : role === "info-plist" ? "info-plist" : "plist";
  const result = decodePlistBytes(bytes, file, provisionalKind, { keepText: false });
  if (!result.ok) {
    if (!ours) return undefined;
    const { error } = result;
    const where = error.byteOffset !== undefined ? ` (at byte ${error.byteOffset})` : "";
    return { problem: { ruleId: "plist/parse-error", file, message: sentence(`${error.message.replace(/\.$/, "")}${where}`), ...(error.position ? { position: error.position } : {}) } };
  }
  const kind = role === "entitlements" ? "entitlements" : (classifyPlistContent(result.value.root) ?? (path.basename(file.fsPath) === "Info.plist" ? "info-plist" : undefined));
  if (!kind) return undefined;
  return { document: kind === result.value.kind ? result.value : { ...result.value, kind } };
}
