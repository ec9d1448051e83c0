/**
 * Issue 16, Xcode-side hangs and blow-ups, through the bundled CLI: each input is a few KB that made the
 * old reader hang or run out of memory. Each run must finish with the expected findings and no stack
 * trace; a budget that is hit is a finding naming the file and the limit. The work bounds themselves are
 * asserted at unit level (test/decode/xcode-budgets.test.ts) and here through `lint()` with counted reads;
 * the child-process timeout is only a hang guard, far above the measured time.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfinedFiles } from "../../src/discover/confined-files.js";
import { lint } from "../../src/engine.js";
import { runCli } from "../helpers/cli.js";
import { includeFanOut, manyTargetsProject, plist, singleTargetProject, writeFiles } from "./xcode-attacks.js";

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

const root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-xcode-blowups-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ATS_OFF = "\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n";
/** Hang guard only: each case takes a few seconds of CPU at most on a loaded machine. */
const GUARD_MS = 120_000;

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

function lintJson(cwd: string): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const run = runCli(["--format", "json", "."], { cwd, timeoutMs: GUARD_MS });
  expect(run.stderr).not.toMatch(/^\s+at\s|Error:/m);
  return { status: run.status, findings: run.stdout ? (JSON.parse(run.stdout).findings as JsonFinding[]) : [], stderr: run.stderr };
}

describe("Xcode projects that used to hang or blow up", () => {
  it("15 xcconfigs that each include the next 10 times: one limit finding at the file where loading stopped", async () => {
    const dir = folder("fan-out", {
      "App.xcodeproj/project.pbxproj": singleTargetProject({ settings: { INFOPLIST_FILE: "Info.plist" }, xcconfig: "f0.xcconfig" }),
      "Info.plist": plist(ATS_OFF),
    });
    includeFanOut(dir);
    const run = lintJson(dir);
    expect(run.status).toBe(1);
    const limits = run.findings.filter((finding) => finding.ruleId === "xcode/limit-exceeded");
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatchObject({ file: expect.stringMatching(/^f\d+\.xcconfig$/), line: expect.any(Number) });
    expect(limits[0]!.message).toMatch(/^Reading the project's xcconfig files stopped here: they add up to more than 5000 xcconfig loads \(#include fan-out\), ne-lint's limit/);
    // The rest of the project is still checked.
    expect(run.findings.some((finding) => finding.ruleId === "ats/arbitrary-loads" && finding.file === "Info.plist")).toBe(true);
    // Work: each xcconfig is opened once, plus the project and the Info.plist.
    const files = ConfinedFiles.forPaths(["."], dir);
    await lint({ paths: ["."], cwd: dir, files, rules: [] });
    expect(files.counts.opened).toBe(15 + 2);
  }, GUARD_MS);

  it("32 unterminated `$(` in a build setting and in an Info.plist string stay as written", () => {
    const open = "$(".repeat(32);
    const dir = folder("dollars", {
      "App.xcodeproj/project.pbxproj": singleTargetProject({ settings: { INFOPLIST_FILE: "Info.plist", PRODUCT_BUNDLE_IDENTIFIER: `${open}X`, OTHER: "$(".repeat(5_000) } }),
      "Info.plist": plist(`\t<key>CFBundleIdentifier</key>\n\t<string>${open}PRODUCT_BUNDLE_IDENTIFIER</string>\n\t<key>NSExceptionDomains</key>\n\t<string>$(${open}</string>\n${ATS_OFF}`),
    });
    const run = lintJson(dir);
    expect(run.status).toBe(1);
    expect(run.findings.map((finding) => finding.ruleId)).toContain("ats/arbitrary-loads");
  }, GUARD_MS);

  it("settings that double at each level: limit findings for the setting and for the Info.plist string, the rest still checked", async () => {
    const doubling: Record<string, string> = { A40: "xy" };
    for (let level = 0; level < 40; level++) doubling[`A${level}`] = `$(A${level + 1})$(A${level + 1})`;
    const dir = folder("doubling", {
      "App.xcodeproj/project.pbxproj": singleTargetProject({ settings: { INFOPLIST_FILE: "Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "$(A0)", ...doubling } }),
      "Info.plist": plist(`\t<key>CFBundleName</key>\n\t<string>$(A0)</string>\n${ATS_OFF}`),
    });
    const run = lintJson(dir);
    expect(run.status).toBe(1);
    expect(run.findings.filter((finding) => finding.ruleId === "xcode/limit-exceeded").map((finding) => [finding.file, finding.message])).toEqual([
      ["App.xcodeproj/project.pbxproj", expect.stringMatching(/^Target App, configuration Release: build setting PRODUCT_BUNDLE_IDENTIFIER expands too deeply or too often to resolve \(more than 20000 steps, 64 levels or 262144 characters, ne-lint's limits\)/)],
      ["Info.plist", "Some $(…) in Info.plist expand too deeply or too often (more than 20000 steps, 64 levels or 262144 characters, ne-lint's limits); they are kept unexpanded (unknown)."],
    ]);
    expect(run.findings.some((finding) => finding.ruleId === "ats/arbitrary-loads")).toBe(true);
  }, GUARD_MS);

  it("SDKROOT[config=*a*a*a*a*a*a*a*a*b] against a 100,000-character configuration name", async () => {
    const dir = folder("glob", {
      "App.xcodeproj/project.pbxproj": singleTargetProject({ configuration: "a".repeat(100_000), settings: { INFOPLIST_FILE: "Info.plist", "SDKROOT[config=*a*a*a*a*a*a*a*a*b]": "macosx", "SDKROOT[config=*a*a*a*a*a*a*a*a*a]": "appletvos" } }),
      "Info.plist": plist(ATS_OFF),
    });
    const run = lintJson(dir);
    expect(run.status).toBe(1);
    expect(run.findings.filter((finding) => finding.ruleId === "ats/arbitrary-loads").map((finding) => finding.file)).toEqual(["Info.plist"]);
  }, GUARD_MS);

  it("2,000 targets sharing an Info.plist of 20,000 `$(X)` strings: expanded once when X is shared", async () => {
    const strings = Array.from({ length: 20_000 }, (_, index) => `\t<key>K${index}</key>\n\t<string>$(X)</string>\n`).join("");
    const shared = folder("shared", { "App.xcodeproj/project.pbxproj": manyTargetsProject(2_000), "App/Info.plist": plist(`${strings}${ATS_OFF}`) });
    const run = lintJson(shared);
    expect(run.status).toBe(1);
    expect(run.findings.map((finding) => [finding.ruleId, finding.file])).toEqual([["ats/arbitrary-loads", "App/Info.plist"]]);
    // Work: the Info.plist is read once and becomes one expanded document for all 2,000 targets.
    const files = ConfinedFiles.forPaths(["."], shared);
    const result = await lint({ paths: ["."], cwd: shared, files, rules: [] });
    expect(files.counts.opened).toBe(2);
    expect(result.workspace.targets).toHaveLength(2_000);
    expect(new Set(result.workspace.targets.map((target) => target.infoPlist)).size).toBe(1);
  }, GUARD_MS);

  it("2,000 targets giving the shared Info.plist 2,000 different values: expanded up to the budget, then a limit finding", async () => {
    const strings = Array.from({ length: 20_000 }, (_, index) => `\t<key>K${index}</key>\n\t<string>$(X)</string>\n`).join("");
    const distinct = folder("distinct", { "App.xcodeproj/project.pbxproj": manyTargetsProject(2_000, (index) => ({ X: `value${index}` })), "App/Info.plist": plist(strings) });
    const run = lintJson(distinct);
    expect(run.status).toBe(1);
    expect(run.findings).toEqual([
      expect.objectContaining({
        ruleId: "xcode/limit-exceeded",
        file: "App/Info.plist",
        message: "Expanding build settings in App/Info.plist for every target and configuration needs more than 500000 steps, ne-lint's limit for a project; some targets see it with its $(…) settings unexpanded (unknown).",
      }),
    ]);
  }, GUARD_MS);
});
