import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonErrorAt, readJsonFile } from "../../src/config/json-file.js";

const root = mkdtempSync(path.join(tmpdir(), "ne-lint-json-file-"));
const repo = path.join(root, "repo");
mkdirSync(path.join(repo, ".git"), { recursive: true });
writeFileSync(path.join(repo, ".git/config"), "[core]\n");
writeFileSync(path.join(repo, "good.json"), '\uFEFF{"rules": {}}');
writeFileSync(path.join(root, "outside.json"), '{"secret": true}');
writeFileSync(path.join(repo, "big.json"), `[${"0,".repeat(1000)}0]`);
symlinkSync(path.join(root, "outside.json"), path.join(repo, "link-out.json"));
symlinkSync("good.json", path.join(repo, "link-in.json"));
const hasMkfifo = process.platform !== "win32";
if (hasMkfifo) execFileSync("mkfifo", [path.join(repo, "fifo.json")]);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (file: string, explicit = true, maxBytes = 1024) => readJsonFile(file, { repository: repo, explicit, maxBytes, shown: file });

describe("readJsonFile", () => {
  it("reads a regular JSON file inside the repository, directly or through a link that stays inside", () => {
    expect(read("good.json")).toEqual({ ok: true, value: { rules: {} } });
    expect(read("link-in.json", false)).toEqual({ ok: true, value: { rules: {} } });
  });

  it("refuses a link out of the repository and anything in .git, found by name or given explicitly", () => {
    for (const explicit of [true, false]) {
      expect(read("link-out.json", explicit)).toEqual({ ok: false, missing: false, message: "link-out.json is not read: it resolves to a file outside the folders being linted (symbolic links followed), which ne-lint never reads" });
      expect(read(".git/config", explicit)).toMatchObject({ ok: false, missing: false, message: expect.stringContaining("inside a .git folder") });
    }
  });

  it("reads a file given explicitly outside the repository, which is the user's choice", () => {
    expect(read("../outside.json")).toEqual({ ok: true, value: { secret: true } });
    expect(read("../outside.json", false)).toMatchObject({ ok: false, missing: false });
  });

  it.skipIf(!hasMkfifo)("does not hang on a FIFO, and refuses a device or a file over the cap without reading it", () => {
    expect(read("fifo.json")).toEqual({ ok: false, missing: false, message: "fifo.json is not a regular file" });
    expect(read("big.json", true, 100)).toEqual({ ok: false, missing: false, message: "big.json is 2003 bytes, more than the 100-byte limit" });
    if (process.platform === "linux") expect(readJsonFile("/dev/zero", { repository: repo, explicit: true, maxBytes: 1024, shown: "/dev/zero" })).toEqual({ ok: false, missing: false, message: "/dev/zero is not a regular file" });
  });

  it("says a missing file is missing", () => {
    expect(read("absent.json", false)).toEqual({ ok: false, missing: true, message: "absent.json does not exist" });
  });

  it("locates a JSON error by line and column and never quotes the text", () => {
    expect(jsonErrorAt('{\n  "a": GITHUB_TOKEN=ghs_secret\n}')).toBe("line 2, column 8: unexpected character or token");
    expect(jsonErrorAt('{"a": 1')).toBe("line 1, column 8: the text ends too early");
    expect(jsonErrorAt("[".repeat(200_000))).toMatch(/^(line \d+, column \d+: the text ends too early|syntax error)$/);
  });
});
