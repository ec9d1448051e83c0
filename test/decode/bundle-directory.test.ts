/**
 * Folder trees: listings checked against `find`, symlinks never followed, hostile links reported.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryTree } from "../../src/decode/bundle/directory-tree.js";
import type { FileTree, TreeEntry } from "../../src/decode/bundle/file-tree.js";
import { hasCommand } from "../helpers/zip-fixtures.js";

const hasFind = hasCommand("find");
const hasMkfifo = hasCommand("mkfifo");

/** `find`'s view of a folder: type letter, size and path for every entry below it. */
function findListing(root: string): { kind: string; size: number; path: string }[] {
  return execFileSync("find", [".", "-mindepth", "1", "-printf", "%y %s %P\\n"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [kind = "", size = "0", ...rest] = line.split(" ");
      return { kind, size: Number(size), path: rest.join(" ") };
    });
}

async function listed(tree: FileTree): Promise<TreeEntry[]> {
  const result = await tree.entries();
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe.skipIf(!hasFind)("directoryTree over a macOS app bundle with hostile symlinks", () => {
  let dir: string;
  let app: string;
  let tree: FileTree;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ne-lint-dirtree-"));
    app = join(dir, "Mac.app");
    const contents = join(app, "Contents");
    const resources = join(contents, "Resources");
    const framework = join(contents, "Frameworks", "Kit.framework");
    for (const folder of [join(contents, "MacOS"), resources, join(framework, "Versions", "A"), join(contents, "Library", "SystemExtensions", "Filter.systemextension", "Contents", "MacOS")]) {
      mkdirSync(folder, { recursive: true });
    }
    writeFileSync(join(contents, "Info.plist"), "<plist>info</plist>");
    writeFileSync(join(contents, "MacOS", "Mac"), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff)));
    writeFileSync(join(framework, "Versions", "A", "Kit"), "kit");
    symlinkSync("A", join(framework, "Versions", "Current"));
    symlinkSync("Versions/Current/Kit", join(framework, "Kit"));
    symlinkSync("../".repeat(40) + "etc", join(resources, "evil"));
    symlinkSync("/etc/passwd", join(resources, "absolute"));
    symlinkSync("self", join(resources, "self"));
    symlinkSync("pong", join(resources, "ping"));
    symlinkSync("ping", join(resources, "pong"));
    symlinkSync("..", join(resources, "up"));
    symlinkSync("evil/passwd", join(resources, "through"));
    symlinkSync("missing", join(resources, "dangling"));
    if (hasMkfifo) execFileSync("mkfifo", [join(resources, "pipe")]);
    tree = directoryTree(app, "build/Mac.app");
  });
  afterAll(async () => {
    await tree?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists what find lists, with symlinks as symlinks and no FIFO", async () => {
    const entries = await listed(tree);
    const kindLetter = { file: "f", dir: "d", symlink: "l" } as const;
    const oracle = findListing(app).filter((entry) => entry.kind !== "p");
    expect(entries.map((entry) => `${kindLetter[entry.kind]} ${entry.path}`).sort()).toEqual(oracle.map((entry) => `${entry.kind} ${entry.path}`).sort());
    for (const entry of entries.filter((item) => item.kind !== "dir")) {
      expect(entry.size, entry.path).toBe(oracle.find((item) => item.path === entry.path)?.size);
    }
    // Never descended through a symlink: nothing listed below one.
    const links = entries.filter((entry) => entry.kind === "symlink").map((entry) => `${entry.path}/`);
    expect(entries.filter((entry) => links.some((link) => entry.path.startsWith(link)))).toEqual([]);
  });

  it("reports escaping and looping symlinks, and the FIFO", async () => {
    await listed(tree);
    const verdicts = Object.fromEntries(tree.problems.map((problem) => [problem.path, problem.code]));
    expect(verdicts).toEqual({
      "Contents/Resources/evil": "symlink-escape",
      "Contents/Resources/absolute": "symlink-escape",
      "Contents/Resources/through": "symlink-escape",
      "Contents/Resources/self": "symlink-loop",
      "Contents/Resources/ping": "symlink-loop",
      "Contents/Resources/pong": "symlink-loop",
      "Contents/Resources/up": "symlink-loop",
      ...(hasMkfifo ? { "Contents/Resources/pipe": "special-file" } : {}),
    });
    // The kernel agrees about the loops.
    for (const link of ["self", "ping"]) {
      expect(() => readFileSync(join(app, "Contents", "Resources", link))).toThrow(/ELOOP/);
    }
  });

  it("reads files byte-for-byte and refuses to read through symlinks", async () => {
    const info = await tree.readFile("Contents/Info.plist", 1000);
    expect(info.ok && Buffer.from(info.value).equals(readFileSync(join(app, "Contents", "Info.plist")))).toBe(true);
    // The kernel would happily read these; the tree must not.
    expect(readFileSync(join(app, "Contents/Frameworks/Kit.framework/Kit")).toString()).toBe("kit");
    expect(await tree.readFile("Contents/Frameworks/Kit.framework/Kit", 1000)).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
    expect(await tree.readFile("Contents/Frameworks/Kit.framework/Versions/Current/Kit", 1000)).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
    expect(readFileSync(join(app, "Contents/Resources/evil/passwd")).length).toBeGreaterThan(0);
    expect(await tree.readFile("Contents/Resources/evil/passwd", 100_000)).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
    expect(await tree.readFile("Contents/Resources/absolute", 100_000)).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
    expect(await tree.byteSource("Contents/Resources/absolute")).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
  });

  it.skipIf(!hasMkfifo)("refuses a FIFO without blocking", async () => {
    expect(await tree.readFile("Contents/Resources/pipe", 1000)).toMatchObject({ ok: false, error: { code: "not-a-file" } });
  });

  it("gives typed errors for unsafe, missing, folder and oversized paths", async () => {
    expect(await tree.readFile("../Mac.app/Contents/Info.plist", 1000)).toMatchObject({ ok: false, error: { code: "unsafe-path" } });
    expect(await tree.readFile("/etc/passwd", 1000)).toMatchObject({ ok: false, error: { code: "unsafe-path" } });
    expect(await tree.readFile("Contents/Nope.plist", 1000)).toMatchObject({ ok: false, error: { code: "not-found" } });
    expect(await tree.readFile("Contents/MacOS", 1000)).toMatchObject({ ok: false, error: { code: "not-a-file" } });
    expect(await tree.readFile("Contents/MacOS/Mac", 69_999)).toMatchObject({ ok: false, error: { code: "too-large" } });
  });

  it("serves positional reads through byteSource", async () => {
    const oracle = readFileSync(join(app, "Contents", "MacOS", "Mac"));
    const source = await tree.byteSource("Contents/MacOS/Mac");
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    expect(source.value.size).toBe(oracle.length);
    for (const [offset, length] of [[0, 32], [65_000, 5_000], [69_990, 100]] as const) {
      expect(Buffer.from(await source.value.read(offset, length)).equals(oracle.subarray(offset, offset + length))).toBe(true);
    }
  });

  it("honours entry and depth limits", async () => {
    const small = directoryTree(app, "Mac.app", { maxEntries: 5 });
    expect((await listed(small)).length).toBeLessThanOrEqual(5);
    expect(small.problems.map((problem) => problem.code)).toContain("too-many-entries");
    const shallow = directoryTree(app, "Mac.app", { maxDepth: 2 });
    const entries = await listed(shallow);
    expect(Math.max(...entries.map((entry) => entry.path.split("/").length))).toBe(2);
    expect(shallow.problems.filter((problem) => problem.code === "too-deep").map((problem) => problem.path).sort()).toEqual(["Contents/Frameworks", "Contents/Library", "Contents/MacOS", "Contents/Resources"]);
  });

  it("fails cleanly on a missing root, a file root, and after close", async () => {
    expect(await directoryTree(join(dir, "missing.app"), "missing.app").entries()).toMatchObject({ ok: false, error: { code: "not-found" } });
    expect(await directoryTree(join(app, "Contents", "Info.plist"), "x").entries()).toMatchObject({ ok: false, error: { code: "not-a-directory" } });
    const closing = directoryTree(app, "Mac.app");
    const source = await closing.byteSource("Contents/MacOS/Mac");
    await closing.close();
    expect(await closing.readFile("Contents/Info.plist", 1000)).toMatchObject({ ok: false, error: { code: "closed" } });
    if (source.ok) await expect(source.value.read(0, 4)).rejects.toMatchObject({ code: "closed" });
  });

  it("accepts a root that is itself a symlink (the user's choice), but nothing below it", async () => {
    const alias = join(dir, "Alias.app");
    symlinkSync(app, alias);
    const aliased = directoryTree(alias, "Alias.app");
    expect((await listed(aliased)).length).toBe((await listed(tree)).length);
    expect(await aliased.readFile("Contents/Info.plist", 1000)).toMatchObject({ ok: true });
    await aliased.close();
  });

  it("lists a deep chain of nested folders only to the depth cap", async () => {
    const deep = join(dir, "Deep.app");
    mkdirSync(join(deep, ...Array.from({ length: 100 }, (_, i) => `d${i}`)), { recursive: true });
    const deepTree = directoryTree(deep, "Deep.app");
    const entries = await listed(deepTree);
    expect(entries.length).toBe(64);
    expect(deepTree.problems).toEqual([expect.objectContaining({ code: "too-deep" })]);
  });
});
