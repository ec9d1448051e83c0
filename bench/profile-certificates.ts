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
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodePlistBytes } from "../src/decode/plist.js";
import { decodeSignedData } from "../src/decode/profile/cms.js";
import { certificateFactsWith, displayNameOf } from "../src/decode/profile/x509.js";
import { isArray, valueOf } from "../src/model/plist.js";
import { median, profilesUnder } from "./profile-envelope.js";

export interface CertificateTiming {
  readonly name: string;
  /** Median µs on the fast path, or undefined when it declined the certificate. */
  readonly fastUs: number | undefined;
  readonly pkijsUs: number;
}

export interface CertificateMeasurement {
  readonly timings: CertificateTiming[];
  /** Sum of the medians, each certificate read as `certificateFactsOf` reads it (declined ones by pkijs). */
  readonly productionTotalUs: number;
  readonly pkijsTotalUs: number;
}

const WARM_UP_RUNS = 3;

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

function timeOnce(read: () => unknown): number {
  const started = process.hrtime.bigint();
  read();
  return Number(process.hrtime.bigint() - started) / 1000;
}

export function measureProfileCertificates(dir: string, rounds = 50): CertificateMeasurement {
  const timings: CertificateTiming[] = [];
  for (const der of certificatesUnder(dir)) {
    const fast = () => certificateFactsWith(der, "fast");
    const pkijs = () => certificateFactsWith(der, "pkijs");
    const accepted = fast();
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      timeOnce(fast);
      timeOnce(pkijs);
    }
    const fastTimes: number[] = [];
    const pkijsTimes: number[] = [];
    // Interleaved, so a load change on the machine hits both alike.
    for (let run = 0; run < rounds; run++) {
      fastTimes.push(timeOnce(fast));
      pkijsTimes.push(timeOnce(pkijs));
    }
    timings.push({ name: displayNameOf(accepted ?? pkijs()!), fastUs: accepted ? median(fastTimes) : undefined, pkijsUs: median(pkijsTimes) });
  }
  const pkijsTotalUs = timings.reduce((sum, timing) => sum + timing.pkijsUs, 0);
  // A declined certificate costs the fast reader's refusal plus the pkijs read; the refusal is a few µs, counted as zero.
  const productionTotalUs = timings.reduce((sum, timing) => sum + (timing.fastUs ?? timing.pkijsUs), 0);
  return { timings, productionTotalUs, pkijsTotalUs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const roundsIndex = args.indexOf("--rounds");
  const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 50;
  const dir = args.find((arg, index) => !arg.startsWith("--") && index !== roundsIndex + 1) ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/corpus");
  const { timings, productionTotalUs, pkijsTotalUs } = measureProfileCertificates(dir, rounds);
  console.log("fast µs\tpkijs µs\tratio\tcertificate");
  for (const timing of timings) {
    const fast = timing.fastUs === undefined ? "declined" : timing.fastUs.toFixed(1);
    const ratio = timing.fastUs === undefined ? "-" : `×${(timing.pkijsUs / timing.fastUs).toFixed(0)}`;
    console.log(`${fast}\t${timing.pkijsUs.toFixed(0)}\t${ratio}\t${timing.name}`);
  }
  const declined = timings.filter((timing) => timing.fastUs === undefined).length;
  console.log(`\n${timings.length} distinct certificates (${declined} declined by the fast reader, read by pkijs): ${(productionTotalUs / 1000).toFixed(2)} ms as certificateFactsOf reads them vs ${(pkijsTotalUs / 1000).toFixed(2)} ms all through pkijs (×${(pkijsTotalUs / productionTotalUs).toFixed(1)}), medians of ${rounds} rounds`);
}
