// Entry point of the GitHub Action (bundled to dist/index.js, run by `runs.main` in action.yml).
import { run } from "./main.js";

await run();
