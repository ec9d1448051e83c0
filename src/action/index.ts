// Entry point of the GitHub Action as an ES module (bundled to dist/index.js; action.yml runs dist/index.cjs, which
// does the same without ES modules, see src/action/start.ts).
import { startAction } from "./start.js";

startAction(async () => (await import("./main.js")).run);
