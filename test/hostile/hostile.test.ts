/**
 * The hostile-input suite: every crafted file of `files.ts` goes through the bundled CLI (`node
 * dist/cli.js`, with the `bench/max-rss.mjs` hook for peak RSS) in a folder that also holds a normal
 * Info.plist. Each run must name the hostile file in a finding, exit 1, print no stack trace, stay
 * within the memory budget and still report the normal file's finding. Time is not asserted (it belongs
 * in `npm run bench`); the 30 s CLI timeout is the hang guard, over 20× the slowest case's measured time.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { isDict, type PlistDict } from "../../src/model/plist.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";
import type { Pki } from "../helpers/profile-fixtures.js";
import { validateWithRepoSchema } from "../helpers/schemas.js";
import { buildCase, buildPki, CASES, missingRequirements, NORMAL_FILE, NORMAL_RULE, SECRET_MARKER, type HostileCase } from "./files.js";

const RSS_BUDGET_KB = 256 * 1024;
/** The benchmarks' peak-RSS hook; the suite's own copy stands in when bench/ does not have it. */
const MAX_RSS_HOOK = path.join(repoRoot, "bench/max-rss.mjs");
const RSS_LINE = /^ne-lint-max-rss-kb=(\d+)\n?/m;
/** A V8 stack frame, or an uncaught error dumped by Node. */
const STACK_FRAME = /^\s+at\s/m;
const ERROR_DUMP = /\b[A-Z]?[a-zA-Z]*Error:|\bUncaught\b|node:internal/;

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
}

interface Measured extends CliRun {
  readonly maxRssKb: number;
  /** stderr without the RSS hook's line. */
  readonly cleanStderr: string;
}

function runMeasured(args: readonly string[], cwd: string): Measured {
  const run = runCli(args, { cwd, env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${MAX_RSS_HOOK}`.trim() }, timeoutMs: 30_000 });
  const rss = RSS_LINE.exec(run.stderr);
  return { ...run, maxRssKb: rss ? Number(rss[1]) : Number.NaN, cleanStderr: run.stderr.replace(RSS_LINE, "") };
}

/** The hostile file itself, or a member or file inside it (`App.ipa!/…`, `App.app/App`). */
function namesFile(finding: JsonFinding, file: string): boolean {
  return finding.file === file || finding.file.startsWith(`${file}/`) || finding.file.startsWith(`${file}!`);
}

let root: string;
let pki: Pki | undefined;
let caseNumber = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-hostile-"));
  if (CASES.some((hostile) => hostile.requires?.includes("openssl")) && CASES.some((hostile) => missingRequirements(hostile).length === 0 && hostile.requires?.includes("openssl"))) pki = buildPki();
});
afterAll(() => {
  pki?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** Builds a case into a fresh folder and returns the folder the CLI runs in. */
function prepare(hostile: HostileCase): string {
  const caseRoot = path.join(root, `case-${caseNumber++}`);
  const dir = path.join(caseRoot, "repo");
  const outside = path.join(caseRoot, "outside");
  mkdirSync(dir, { recursive: true });
  mkdirSync(outside, { recursive: true });
  buildCase(hostile, { dir, outside, ...(pki ? { pki } : {}) });
  return dir;
}

describe("hostile inputs through the bundled CLI", () => {
  it("has at least 30 cases, each with a distinct name", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((hostile) => hostile.name)).size).toBe(CASES.length);
  });

  for (const hostile of CASES) {
    const missing = missingRequirements(hostile);
    const title = missing.length > 0 ? `${hostile.name} (skipped: ${missing.join(", ")} not installed)` : hostile.name;
    it.skipIf(missing.length > 0)(title, () => {
      const dir = prepare(hostile);
      const run = runMeasured(["--format", "json", "."], dir);
      const context = `${hostile.name}: ${(run.maxRssKb / 1024).toFixed(1)} MB\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;

      expect(run.status, context).toBe(1);
      expect(run.cleanStderr, context).toBe("");
      for (const output of [run.stdout, run.cleanStderr]) {
        expect(output, context).not.toMatch(STACK_FRAME);
        expect(output, context).not.toMatch(ERROR_DUMP);
        expect(output, context).not.toContain(SECRET_MARKER);
      }
      expect(run.maxRssKb, context).toBeGreaterThan(0);
      expect(run.maxRssKb, context).toBeLessThan(RSS_BUDGET_KB);

      const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
      expect(validateWithRepoSchema("schema/json-output.schema.json", report)).toBeUndefined();
      const findings = report.findings;
      expect(findings.some((finding) => finding.ruleId === NORMAL_RULE && finding.file === NORMAL_FILE), context).toBe(true);
      const aboutHostile = findings.filter((finding) => namesFile(finding, hostile.file));
      // A decoder that crashed (and was caught) or a parser that ran out of stack is a bug, even when reported.
      for (const finding of aboutHostile) expect(finding.message, context).not.toMatch(/unexpectedly|call stack|internal error/i);
      if (hostile.ruleIds.length > 0) {
        expect(aboutHostile.map((finding) => finding.ruleId).filter((ruleId) => hostile.ruleIds.includes(ruleId)), context).not.toEqual([]);
      } else {
        expect(aboutHostile, context).toEqual([]);
      }
    }, 120_000);
  }
});

describe("inputs that must decode exactly", () => {
  it("a 128-bit bplist integer beyond 2^63 keeps every digit through `ne-lint inspect --format json`", () => {
    const hostile = CASES.find((candidate) => candidate.name.startsWith("bplist 128-bit integer"));
    if (!hostile) throw new Error("the 128-bit case is missing");
    const dir = prepare(hostile);
    const run = runMeasured(["inspect", "--format", "json", hostile.file], dir);
    expect(run.status).toBe(0);
    expect(run.cleanStderr).toBe("");
    const report = JSON.parse(run.stdout) as { type: string; value: Record<string, unknown> };
    expect(report.type).toBe("binary-plist");
    // 2^64 + 12345 is not representable as a double: any Number on the way would round it.
    expect(report.value.CFBundleVersionHuge).toBe(((1n << 64n) + 12345n).toString());
    expect(Number(report.value.CFBundleVersionHuge).toString()).not.toBe(report.value.CFBundleVersionHuge);
  });

  it("prototype-pollution keys are data in `ne-lint inspect --format json`", () => {
    const hostile = CASES.find((candidate) => candidate.name.startsWith("prototype-pollution keys in an XML plist"));
    if (!hostile) throw new Error("the XML prototype-pollution case is missing");
    const dir = prepare(hostile);
    const run = runMeasured(["inspect", "--format", "json", hostile.file], dir);
    expect(run.status).toBe(0);
    const value = (JSON.parse(run.stdout) as { value: Record<string, unknown> }).value;
    expect(Object.keys(value)).toEqual(["__proto__", "constructor", "hasOwnProperty", "NSAppTransportSecurity"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: true });
  });
});

describe("prototype pollution, in process", () => {
  it("lint() decodes __proto__, constructor and prototype keys as plain data and leaves Object.prototype alone", async () => {
    const pollution = CASES.filter((hostile) => hostile.name.startsWith("prototype-pollution keys"));
    expect(pollution.map((hostile) => hostile.file).sort()).toEqual(["App/App.entitlements", "App/Info.plist", "app.json"]);
    const dir = path.join(root, "pollution");
    mkdirSync(dir, { recursive: true });
    for (const hostile of pollution) buildCase(hostile, { dir, outside: root });
    const before = Object.getOwnPropertyNames(Object.prototype).sort();

    const result = await lint({ paths: ["."], cwd: dir });

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    expect(typeof ({}).hasOwnProperty).toBe("function");
    expect(result.failures).toEqual([]);

    const info = result.workspace.documents.find((document) => document.file.path === "App/Info.plist");
    const root_ = info?.root;
    if (!root_ || !isDict(root_)) throw new Error("App/Info.plist did not decode to a dict");
    expect([...root_.byKey.keys()]).toEqual(["__proto__", "constructor", "hasOwnProperty", "NSAppTransportSecurity"]);
    const proto = root_.byKey.get("__proto__")?.value as PlistDict | undefined;
    expect(proto && isDict(proto) && [...proto.byKey.keys()]).toEqual(["polluted"]);

    const entitlements = result.workspace.documents.find((document) => document.file.path === "App/App.entitlements");
    expect(entitlements && isDict(entitlements.root) && [...entitlements.root.byKey.keys()]).toEqual(["__proto__", "constructor", "com.apple.developer.networking.networkextension"]);

    const expo = result.workspace.documents.find((document) => document.file.path === "app.json" && document.kind === "info-plist");
    expect(expo && isDict(expo.root) && [...expo.root.byKey.keys()]).toEqual(["__proto__", "constructor", "NSAppTransportSecurity"]);

    const ats = result.findings.filter((finding) => finding.ruleId === "ats/arbitrary-loads").map((finding) => finding.file).sort();
    expect(ats).toEqual(["App/Info.plist", "Normal/Info.plist", "app.json"]);
  });
});
