import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileAtRevision } from "../../src/git/read-at-revision.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";

let repo: TestRepo;
let base: string;
let head: string;

beforeAll(() => {
  repo = createTestRepo();
  base = repo.commit({ ".ne-lint.json": '{ "rules": {} }\n', "ios/.ne-lint.json": '{ "ignore": ["Pods/**"] }\n' }, "base");
  head = repo.commit({ ".ne-lint.json": '{ "ignore": ["**"] }\n', "big.json": "x".repeat(5000) }, "head");
});
afterAll(() => repo.remove());

describe("readFileAtRevision", () => {
  it("reads a file as committed in a revision, not as in the working tree", async () => {
    writeFileSync(path.join(repo.dir, ".ne-lint.json"), '{ "uncommitted": true }');
    expect(await readFileAtRevision(repo.dir, base, ".ne-lint.json", 1024)).toEqual({ ok: true, text: '{ "rules": {} }\n' });
    expect(await readFileAtRevision(repo.dir, head, ".ne-lint.json", 1024)).toEqual({ ok: true, text: '{ "ignore": ["**"] }\n' });
    expect(repo.git("status", "--porcelain")).toBe("M .ne-lint.json");
  });

  it("resolves the path from the directory it is given", async () => {
    expect(await readFileAtRevision(path.join(repo.dir, "ios"), base, ".ne-lint.json", 1024)).toEqual({ ok: true, text: '{ "ignore": ["Pods/**"] }\n' });
  });

  it("tells a missing file from a missing commit", async () => {
    expect(await readFileAtRevision(repo.dir, base, "big.json", 1024)).toMatchObject({ ok: false, reason: "no-file" });
    expect(await readFileAtRevision(repo.dir, "0123456789abcdef0123456789abcdef01234567", ".ne-lint.json", 1024)).toMatchObject({ ok: false, reason: "no-revision" });
  });

  it("refuses revisions that look like options and paths that leave the repository", async () => {
    for (const revision of ["--output=/tmp/x", "-p", "HEAD:.ne-lint.json", "a b", ""]) expect(await readFileAtRevision(repo.dir, revision, ".ne-lint.json", 1024), revision).toMatchObject({ ok: false, reason: "invalid" });
    for (const file of ["../etc/passwd", "/etc/passwd", "a/../../b", "."]) expect(await readFileAtRevision(repo.dir, head, file, 1024), file).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("does not read more than the bound", async () => {
    expect(await readFileAtRevision(repo.dir, head, "big.json", 4096)).toMatchObject({ ok: false, reason: "too-large" });
    expect(await readFileAtRevision(repo.dir, head, "big.json", 5000)).toMatchObject({ ok: true });
  });

  it("says so outside a repository", async () => {
    expect(await readFileAtRevision("/", base, ".ne-lint.json", 1024)).toMatchObject({ ok: false, reason: "no-revision" });
  });
});
