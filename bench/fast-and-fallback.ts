/**
 * Times a canonical-DER fast reader against the asn1js + pkijs reader it falls back to, on the same
 * inputs in one process: warm-up, then interleaved rounds (a load change on the machine hits both
 * alike), medians per input in µs. Shared by `profile-envelope.ts` and `profile-certificates.ts`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./paired.js";

export interface ReaderTiming {
  /** What was read: a file path or a certificate's name. */
  readonly label: string;
  /** Median µs on the fast reader, or undefined when it declined the input. */
  readonly fastUs: number | undefined;
  readonly pkijsUs: number;
}

export interface ReaderMeasurement {
  readonly timings: ReaderTiming[];
  /** Sum of the medians, each input read the way a lint run reads it (declined ones by pkijs). */
  readonly productionTotalUs: number;
  readonly pkijsTotalUs: number;
}

export interface ReaderInput {
  readonly label: string;
  /** Returns undefined when the fast reader declines the input; never throws. */
  readonly fast: () => unknown;
  /** May throw (input that is not CMS at all): that cost is part of the comparison, as in a lint run. */
  readonly pkijs: () => unknown;
}

const WARM_UP_RUNS = 3;

function timeOnce(read: () => unknown): number {
  const started = process.hrtime.bigint();
  try {
    read();
  } catch {
    // Counted: see ReaderInput.pkijs.
  }
  return Number(process.hrtime.bigint() - started) / 1000;
}

export function measureReaders(inputs: Iterable<ReaderInput>, rounds: number): ReaderMeasurement {
  const timings: ReaderTiming[] = [];
  for (const { label, fast, pkijs } of inputs) {
    const accepted = fast() !== undefined;
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      timeOnce(fast);
      timeOnce(pkijs);
    }
    const fastTimes: number[] = [];
    const pkijsTimes: number[] = [];
    for (let run = 0; run < rounds; run++) {
      fastTimes.push(timeOnce(fast));
      pkijsTimes.push(timeOnce(pkijs));
    }
    timings.push({ label, fastUs: accepted ? median(fastTimes) : undefined, pkijsUs: median(pkijsTimes) });
  }
  const pkijsTotalUs = timings.reduce((sum, timing) => sum + timing.pkijsUs, 0);
  // A declined input costs the fast reader's refusal plus the pkijs read; the refusal is a few µs, counted as zero.
  const productionTotalUs = timings.reduce((sum, timing) => sum + (timing.fastUs ?? timing.pkijsUs), 0);
  return { timings, productionTotalUs, pkijsTotalUs };
}

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

/** `[folder] [--rounds N]`; the folder defaults to the corpus beside the repository. */
export function folderAndRounds(args: readonly string[]): { dir: string; rounds: number } {
  const roundsIndex = args.indexOf("--rounds");
  const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 50;
  const dir = args.find((arg, index) => !arg.startsWith("--") && index !== roundsIndex + 1) ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/corpus");
  return { dir, rounds };
}

/** One line per input, then the totals; `what` names the inputs ("profiles"), `reader` the production entry point. */
export function printMeasurement(measurement: ReaderMeasurement, what: string, reader: string, rounds: number): void {
  const { timings, productionTotalUs, pkijsTotalUs } = measurement;
  console.log("fast µs\tpkijs µs\tratio\tinput");
  for (const timing of timings) {
    const fast = timing.fastUs === undefined ? "declined" : timing.fastUs.toFixed(1);
    const ratio = timing.fastUs === undefined ? "-" : `×${(timing.pkijsUs / timing.fastUs).toFixed(0)}`;
    console.log(`${fast}\t${timing.pkijsUs.toFixed(0)}\t${ratio}\t${timing.label}`);
  }
  const declined = timings.filter((timing) => timing.fastUs === undefined).length;
  console.log(
    `\n${timings.length} ${what} (${declined} declined by the fast reader, read by pkijs): ${(productionTotalUs / 1000).toFixed(2)} ms as ${reader} reads them` +
      ` vs ${(pkijsTotalUs / 1000).toFixed(2)} ms all through pkijs (×${(pkijsTotalUs / productionTotalUs).toFixed(1)}), medians of ${rounds} rounds`,
  );
}
