/** The fake GitHub API must reject what GitHub rejects, or the Action tests prove nothing. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";

const TOKEN = "ghs_fake";
let server: FakeGitHub;
// A server per case: ids and recorded violations then depend on the case alone, not on the cases run before it.
beforeEach(async () => {
  server = await startFakeGitHub({ token: TOKEN, changedFiles: ["a.plist"] });
});
afterEach(() => server.close());

async function call(method: string, path: string, body?: unknown, token = TOKEN): Promise<{ status: number; body: { message?: string; errors?: string[]; id?: number } }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as never };
}

const annotation = (line: number) => ({ path: "App/Info.plist", start_line: line, end_line: line, annotation_level: "failure", message: "m" });
const create = (annotations: unknown[]) => ({ name: "ne-lint", head_sha: "abc", status: "completed", conclusion: "failure", output: { title: "t", summary: "s", annotations } });

describe("fake GitHub API", () => {
  it("accepts a valid check run and answers with GitHub's example shape", async () => {
    const answer = await call("POST", "/repos/o/r/check-runs", create([annotation(1)]));
    expect(answer.status).toBe(201);
    expect(answer.body.id).toBe(4200);
  });

  it("rejects 51 annotations in one request (the API's maxItems)", async () => {
    const answer = await call("POST", "/repos/o/r/check-runs", create(Array.from({ length: 51 }, (_, i) => annotation(i + 1))));
    expect(answer.status).toBe(422);
    expect(answer.body.errors?.join()).toMatch(/annotations must NOT have more than 50 items/);
  });

  it("rejects a missing head_sha, a wrong level, an unknown field and a bad conclusion", async () => {
    const { head_sha: _sha, ...noSha } = create([]);
    expect((await call("POST", "/repos/o/r/check-runs", noSha)).body.errors?.join()).toMatch(/must have required property 'head_sha'/);
    expect((await call("POST", "/repos/o/r/check-runs", create([{ ...annotation(1), annotation_level: "error" }]))).status).toBe(422);
    expect((await call("POST", "/repos/o/r/check-runs", { ...create([]), headSha: "abc" })).body.errors?.join()).toMatch(/unknown property headSha/);
    expect((await call("POST", "/repos/o/r/check-runs", { ...create([]), conclusion: "passed" })).status).toBe(422);
  });

  it("rejects an update without an output summary, a non-integer id, unknown routes and query parameters, and a wrong token", async () => {
    const created = await call("POST", "/repos/o/r/check-runs", create([]));
    expect((await call("PATCH", `/repos/o/r/check-runs/${created.body.id}`, { output: { title: "t", annotations: [] } })).status).toBe(422);
    expect((await call("PATCH", `/repos/o/r/check-runs/${created.body.id}`, { output: { title: "t", summary: "s", annotations: [annotation(2)] } })).status).toBe(200);
    expect((await call("PATCH", "/repos/o/r/check-runs/abc", { output: { title: "t", summary: "s" } })).status).toBe(422);
    expect((await call("GET", "/repos/o/r/check-runz")).status).toBe(422);
    expect((await call("GET", "/repos/o/r/pulls/1/files?per_page=100&colour=red")).status).toBe(422);
    expect((await call("GET", "/repos/o/r/pulls/1/files?per_page=100", undefined, "other")).status).toBe(422);
    expect((await call("GET", "/repos/o/r/pulls/1/files?per_page=100")).status).toBe(200);
    // The update without a summary, the non-integer id, the unknown route, the unknown parameter and the wrong token.
    expect(server.violations()).toHaveLength(5);
  });
});
