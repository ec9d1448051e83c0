/**
 * One fuzz campaign in a worker thread, so the parent can stop a hung decoder (a synchronous loop
 * never yields) and survive one that runs out of memory. Before each execution the input is copied
 * into shared memory, where the parent finds it when it has to report a hang or a crash.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runCampaign } from "./driver.js";
import { HEADER_BYTES, type WorkerInput } from "./shared-input.js";

const { options, shared } = workerData as WorkerInput;
const header = new Int32Array(shared, 0, 2);
const bytes = new Uint8Array(shared, HEADER_BYTES);

const result = await runCampaign({
  ...options,
  beforeEach(input) {
    const length = Math.min(input.length, bytes.length);
    bytes.set(input.subarray(0, length));
    Atomics.store(header, 1, length);
    Atomics.add(header, 0, 1);
  },
});
parentPort?.postMessage(result);
