// Jazzer.js entry for the 'profile' fuzz target (test/fuzz/targets/profile.ts, bundled by bundle.mjs). See docs/fuzzing.md.
import { loadTarget } from "./load.mjs";

export const fuzz = loadTarget("profile");
