/**
 * Any property list from bytes: detects binary (`bplist00`) or XML, decodes the text encoding
 * (UTF-8, UTF-16 with or without BOM), and returns a `PlistDocument`.
 */
import type { DocumentKind, FileRef, PlistDocument } from "../model/document.js";
import { decodeBinaryPlist } from "./bplist.js";
import { decoded, failed, type DecodeResult } from "./result.js";
import { decodeXmlPlistText } from "./xml-plist.js";

/** Info.plists and entitlements are a few KB; anything this large is not one and is not read. */
export const MAX_PLIST_BYTES = 10 * 1024 * 1024;

const BPLIST_MAGIC = "bplist";

export function isBinaryPlist(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  // Compared byte by byte: a view, a buffer and a string per file were most of what this cost (issue #17).
  for (let index = 0; index < BPLIST_MAGIC.length; index++) if (bytes[index] !== BPLIST_MAGIC.charCodeAt(index)) return false;
  return true;
}

/** One fatal decoder per encoding for the run: a call without `stream` starts afresh, so they are reused. */
const textDecoders = new Map<string, InstanceType<typeof TextDecoder>>();

function textDecoder(encoding: "utf-8" | "utf-16le" | "utf-16be"): InstanceType<typeof TextDecoder> {
  let decoder = textDecoders.get(encoding);
  if (!decoder) textDecoders.set(encoding, (decoder = new TextDecoder(encoding, { fatal: true })));
  return decoder;
}

/** Decodes the text of an XML file from bytes, honouring a BOM or UTF-16 without one. */
export function decodeXmlBytes(bytes: Uint8Array): DecodeResult<string> {
  let encoding: "utf-8" | "utf-16le" | "utf-16be" = "utf-8";
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ["utf-16le", 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ["utf-16be", 2];
  else if (bytes[0] === 0x3c && bytes[1] === 0x00) encoding = "utf-16le";
  else if (bytes[0] === 0x00 && bytes[1] === 0x3c) encoding = "utf-16be";
  try {
    return decoded(textDecoder(encoding).decode(start === 0 ? bytes : bytes.subarray(start)));
  } catch {
    return failed("xml-encoding", `the file is not valid ${encoding.toUpperCase()} text`);
  }
}

/**
 * Decodes a property list of either encoding into a document of the given kind. `keepText: false` leaves the
 * decoded text out of the document (`PlistDocument.text`): no rule reads it, and the tree's strings are copies
 * of their own, so a run that keeps thousands of documents until its rules have run does not keep their texts.
 */
export function decodePlistBytes(bytes: Uint8Array, file: FileRef, kind: DocumentKind, options: { readonly keepText?: boolean } = {}): DecodeResult<PlistDocument> {
  if (bytes.length > MAX_PLIST_BYTES) {
    return failed("too-large", `the file is ${formatSize(bytes.length)}, over the ${formatSize(MAX_PLIST_BYTES)} limit for property lists; it was not read`);
  }
  if (bytes.length === 0) return failed("empty", "the file is empty");
  if (isBinaryPlist(bytes)) {
    const result = decodeBinaryPlist(bytes);
    if (!result.ok) return result;
    return decoded({ kind, format: "binary", file, root: result.value, comments: [] });
  }
  const text = decodeXmlBytes(bytes);
  if (!text.ok) return text;
  return decodePlistText(text.value, file, kind, options);
}

/** Decodes XML plist text (as the ESLint language receives it). */
export function decodePlistText(text: string, file: FileRef, kind: DocumentKind, options: { readonly keepText?: boolean } = {}): DecodeResult<PlistDocument> {
  const result = decodeXmlPlistText(text);
  if (!result.ok) return result;
  const { root, comments, preprocessed } = result.value;
  if (options.keepText === false) return decoded(preprocessed ? { kind, format: "xml", file, root, comments, preprocessed } : { kind, format: "xml", file, root, comments });
  return decoded(preprocessed ? { kind, format: "xml", file, root, comments, text, preprocessed } : { kind, format: "xml", file, root, comments, text });
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
