/**
 * The Action's verdict (issue 14) under a simulated runner (in process; the unreachable API through the
 * bundled dist/index.js, whose connection error is real): a missing
 * path or an empty run fails the step and nothing says "passed"; the log lists every finding even when
 * the Checks API took the annotations; counts are singular when they are one; a refused connection is
 * reported as such, not as "HTTP 500".
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";
import { buildZip, hasPython } from "../helpers/zip-fixtures.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";
import { infoPlistWithDomains, pullRequestEvent } from "./fixtures.js";
import { makeWorkspace, runAction, runActionInProcess } from "./run-action.js";

const TOKEN = "ghs_verdict0000000000000000000000000000";
const WEB_CONTENT = `<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoadsInWebContent</key>\n\t\t<true/>\n\t</dict>\n</dict>\n</plist>\n`;

const workspaces: ReturnType<typeof makeWorkspace>[] = [];
const servers: FakeGitHub[] = [];
afterAll(async () => {
  for (const workspace of workspaces) workspace.remove();
  for (const server of servers) await server.close();
});
function workspaceWith(files: Record<string, string>): string {
  const workspace = makeWorkspace(files);
  workspaces.push(workspace);
  return workspace.dir;
}

describe("a path that does not exist, or nothing to lint", () => {
  it("fails the step; the result output and the summary never say passed", async () => {
    const dir = workspaceWith({ "App/Info.plist": WEB_CONTENT });
    const run = await runActionInProcess({ workspace: dir, inputs: { paths: "App\nbuild/App.ipa", "fail-on": "error", annotations: "none" } });
    expect(run.status).toBe(1);
    expect(run.outputs.result).toBe("fail");
    expect(run.stdout).toContain("::error::ne-lint: build/App.ipa: no such file or directory\n");
    expect(run.summary).toMatch(/^## ne-lint: failed$/m);
    expect(run.summary).not.toMatch(/passed|✅/);
    expect(run.summary).toContain("- build/App.ipa: no such file or directory");
  });

  it("an empty run fails unless allow-empty says it is expected", async () => {
    const dir = workspaceWith({ "README.md": "# nothing to lint\n" });
    const empty = await runActionInProcess({ workspace: dir, inputs: { paths: ".", annotations: "none" } });
    expect(empty.status).toBe(1);
    expect(empty.outputs.result).toBe("fail");
    expect(empty.stdout).toMatch(/^::error::ne-lint: nothing to lint in \.: .*\(set "allow-empty: true" when an empty run is expected\)$/m);
    expect(empty.summary).not.toContain("passed");
    const allowed = await runActionInProcess({ workspace: dir, inputs: { paths: ".", annotations: "none", "allow-empty": "true" } });
    expect(allowed.status).toBe(0);
    expect(allowed.outputs.result).toBe("pass");
  });
});

describe("the step log with Checks API annotations", () => {
  it("lists every finding grouped by file, inside a stop-commands block, and titles the check run in the singular", async () => {
    const dir = workspaceWith({ "App/Info.plist": WEB_CONTENT, "Tunnel/Info.plist": infoPlistWithDomains(1, "Tunnel") });
    const expected = JSON.parse(runCli(["--format", "json", "."], { cwd: dir }).stdout).findings as { file: string; line: number; column: number; ruleId: string }[];
    const server = await startFakeGitHub({ token: TOKEN });
    servers.push(server);
    const run = await runActionInProcess({ workspace: dir, inputs: { paths: ".", token: TOKEN, annotations: "auto", "fail-on": "none" }, apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(server.violations()).toEqual([]);
    const creates = server.requests.filter((request) => request.operationId === "checks/create");
    expect(creates).toHaveLength(1);
    // No workflow-command annotations: the Checks API took them all, yet the log lists every finding.
    expect(run.stdout).not.toMatch(/^::(error|warning|notice) file=/m);
    const block = /^::stop-commands::(ne-lint-listing-\d+)\n([\s\S]*?)\n::\1::$/m.exec(run.stdout);
    expect(block).not.toBeNull();
    const listing = block?.[2] ?? "";
    expect(listing.split("\n").filter((line) => /^[^\s]/.test(line) && !line.startsWith("✖"))).toEqual(["App/Info.plist", "Tunnel/Info.plist"]);
    for (const finding of expected) expect(listing).toMatch(new RegExp(`^ {2}${finding.line}:${finding.column} .*${finding.ruleId.replace("/", "\\/")}`, "m"));
    const appOnly = workspaceWith({ "App/Info.plist": WEB_CONTENT });
    const single = await runActionInProcess({ workspace: appOnly, inputs: { paths: ".", token: TOKEN, annotations: "auto", "fail-on": "none" }, apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(single.status).toBe(0);
    const title = (server.requests.filter((request) => request.operationId === "checks/create").at(-1)?.body as { output: { title: string } }).output.title;
    expect(title).toBe("0 errors, 1 warning, 0 notes");
  });
});

describe("an API that cannot be reached", () => {
  it("is reported as a connection error, not HTTP 500, and the findings go out as workflow commands", async () => {
    // A port that was just free and is closed again: connecting is refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const dir = workspaceWith({ "App/Info.plist": WEB_CONTENT });
    const run = await runAction({ workspace: dir, inputs: { paths: ".", token: TOKEN, annotations: "auto", "fail-on": "error" }, apiUrl: `http://127.0.0.1:${port}`, event: pullRequestEvent({ fork: false }) });
    expect(run.stdout).toMatch(/^::warning::ne-lint: cannot create a check run \(cannot connect to the GitHub API \(ECONNREFUSED\)\); annotating with workflow commands instead\.$/m);
    expect(run.stdout).not.toContain("HTTP 500");
    expect(run.stdout).toMatch(/^::warning file=App\/Info\.plist,line=6/m);
    expect(run.status).toBe(0);
  });
});

describe.skipIf(!hasPython)("findings inside an .ipa (skipped without python3 to build the zip)", () => {
  it("Checks API annotations point at the archive with the member first in the message, as workflow commands and SARIF do", async () => {
    const dir = workspaceWith({ "README.md": "# app\n" });
    buildZip(path.join(dir, "App.ipa"), [{ name: "Payload/App.app/Info.plist", data: readFileSync(path.join(repoRoot, "examples/ios-vpn-app/App/Info.plist"), "utf8") }]);
    const commands = runCli(["--format", "github", "App.ipa"], { cwd: dir }).stdout.trim().split("\n");
    const server = await startFakeGitHub({ token: TOKEN });
    servers.push(server);
    await runActionInProcess({ workspace: dir, inputs: { paths: "App.ipa", token: TOKEN, annotations: "checks", "fail-on": "none" }, apiUrl: server.url, event: pullRequestEvent({ fork: false }) });
    expect(server.violations()).toEqual([]);
    type Annotation = { path: string; start_line: number; end_line: number; start_column?: number; message: string; title: string };
    const annotations = server.requests.filter((request) => request.operationId?.startsWith("checks/")).flatMap((request) => (request.body as { output: { annotations: Annotation[] } }).output.annotations);
    expect(annotations).toHaveLength(commands.length);
    for (const annotation of annotations) {
      expect(annotation).toMatchObject({ path: "App.ipa", start_line: 1, end_line: 1 });
      expect(annotation.start_column).toBeUndefined();
      // The same file and message as the workflow command for that finding.
      const command = commands.find((line) => line.includes(`title=${annotation.title}::`) && line.endsWith(`::${annotation.message}`));
      expect(command, annotation.message).toMatch(/^::\w+ file=App\.ipa,title=/);
    }
    expect(annotations.find((annotation) => annotation.title === "ne-lint ats/arbitrary-loads")?.message).toMatch(/^Payload\/App\.app\/Info\.plist:17:3: NSAllowsArbitraryLoads is YES/);
  });
});
