/**
 * The memory a fuzz worker shares with its parent: two Int32 counters (executions, length of the
 * current input) and then the current input's bytes, written before each execution.
 */
import type { CampaignOptions } from "./driver.js";

export interface WorkerInput {
  readonly options: CampaignOptions;
  readonly shared: SharedArrayBuffer;
}

export const HEADER_BYTES = 8;
