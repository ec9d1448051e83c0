/**
 * The CMS envelope of every provisioning profile under a folder, read both ways in one process: the
 * canonical-DER reader (`cms-der.ts`) and the asn1js + pkijs reader it falls back to. Prints each
 * profile's median time in µs; `bench/run.ts` uses the totals for its table.
 *
 *   npx tsx bench/profile-envelope.ts [folder] [--rounds N]
 *
 * Certificates are parsed once per process on both paths (the same cache), so after the warm-up
 * the numbers are the envelope alone, as on the second and later profiles of a real run.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { decodeSignedDataWith } from "../src/decode/profile/cms.js";
import { folderAndRounds, isMain, measureReaders, printMeasurement, type ReaderMeasurement } from "./fast-and-fallback.js";

/** Profiles (non-empty `.mobileprovision` and `.provisionprofile` files) under `dir`. */
export function profilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profilesUnder(full);
    return /\.(mobileprovision|provisionprofile)$/.test(name) && statSync(full).size > 0 ? [full] : [];
  });
}

export function measureProfileEnvelopes(dir: string, rounds = 50): ReaderMeasurement {
  const root = path.resolve(dir);
  return measureReaders(
    profilesUnder(dir).map((file) => {
      const bytes = new Uint8Array(readFileSync(file));
      return {
        label: path.relative(root, file),
        fast: () => decodeSignedDataWith(bytes, { path: "fast" }),
        pkijs: () => decodeSignedDataWith(bytes, { path: "pkijs" }),
      };
    }),
    rounds,
  );
}

if (isMain(import.meta.url)) {
  const { dir, rounds } = folderAndRounds(process.argv.slice(2));
  printMeasurement(measureProfileEnvelopes(dir, rounds), "profiles", "decodeSignedData", rounds);
}
