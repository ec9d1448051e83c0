#!/usr/bin/env node
// Entry point of the `ne-lint` binary (bundled to dist/cli.js).
import { main } from "./cli/main.js";

const status = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY === true,
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
});
process.exitCode = status;
