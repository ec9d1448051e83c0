// Jazzer.js entry for the 'macho' fuzz target (test/fuzz/targets/macho.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("macho");
