/**
 * The Action run as the runner runs it, against a local GitHub REST API that validates every request with
 * GitHub's OpenAPI description. 120 findings: 40 errors, 40 warnings and 40 notes, 30 of them in the file
 * the pull request changes. The Checks API scenario runs the bundle (dist/index.js) in a child process, as
 * users run it; the others run the same `run()` in process, with a retry clock that records its delays.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";
import { validateSarif } from "../helpers/schemas.js";
import { FORBIDDEN, SERVER_ERROR, schemaProblems, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type RecordedRequest } from "./fake-github.js";
import { HEAD_SHA, infoPlistWithDomains, PR_NUMBER, pullRequestEvent } from "./fixtures.js";
import { makeWorkspace, runAction, runActionInProcess, type ActionRun } from "./run-action.js";

const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const CHANGED = "PacketTunnel/Info.plist";
/** 120 changed files: two pages of `pulls/list-files` at 100 per page. */
const CHANGED_FILES = ["README.md", CHANGED, ...Array.from({ length: 118 }, (_, i) => `Sources/Tunnel/File${i}.swift`)];

let workspace: ReturnType<typeof makeWorkspace>;
interface CliFinding {
  ruleId: string;
  severity: "error" | "warning" | "note";
  file: string;
  line: number;
  message: string;
}
let expected: CliFinding[];

beforeAll(() => {
  workspace = makeWorkspace({ "App/Info.plist": infoPlistWithDomains(30, "App"), [CHANGED]: infoPlistWithDomains(10, "Tunnel"), "README.md": "# VPN app\n" });
  const cli = runCli(["--format", "json", "."], { cwd: workspace.dir });
  expected = JSON.parse(cli.stdout).findings;
});
afterAll(() => workspace.remove());

const servers: FakeGitHub[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function serve(options: Partial<FakeGitHubOptions> = {}): Promise<FakeGitHub> {
  const server = await startFakeGitHub({ token: TOKEN, changedFiles: CHANGED_FILES, ...options });
  servers.push(server);
  return server;
}

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return { paths: ".", token: TOKEN, "fail-on": "error", annotations: "auto", ...extra };
}

const checkRequests = (server: FakeGitHub): RecordedRequest[] => server.requests.filter((request) => request.operationId?.startsWith("checks/"));
type Annotation = { path: string; start_line: number; annotation_level: string; title: string; message: string };
const annotationsOf = (request: RecordedRequest): Annotation[] => (request.body as { output: { annotations: Annotation[] } }).output.annotations;
const commandLines = (run: ActionRun): string[] => run.stdout.split("\n").filter((line) => /^::(error|warning|notice) file=/.test(line));

function expectTokenNeverPrinted(run: ActionRun): void {
  const leaks = `${run.stdout}\n${run.stderr}`.split("\n").filter((line) => line.includes(TOKEN) && line !== `::add-mask::${TOKEN}`);
  expect(leaks).toEqual([]);
}

describe("the event payload used by these tests", () => {
  it("is a valid pull_request synchronize webhook payload (GitHub's published schema)", () => {
    expect(schemaProblems("webhook-pull-request-synchronize", pullRequestEvent({ fork: false }).payload)).toEqual([]);
    expect(schemaProblems("webhook-pull-request-synchronize", pullRequestEvent({ fork: true }).payload)).toEqual([]);
  });

  it("has 120 findings, 40 per level, 30 in the changed file", () => {
    expect(expected).toHaveLength(120);
    expect(expected.filter((finding) => finding.severity === "error")).toHaveLength(40);
    expect(expected.filter((finding) => finding.severity === "note")).toHaveLength(40);
    expect(expected.filter((finding) => finding.file === CHANGED)).toHaveLength(30);
  });
});

describe("with checks: write — Checks API annotations (the bundle, in a child process)", () => {
  let server: FakeGitHub;
  let run: ActionRun;
  beforeAll(async () => {
    server = await serve();
    run = await runAction({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
  });

  it("sends only requests GitHub's OpenAPI description accepts, with the token", () => {
    expect(server.violations().map((request) => `${request.method} ${request.path}: ${request.problems.join("; ")}`)).toEqual([]);
    expect(server.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it("posts all 120 annotations in 3 requests: create with 50, then 2 updates with 50 and 20", () => {
    const requests = checkRequests(server);
    expect(requests.map((request) => request.operationId)).toEqual(["checks/create", "checks/update", "checks/update"]);
    expect(requests.map((request) => annotationsOf(request).length)).toEqual([50, 50, 20]);
    expect(requests.every((request) => request.status === 201 || request.status === 200)).toBe(true);
    expect(requests.slice(1).every((request) => request.pathParams.check_run_id === "4200")).toBe(true);
    const create = requests[0]?.body as { name: string; head_sha: string; conclusion: string; status: string };
    expect(create).toMatchObject({ name: "ne-lint", head_sha: HEAD_SHA, status: "completed", conclusion: "failure" });
  });

  it("annotates exactly the findings the CLI reports, errors first, the changed file first", () => {
    const posted = checkRequests(server).flatMap(annotationsOf);
    const key = (file: string, line: number, ruleId: string) => `${file}:${line}:${ruleId}`;
    expect(posted.map((annotation) => key(annotation.path, annotation.start_line, annotation.title.replace("ne-lint ", ""))).sort()).toEqual(
      expected.map((finding) => key(finding.file, finding.line, finding.ruleId)).sort(),
    );
    const levels = posted.map((annotation) => annotation.annotation_level);
    expect(levels).toEqual([...Array(40).fill("failure"), ...Array(40).fill("warning"), ...Array(40).fill("notice")]);
    expect(posted.slice(0, 10).every((annotation) => annotation.path === CHANGED)).toBe(true);
    expect(posted.slice(10, 40).every((annotation) => annotation.path === "App/Info.plist")).toBe(true);
  });

  it("lists the pull request's files page by page", () => {
    const pages = server.requests.filter((request) => request.operationId === "pulls/list-files");
    expect(pages.map((request) => [request.pathParams.pull_number, request.query.page ?? "1"])).toEqual([
      [String(PR_NUMBER), "1"],
      [String(PR_NUMBER), "2"],
    ]);
  });

  it("prints no workflow-command annotations, fails the step and sets the outputs", () => {
    expect(commandLines(run)).toEqual([]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::ne-lint: 40 findings at or above "error"');
    expect(run.outputs).toEqual({ errors: "40", warnings: "40", notes: "40", "sarif-file": "", result: "fail" });
    expect(run.summary).toContain("120 annotations posted to the check run [ne-lint](https://github.com/octo-org/vpn-app/runs/4200).");
    expectTokenNeverPrinted(run);
  });
});

describe("on a fork pull request (403) — workflow commands", () => {
  let server: FakeGitHub;
  let run: ActionRun;
  const forbidChecks = (): Promise<FakeGitHub> => serve({ respond: (request) => (request.operationId?.startsWith("checks/") ? FORBIDDEN : undefined) });
  beforeAll(async () => {
    server = await forbidChecks();
    run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, event: pullRequestEvent({ fork: true }) });
  });

  it("tries the Checks API once, then says why it fell back", () => {
    expect(server.violations()).toEqual([]);
    expect(checkRequests(server).map((request) => [request.operationId, request.status])).toEqual([["checks/create", 403]]);
    expect(run.stdout).toMatch(/^::warning::ne-lint: cannot create a check run \(HTTP 403: Resource not accessible by integration.*checks: write.*forks\); annotating with workflow commands instead\.$/m);
  });

  it("prints every finding as a workflow command, errors first and the changed file first within a level", () => {
    const lines = commandLines(run);
    expect(lines).toHaveLength(120);
    const levels = lines.map((line) => /^::(\w+)/.exec(line)?.[1]);
    expect(levels).toEqual([...Array(40).fill("error"), ...Array(40).fill("warning"), ...Array(40).fill("notice")]);
    for (const start of [0, 40, 80]) {
      expect(lines.slice(start, start + 10).every((line) => line.includes(`file=${CHANGED},`))).toBe(true);
      expect(lines.slice(start + 10, start + 40).every((line) => line.includes("file=App/Info.plist,"))).toBe(true);
    }
  });

  it("keeps the gate's verdict and writes the complete summary with what GitHub will not show", () => {
    expect(run.status).toBe(1);
    expect(run.outputs.result).toBe("fail");
    const rows = run.summary.split("\n").filter((line) => /^\| (Error|Warning|Note) \| `[^`]+:\d+:\d+` \|/.test(line));
    expect(rows).toHaveLength(120);
    // 10 errors + 9 warnings (the fallback warning takes one slot) + 10 notices are displayed: 91 are not.
    expect(run.summary).toContain("120 annotations sent as workflow commands; GitHub displays 10 per level per step and 50 per job, so 91 could not be shown as annotations");
    expectTokenNeverPrinted(run);
  });

  it("passes the step when fail-on allows it: a refused API call never fails it", async () => {
    // A server of its own, so the request count the first case asserts does not depend on the order of cases.
    const lenient = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ "fail-on": "none" }), apiUrl: (await forbidChecks()).url, event: pullRequestEvent({ fork: true }) });
    expect(lenient.status).toBe(0);
    expect(lenient.outputs.result).toBe("pass");
    expect(commandLines(lenient)).toHaveLength(120);
  });
});

describe("server errors and rejected requests", () => {
  it("retries a 5xx a bounded number of times, then degrades to workflow commands", async () => {
    const server = await serve({ respond: (request) => (request.operationId === "checks/create" ? SERVER_ERROR : undefined) });
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(checkRequests(server).map((request) => request.status)).toEqual([502, 502, 502]);
    // Three attempts, the delay doubling between them (recorded, not waited for).
    expect(run.retryDelays).toEqual([1000, 2000]);
    expect(commandLines(run)).toHaveLength(120);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::warning::ne-lint: cannot create a check run \(HTTP 502/m);
  });

  it("recovers when a retry succeeds", async () => {
    const server = await serve({ respond: (request, attempt) => (request.operationId === "checks/create" && attempt === 1 ? SERVER_ERROR : undefined) });
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(checkRequests(server).map((request) => `${request.operationId} ${request.status}`)).toEqual(["checks/create 502", "checks/create 201", "checks/update 200", "checks/update 200"]);
    expect(run.retryDelays).toEqual([1000]);
    expect(commandLines(run)).toEqual([]);
  });

  it("sends what an update could not post as workflow commands", async () => {
    let updates = 0;
    const server = await serve({
      respond: (request) => {
        if (request.operationId !== "checks/update") return undefined;
        updates++;
        return updates === 1 ? undefined : { status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest", status: "422" } };
      },
    });
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(checkRequests(server).map((request) => `${request.operationId} ${request.status}`)).toEqual(["checks/create 201", "checks/update 200", "checks/update 422"]);
    const lines = commandLines(run);
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line.startsWith("::notice "))).toBe(true);
    expect(run.summary).toContain("100 annotations posted to the check run");
    expect(run.summary).toContain("20 annotations sent as workflow commands");
  });

  it("a 422 on create degrades too and keeps the verdict", async () => {
    const server = await serve({ respond: (request) => (request.operationId === "checks/create" ? { status: 422, body: { message: "Validation Failed", status: "422" } } : undefined) });
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ "fail-on": "none" }), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(checkRequests(server)).toHaveLength(1);
    expect(commandLines(run)).toHaveLength(120);
    expect(run.status).toBe(0);
  });
});

describe("annotation modes and changed files", () => {
  it("commands and none make no Checks API call (commands still lists the changed files to order them)", async () => {
    const server = await serve();
    const commands = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "commands" }), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(checkRequests(server)).toEqual([]);
    expect(commandLines(commands)).toHaveLength(120);
    const none = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "none" }), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(server.requests.filter((request) => request.operationId === "pulls/list-files").length).toBe(2);
    expect(commandLines(none)).toEqual([]);
    expect(none.status).toBe(1);
  });

  it("only-changed-files annotates the changed file's findings and still reports and gates on all", async () => {
    const server = await serve();
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ "only-changed-files": "true" }), apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    const posted = checkRequests(server).flatMap(annotationsOf);
    expect(posted).toHaveLength(30);
    expect(posted.every((annotation) => annotation.path === CHANGED)).toBe(true);
    expect(run.summary).toContain("90 findings are outside the files this pull request changes");
    expect(run.outputs.errors).toBe("40");
    expect(run.status).toBe(1);
  });

  it("without a pull request (release job on push) annotates the pushed commit", async () => {
    const server = await serve();
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs(), apiUrl: server.url, env: { GITHUB_SHA: "ffac537e6cbbf934b08745a378932722df287a53" } });
    expect(server.violations()).toEqual([]);
    expect(server.requests.some((request) => request.operationId === "pulls/list-files")).toBe(false);
    expect((checkRequests(server)[0]?.body as { head_sha: string }).head_sha).toBe("ffac537e6cbbf934b08745a378932722df287a53");
    expect(run.status).toBe(1);
  });

  it("rejects invalid inputs before linting", async () => {
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ "fail-on": "sometimes" }) });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::ne-lint: input "fail-on" must be one of error, warning, note, none (got "sometimes")');
  });
});

describe("job summary", () => {
  it("has a table by severity and rule and every finding with file:line and a docs link", async () => {
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "none" }), env: { GITHUB_ACTION_REPOSITORY: "ne-lint/ne-lint", GITHUB_ACTION_REF: "v1" } });
    const docs = "https://github.com/ne-lint/ne-lint/blob/v1/docs/rules/";
    expect(run.summary).toContain("## ne-lint: failed");
    expect(run.summary).toContain("**40 errors, 40 warnings, 40 notes** in 2 files checked (fail-on: `error`).");
    expect(run.summary).toContain(`| Error | [ats/domain-not-lowercase](${docs}ats/domain-not-lowercase.md) | 40 |`);
    expect(run.summary).toContain(`| Warning | [ats/weak-min-tls](${docs}ats/weak-min-tls.md) | 40 |`);
    expect(run.summary).toContain(`| Note | [ats/forward-secrecy-disabled](${docs}ats/forward-secrecy-disabled.md) | 40 |`);
    for (const finding of expected) expect(run.summary).toContain(`| \`${finding.file}:${finding.line}:`);
    // The links point at pages the package ships.
    for (const id of ["ats/domain-not-lowercase", "ats/weak-min-tls", "ats/forward-secrecy-disabled"]) expect(existsSync(path.join(repoRoot, "docs/rules", `${id}.md`))).toBe(true);
  });

  it("links the rule's page at this release's tag when the action repository is unknown", async () => {
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "none" }) });
    const version = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
    expect(run.summary).toContain(`[ats/weak-min-tls](https://github.com/ne-lint/ne-lint/blob/v${version}/docs/rules/ats/weak-min-tls.md)`);
  });

  it("stays under GitHub's 1 MiB limit and counts what it cut", async () => {
    // 25 apps × 100 domains × 3 rules: ne-lint lists at most 100 findings per rule and file.
    const big = makeWorkspace(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`App${i}/Info.plist`, infoPlistWithDomains(100, `VeryLongHostNameForTheSummaryLimit${i}x`)])));
    try {
      const run = await runActionInProcess({ workspace: big.dir, inputs: inputs({ annotations: "none", "fail-on": "none" }) });
      expect(run.status).toBe(0);
      expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
      const rows = run.summary.split("\n").filter((line) => /^\| (Error|Warning|Note) \| `App\d+\/Info\.plist:\d+/.test(line)).length;
      const cut = Number(/\*\*(\d+) more findings not shown here\*\*/.exec(run.summary)?.[1]);
      expect(rows).toBeGreaterThan(1000);
      expect(rows + cut).toBe(7500);
      expect(run.outputs.errors).toBe("2500");
    } finally {
      big.remove();
    }
  }, 60_000);
});

describe("SARIF, outputs and baseline", () => {
  it("writes valid SARIF with relative URIs and sets the sarif-file output", async () => {
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "none", "sarif-file": "reports/ne-lint.sarif", "fail-on": "warning" }) });
    expect(run.outputs["sarif-file"]).toBe("reports/ne-lint.sarif");
    const sarif = JSON.parse(readFileSync(path.join(workspace.dir, "reports/ne-lint.sarif"), "utf8"));
    expect(validateSarif(sarif)).toBeUndefined();
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].results).toHaveLength(120);
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(RULES.length);
    expect(new Set(sarif.runs[0].results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0]?.physicalLocation.artifactLocation.uri))).toEqual(new Set(["App/Info.plist", CHANGED]));
    expect(run.stdout).toContain('::error::ne-lint: 80 findings at or above "warning"');
  });

  it("a baseline written by the CLI accepts today's findings, also after lines move; new ones still fail", async () => {
    const project = makeWorkspace({ "App/Info.plist": infoPlistWithDomains(4, "App") });
    try {
      const write = runCli(["--write-baseline", ".ne-lint-baseline.json", "."], { cwd: project.dir });
      expect(write.status).toBe(0);
      const baseline = JSON.parse(readFileSync(path.join(project.dir, ".ne-lint-baseline.json"), "utf8"));
      expect(baseline.version).toBe(2);
      expect(baseline.findings).toHaveLength(12);

      const clean = await runActionInProcess({ workspace: project.dir, inputs: inputs({ annotations: "none", baseline: ".ne-lint-baseline.json" }) });
      expect(clean.status).toBe(0);
      expect(clean.outputs).toMatchObject({ errors: "0", warnings: "0", notes: "0", result: "pass" });
      expect(clean.summary).toContain("12 findings accepted by the baseline are not shown.");

      // Add two domains at the top: every old finding moves down 14 lines, two new domains bring 6 findings.
      const moved = infoPlistWithDomains(4, "App", { domains: 2, prefix: "New" });
      const shifted = makeWorkspace({ "App/Info.plist": moved, ".ne-lint-baseline.json": readFileSync(path.join(project.dir, ".ne-lint-baseline.json"), "utf8") });
      try {
        const run = await runActionInProcess({ workspace: shifted.dir, inputs: inputs({ annotations: "commands", baseline: ".ne-lint-baseline.json" }) });
        expect(run.outputs).toMatchObject({ errors: "2", warnings: "2", notes: "2", result: "fail" });
        const lines = commandLines(run);
        expect(lines).toHaveLength(6);
        expect(lines.every((line) => /New[01]\.Example\.com/.test(line))).toBe(true);
        expect(run.status).toBe(1);
      } finally {
        shifted.remove();
      }
    } finally {
      project.remove();
    }
  });

  it("a missing baseline file fails the step with a clear message", async () => {
    const run = await runActionInProcess({ workspace: workspace.dir, inputs: inputs({ annotations: "none", baseline: "nope.json" }) });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::ne-lint: cannot read the baseline file nope.json");
  });
});
