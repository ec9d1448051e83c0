/**
 * The Action on a pull request (the first case through the bundle, the others in process), on a real git repository: the base commit comes from the event
 * payload; findings the base already had are not reported, drift is, in workflow-command annotations, SARIF
 * and a "What this pull request changes in what ships" section at the top of the job summary. Without the
 * base commit (a shallow checkout) the run says what to add to actions/checkout and lints as on a push;
 * `drift: false` turns the comparison off.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";
import { pullRequestEventWithBase } from "../action/fixtures.js";
import { runAction, runActionInProcess } from "../action/run-action.js";

const plist = (...lines: string[]): string => ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", ...lines, "</dict>", "</plist>", ""].join("\n");
const INFO = plist("\t<key>CFBundleIdentifier</key>", "\t<string>com.example.app</string>", "\t<key>NSAppTransportSecurity</key>", "\t<dict>", "\t\t<key>NSAllowsArbitraryLoads</key>", "\t\t<true/>", "\t</dict>");
const entitlements = (...extra: string[]): string => plist("\t<key>com.apple.security.application-groups</key>", "\t<array>", "\t\t<string>group.com.example</string>", "\t</array>", ...extra);

let repo: TestRepo;
let baseSha: string;

beforeAll(() => {
  repo = createTestRepo();
  baseSha = repo.commit({ "App/Info.plist": INFO, "App/App.entitlements": entitlements() }, "base");
  repo.commit({ "App/App.entitlements": entitlements("\t<key>com.apple.developer.networking.multicast</key>", "\t<true/>") }, "pull request: multicast");
});
afterAll(() => repo.remove());

describe("the Action compares a pull request with its base commit", () => {
  it("reports what the pull request changes in what ships, and not what the base already had", async () => {
    const run = await runAction({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands", "sarif-file": "out.sarif", "fail-on": "warning" }, event: pullRequestEventWithBase(baseSha) });
    expect(run.status, run.stderr).toBe(1);
    const commands = run.stdout.split("\n").filter((line) => line.includes("title=ne-lint "));
    expect(commands).toEqual([
      expect.stringMatching(/^::warning file=App\/App\.entitlements,line=8,col=2,endLine=8,endColumn=53,title=ne-lint drift\/entitlement-added::App claims a new entitlement com\.apple\.developer\.networking\.multicast \(Multicast Networking\): a managed capability: Apple must approve it/),
    ]);
    // ats/arbitrary-loads was already at the base commit: not reported, not gated.
    expect(run.stdout).not.toContain("ats/arbitrary-loads");
    expect(run.summary.indexOf("### What this pull request changes in what ships")).toBeGreaterThan(run.summary.indexOf("## ne-lint: failed"));
    expect(run.summary.indexOf("### What this pull request changes in what ships")).toBeLessThan(run.summary.indexOf("### Findings"));
    expect(run.summary).toContain("**`App`**\n\n| Change | Where | What it means |\n| --- | --- | --- |\n| Entitlement added | `App/App.entitlements:8` | `App claims a new entitlement com.apple.developer.networking.multicast");
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, "out.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(["drift/entitlement-added"]);
    expect(sarif.runs[0].tool.driver.rules.some((rule: { id: string }) => rule.id === "drift/ats-relaxed")).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("?? out.sarif");
  });

  it("says there is no change when the pull request changes nothing that ships", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands" }, event: pullRequestEventWithBase(repo.git("rev-parse", "HEAD")) });
    expect(run.status, run.stderr).toBe(0);
    expect(run.summary).toContain("### What this pull request changes in what ships\n\nNo change to entitlements, App Transport Security, local network keys or the targets that ship.");
  });

  it("without the base commit, says what to add to actions/checkout and lints every finding", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands" }, event: pullRequestEventWithBase("0123456789abcdef0123456789abcdef01234567") });
    expect(run.stdout).toMatch(/^::notice::ne-lint: What this pull request changes in what ships was not computed, and every finding of the checkout is reported: .*commit 0123456789abcdef0123456789abcdef01234567 is not in the local repository.* Add `fetch-depth: 0` to the actions\/checkout step/m);
    expect(run.stdout).toContain("title=ne-lint ats/arbitrary-loads::");
    expect(run.summary).not.toContain("### What this pull request changes");
    expect(run.summary).toContain("Add `fetch-depth: 0` to the actions/checkout step");
  });

  it("drift: false lints the checkout as on a push", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands", drift: "false" }, event: pullRequestEventWithBase(baseSha) });
    expect(run.stdout).toContain("title=ne-lint ats/arbitrary-loads::");
    expect(run.stdout).not.toContain("drift/");
    expect(run.summary).not.toContain("What this pull request changes");
  });
});
