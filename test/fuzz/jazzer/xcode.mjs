// Jazzer.js entry for the 'xcode' fuzz target (test/fuzz/targets/xcode.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("xcode");
