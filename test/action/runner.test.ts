/**
 * src/action/runner.ts writes what @actions/core would (workflow commands, environment files, the job summary)
 * without loading what core loads: run both on the same values and compare the bytes. Only the delimiters of
 * the output file differ (core's are random UUIDs, ours occur nowhere in the value), so they are compared by
 * what the runner reads: the value between `name<<D` and the first line that is `D`.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logListing } from "../../src/action/log.js";
import { absentToken, runnerIo } from "../../src/action/runner.js";

const MESSAGES = ["plain", "50% done", "two\nlines\r\nand CR\r", "a:b,c", "%0A is not a line break", "ünïcødé ✓", ""];

let dir: string;
let saved: { env: NodeJS.ProcessEnv; write: typeof process.stdout.write; exitCode: typeof process.exitCode };
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-runner-"));
  saved = { env: process.env, write: process.stdout.write, exitCode: process.exitCode };
});
afterEach(() => {
  process.env = saved.env;
  process.stdout.write = saved.write;
  process.exitCode = saved.exitCode;
  rmSync(dir, { recursive: true, force: true });
});

/** What `act` writes to standard output through @actions/core. */
function coreWrites(act: () => void): string {
  let written = "";
  process.stdout.write = ((chunk: string) => {
    written += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    act();
  } finally {
    process.stdout.write = saved.write;
  }
  return written;
}

/** What `act` writes to standard output through the runner. */
function ourWrites(env: NodeJS.ProcessEnv, act: (runner: ReturnType<typeof runnerIo>) => void): string {
  let written = "";
  act(runnerIo(env, (text) => void (written += text)));
  return written;
}

/** The values an output file sets, read as the runner reads it: `name<<D`, then lines up to the first that is `D`. */
function readOutputs(text: string): [string, string][] {
  const lines = text.split("\n");
  const outputs: [string, string][] = [];
  for (let index = 0; index < lines.length; index++) {
    const start = /^([^<]+)<<(.+)$/.exec(lines[index] as string);
    if (!start) continue;
    const end = lines.indexOf(start[2] as string, index + 1);
    expect(end, `no delimiter line after ${start[0]}`).toBeGreaterThan(index);
    outputs.push([start[1] as string, lines.slice(index + 1, end).join("\n")]);
    index = end;
  }
  return outputs;
}

describe("workflow commands on standard output", () => {
  it("error, warning, add-mask and info lines are core's, byte for byte", () => {
    for (const message of MESSAGES) {
      expect(ourWrites({}, (runner) => runner.command("error", message))).toBe(coreWrites(() => core.error(message)));
      expect(ourWrites({}, (runner) => runner.command("warning", message))).toBe(coreWrites(() => core.warning(message)));
      expect(ourWrites({}, (runner) => runner.command("add-mask", message))).toBe(coreWrites(() => core.setSecret(message)));
      expect(ourWrites({}, (runner) => runner.info(message))).toBe(coreWrites(() => core.info(message)));
    }
    expect(ourWrites({}, (runner) => runner.command("error", "a\nb"))).toBe("::error::a%0Ab\n");
  });

  it("setFailed fails the step as core does", () => {
    const ours = ourWrites({}, (runner) => runner.setFailed("ne-lint: 2 findings"));
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(ours).toBe(coreWrites(() => core.setFailed("ne-lint: 2 findings")));
    expect(process.exitCode).toBe(1);
  });
});

describe("outputs ($GITHUB_OUTPUT)", () => {
  const values: [string, string | number][] = [
    ["errors", 3],
    ["result", "pass"],
    ["sarif-file", ""],
    ["sarif-file", "out/ne-lint.sarif"],
    ["sarif-file", "two\nlines"],
    ["sarif-file", "ghadelimiter-0\nGHADELIMITER-1\n__x"],
  ];

  it("sets the values core sets, each enclosed by a delimiter that occurs nowhere in it", () => {
    const ours = path.join(dir, "ours");
    const theirs = path.join(dir, "theirs");
    writeFileSync(ours, "");
    writeFileSync(theirs, "");
    const runner = runnerIo({ GITHUB_OUTPUT: ours }, () => {
      throw new Error("nothing goes to standard output");
    });
    process.env = { ...saved.env, GITHUB_OUTPUT: theirs };
    for (const [name, value] of values) {
      runner.setOutput(name, value);
      core.setOutput(name, value);
    }
    const text = readFileSync(ours, "utf8");
    expect(readOutputs(text)).toEqual(readOutputs(readFileSync(theirs, "utf8")));
    expect(readOutputs(text)).toEqual(values.map(([name, value]) => [name, String(value)]));
    // The format of GitHub's docs: `name<<DELIMITER`, the value's lines, the delimiter, each line ended.
    expect(text.startsWith("errors<<ghadelimiter-0\n3\nghadelimiter-0\nresult<<ghadelimiter-0\npass\nghadelimiter-0\n")).toBe(true);
    expect(text).toContain("sarif-file<<ghadelimiter-2\nghadelimiter-0\nGHADELIMITER-1\n__x\nghadelimiter-2\n");
  });

  it("fails as core does when the file is missing, and falls back to core's command without one", () => {
    const missing = path.join(dir, "missing");
    expect(() => runnerIo({ GITHUB_OUTPUT: missing }, () => undefined).setOutput("result", "pass")).toThrow(`Missing file at path: ${missing}`);
    process.env = { ...saved.env, GITHUB_OUTPUT: missing };
    expect(() => core.setOutput("result", "pass")).toThrow(`Missing file at path: ${missing}`);
    process.env = { ...saved.env, GITHUB_OUTPUT: "" };
    for (const [name, value] of values) expect(ourWrites({}, (runner) => runner.setOutput(name, value))).toBe(coreWrites(() => core.setOutput(name, value)));
  });
});

describe("the job summary ($GITHUB_STEP_SUMMARY)", () => {
  it("appends what core's summary.addRaw(…).write() appends", async () => {
    const ours = path.join(dir, "ours");
    const theirs = path.join(dir, "theirs");
    writeFileSync(ours, "before\n");
    writeFileSync(theirs, "before\n");
    const markdown = "## ne-lint\n\n| a | b |\n| --- | --- |\n| ✓ | 50% |\n";
    runnerIo({ GITHUB_STEP_SUMMARY: ours }, () => undefined).appendSummary(markdown);
    process.env = { ...saved.env, GITHUB_STEP_SUMMARY: theirs };
    await core.summary.addRaw(markdown).write();
    expect(readFileSync(ours, "utf8")).toBe(readFileSync(theirs, "utf8"));
    expect(readFileSync(ours, "utf8")).toBe(`before\n${markdown}`);
  });

  it("fails with core's messages when there is no summary file to write", async () => {
    expect(() => runnerIo({}, () => undefined).appendSummary("x")).toThrow("Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.");
    const missing = path.join(dir, "missing");
    expect(() => runnerIo({ GITHUB_STEP_SUMMARY: missing }, () => undefined).appendSummary("x")).toThrow(`Unable to access summary file: '${missing}'. Check if the file has correct read/write permissions.`);
    const readOnly = path.join(dir, "read-only");
    writeFileSync(readOnly, "");
    chmodSync(readOnly, 0o400);
    // Root may write any file: only where the check can fail.
    if (process.getuid?.() !== 0) expect(() => runnerIo({ GITHUB_STEP_SUMMARY: readOnly }, () => undefined).appendSummary("x")).toThrow(/^Unable to access summary file/);
    process.env = { ...saved.env, GITHUB_STEP_SUMMARY: missing };
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    await expect(core.summary.addRaw("x").write()).rejects.toThrow(`Unable to access summary file: '${missing}'. Check if the file has correct read/write permissions.`);
    core.summary.emptyBuffer();
  });
});

describe("tokens that close a block", () => {
  it("occur nowhere in the text they enclose, ignoring case as the runner does, and stay short whatever the text", () => {
    expect(absentToken("ne-lint-listing", "no token here")).toBe("ne-lint-listing-0");
    const taken = Array.from({ length: 10 }, (_, n) => `::NE-LINT-LISTING-${n}::`).join("\n");
    const hundred = Array.from({ length: 100 }, (_, n) => `ne-lint-listing-${String(n).padStart(2, "0")}`).join(" ");
    // Dotless ı and long ſ: .NET's case-insensitive comparison (the runner's) takes them for I and S.
    const dotless = "::ne-lınt-lıſting-0::";
    for (const text of ["ne-lint-listing-0", "Ne-Lint-Listing-0 ne-lint-listing-1", taken, hundred, dotless, "_".repeat(200_000), "ne-lint-listing-".repeat(5000)]) {
      const token = absentToken("ne-lint-listing", text);
      expect(text.toUpperCase().includes(token.toUpperCase()), token).toBe(false);
      expect(token.length, token).toBeLessThanOrEqual("ne-lint-listing-".length + 4);
    }
    expect(absentToken("ne-lint-listing", taken)).toBe("ne-lint-listing-00");
    expect(absentToken("ne-lint-listing", dotless)).toBe("ne-lint-listing-1");
  });

  it("a listing that writes the closing line it expects cannot end the stop-commands block early", () => {
    const listing = "App/Info.plist\n::ne-lint-listing-0::\n::error::injected\n::ne-lint-listing-1::\n";
    let log = "";
    logListing(listing, (text) => void (log += text));
    const [first, ...rest] = log.split("\n");
    const token = /^::stop-commands::(.+)$/.exec(first as string)?.[1] as string;
    expect(token).toBe("ne-lint-listing-2");
    // The runner resumes commands at the first line `::TOKEN::`: only the last one.
    expect(rest.indexOf(`::${token}::`)).toBe(rest.length - 2);
    expect(rest.at(-1)).toBe("");
  });
});
