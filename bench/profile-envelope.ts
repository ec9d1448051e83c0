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
import { fileURLToPath } from "node:url";
import { decodeSignedDataWith } from "../src/decode/profile/cms.js";

export interface EnvelopeTiming {
  readonly file: string;
  /** Median µs on the fast path, or undefined when it declined the file. */
  readonly fastUs: number | undefined;
  readonly pkijsUs: number;
}

export interface EnvelopeMeasurement {
  readonly timings: EnvelopeTiming[];
  /** Sum of the medians over all profiles, each read the way `decodeSignedData` reads it (declined ones by pkijs). */
  readonly productionTotalUs: number;
  readonly pkijsTotalUs: number;
}

const WARM_UP_RUNS = 3;

/** Profiles (non-empty `.mobileprovision` and `.provisionprofile` files) under `dir`. */
export function profilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profilesUnder(full);
    return /\.(mobileprovision|provisionprofile)$/.test(name) && statSync(full).size > 0 ? [full] : [];
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times one read in µs; a read that throws (not CMS at all) still counts, as it does in a lint run. */
function timeOnce(read: () => unknown): number {
  const started = process.hrtime.bigint();
  try {
    read();
  } catch {
    // Files that are not CMS cost the pkijs path its error; that cost is part of the comparison.
  }
  return Number(process.hrtime.bigint() - started) / 1000;
}

export function measureProfileEnvelopes(dir: string, rounds = 50): EnvelopeMeasurement {
  const timings: EnvelopeTiming[] = [];
  for (const file of profilesUnder(dir)) {
    const bytes = new Uint8Array(readFileSync(file));
    const fast = () => decodeSignedDataWith(bytes, { path: "fast" });
    const pkijs = () => decodeSignedDataWith(bytes, { path: "pkijs" });
    // The fast path never throws; it returns undefined for what it leaves to pkijs.
    const accepted = fast() !== undefined;
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
    timings.push({ file, fastUs: accepted ? median(fastTimes) : undefined, pkijsUs: median(pkijsTimes) });
  }
  const pkijsTotalUs = timings.reduce((sum, timing) => sum + timing.pkijsUs, 0);
  // A declined file costs the fast path's refusal plus the pkijs read; the refusal is a few µs, counted as zero.
  const productionTotalUs = timings.reduce((sum, timing) => sum + (timing.fastUs ?? timing.pkijsUs), 0);
  return { timings, productionTotalUs, pkijsTotalUs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const roundsIndex = args.indexOf("--rounds");
  const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 50;
  const dir = args.find((arg, index) => !arg.startsWith("--") && index !== roundsIndex + 1) ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/corpus");
  const { timings, productionTotalUs, pkijsTotalUs } = measureProfileEnvelopes(dir, rounds);
  const root = path.resolve(dir);
  console.log("fast µs\tpkijs µs\tratio\tprofile");
  for (const timing of timings) {
    const fast = timing.fastUs === undefined ? "declined" : timing.fastUs.toFixed(0);
    const ratio = timing.fastUs === undefined ? "-" : `×${(timing.pkijsUs / timing.fastUs).toFixed(0)}`;
    console.log(`${fast}\t${timing.pkijsUs.toFixed(0)}\t${ratio}\t${path.relative(root, timing.file)}`);
  }
  const declined = timings.filter((timing) => timing.fastUs === undefined).length;
  console.log(`\n${timings.length} profiles (${declined} declined by the fast path, read by pkijs): ${(productionTotalUs / 1000).toFixed(2)} ms as decodeSignedData reads them vs ${(pkijsTotalUs / 1000).toFixed(2)} ms all through pkijs (×${(pkijsTotalUs / productionTotalUs).toFixed(1)}), medians of ${rounds} rounds`);
}
