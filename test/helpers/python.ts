/**
 * The Python interpreter the tests use as an independent writer and oracle (zipfile, plistlib), by its own
 * path. Why not `python3` each time: on machines where `python3` is a version-manager shim (pyenv, as on
 * this project's CI image) every start runs a shell script first, ~0.3 s, and the suite starts Python
 * dozens of times. The global setup resolves it once per run and hands it to the workers through the
 * environment; a file run alone resolves it itself.
 */
import { spawnSync } from "node:child_process";

export const PYTHON_ENV = "NE_LINT_TEST_PYTHON";

/** `sys.executable` of `python3` on PATH, or undefined when there is none. */
export function resolvePython(): string | undefined {
  const result = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  const executable = result.status === 0 ? result.stdout.trim() : "";
  return executable === "" ? undefined : executable;
}

const fromSetup = process.env[PYTHON_ENV];
/** The interpreter's path; the empty string stands for "no Python" (as `hasPython` says). */
export const python: string = fromSetup !== undefined ? fromSetup : (resolvePython() ?? "");
export const hasPython = python !== "";
