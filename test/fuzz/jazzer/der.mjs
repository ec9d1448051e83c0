// Jazzer.js entry for the 'der' fuzz target (test/fuzz/targets/der.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("der");
