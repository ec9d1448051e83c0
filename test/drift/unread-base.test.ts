/**
 * A base revision ne-lint could not fully read: drift is marked as not fully checked (a `lint/incomplete`
 * warning at the file and an incomplete reason), not reported as complete; a file both sides cannot read, and
 * a tree compared with itself, add nothing.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMPTY_CONFIG } from "../../src/config/config.js";
import { lintAgainstRevision } from "../../src/drift/against-revision.js";
import { unreadBase } from "../../src/drift/unread-base.js";
import type { Problem, Workspace } from "../../src/model/workspace.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";

const repos: TestRepo[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
});

const plist = (...lines: string[]): string => ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");
const INFO = plist("\t<key>CFBundleIdentifier</key>", "\t<string>com.example.app</string>");
const BROKEN = INFO.replace("</dict>", "");
const ENTITLEMENTS = plist("\t<key>com.apple.developer.networking.multicast</key>", "\t<true/>");
const REASON = "the XML is not well formed: unexpected close tag";

function repo(files: Record<string, string>): { r: TestRepo; base: string } {
  const r = createTestRepo();
  repos.push(r);
  return { r, base: r.commit(files, "base") };
}

describe("--base with a base revision that cannot be fully read", () => {
  it("says drift was not fully checked, at the unread file, as a warning and an incomplete reason", async () => {
    const { r, base } = repo({ "App/Info.plist": BROKEN, "App/App.entitlements": ENTITLEMENTS });
    writeFileSync(path.join(r.dir, "App/Info.plist"), INFO);
    const run = await lintAgainstRevision({ paths: ["."], cwd: r.dir, base });
    const sentence = `Drift not fully checked: App/Info.plist in the base revision ${base} was not read (${REASON}), so what changed in the targets built from it is not known.`;
    const incomplete = run.findings.filter((f) => f.ruleId === "lint/incomplete");
    expect(incomplete.map((f) => [f.severity, f.file, f.line, f.message])).toEqual([["warning", "App/Info.plist", undefined, sentence]]);
    expect(run.summary.incomplete).toEqual([sentence]);
    expect(run.summary.warnings).toBe(1);
  });

  it("keeps the configured severity of lint/incomplete", async () => {
    const { r, base } = repo({ "App/Info.plist": BROKEN, "App/App.entitlements": ENTITLEMENTS });
    writeFileSync(path.join(r.dir, "App/Info.plist"), INFO);
    const run = await lintAgainstRevision({ paths: ["."], cwd: r.dir, base, config: { ...EMPTY_CONFIG, rules: { "lint/incomplete": { severity: "error" } } } });
    expect(run.findings.filter((f) => f.ruleId === "lint/incomplete").map((f) => f.severity)).toEqual(["error"]);
  });

  it("adds nothing when the working tree cannot read the file either, or is the revision itself", async () => {
    const { r, base } = repo({ "App/Info.plist": BROKEN, "App/App.entitlements": ENTITLEMENTS });
    const same = await lintAgainstRevision({ paths: ["."], cwd: r.dir, base });
    expect(same.findings).toEqual([]);
    expect(same.summary.incomplete).toBeUndefined();
    writeFileSync(path.join(r.dir, "App/App.entitlements"), plist());
    const changed = await lintAgainstRevision({ paths: ["."], cwd: r.dir, base });
    expect(changed.findings.map((f) => f.ruleId)).toEqual(["drift/entitlement-removed"]);
    expect(changed.summary.incomplete).toBeUndefined();
  });
});

describe("unreadBase", () => {
  const file = (name: string) => ({ path: name, fsPath: `/repo/${name}` });
  const workspace = (...problems: Problem[]): Workspace => ({ documents: [], targets: [], problems, files: 0 });

  it("names files the base left out, base problems of unread files the head does not share, and at most 20 of them", () => {
    const base = workspace(
      { ruleId: "plist/parse-error", file: file("A/Info.plist"), message: "Unexpected end of input." },
      { ruleId: "xcode/project-invalid", file: file("A.xcodeproj/project.pbxproj"), message: "XML at line 3" },
      { ruleId: "plist/parse-error", file: file("Both/Info.plist"), message: "Bad." },
      // A finding about content, not a file that could not be read.
      { ruleId: "ats/wrong-type", file: file("A/Info.plist"), message: "not a boolean" },
    );
    const head = workspace({ ruleId: "plist/parse-error", file: file("Both/Info.plist"), message: "Bad." });
    const problems = unreadBase(base, head, { side: "2.3.ipa", skipped: [{ file: file("Big.plist"), why: "larger than 10 bytes" }] });
    expect(problems.map((p) => [p.ruleId, p.severity, p.file.path, p.message])).toEqual([
      ["lint/incomplete", "warning", "Big.plist", "Drift not fully checked: Big.plist in 2.3.ipa was not read (larger than 10 bytes), so what changed in the targets built from it is not known."],
      ["lint/incomplete", "warning", "A/Info.plist", "Drift not fully checked: A/Info.plist in 2.3.ipa was not read (unexpected end of input), so what changed in the targets built from it is not known."],
      ["lint/incomplete", "warning", "A.xcodeproj/project.pbxproj", "Drift not fully checked: A.xcodeproj/project.pbxproj in 2.3.ipa was not read (XML at line 3), so what changed in the targets built from it is not known."],
    ]);
    const many = workspace(...Array.from({ length: 25 }, (_, i) => ({ ruleId: "plist/parse-error", file: file(`F${i}/Info.plist`), message: "Bad." })));
    const capped = unreadBase(many, workspace(), { side: "the base revision main" });
    expect(capped).toHaveLength(21);
    expect(capped[20]!.message).toBe("Drift not fully checked: 5 more files in the base revision main were not read.");
  });

  it("matches the two sides through the keys it is given (two builds in different folders)", () => {
    const base = workspace({ ruleId: "plist/parse-error", file: file("2.3/App.app/Info.plist"), message: "Bad." });
    const head = workspace({ ruleId: "plist/parse-error", file: file("2.4/App.app/Info.plist"), message: "Bad." });
    expect(unreadBase(base, head, { side: "2.3" })).toHaveLength(1);
    const sides = { base: { root: "2.3", key: (f: string) => f.slice(4) }, head: { root: "2.4", key: (f: string) => f.slice(4) } };
    expect(unreadBase(base, head, { side: "2.3", sides })).toEqual([]);
  });

  it("matches a problem whose message names its own side's folder (a walk stop) as the same on both sides", () => {
    const stop = (root: string) => ({ ruleId: "lint/incomplete", file: file(`${root}/Deep`), message: `The walk stopped at '${root}/Deep': nested deeper than 64 folders.` });
    const sides = { base: { root: "2.3", key: (f: string) => f.slice(4) }, head: { root: "2.4", key: (f: string) => f.slice(4) } };
    expect(unreadBase(workspace(stop("2.3")), workspace(stop("2.4")), { side: "2.3", sides })).toEqual([]);
    expect(unreadBase(workspace(stop("2.3")), workspace(), { side: "2.3", sides })).toHaveLength(1);
  });
});
