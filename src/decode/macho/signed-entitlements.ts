/**
 * Entitlements signed into a binary, as a `PlistDocument` of kind `signed-entitlements`.
 *
 * A signature may carry them twice: the XML plist (slot 5) every signer writes, and since iOS 15 /
 * macOS 12 a DER encoding (slot 7) that the kernel prefers. Both are hashed into the
 * CodeDirectory, so they should agree; the XML one is preferred because it keeps source text.
 */
import type { FileRef, PlistDocument } from "../../model/document.js";
import { decodeDerPlist } from "../der-plist.js";
import { decodePlistBytes } from "../plist.js";
import type { DecodeError } from "../result.js";
import { CSSLOT } from "./code-signature.js";
import type { CodeSignature } from "./code-signature.js";

export interface SignedEntitlements {
  /** From the XML blob when it decodes, else from the DER blob. */
  readonly document?: PlistDocument;
  /**
   * The first present blob that did not decode, even when the other one did: a signature whose
   * two encodings disagree in validity is itself worth reporting.
   */
  readonly error?: DecodeError;
}

export function decodeSignedEntitlements(signature: CodeSignature, file: FileRef): SignedEntitlements {
  let error: DecodeError | undefined;
  let document: PlistDocument | undefined;
  if (signature.entitlementsXml) {
    const result = decodePlistBytes(signature.entitlementsXml, file, "signed-entitlements");
    if (result.ok) document = result.value;
    else error = { ...result.error, byteOffset: blobOffset(signature, CSSLOT.CSSLOT_ENTITLEMENTS) };
  }
  if (signature.entitlementsDer) {
    const result = decodeDerPlist(signature.entitlementsDer);
    if (!result.ok) error ??= { ...result.error, byteOffset: blobOffset(signature, CSSLOT.CSSLOT_DER_ENTITLEMENTS) };
    else document ??= { kind: "signed-entitlements", format: "der", file, root: result.value, comments: [] };
  }
  return { ...(document ? { document } : {}), ...(error ? { error } : {}) };
}

function blobOffset(signature: CodeSignature, slot: number): number {
  return signature.blobs.find((blob) => blob.slot === slot)?.offset ?? signature.offset;
}
