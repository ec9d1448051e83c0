/**
 * Issue 16, "secrets leave the runner": a pull request's project tries every route to the checkout token
 * in `.git/config` and to secrets beside the repository (xcconfig `#include`s, absolute and `$(SRCROOT)`
 * paths, base configurations, `projectDirPath`, committed symbolic links, a config or baseline that is a
 * link). The CLI in every format (through the bundle for the twin and the links, in process otherwise) and the Action (the bundle on the Checks API route, the same code in
 * process on the others) must report each route as an unknown value
 * and print the token in no encoding. A twin repository holding the same secrets inside it shows the
 * check can fail: there the token does reach the output.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../action/fake-github.js";
import { pullRequestEvent } from "../action/fixtures.js";
import { runAction, runActionInProcess } from "../action/run-action.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { buildLeakRepository, FAKE_TOKEN, GIT_CONFIG, tokenLeaks, type LeakRepository } from "./xcode-attacks.js";

const FORMATS = ["stylish", "json", "sarif", "github"] as const;
/** The token is also in the environment, so `/proc/self/environ` holds it. */
const ENV = { NE_LINT_CANARY: FAKE_TOKEN, GITHUB_TOKEN: FAKE_TOKEN };
/**
 * The Action redacts tokens it finds in its environment (`*_TOKEN`), which would hide a read of
 * `.git/config` as well: it runs with the token only under a name it does not treat as a secret, as on a
 * runner where the lint step has no token in its environment but `actions/checkout` left one on disk.
 */
const ACTION_ENV = { NE_LINT_CANARY: FAKE_TOKEN };
const hasProc = process.platform === "linux";

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The Action masks the environment's token in its encodings with `::add-mask::` lines, which the runner
 * consumes (they never reach the log): the one place the token may be written.
 */
function withoutMaskCommands(stdout: string): string {
  return stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
}

let hostile: LeakRepository;
let twin: LeakRepository;

beforeAll(() => {
  hostile = buildLeakRepository();
  twin = buildLeakRepository({ leakInside: true });
});
afterAll(() => {
  rmSync(hostile.root, { recursive: true, force: true });
  rmSync(twin.root, { recursive: true, force: true });
});

describe("a project that reaches for .git/config and files beside the repository", () => {
  it("the twin with the same secrets inside the repository does print the token: the check can fail", async () => {
    const run = runCli(["--format", "json", "."], { cwd: twin.repo, env: ENV });
    expect(run.status).toBe(1);
    expect(tokenLeaks(run.stdout).length).toBeGreaterThan(0);
  });

  it("reports each route as a file it does not read, naming the setting or include, in every format, and never prints the token", async () => {
    const outputs: { label: string; text: string }[] = [];
    for (const format of FORMATS) {
      const run = await runCliInProcess(["--format", format, "."], { cwd: hostile.repo, env: ENV });
      expect(run.status, `${format}: ${run.stderr}`).toBe(1);
      outputs.push({ label: `${format} stdout`, text: run.stdout }, { label: `${format} stderr`, text: run.stderr });
    }
    for (const output of outputs) expect(tokenLeaks(output.text), output.label).toEqual([]);

    const findings = JSON.parse(outputs.find((output) => output.label === "json stdout")!.text).findings as JsonFinding[];
    const outside = findings.filter((finding) => finding.ruleId === "xcode/outside-repository");
    const said = (file: string, pattern: RegExp): boolean => outside.some((finding) => finding.file === file && pattern.test(finding.message));
    // Every route, by what it names.
    expect(said("Config/IncludeGit.xcconfig", /^#include "\.\.\/\.git\/config" names a file inside a \.git folder/)).toBe(true);
    expect(said("Config/IncludeGitOptional.xcconfig", /^#include "\.\.\/\.git\/config"/)).toBe(true);
    expect(said("Config/IncludeGitOptional.xcconfig", /^#include "\.\/\.\.\/App\/\.\.\/\.git\/config"/)).toBe(true);
    expect(said("Config/IncludeAbsolute.xcconfig", /^#include ".*\/outside\/secrets\.xcconfig" names a file outside the folders being linted/)).toBe(true);
    expect(said("Config/IncludeAbsolute.xcconfig", /^#include ".*\/outside\/secrets\.env"/)).toBe(true);
    const pbxproj = "App.xcodeproj/project.pbxproj";
    expect(said(pbxproj, /base configuration file Config\/Linked\.xcconfig is inside a \.git folder.*target LinkedXcconfig/)).toBe(true);
    expect(said(pbxproj, /base configuration file \.\.\/outside\/secrets\.xcconfig is outside .*target (AbsoluteBase|DotDotBase) and 1 other configuration/)).toBe(true);
    expect(said(pbxproj, /base configuration file \.git\/config is inside a \.git folder.*target GitBase/)).toBe(true);
    expect(said(pbxproj, /^INFOPLIST_FILE = .*\/outside\/secret\.plist names a file outside/)).toBe(true);
    expect(said(pbxproj, /^CODE_SIGN_ENTITLEMENTS = .*\/repo\/\.git\/config names a file inside a \.git folder/)).toBe(true);
    expect(said(pbxproj, /^INFOPLIST_FILE = App\/Linked-Info\.plist names a file outside/)).toBe(true);
    expect(said(pbxproj, /^CODE_SIGN_ENTITLEMENTS = App\/Git\.entitlements names a file inside a \.git folder/)).toBe(true);
    expect(said(pbxproj, /^INFOPLIST_FILE = App\/GitFolder\/config names a file inside a \.git folder/)).toBe(true);
    expect(said(pbxproj, /^CODE_SIGN_ENTITLEMENTS = App\/Outside\.entitlements names a file outside/)).toBe(true);
    const escape = "Escape/Escape.xcodeproj/project.pbxproj";
    expect(said(escape, /^INFOPLIST_FILE = secret\.plist names a file outside/)).toBe(true);
    expect(said(escape, /base configuration file \.\.\/outside\/Escape\/secrets\.xcconfig is outside/)).toBe(true);
    // Each finding is located at the line that names the file.
    for (const finding of outside) expect(finding.line, finding.message).toBeGreaterThan(0);
    // The settings that would have carried the token stay unknown: no finding quotes a value built from them.
    expect(findings.filter((finding) => finding.ruleId !== "xcode/outside-repository")).toEqual([]);
  });

  it("`.git/config`, or a link out of the repository, named on the command line is not read either", async () => {
    const run = await runCliInProcess(["--format", "json", ".git/config", "App/Git.entitlements", "App/Linked-Info.plist"], { cwd: hostile.repo, env: ENV });
    expect(tokenLeaks(run.stdout + run.stderr)).toEqual([]);
    const findings = JSON.parse(run.stdout).findings as JsonFinding[];
    expect(findings.map((finding) => [finding.file, finding.ruleId, finding.message])).toEqual([
      [".git/config", "plist/parse-error", "the file is inside a .git folder (symbolic links followed), which ne-lint never reads"],
      ["App/Git.entitlements", "plist/parse-error", "the file is inside a .git folder (symbolic links followed), which ne-lint never reads"],
      ["App/Linked-Info.plist", "plist/parse-error", "the file is outside the folders being linted (symbolic links followed), which ne-lint never reads"],
    ]);
  });

  describe("a config or baseline that is a symbolic link, a device or a broken file", () => {
    let dir: string;
    const targets: Record<string, string> = {};
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-config-links-"));
      writeFileSync(path.join(dir, "secret.json"), `{"token": "${FAKE_TOKEN}"}\n`);
      mkdirSync(path.join(dir, "repo/.git"), { recursive: true });
      writeFileSync(path.join(dir, "repo/.git/config"), GIT_CONFIG);
      writeFileSync(path.join(dir, "repo/Info.plist"), '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.example.app</string>\n</dict>\n</plist>\n');
      Object.assign(targets, { "git-config": ".git/config", "outside-secret": path.join(dir, "secret.json"), "dotdot-secret": "../secret.json" });
      if (hasProc) Object.assign(targets, { environ: "/proc/self/environ", "dev-zero": "/dev/zero", "own-stdout": "/proc/self/fd/1" });
      for (const [name, target] of Object.entries(targets)) symlinkSync(target, path.join(dir, "repo", `${name}.json`));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("an implicit .ne-lint.json link is refused with exit status 2, in every format, without echoing what it points at", async () => {
      for (const [name, target] of Object.entries(targets)) {
        const repo = mkdtempSync(path.join(dir, "implicit-"));
        writeFileSync(path.join(repo, "Info.plist"), readFileSync(path.join(dir, "repo/Info.plist")));
        symlinkSync(path.isAbsolute(target) ? target : path.join(dir, "repo", target), path.join(repo, ".ne-lint.json"));
        // The refusal happens before any report is formatted; every format is run once, for the first link.
        for (const format of name === Object.keys(targets)[0] ? FORMATS : (["stylish"] as const)) {
          const run = runCli(["--format", format, "."], { cwd: repo, env: ENV, timeoutMs: 20_000 });
          expect(run.status, `${name} ${format}: ${run.stderr}`).toBe(2);
          expect(run.stderr, name).toMatch(/^ne-lint: cannot use the config file: \.ne-lint\.json (is not read: it resolves to a file (outside the folders being linted|inside a \.git folder)|is not a regular file)/);
          expect(tokenLeaks(run.stdout + run.stderr), `${name} ${format}`).toEqual([]);
        }
      }
    });

    it("--config and --baseline naming a link inside the repository are refused the same way", async () => {
      for (const name of Object.keys(targets)) {
        for (const flag of ["--config", "--baseline"]) {
          const run = runCli([flag, `${name}.json`, "--format", "json", "."], { cwd: path.join(dir, "repo"), env: ENV, timeoutMs: 20_000 });
          expect(run.status, `${flag} ${name}: ${run.stderr}`).toBe(2);
          expect(run.stderr).toMatch(/^ne-lint: cannot use the (config|baseline) file: /);
          expect(tokenLeaks(run.stdout + run.stderr), `${flag} ${name}`).toEqual([]);
        }
      }
    });

    it("a config or baseline that is not JSON is reported by line and column, never by its bytes", async () => {
      const repo = mkdtempSync(path.join(dir, "broken-"));
      writeFileSync(path.join(repo, ".ne-lint.json"), `{\n  "rules": {}\n}\nGITHUB_TOKEN=${FAKE_TOKEN}\n`);
      writeFileSync(path.join(repo, "baseline.json"), `PATH=/usr/bin\u0000TOKEN=${FAKE_TOKEN}\u0000`);
      const config = await runCliInProcess(["."], { cwd: repo, env: ENV });
      expect(config).toMatchObject({ status: 2, stderr: "ne-lint: cannot use the config file: .ne-lint.json is not valid JSON (line 4, column 1: unexpected character or token)\n" });
      rmSync(path.join(repo, ".ne-lint.json"));
      const baseline = await runCliInProcess(["--baseline", "baseline.json", "."], { cwd: repo, env: ENV });
      expect(baseline.status).toBe(2);
      // The tree holds nothing ne-lint may read, which is said too; the baseline's bytes never are.
      expect(baseline.stderr).toContain("ne-lint: cannot use the baseline file: baseline.json is not valid JSON (line 1, column 1: unexpected character or token)\n");
      expect(baseline.stderr).not.toContain("TOKEN");
    });
  });

  describe("the GitHub Action", () => {
    let server: FakeGitHub;
    beforeAll(async () => {
      server = await startFakeGitHub({ token: "ghs_ActionInputTokenForTheFakeApi000000", changedFiles: ["App/Info.plist", "Config/IncludeGit.xcconfig"] });
    });
    afterAll(async () => server?.close());

    it("on the twin with the secrets inside the repository, the token does reach the job summary: the check can fail", async () => {
      const run = await runActionInProcess({ workspace: twin.repo, inputs: { paths: ".", annotations: "commands" }, env: ACTION_ENV });
      expect(run.status, run.stderr).toBe(1);
      expect(tokenLeaks(run.summary).length).toBeGreaterThan(0);
    }, 60_000);

    it("annotations, job summary, outputs, SARIF and API requests carry no encoding of the token", async () => {
      const outputs: { label: string; text: string }[] = [];
      for (const annotations of ["auto", "commands"]) {
        const sarifFile = `../reports-${annotations}.sarif`;
        // The bundle once (the Checks API route), the same code in process for the other.
        const run = await (annotations === "auto" ? runAction : runActionInProcess)({
          workspace: hostile.repo,
          inputs: { paths: ".", token: "ghs_ActionInputTokenForTheFakeApi000000", "fail-on": "error", annotations, "sarif-file": sarifFile },
          ...(annotations === "auto" ? { apiUrl: server.url, event: pullRequestEvent({ fork: false }) } : {}),
          env: ACTION_ENV,
        });
        expect(run.status, run.stderr).toBe(1);
        expect(run.summary).toContain("xcode/outside-repository");
        outputs.push(
          { label: `${annotations}: stdout`, text: withoutMaskCommands(run.stdout) },
          { label: `${annotations}: stderr`, text: run.stderr },
          { label: `${annotations}: summary`, text: run.summary },
          { label: `${annotations}: outputs`, text: JSON.stringify(run.outputs) },
          { label: `${annotations}: SARIF`, text: readFileSync(path.join(hostile.repo, sarifFile), "utf8") },
        );
      }
      expect(outputs.find((output) => output.label === "commands: stdout")?.text).toMatch(/^::error file=Config\/IncludeGit\.xcconfig,line=1/m);
      expect(server.requests.length).toBeGreaterThan(0);
      outputs.push({ label: "API request bodies", text: server.requests.map((request) => JSON.stringify(request.body ?? null)).join("\n") });
      for (const output of outputs) expect(tokenLeaks(output.text), output.label).toEqual([]);
    }, 120_000);

    it("a config or baseline input that is a link to .git/config fails the step without echoing it", async () => {
      symlinkSync(".git/config", path.join(hostile.repo, "linked-config.json"));
      try {
        for (const input of ["config", "baseline"]) {
          const run = await runActionInProcess({ workspace: hostile.repo, inputs: { paths: ".", annotations: "none", [input]: "linked-config.json" }, env: ACTION_ENV });
          expect(run.status, run.stderr).toBe(1);
          expect(run.stdout).toContain(`::error::ne-lint: cannot use the ${input} file: linked-config.json is not read: it resolves to a file inside a .git folder`);
          expect(tokenLeaks(withoutMaskCommands(run.stdout) + run.stderr + run.summary), input).toEqual([]);
        }
      } finally {
        rmSync(path.join(hostile.repo, "linked-config.json"));
      }
    }, 60_000);
  });
});
