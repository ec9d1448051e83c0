/**
 * Where `cms.ts`, `x509.ts` and `verify.ts` get `pkijs-fallback.ts` (asn1js, pkijs and what ne-lint
 * reads with them) when a fast reader declines something.
 *
 * Run from the sources (vitest, tsx, the Jazzer bundles), this is a plain import. The published bundle
 * must not load that ~400 KB (15–25 ms to compile) in a run whose profiles are all canonical DER, and
 * profile decoding is synchronous all the way up (`decodeProfile`, `signingCertificateSha256`), so
 * `scripts/build.mjs` replaces this module with `pkijs-loader-bundled.ts`, which `require()`s the
 * fallback the first time it is asked for.
 */
import * as fallback from "./pkijs-fallback.js";

export function pkijsFallback(): typeof fallback {
  return fallback;
}
