/**
 * What the Action hands the runner, in the formats of GitHub's docs: log lines and workflow commands on standard
 * output (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands), outputs in the
 * `GITHUB_OUTPUT` file and the job summary in the `GITHUB_STEP_SUMMARY` file (environment files).
 *
 * Written here rather than with @actions/core's `info`, `warning`, `error`, `setSecret`, `setFailed`, `setOutput`
 * and `summary` (its `getInput` stays, src/action/inputs.ts), because of what those load in every step: core
 * writes through `process.stdout` (Node's stream modules, and `node:net` for the runner's pipe), draws each
 * output's delimiter from `node:crypto` (which loads the stream modules too) and destructures `fs.promises` for
 * the summary (`fs/promises` and `readline`): ~11 ms of CPU together, a sixth of Node's own start
 * (docs/benchmarks.md, issue #17). The bytes are core's (test/action/runner.test.ts runs both on the same
 * values), but for the delimiters, which are chosen so that they do not occur in what they enclose (`absentToken`)
 * instead of at random.
 */
import { appendFileSync, existsSync, accessSync, constants } from "node:fs";
import { commandData, commandProperty } from "../report/github.js";

/** What the Action writes for the runner. Messages are written as given: callers escape repository text first. */
export interface RunnerIo {
  /** Text for the log, as it is (its own line breaks). */
  write(text: string): void;
  /** One log line. */
  info(message: string): void;
  /** A workflow command without properties: `::name::message`, the message escaped as the runner unescapes it. */
  command(name: "error" | "warning" | "add-mask", message: string): void;
  /** Fails the step (exit status 1) with an error annotation. */
  setFailed(message: string): void;
  setOutput(name: string, value: string | number): void;
  /** Appends Markdown to the job summary; throws core's errors when there is no summary file to write. */
  appendSummary(markdown: string): void;
}

/** The line break core writes (`os.EOL`), without loading `node:os` for it. */
const EOL = process.platform === "win32" ? "\r\n" : "\n";

/** `writeOut` writes standard output: one writer for every line, so their order is kept (src/action/start.ts gives it). */
export function runnerIo(env: NodeJS.ProcessEnv, writeOut: (text: string) => void): RunnerIo {
  const command: RunnerIo["command"] = (name, message) => writeOut(`::${name}::${commandData(message)}${EOL}`);
  return {
    write: writeOut,
    info: (message) => writeOut(`${message}${EOL}`),
    command,
    setFailed(message) {
      process.exitCode = 1;
      command("error", message);
    },
    setOutput(name, value) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      const file = env.GITHUB_OUTPUT;
      if (!file) {
        // No environment file (old runners, local runs): the deprecated command, as core falls back to it.
        writeOut(`${EOL}::set-output name=${commandProperty(name)}::${commandData(text)}${EOL}`);
        return;
      }
      if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
      // The runner reads the value up to the first line that is the delimiter: one that occurs nowhere in it.
      const delimiter = absentToken("ghadelimiter", `${name}\n${text}`);
      appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: "utf8" });
    },
    appendSummary(markdown) {
      const file = env.GITHUB_STEP_SUMMARY;
      if (!file) throw new Error("Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.");
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
      } catch {
        throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
      }
      appendFileSync(file, markdown, { encoding: "utf8" });
    },
  };
}

/**
 * `prefix`, a hyphen and the smallest number (of as few digits as can be) that makes a token occurring nowhere in
 * `text`, ignoring case as the runner compares the `stop-commands` token (in upper case, so that `ı` and `ſ`, which
 * .NET's case-insensitive comparison takes for `I` and `S`, count as the letters they match): what a random token
 * (GitHub's advice, core's UUIDs) only makes unlikely. Nothing in `text` can then end the block the token closes; it is known before the block
 * is written. Linear in `text`, and short whatever the text: with m occurrences of the prefix, a number of d digits
 * with 10^d > m is always free (at most m of them are taken).
 */
export function absentToken(prefix: string, text: string): string {
  const lead = `${prefix}-`.toUpperCase();
  const upper = text.toUpperCase();
  const after: number[] = [];
  for (let at = upper.indexOf(lead); at !== -1; at = upper.indexOf(lead, at + 1)) after.push(at + lead.length);
  let digits = 1;
  while (10 ** digits <= after.length) digits++;
  const taken = new Set(after.map((start) => upper.slice(start, start + digits)));
  let number = 0;
  while (taken.has(String(number).padStart(digits, "0"))) number++;
  return `${prefix}-${String(number).padStart(digits, "0")}`;
}
