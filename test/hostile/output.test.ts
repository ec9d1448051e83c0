/**
 * Output a pull request controls (issue 16): plist keys and folder names carrying line breaks followed by
 * workflow commands, carriage returns, ESC sequences (OSC 52 clipboard write, terminal title, clear
 * screen), C1 controls, line separators, bidi overrides and Markdown go through the CLI (stylish and inspect through the bundle, the
 * rest in process) and the Action (the Checks API run through the bundle, the workflow-command run in process).
 * Nothing of it may reach a terminal, a log line, a workflow command or rendered Markdown as anything but
 * visible, inert text; JSON keeps the exact text.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import creator from "bplist-creator";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../action/fake-github.js";
import { pullRequestEvent } from "../action/fixtures.js";
import { runAction, runActionInProcess, type ActionRun } from "../action/run-action.js";
import { runCli, runCliInProcess } from "../helpers/cli.js";
import { NORMAL_INFO_PLIST } from "./files.js";

/** Keys of the hostile Info.plist; each is an unknown ATS key, so `ats/unknown-key` quotes it in a message. */
const CONTROL_KEYS = {
  newlineCommand: "K1\n::error file=README.md::forged annotation",
  stopCommands: "K2\n::stop-commands::endtoken",
  carriageReturn: "K3\r✔ No problems",
  osc52: "K4\u001b]52;c;cHduZWQ=\u0007",
  title: "K5\u001b]0;owned\u0007",
  clear: "K6\u001b[2J\u001b[H",
  c1: "K7\u009b2J\u009d0;t\u009c",
  separator: "K8\u2028::error::after-separator",
  bidi: "K9\u202eevil\u2066x\u2069\u200f",
};
const MARKDOWN_KEYS = {
  table: "| ✅ passed |",
  link: "[Approve](https://attacker.example/approve)",
  image: "![img](https://attacker.example/i.png)",
  heading: "\r# heading from the pull request",
  html: "<img src=https://attacker.example/x onerror=alert(1)>",
  backticks: "`` `code` ``",
  autolink: "https://attacker.example/autolink",
};
/** Folder names: a line break, a line start, ESC and bidi. */
const FOLDERS = ["Evil\n::error::folder", "::warning::at-line-start", "T\u001b]0;title\u0007\u202e"];

const TOKEN = "ghs_OutputTestToken0123456789abcdefABCDEF";
const CHECKOUT_HEADER = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");

/** Characters that must never be written raw (a line feed between lines is ours). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;


let dir: string;

function rawControls(text: string): string[] {
  return [...text].filter((character) => RAW_CONTROL.test(character)).map((character) => `U+${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Lines the runner would execute: `::name…` or `##[name…` after leading spaces. */
function commandLines(text: string): string[] {
  return text.split("\n").filter((line) => /^\s*(::|##\[)/.test(line));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-output-"));
  const keys = Object.fromEntries([...Object.values(CONTROL_KEYS), ...Object.values(MARKDOWN_KEYS), CHECKOUT_HEADER].map((key) => [key, true]));
  mkdirSync(path.join(dir, "App"));
  writeFileSync(path.join(dir, "App/Info.plist"), creator({ CFBundleIdentifier: "com.example.app", NSAppTransportSecurity: keys }));
  for (const folder of FOLDERS) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, "Info.plist"), NORMAL_INFO_PLIST);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI", () => {
  it("stylish (the default) prints every hostile key and folder name escaped, one line each, and no workflow command", async () => {
    const run = runCli(["."], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    expect(rawControls(run.stdout)).toEqual([]);
    expect(commandLines(run.stdout)).toEqual([]);
    expect(run.stdout).toContain("K1\\n::error file=README.md::forged annotation is not an App Transport Security key");
    expect(run.stdout).toContain("K2\\n::stop-commands::endtoken");
    expect(run.stdout).toContain("K3\\r✔ No problems");
    expect(run.stdout).toContain("K4\\x1b]52;c;cHduZWQ=\\x07");
    expect(run.stdout).toContain("K6\\x1b[2J\\x1b[H");
    expect(run.stdout).toContain("K7\\x9b2J\\x9d0;t\\x9c");
    expect(run.stdout).toContain("K8\\u2028::error::after-separator");
    expect(run.stdout).toContain("K9\\u202eevil\\u2066x\\u2069\\u200f");
    // Folder names head their group of findings at the start of a line.
    expect(run.stdout.split("\n")).toContain("Evil\\n::error::folder/Info.plist");
    expect(run.stdout.split("\n")).toContain("\\x3a:warning::at-line-start/Info.plist");
    expect(run.stdout.split("\n")).toContain("T\\x1b]0;title\\x07\\u202e/Info.plist");
  });

  it("--format github writes one workflow command per finding and nothing else", async () => {
    const json = JSON.parse((await runCliInProcess(["--format", "json", "."], { cwd: dir })).stdout) as { findings: unknown[] };
    const run = await runCliInProcess(["--format", "github", "."], { cwd: dir });
    expect(rawControls(run.stdout)).toEqual([]);
    const lines = run.stdout.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(json.findings.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^:,]*(,line=\d+,col=\d+(,endLine=\d+)?(,endColumn=\d+)?)?,title=ne-lint [a-z/-]+::/);
    expect(run.stdout).toContain("K2\\n::stop-commands::endtoken");
    expect(run.stdout).toContain("file=Evil\\n%3A%3Aerror%3A%3Afolder/Info.plist");
  });

  it("--format json keeps the exact text", async () => {
    const run = await runCliInProcess(["--format", "json", "."], { cwd: dir });
    const report = JSON.parse(run.stdout) as { findings: { message: string; file: string }[] };
    const messages = report.findings.map((finding) => finding.message).join("\n");
    for (const key of [...Object.values(CONTROL_KEYS), ...Object.values(MARKDOWN_KEYS)]) expect(messages).toContain(key);
    expect(report.findings.map((finding) => finding.file)).toEqual(expect.arrayContaining(FOLDERS.map((folder) => `${folder}/Info.plist`)));
  });

  it("--format sarif puts repository text only in message.text, with brackets escaped so it links nowhere", async () => {
    const run = await runCliInProcess(["--format", "sarif", "."], { cwd: dir });
    const results = (JSON.parse(run.stdout) as { runs: { results: { message: Record<string, string> }[] }[] }).runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(Object.keys(result.message)).toEqual(["text"]);
    const texts = results.map((result) => result.message.text).join("\n");
    expect(texts).toContain("\\[Approve\\](https://attacker.example/approve)");
    expect(texts).toContain("!\\[img\\](https://attacker.example/i.png)");
    expect(texts).not.toMatch(/(^|[^\\])\[Approve\]/);
  });

  it("inspect prints plist keys escaped, each on its own line that is no workflow command", async () => {
    const run = runCli(["inspect", "App/Info.plist"], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(rawControls(run.stdout)).toEqual([]);
    expect(commandLines(run.stdout)).toEqual([]);
    expect(run.stdout).toContain("K5\\x1b]0;owned\\x07: true");
    const folder = runCli(["inspect", `${FOLDERS[1]}/Info.plist`], { cwd: dir });
    expect(commandLines(folder.stdout)).toEqual([]);
    expect(folder.stdout).toContain("file: ::warning::at-line-start/Info.plist");
  });

  it("messages on stderr (missing paths, config errors, inspect errors) are escaped", async () => {
    const missing = await runCliInProcess([".", "nope\n::error::missing\u001b]0;t\u0007"], { cwd: dir });
    expect(rawControls(missing.stderr)).toEqual([]);
    expect(commandLines(missing.stderr)).toEqual([]);
    expect(missing.stderr).toContain("nope\\n::error::missing\\x1b]0;t\\x07: no such file or directory");
    const inspectMissing = runCli(["inspect", "gone\n::error::x"], { cwd: dir });
    expect(inspectMissing.status).toBe(2);
    expect(inspectMissing.stderr).toContain("gone\\n::error::x: no such file or directory");

    const configDir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-output-config-"));
    try {
      writeFileSync(path.join(configDir, ".ne-lint.json"), JSON.stringify({ rules: { "x\n::error::from-config\u001b[2J": "off" } }));
      const config = await runCliInProcess(["."], { cwd: configDir });
      expect(config.status).toBe(2);
      expect(config.stderr).toContain(".ne-lint.json");
      expect(rawControls(config.stderr)).toEqual([]);
      expect(commandLines(config.stderr)).toEqual([]);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});

describe("a config glob from the pull request", () => {
  it("is escaped in the stylish and github footers", async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-output-glob-"));
    try {
      writeFileSync(path.join(configDir, ".ne-lint.json"), JSON.stringify({ ignore: ["x\n::error::glob\u001b]0;t\u0007"] }));
      // Nothing to lint here: --allow-empty keeps the report (and its footer) instead of a usage error.
      const stylish = await runCliInProcess(["--allow-empty", "."], { cwd: configDir });
      expect(rawControls(stylish.stdout)).toEqual([]);
      expect(stylish.stdout).toContain("ignores x\\n::error::glob\\x1b]0;t\\x07.");
      const github = await runCliInProcess(["--format", "github", "--allow-empty", "."], { cwd: configDir });
      expect(github.stdout.trim().split("\n")).toEqual(["::notice title=ne-lint config::The config .ne-lint.json ignores x\\n::error::glob\\x1b]0;t\\x07."]);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});

describe("the Action", () => {
  let server: FakeGitHub;
  let commands: ActionRun;
  let checks: ActionRun;
  beforeAll(async () => {
    server = await startFakeGitHub({ token: TOKEN, changedFiles: ["App/Info.plist"] });
    commands = await runActionInProcess({ workspace: dir, inputs: { paths: ".", token: TOKEN, annotations: "commands", "sarif-file": "out/commands.sarif" }, env: { GITHUB_TOKEN: TOKEN } });
    checks = await runAction({ workspace: dir, inputs: { paths: ".", token: TOKEN, annotations: "auto", "sarif-file": "out/checks.sarif" }, apiUrl: server.url, event: pullRequestEvent({ fork: false }), env: { GITHUB_TOKEN: TOKEN } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(path.join(dir, "out"), { recursive: true, force: true });
  });

  it("the log has no raw control character and no workflow command but its own", async () => {
    for (const run of [commands, checks]) {
      expect(run.status, run.stderr).toBe(1);
      expect(rawControls(run.stdout + run.stderr)).toEqual([]);
      // Its own: masks, annotations, the verdict, the warning that drift was not checked, and the stop-commands block around the log's listing of findings.
      const foreign = commandLines(run.stdout + run.stderr).filter(
        (line) => !/^::(add-mask::|(error|warning|notice) file=[^:,]*(,line=\d+[^:]*)?,title=ne-lint [a-z/-]+::|error::ne-lint: \d+ findings? at or above|stop-commands::ne-lint-listing-\d+$|ne-lint-listing-\d+::$|warning::ne-lint: What this pull request changes in what ships was not checked)/.test(line),
      );
      expect(foreign).toEqual([]);
    }
    expect(commands.stdout).toContain("K2\\n::stop-commands::endtoken");
  });

  it("the job summary renders the repository's text as code: no link, image, heading, HTML or extra row", async () => {
    for (const run of [commands, checks]) {
      expect(rawControls(run.summary)).toEqual([]);
      const html = new MarkdownIt({ html: true, linkify: true }).render(run.summary);
      expect(html).not.toContain("attacker.example/approve\"");
      expect(html).not.toContain("<img");
      expect(html).not.toContain("<h1");
      expect(html).not.toMatch(/<a href="https:\/\/attacker/);
      expect(html).toContain("<code>[Approve](https://attacker.example/approve) is not an App Transport Security key");
      expect(html).toContain("<code>| ✅ passed | is not an App Transport Security key");
      // One table row per finding: nothing from the repository ended a row or added one.
      const findingRows = [...html.matchAll(/<tr>\s*<td>(Error|Warning|Note)<\/td>\s*<td><code>/g)].length;
      const json = JSON.parse((await runCliInProcess(["--format", "json", "."], { cwd: dir })).stdout) as { findings: unknown[] };
      expect(findingRows).toBe(json.findings.length);
    }
  });

  it("check-run requests: annotation messages escaped, the summary inert", async () => {
    const bodies = server.requests.filter((request) => request.operationId?.startsWith("checks/")).map((request) => request.body as { output: { summary: string; annotations: { message: string }[] } });
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const annotation of body.output.annotations) expect(rawControls(annotation.message)).toEqual([]);
      const html = new MarkdownIt({ html: true, linkify: true }).render(body.output.summary);
      expect(html).not.toContain("<img");
      expect(html).not.toMatch(/<a href="https:\/\/attacker/);
    }
  });

  it("the token, and its base64 form as actions/checkout stores it, appear in no output channel", async () => {
    const channels = [commands, checks].flatMap((run) => [
      run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n"),
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
    ]);
    channels.push(readFileSync(path.join(dir, "out/commands.sarif"), "utf8"), readFileSync(path.join(dir, "out/checks.sarif"), "utf8"));
    channels.push(JSON.stringify(server.requests.map((request) => request.body ?? null)));
    for (const text of channels) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(CHECKOUT_HEADER);
    }
    // The key is reported, redacted.
    expect(commands.summary).toContain("`*** is not an App Transport Security key");
    // The runner is told to mask the encoded form too.
    expect(commands.stdout.split("\n")).toContain(`::add-mask::${CHECKOUT_HEADER}`);
  });
});
