#!/usr/bin/env node
// Entry point of the `ne-lint` binary as an ES module (bundled to dist/cli.js; the package's `bin` is
// dist/cli.cjs, which does the same without ES modules): `ne-lint [options] [paths...]`, `ne-lint inspect <file>`
// or `ne-lint inventory [paths...]`.
import { startCli } from "./cli/io.js";

startCli(async (argv, io) => (await import("./cli/run.js")).runCli(argv, io));
