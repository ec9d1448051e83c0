/**
 * Fetching a pull request's base commit into a shallow clone, from a local bare repository as `origin`: it
 * works, it fails with a sentence, and nothing the clone's own config names is executed (each hostile setting
 * is first shown to run a command under a plain `git fetch`, so the test cannot pass by accident).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchCommit } from "../../src/git/fetch-commit.js";
import { checkCommit } from "../../src/git/read-at-revision.js";
import { createTestRepo, type TestRepo } from "../helpers/git-repo.js";
import { shallowCloneOf, type ShallowClone } from "../helpers/shallow-clone.js";

let source: TestRepo;
let base: string;
const clones: ShallowClone[] = [];
let scratch: string;

beforeAll(() => {
  source = createTestRepo();
  base = source.commit({ "App/Info.plist": "<plist/>\n" }, "base");
  source.commit({ "App/Info.plist": "<plist version=\"1.0\"/>\n" }, "head");
  scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-fetch-"));
});
afterEach(() => {
  for (const clone of clones.splice(0)) clone.remove();
});
afterAll(() => {
  source.remove();
  rmSync(scratch, { recursive: true, force: true });
});

function clone(): ShallowClone {
  const made = shallowCloneOf(source);
  clones.push(made);
  return made;
}

/** A shell script that leaves `marker` behind when something runs it, then does `then`. */
function script(name: string, then: string): { file: string; marker: string } {
  const file = path.join(scratch, `${name}.sh`);
  const marker = path.join(scratch, `${name}.ran`);
  rmSync(marker, { force: true });
  writeFileSync(file, `#!/bin/sh\ntouch '${marker}'\n${then}\n`, { mode: 0o755 });
  return { file, marker };
}

describe("fetchCommit", () => {
  it("fetches a commit the shallow clone does not have, one commit deep, without touching refs or the working tree", async () => {
    const c = clone();
    expect((await checkCommit(c.dir, base)).ok).toBe(false);
    const refs = c.git("for-each-ref");
    expect(await fetchCommit(c.dir, base)).toEqual({ ok: true });
    expect((await checkCommit(c.dir, base)).ok).toBe(true);
    expect(c.git("show", `${base}:App/Info.plist`)).toBe("<plist/>");
    expect(c.git("for-each-ref")).toBe(refs);
    expect(c.git("status", "--porcelain")).toBe("");
    expect(existsSync(path.join(c.dir, ".git/FETCH_HEAD"))).toBe(false);
  });

  it("fails with a sentence when there is no origin, origin is unreachable, or the commit is unknown", async () => {
    const c = clone();
    c.git("remote", "set-url", "origin", `file://${path.join(scratch, "gone.git")}`);
    expect(await fetchCommit(c.dir, base)).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^git fetch origin ${base} failed \\(git: .+\\)$`)) });
    c.git("remote", "remove", "origin");
    expect(await fetchCommit(c.dir, base)).toMatchObject({ ok: false, message: expect.stringContaining("'origin' does not appear to be a git repository") });
    const unknown = clone();
    expect(await fetchCommit(unknown.dir, "0123456789abcdef0123456789abcdef01234567")).toMatchObject({ ok: false, message: expect.stringMatching(/^git fetch origin 0123456789abcdef0123456789abcdef01234567 failed/) });
    for (const notSha of ["main", "--upload-pack=touch x", "HEAD~1", base.slice(0, 12)]) expect(await fetchCommit(unknown.dir, notSha), notSha).toEqual({ ok: false, message: `"${notSha}" is not a commit id` });
  });

  it("never runs the upload-pack program the clone's config names", async () => {
    const c = clone();
    const uploadPack = script("upload-pack", 'exec git-upload-pack "$@"');
    c.git("config", "remote.origin.uploadpack", uploadPack.file);
    // Control: a plain fetch runs it.
    execFileSync("git", ["fetch", "-q", "--depth=1", "origin", "HEAD"], { cwd: c.dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } });
    expect(existsSync(uploadPack.marker)).toBe(true);
    rmSync(uploadPack.marker);
    expect(await fetchCommit(c.dir, base)).toEqual({ ok: true });
    expect(existsSync(uploadPack.marker)).toBe(false);
  });

  it("refuses the ext:: transport and ssh even when the clone's config allows them", async () => {
    const c = clone();
    const ext = script("ext", "exit 1");
    c.git("config", "protocol.ext.allow", "always");
    c.git("config", "remote.origin.url", `ext::sh ${ext.file}`);
    // Control: a plain fetch runs the command.
    expect(() => execFileSync("git", ["fetch", "-q", "origin", base], { cwd: c.dir, stdio: "ignore", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } })).toThrow();
    expect(existsSync(ext.marker)).toBe(true);
    rmSync(ext.marker);
    expect(await fetchCommit(c.dir, base)).toMatchObject({ ok: false, message: expect.stringContaining("transport 'ext' not allowed") });
    expect(existsSync(ext.marker)).toBe(false);

    const ssh = script("ssh", "exit 1");
    c.git("config", "protocol.ssh.allow", "always");
    c.git("config", "core.sshCommand", ssh.file);
    c.git("config", "remote.origin.url", "ssh://git@example.invalid/repo.git");
    expect(await fetchCommit(c.dir, base)).toMatchObject({ ok: false, message: expect.stringContaining("transport 'ssh' not allowed") });
    expect(existsSync(ssh.marker)).toBe(false);
  });
});
