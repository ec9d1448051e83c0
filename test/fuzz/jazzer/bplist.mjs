// Jazzer.js entry for the 'bplist' fuzz target (test/fuzz/targets/bplist.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("bplist");
