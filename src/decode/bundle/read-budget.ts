/**
 * How many bytes a run may take out of archives. Compression ratio caps do not bound this on their
 * own: a zip whose central directory lists the same compressed data 300 times (an overlapping-entry
 * bomb, 278 KB on disk) inflated 4.3 GB and ended in a V8 heap crash. So every byte a member yields is
 * charged to its archive and to the run, and a read that would pass either budget fails instead.
 *
 * Two budgets: bytes inflated or read at all (streamed Mach-O reads; time), and bytes of whole files
 * returned (Info.plists, profiles, link targets; they are decoded and kept, so memory).
 */
import { DecodeFailure } from "../result.js";

export interface ReadBudgetLimits {
  /** Bytes inflated (or read, for stored members) from members, in total. */
  readonly maxInflatedBytes: number;
  /** Bytes of whole members handed out by `readFile` (these are decoded and kept), in total. */
  readonly maxWholeFileBytes: number;
}

/** One archive: a real `.ipa` inflates its executables once or twice and holds a few MB of plists. */
export const ARCHIVE_READ_LIMITS: ReadBudgetLimits = { maxInflatedBytes: 1024 * 1024 * 1024, maxWholeFileBytes: 32 * 1024 * 1024 };
/** One run, over every archive it opens. */
export const RUN_READ_LIMITS: ReadBudgetLimits = { maxInflatedBytes: 4 * 1024 * 1024 * 1024, maxWholeFileBytes: 128 * 1024 * 1024 };

export class ReadBudget {
  inflated = 0;
  wholeFiles = 0;
  readonly limits: ReadBudgetLimits;
  /** "the archive 'App.ipa!'" or "this run": what the budget belongs to, for messages. */
  readonly owner: string;
  /** This budget and every budget it is part of (the run's). */
  readonly #chain: readonly ReadBudget[];

  constructor(limits: ReadBudgetLimits, owner: string, parent?: ReadBudget) {
    this.limits = limits;
    this.owner = owner;
    this.#chain = parent ? [this, ...parent.#chain] : [this];
  }

  /** Charges inflated bytes; throws `budget-exceeded` naming `describe` when a budget would be passed. */
  chargeInflated(bytes: number, describe: string): void {
    for (const budget of this.#chain) {
      if (budget.inflated + bytes > budget.limits.maxInflatedBytes) {
        throw new DecodeFailure("budget-exceeded", `Reading ${describe} would take more than ${budget.limits.maxInflatedBytes} inflated bytes from ${budget.owner}, the most ne-lint reads; the rest was not read.`);
      }
    }
    for (const budget of this.#chain) budget.inflated += bytes;
  }

  /** Charges a whole file about to be returned (and kept); throws `budget-exceeded` like `chargeInflated`. */
  chargeWholeFile(bytes: number, describe: string): void {
    for (const budget of this.#chain) {
      if (budget.wholeFiles + bytes > budget.limits.maxWholeFileBytes) {
        throw new DecodeFailure("budget-exceeded", `Reading ${describe} would take more than ${budget.limits.maxWholeFileBytes} bytes of whole files from ${budget.owner}, the most ne-lint keeps; the rest was not read.`);
      }
    }
    for (const budget of this.#chain) budget.wholeFiles += bytes;
  }
}
