// `npm test`: type-check, lint, then the vitest suite; ends with a plain "N passed, N failed, N skipped"
// line (what CI reads) and a non-zero exit status if any step failed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = (name) => path.join("node_modules", ".bin", name);
const run = (label, command, args) => {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  return result.status === 0;
};

/** Runs a check with its output buffered, so two checks can share the machine and still print in order. */
const buffered = (label, command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ label, ok: false, output: `${error.message}\n` }));
    child.on("close", (code) => resolve({ label, ok: code === 0, output }));
  });

// tsc and eslint are single-threaded: side by side they take the time of the slower one.
let ok = true;
for (const check of await Promise.all([buffered("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]), buffered("lint (eslint .)", bin("eslint"), ["."])])) {
  console.log(`\n> ${check.label}`);
  process.stdout.write(check.output);
  ok = check.ok && ok;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-tests-"));
const jsonFile = path.join(dir, "results.json");
ok = run("tests (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${jsonFile}`, ...process.argv.slice(2)]) && ok;
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(jsonFile, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(dir, { recursive: true, force: true });
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
