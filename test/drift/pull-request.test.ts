/**
 * The Action's pull-request comparison in process, on a shallow clone of a local bare `origin` (as
 * actions/checkout leaves it): the missing base commit is fetched and compared; when it cannot be fetched the
 * checkout is linted as on a push and the run is marked incomplete (drift not checked), with what to add to
 * the workflow.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lintPullRequest } from "../../src/drift/pull-request.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";
import { shallowCloneOf, type ShallowClone } from "../helpers/shallow-clone.js";

const plist = (...lines: string[]): string => ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");
const INFO = plist("\t<key>CFBundleIdentifier</key>", "\t<string>com.example.app</string>", "\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<true/>", "\t</dict>");
const entitlements = (...extra: string[]): string => plist("\t<key>com.apple.security.application-groups</key>", "\t<array>", "\t\t<string>group.com.example</string>", "\t</array>", ...extra);

let source: TestRepo;
let baseSha: string;
const clones: ShallowClone[] = [];

beforeAll(() => {
  source = createTestRepo();
  baseSha = source.commit({ "App/Info.plist": INFO, "App/App.entitlements": entitlements() }, "base");
  source.commit({ "App/App.entitlements": entitlements("\t<key>com.apple.developer.networking.multicast</key>", "\t<true/>") }, "pull request: multicast");
});
afterEach(() => {
  for (const clone of clones.splice(0)) clone.remove();
});
afterAll(() => source.remove());

function clone(): ShallowClone {
  const made = shallowCloneOf(source);
  clones.push(made);
  return made;
}

describe("lintPullRequest on a shallow checkout", () => {
  it("fetches the base commit from origin and compares with it", async () => {
    const c = clone();
    expect(c.git("rev-parse", "--is-shallow-repository")).toBe("true");
    const run = await lintPullRequest({ paths: ["."], cwd: c.dir }, { sha: baseSha, enabled: true });
    expect(run).toMatchObject({ compared: true, fetched: true });
    expect(run.note).toBeUndefined();
    // ats/arbitrary-loads was already at the base commit: only the drift is reported.
    expect(run.result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["drift/entitlement-added", "App/App.entitlements", 8]]);
    expect(run.result.summary.incomplete).toBeUndefined();
    expect(c.git("status", "--porcelain")).toBe("");
  });

  it("does not fetch when the base commit is already there", async () => {
    const run = await lintPullRequest({ paths: ["."], cwd: source.dir }, { sha: baseSha, enabled: true });
    expect(run).toMatchObject({ compared: true });
    expect(run.fetched).toBeUndefined();
  });

  it("when the fetch fails, lints every finding, marks drift as not checked and says what to add to actions/checkout", async () => {
    const c = clone();
    c.git("remote", "set-url", "origin", "file:///nonexistent/ne-lint/origin.git");
    const run = await lintPullRequest({ paths: ["."], cwd: c.dir }, { sha: baseSha, enabled: true });
    expect(run.compared).toBe(false);
    expect(run.result.findings.map((f) => f.ruleId)).toEqual(["ats/arbitrary-loads"]);
    expect(run.result.summary.incomplete).toEqual([
      expect.stringMatching(new RegExp(`^Drift not fully checked: the pull request's base commit could not be compared \\(the base commit ${baseSha} is not in the clone, and fetching it failed: git fetch origin ${baseSha} failed \\(git: .+\\)\\)\\.$`)),
    ]);
    expect(run.note).toMatch(/^What this pull request changes in what ships was not checked, and every finding of the checkout is reported: the base commit [0-9a-f]{40} is not in the clone, and fetching it failed: .*\. Give the actions\/checkout step `fetch-depth: 0`, or fetch the base commit before ne-lint \(`git fetch --depth=1 origin [0-9a-f]{40}`\); the input `drift: false` turns the comparison off\.$/);
  });

  it("in a workspace that is no git repository, lints as on a push with a note, complete for what it is", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "ne-lint-no-git-"));
    writeFileSync(path.join(folder, "Info.plist"), INFO);
    const run = await lintPullRequest({ paths: ["."], cwd: folder }, { sha: baseSha, enabled: true }).finally(() => rmSync(folder, { recursive: true, force: true }));
    expect(run.compared).toBe(false);
    expect(run.result.findings.map((f) => f.ruleId)).toEqual(["ats/arbitrary-loads"]);
    expect(run.result.summary.incomplete).toBeUndefined();
    expect(run.note).toBe("What this pull request changes in what ships was not checked: the workspace is not a git repository (check the code out with actions/checkout, or set the input `drift: false`).");
  });

  it("without origin at all, says so the same way", async () => {
    const c = clone();
    c.git("remote", "remove", "origin");
    const run = await lintPullRequest({ paths: ["."], cwd: c.dir }, { sha: baseSha, enabled: true });
    expect(run.compared).toBe(false);
    expect(run.result.summary.incomplete?.[0]).toContain("'origin' does not appear to be a git repository");
  });
});
