/**
 * Finding fingerprints: the first 32 hex digits of a SHA-256. Only some outputs read them (JSON, SARIF,
 * baselines, drift), so `node:crypto` — a dozen internal modules Node would load at every start — is
 * loaded on the first fingerprint asked for, and a finding computes its own once, when it is read
 * (`lazyFingerprint`).
 */
import type { Hash } from "node:crypto";

let createHash: ((algorithm: string) => Hash) | undefined;

/** SHA-256 of `text` in hex, shortened to 32 digits. */
export function fingerprintOf(text: string): string {
  createHash ??= process.getBuiltinModule("node:crypto").createHash;
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** A getter for a finding literal's `fingerprint` (`get fingerprint() {…}` keeps the field's place): computed at most once. */
export function lazyFingerprint(text: string): () => string {
  let fingerprint: string | undefined;
  return () => (fingerprint ??= fingerprintOf(text));
}
