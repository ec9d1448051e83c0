/**
 * Entitlements signed into a binary, as a `PlistDocument` of kind `signed-entitlements`.
 *
 * A signature may carry them twice: the XML plist (slot 5) every signer writes, and since iOS 15 /
 * macOS 12 a DER encoding (slot 7) that the kernel prefers. Both are hashed into the
 * CodeDirectory, so they should agree; the XML one is preferred because it keeps source text.
 */
import type { FileRef, PlistDocument } from "../../model/document.js";
import { decodePlistBytes } from "../plist.js";
import type { DecodeError } from "../result.js";
import type { CodeSignature } from "./code-signature.js";

export interface SignedEntitlements {
  readonly document?: PlistDocument;
  /** Why a present entitlements blob could not be decoded. */
  readonly error?: DecodeError;
}

export function decodeSignedEntitlements(signature: CodeSignature, file: FileRef): SignedEntitlements {
  let error: DecodeError | undefined;
  if (signature.entitlementsXml) {
    const result = decodePlistBytes(signature.entitlementsXml, file, "signed-entitlements");
    if (result.ok) return { document: result.value };
    error = { ...result.error, byteOffset: blobOffset(signature, 5) ?? signature.offset };
  }
  return error ? { error } : {};
}

function blobOffset(signature: CodeSignature, slot: number): number | undefined {
  return signature.blobs.find((blob) => blob.slot === slot)?.offset;
}
