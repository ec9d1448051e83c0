// Jazzer.js entry for the 'xml' fuzz target (test/fuzz/targets/xml.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("xml");
