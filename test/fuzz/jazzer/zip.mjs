// Jazzer.js entry for the 'zip' fuzz target (test/fuzz/targets/zip.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("zip");
