/**
 * Every distinct certificate of the provisioning profiles under a folder (the CMS chains and the
 * `DeveloperCertificates`), read both ways in one process: the canonical-DER reader (`x509-der.ts`)
 * and the asn1js + pkijs reader it falls back to (`pkijs-fallback.ts`). Uncached, interleaved; prints
 * each certificate's median time in µs, and `bench/run.ts` uses the totals for its table.
 *
 *   npx tsx bench/profile-certificates.ts [folder] [--rounds N]
 *
 * A lint run reads each distinct certificate once (`certificateFactsOf` caches by fingerprint), so the
 * totals are what a run over that folder spends reading certificates.
 */
import { readFileSync } from "node:fs";
import { decodePlistBytes } from "../src/decode/plist.js";
import { decodeSignedData } from "../src/decode/profile/cms.js";
import { certificateFactsWith, displayNameOf } from "../src/decode/profile/x509.js";
import { isArray, valueOf } from "../src/model/plist.js";
import { folderAndRounds, isMain, measureReaders, printMeasurement, type ReaderMeasurement } from "./fast-and-fallback.js";
import { profilesUnder } from "./profile-envelope.js";

/** The distinct certificates of every profile under `dir` that has any; profiles that are neither CMS nor a plist have none. */
export function certificatesUnder(dir: string): Uint8Array[] {
  const byHex = new Map<string, Uint8Array>();
  for (const file of profilesUnder(dir)) {
    const bytes = new Uint8Array(readFileSync(file));
    let content: Uint8Array = bytes;
    try {
      if (bytes[0] === 0x30) {
        const cms = decodeSignedData(bytes);
        for (const certificate of cms.certificates) byHex.set(Buffer.from(certificate.der).toString("hex"), certificate.der);
        content = cms.content;
      }
    } catch {
      continue;
    }
    const plist = decodePlistBytes(content, { path: file, fsPath: file }, "profile");
    const list = plist.ok ? valueOf(plist.value.root, "DeveloperCertificates") : undefined;
    if (isArray(list)) for (const item of list.items) if (item.type === "Data") byHex.set(Buffer.from(item.value).toString("hex"), item.value);
  }
  // Only certificates: `DeveloperCertificates` in test fixtures may hold other bytes.
  return [...byHex.values()].filter((der) => certificateFactsWith(der, "pkijs") !== undefined);
}

export function measureProfileCertificates(dir: string, rounds = 50): ReaderMeasurement {
  return measureReaders(
    certificatesUnder(dir).map((der) => ({
      label: displayNameOf(certificateFactsWith(der, "pkijs")!),
      fast: () => certificateFactsWith(der, "fast"),
      pkijs: () => certificateFactsWith(der, "pkijs"),
    })),
    rounds,
  );
}

if (isMain(import.meta.url)) {
  const { dir, rounds } = folderAndRounds(process.argv.slice(2));
  printMeasurement(measureProfileCertificates(dir, rounds), "distinct certificates", "certificateFactsOf", rounds);
}
