/**
 * `ne-lint --base REV` through the CLI (the first case through the bundle, the rest in process) on real git repositories the test builds: findings new since
 * the revision plus drift, renames and moves without drift, a Debug-only change without drift, revisions
 * that cannot be read (exit 2 with a sentence), and the working tree left as it was.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLintedPath, REVISION_LIMITS, RevisionTreeError, writeRevisionTree } from "../../src/drift/revision-tree.js";
import type { Finding } from "../../src/linter/finding.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";
import { PbxprojBuilder } from "../helpers/xcode-fixtures.js";

const repos: TestRepo[] = [];
const temps: string[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
  for (const temp of temps) rmSync(temp, { recursive: true, force: true });
});

function repo(): TestRepo {
  const created = createTestRepo();
  repos.push(created);
  return created;
}

const plist = (...lines: string[]): string => ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");
const info = (id: string, ...lines: string[]): string => plist("\t<key>CFBundleIdentifier</key>", `\t<string>${id}</string>`, "\t<key>MinimumOSVersion</key>", "\t<string>16.0</string>", ...lines);
const ne = (...values: string[]): string => plist("\t<key>com.apple.developer.networking.networkextension</key>", "\t<array>", ...values.map((value) => `\t\t<string>${value}</string>`), "\t</array>");
const HTTP_DOMAIN = ["\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSExceptionDomains</key>", "\t\t<dict>", "\t\t\t<key>old.example.com</key>", "\t\t\t<dict>", "\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>", "\t\t\t\t<string>TLSv1.0</string>", "\t\t\t</dict>", "\t\t</dict>", "\t</dict>"];
const ARBITRARY = ["\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<true/>", "\t</dict>"];

function lintJson(cwd: string, ...args: string[]): { status: number | null; findings: Finding[]; stderr: string } {
  const run = runCli(["--format", "json", ...args], { cwd });
  return { status: run.status, findings: run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }).findings : [], stderr: run.stderr };
}

const brief = (findings: readonly Finding[]): [string, string, number | undefined][] => findings.map((f) => [f.ruleId, f.file, f.line]);

describe("--base REV", () => {
  it("reports the findings the working tree adds and what it changes in what ships, located in the new files", async () => {
    const r = repo();
    const base = r.commit({ "App/Info.plist": info("com.example.app", ...HTTP_DOMAIN), "App/App.entitlements": ne("packet-tunnel-provider") }, "base");
    r.commit({}, "unrelated");
    writeFileSync(path.join(r.dir, "App/Info.plist"), info("com.example.app", ...ARBITRARY));
    writeFileSync(path.join(r.dir, "App/App.entitlements"), ne("packet-tunnel-provider", "app-push-provider"));
    const before = r.git("status", "--porcelain");
    const plain = lintJson(r.dir, ".");
    const run = lintJson(r.dir, "--base", base, ".");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(brief(run.findings)).toEqual([
      ["drift/entitlement-value-added", "App/App.entitlements", 7],
      ["ne/managed-capability", "App/App.entitlements", 7],
      ["ats/arbitrary-loads", "App/Info.plist", 10],
      ["drift/ats-relaxed", "App/Info.plist", 10],
      ["drift/ats-tightened", "App/Info.plist", 12],
    ]);
    // The TLS exception was removed: the tightening is shown in the old file, at the old line.
    expect(run.findings[4]!.message).toMatch(/^App: the exception domain old\.example\.com \(TLS down to TLSv1\.0\) is gone/);
    // A plain lint of the same tree reports the same ordinary findings; --base keeps only what is new.
    expect(brief(plain.findings.filter((f) => !f.ruleId.startsWith("drift/")))).toEqual(brief(run.findings.filter((f) => !f.ruleId.startsWith("drift/"))));
    expect(r.git("status", "--porcelain")).toBe(before);
  });

  it("drops the ordinary findings the revision already had, even when lines moved", async () => {
    const r = repo();
    const base = r.commit({ "App/Info.plist": info("com.example.app", ...ARBITRARY) }, "base");
    writeFileSync(path.join(r.dir, "App/Info.plist"), info("com.example.app", "\t<key>CFBundleName</key>", "\t<string>App</string>", ...ARBITRARY));
    const run = lintJson(r.dir, "--base", base);
    expect(run.findings).toEqual([]);
    expect(run.status).toBe(0);
    expect(lintJson(r.dir).findings.map((f) => f.ruleId)).toEqual(["ats/arbitrary-loads"]);
  });

  it("matches the revision's findings by repository-relative fingerprints when run from a subfolder", async () => {
    const r = repo();
    const base = r.commit({ "ios/App/Info.plist": info("com.example.app", ...ARBITRARY) }, "base");
    writeFileSync(path.join(r.dir, "ios/App/Info.plist"), info("com.example.app", "\t<key>CFBundleName</key>", "\t<string>App</string>", ...ARBITRARY));
    const sub = path.join(r.dir, "ios");
    const plain = lintJson(sub, ".");
    expect(brief(plain.findings)).toEqual([["ats/arbitrary-loads", "App/Info.plist", 12]]);
    // The fingerprint hashes ios/App/Info.plist (the repository-relative path), not the display path.
    const fromRoot = lintJson(r.dir, "ios");
    expect(fromRoot.findings[0]!.fingerprint).toBe(plain.findings[0]!.fingerprint);
    // The old tree is materialised in a temporary folder: its fingerprints are relative to the mirrored
    // repository root, so the finding the revision already had is not reported as new.
    const run = lintJson(sub, "--base", base, ".");
    expect(run.stderr).toBe("");
    expect(run.findings).toEqual([]);
    expect(run.status).toBe(0);
    // A new finding in the same run keeps the fingerprint a plain lint gives it (drift findings too).
    writeFileSync(path.join(r.dir, "ios/App/App.entitlements"), ne("app-push-provider"));
    const added = lintJson(sub, "--base", base, ".");
    const plainAdded = lintJson(sub, ".");
    const ordinary = added.findings.filter((f) => !f.ruleId.startsWith("drift/"));
    expect(ordinary.length).toBeGreaterThan(0);
    for (const finding of ordinary) expect(plainAdded.findings.find((f) => f.ruleId === finding.ruleId && f.line === finding.line)?.fingerprint).toBe(finding.fingerprint);
    const drift = added.findings.find((f) => f.ruleId === "drift/target-added" || f.ruleId === "drift/entitlement-added");
    expect(drift).toBeDefined();
    expect(lintJson(r.dir, "--base", base, "ios").findings.find((f) => f.ruleId === drift!.ruleId)?.fingerprint).toBe(drift!.fingerprint);
  });

  it("reports no drift for renamed and moved files and a renamed folder, and compares committed revisions with HEAD's tree", async () => {
    const r = repo();
    const base = r.commit({ "App/Info.plist": info("com.example.app"), "App/App.entitlements": ne("dns-proxy"), "Ext/Info.plist": info("com.example.app.ext") }, "base");
    r.git("mv", "App", "Sources");
    r.git("mv", "Sources/App.entitlements", "Sources/Renamed.entitlements");
    r.git("mv", "Ext", "Extension");
    r.git("commit", "-q", "-m", "move");
    expect(lintJson(r.dir, "--base", base).findings).toEqual([]);
    expect(lintJson(r.dir, "--base", "HEAD").findings).toEqual([]);
  });

  it("reports targets added and removed, and an entitlement removed in the old file", async () => {
    const r = repo();
    const base = r.commit({ "App/Info.plist": info("com.example.app"), "App/App.entitlements": ne("dns-proxy"), "Widget/Info.plist": info("com.example.app.widget") }, "base");
    r.commit({ "App/App.entitlements": plist(), "Widget/Info.plist": null, "Tunnel/Info.plist": info("com.example.app.tunnel") }, "head");
    const run = lintJson(r.dir, "--base", base);
    expect(brief(run.findings)).toEqual([
      ["drift/entitlement-removed", "App/App.entitlements", 4],
      ["drift/target-added", "Tunnel/Info.plist", 4],
      ["drift/target-removed", "Widget/Info.plist", 4],
    ]);
    expect(run.status).toBe(0);
  });

  it("reports no drift for a change to a configuration that does not ship, and drift for it with --configuration", async () => {
    const b = new PbxprojBuilder();
    const app = b.target({
      name: "App",
      productType: "com.apple.product-type.application",
      configurationList: b.configList([
        b.config("Debug", { INFOPLIST_FILE: "App/Info.plist", CODE_SIGN_ENTITLEMENTS: "App/App-Debug.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "com.example.app", SDKROOT: "iphoneos", IPHONEOS_DEPLOYMENT_TARGET: "16.0" }),
        b.config("Release", { INFOPLIST_FILE: "App/Info.plist", CODE_SIGN_ENTITLEMENTS: "App/App.entitlements", PRODUCT_BUNDLE_IDENTIFIER: "com.example.app", SDKROOT: "iphoneos", IPHONEOS_DEPLOYMENT_TARGET: "16.0" }),
      ]),
    });
    b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Debug", {}), b.config("Release", {})]), targets: [app] });
    const r = repo();
    const base = r.commit({ "App.xcodeproj/project.pbxproj": b.toString(), "App/Info.plist": info("$(PRODUCT_BUNDLE_IDENTIFIER)"), "App/App.entitlements": ne("dns-proxy"), "App/App-Debug.entitlements": ne("dns-proxy") }, "base");
    r.commit({ "App/App-Debug.entitlements": ne("dns-proxy", "content-filter-provider") }, "debug only");
    expect(lintJson(r.dir, "--base", base).findings).toEqual([]);
    const debug = lintJson(r.dir, "--base", base, "--configuration", "Debug");
    expect(debug.findings.map((f) => [f.ruleId, f.file, f.line, f.target, f.configuration, f.message])).toEqual([
      ["drift/entitlement-value-added", "App/App-Debug.entitlements", 7, "App", "Debug", "App adds content-filter-provider to com.apple.developer.networking.networkextension (Network Extensions): the App ID com.example.app's Network Extensions settings and its provisioning profiles must include it."],
    ]);
  });

  it("exits 2 with a sentence for a revision that is not there, a shallow clone without it, a path outside the repository, no repository", async () => {
    const r = repo();
    const first = r.commit({ "App/Info.plist": info("com.example.app") }, "first");
    r.commit({ "App/Info.plist": info("com.example.app", ...ARBITRARY) }, "second");
    const missing = await runCliInProcess(["--base", "0123456789abcdef0123456789abcdef01234567"], { cwd: r.dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^ne-lint: commit 0123456789abcdef0123456789abcdef01234567 is not in the local repository .*; fetch it first \(`git fetch origin <ref>`\)\n$/);
    expect((await runCliInProcess(["--base", "--output=x"], { cwd: r.dir })).status).toBe(2);

    const parent = mkdtempSync(path.join(os.tmpdir(), "ne-lint-shallow-"));
    temps.push(parent);
    const shallow = path.join(parent, "clone");
    execFileSync("git", ["clone", "-q", "--depth=1", `file://${r.dir}`, shallow]);
    const run = await runCliInProcess(["--base", first], { cwd: shallow });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("the clone is shallow: fetch the base commit (`git fetch --depth=1 origin <sha>`) or, in GitHub Actions, give actions/checkout `fetch-depth: 0`");

    const outside = await runCliInProcess(["--base", first, parent], { cwd: r.dir });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe(`ne-lint: ${parent} is outside the git repository ${r.dir}; --base compares paths inside it\n`);
    const noRepo = await runCliInProcess(["--base", "HEAD"], { cwd: parent });
    expect(noRepo.status).toBe(2);
    expect(noRepo.stderr).toMatch(/--base needs a git repository, and .* is not inside one/);
  });
});

describe("the revision's tree", () => {
  it("holds only the kinds of file ne-lint reads, regular files only, outside skipped folders", async () => {
    const r = repo();
    const files = { "App/Info.plist": info("a"), "App/App.entitlements": ne("dns-proxy"), "App/Config.xcconfig": "A = 1\n", "App/main.swift": "print(1)\n", "README.md": "# x\n", "App/logo.png": "png", "Pods/X/Info.plist": info("pod"), "Old.app/Info.plist": info("b"), "Old.app/Assets.car": "car" };
    r.commit(files, "base");
    symlinkSync("/etc/passwd", path.join(r.dir, "App/Linked.plist"));
    const revision = r.commit({}, "symlink");
    const mirror = mkdtempSync(path.join(os.tmpdir(), "ne-lint-mirror-"));
    temps.push(mirror);
    const written = await writeRevisionTree(r.dir, revision, [], mirror);
    const listed = execFileSync("find", [".", "-type", "f"], { cwd: mirror, encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(listed).toEqual(["./App/App.entitlements", "./App/Config.xcconfig", "./App/Info.plist", "./App/main.swift", "./Old.app/Assets.car", "./Old.app/Info.plist"]);
    expect(written.files).toBe(6);
    expect(written.bytes).toBe(listed.reduce((sum, file) => sum + Buffer.byteLength(files[file.slice(2) as keyof typeof files]), 0));
    // Beyond a bound the revision is refused, not linted in part (its findings would look new).
    const bounded = (limits: Partial<typeof REVISION_LIMITS>) => writeRevisionTree(r.dir, revision, [], mkdtempSync(path.join(mirror, "b-")), { ...REVISION_LIMITS, ...limits });
    await expect(bounded({ files: 5 })).rejects.toThrow(new RevisionTreeError(`${revision} has 6 files ne-lint reads under the paths given (at most 5); lint a narrower path`));
    await expect(bounded({ totalBytes: 100 })).rejects.toThrow(/add up to \d+ bytes \(at most 100\); lint a narrower path$/);
    await expect(bounded({ listed: 3 })).rejects.toThrow(`${revision} has more than 3 files under the paths given; lint a narrower path`);
    expect((await bounded({ fileBytes: 10 })).files).toBe(3);
    for (const unsafe of ["../x.plist", "a/../../Info.plist", ".git/config.plist", "a//Info.plist"]) expect(isLintedPath(unsafe), unsafe).toBe(false);
    // Read by name outside the roles: shared schemes, XcodeGen specs and includes, Capacitor configs.
    for (const read of ["App.xcodeproj/xcshareddata/xcschemes/App.xcscheme", "project.yml", "specs/targets.yaml", "web/capacitor.config.json", "scripts/ExportOptions.plist"]) expect(isLintedPath(read), read).toBe(true);
    for (const skipped of ["App.xcodeproj/xcuserdata/me.xcuserdatad/xcschemes/App.xcscheme", "docs/notes.txt"]) expect(isLintedPath(skipped), skipped).toBe(false);
  });
});
