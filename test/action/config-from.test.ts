/**
 * The pull request's own config (issue 16): a pull request adds `.ne-lint.json` with a rule turned off and
 * `ignore: ["**"]`. Every CLI format names what the config turns off and ignores; the Action (in process), on a
 * real git repository whose base commit has the maintainers' config, reports each relaxation as
 * `config/gate-relaxed` and, with `config-from: base`, is gated by the base commit's config.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";
import { validateWithRepoSchema } from "../helpers/schemas.js";
import { NORMAL_INFO_PLIST } from "../hostile/files.js";
import { pullRequestEventWithBase } from "./fixtures.js";
import { runActionInProcess } from "./run-action.js";

const BASE_CONFIG = `${JSON.stringify({ rules: { "ats/local-networking": "off" } })}\n`;
const HEAD_CONFIG = `${JSON.stringify({ rules: { "ats/arbitrary-loads": "off", "ats/weak-min-tls": "note", "config/gate-relaxed": "off" }, ignore: ["Vendor/**"] })}\n`;
const IGNORE_ALL = `${JSON.stringify({ ignore: ["**"] })}\n`;

let repo: TestRepo;
let baseSha: string;

beforeAll(() => {
  repo = createTestRepo();
  baseSha = repo.commit({ "App/Info.plist": NORMAL_INFO_PLIST, ".ne-lint.json": BASE_CONFIG }, "base: the maintainers' config");
  repo.commit({ ".ne-lint.json": HEAD_CONFIG }, "pull request: relax the gate");
});
afterAll(() => repo.remove());

describe("the CLI names what the config turns off, down and ignores, in every format", () => {
  it("stylish, json, sarif and github", async () => {
    const stylish = runCli(["."], { cwd: repo.dir });
    expect(stylish.status).toBe(0);
    expect(stylish.stdout).toContain("✔ No problems in 1 file");
    expect(stylish.stdout).toContain("⚠ The config .ne-lint.json turns off 2 rules (ats/arbitrary-loads, config/gate-relaxed), lowers 1 rule (ats/weak-min-tls warning → note) and ignores Vendor/**.");

    const json = await runCliInProcess(["--format", "json", "."], { cwd: repo.dir });
    const report = JSON.parse(json.stdout);
    expect(validateWithRepoSchema("schema/json-output.schema.json", report)).toBeUndefined();
    expect(report.summary.config).toEqual({
      file: ".ne-lint.json",
      rulesOff: ["ats/arbitrary-loads", "config/gate-relaxed"],
      rulesLowered: [{ ruleId: "ats/weak-min-tls", from: "warning", to: "note" }],
      ignore: ["Vendor/**"],
    });

    const sarif = JSON.parse((await runCliInProcess(["--format", "sarif", "."], { cwd: repo.dir })).stdout);
    expect(sarif.runs[0].properties.neLintConfig.rulesOff).toEqual(["ats/arbitrary-loads", "config/gate-relaxed"]);
    expect(sarif.runs[0].properties.neLintConfig.ignore).toEqual(["Vendor/**"]);

    const github = await runCliInProcess(["--format", "github", "."], { cwd: repo.dir });
    expect(github.stdout.trim().split("\n")).toEqual(["::notice title=ne-lint config::The config .ne-lint.json turns off 2 rules (ats/arbitrary-loads, config/gate-relaxed), lowers 1 rule (ats/weak-min-tls warning → note) and ignores Vendor/**."]);
  });

  it("says nothing when the config relaxes nothing", async () => {
    const strict = createTestRepo();
    try {
      strict.commit({ "App/Info.plist": NORMAL_INFO_PLIST, ".ne-lint.json": `${JSON.stringify({ rules: { "ats/weak-min-tls": "error" } })}\n` }, "strict");
      const json = JSON.parse((await runCliInProcess(["--format", "json", "."], { cwd: strict.dir })).stdout);
      expect(json.summary).not.toHaveProperty("config");
      expect((await runCliInProcess(["."], { cwd: strict.dir })).stdout).not.toContain("⚠ The config");
    } finally {
      strict.remove();
    }
  });
});

describe("the Action on a pull request whose config relaxes the base commit's", () => {
  it("config-from: head (default) lints with the pull request's config and reports each relaxation, which the pull request cannot turn off", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands", "sarif-file": "out.sarif" }, event: pullRequestEventWithBase(baseSha) });
    expect(run.status, run.stderr).toBe(1);
    const relaxed = run.stdout.split("\n").filter((line) => line.includes("title=ne-lint config/gate-relaxed"));
    expect(relaxed).toEqual([
      "::error file=.ne-lint.json,title=ne-lint config/gate-relaxed::The pull request's config ignores \"Vendor/**\", which the base branch's config does not.",
      "::error file=.ne-lint.json,title=ne-lint config/gate-relaxed::The pull request's config lowers ats/weak-min-tls from warning (base branch) to note.",
      "::error file=.ne-lint.json,title=ne-lint config/gate-relaxed::The pull request's config turns off ats/arbitrary-loads, which the base branch's config reports as error.",
      "::error file=.ne-lint.json,title=ne-lint config/gate-relaxed::The pull request's config turns off config/gate-relaxed, which the base branch's config reports as error.",
    ]);
    // The pull request's config gated the lint itself: ats/arbitrary-loads is off.
    expect(run.stdout).not.toContain("ats/arbitrary-loads::");
    expect(run.summary).toContain("## ne-lint: failed");
    expect(run.summary).toContain("⚠️ The config `.ne-lint.json` turns off 2 rules (ats/arbitrary-loads, config/gate-relaxed), lowers 1 rule (ats/weak-min-tls warning → note) and ignores `Vendor/**` (config from the pull request).");
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, "out.sarif"), "utf8"));
    expect(sarif.runs[0].properties.neLintConfig.ignore).toEqual(["Vendor/**"]);
    expect(sarif.runs[0].results.filter((result: { ruleId: string }) => result.ruleId === "config/gate-relaxed")).toHaveLength(4);
  });

  it("config-from: base gates the run with the base commit's config, read without touching the working tree", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands", "config-from": "base", drift: "false" }, event: pullRequestEventWithBase(baseSha) });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^::error file=App\/Info.plist,line=\d+,col=\d+,[^\n]*title=ne-lint ats\/arbitrary-loads::/m);
    // Workflow commands only: the log's grouped listing names the rule too.
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::error file=") && line.includes("config/gate-relaxed"))).toHaveLength(4);
    expect(run.summary).toContain("turns off 1 rule (ats/local-networking) (config from the base commit).");
    expect(repo.git("status", "--porcelain", "--untracked-files=no")).toBe("");
  });

  it("a pull request that ignores everything passes no more", async () => {
    const ignoring = createTestRepo();
    try {
      const base = ignoring.commit({ "App/Info.plist": NORMAL_INFO_PLIST }, "base without a config");
      ignoring.commit({ ".ne-lint.json": IGNORE_ALL }, "pull request: ignore everything");
      const head = await runActionInProcess({ workspace: ignoring.dir, inputs: { paths: ".", annotations: "commands", drift: "false" }, event: pullRequestEventWithBase(base) });
      expect(head.status).toBe(1);
      expect(head.stdout).toContain("::error file=.ne-lint.json,title=ne-lint config/gate-relaxed::The pull request's config ignores \"**\", which the base branch's config does not.");
      expect(head.summary).toContain("ignores `**` (config from the pull request)");
      const base_ = await runActionInProcess({ workspace: ignoring.dir, inputs: { paths: ".", annotations: "commands", "config-from": "base", drift: "false" }, event: pullRequestEventWithBase(base) });
      expect(base_.stdout).toContain("title=ne-lint ats/arbitrary-loads::");
    } finally {
      ignoring.remove();
    }
  });

  it("config-from: base fails the step when the base commit is not in the checkout (shallow clone)", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", "config-from": "base" }, event: pullRequestEventWithBase("0123456789abcdef0123456789abcdef01234567") });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error::ne-lint: config-from: base: the base commit's config cannot be read \(commit 0123456789abcdef0123456789abcdef01234567 is not in the local repository.*fetch-depth: 2/m);
    expect(run.outputs.result).toBeUndefined();
  });

  it("config-from: head without the base commit says the config was not compared", async () => {
    const run = await runActionInProcess({ workspace: repo.dir, inputs: { paths: ".", annotations: "commands" }, event: pullRequestEventWithBase("0123456789abcdef0123456789abcdef01234567") });
    expect(run.status).toBe(0);
    expect(run.summary).toContain("- The base commit's config could not be read");
    expect(run.summary).toContain("Check out with `fetch-depth: 2` (or 0) in actions/checkout.");
  });
});
