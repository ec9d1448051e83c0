/**
 * Hostile archives: every one must give typed problems or errors, never a throw; work is bounded by the
 * archive limits (entries, sizes, ratio), and the test timeout is the hang guard.
 */
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openZipTree } from "../../src/decode/zip.js";
import type { ZipLimits, ZipTree } from "../../src/decode/zip.js";
import type { DecodeResult } from "../../src/decode/result.js";
import { buildZip, hasCommand, hasPython, patchUncompressedSize } from "../helpers/zip-fixtures.js";


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ne-lint-zip-hostile-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openOk(file: string, limits: Partial<ZipLimits> = {}): Promise<ZipTree> {
  const result = await openZipTree(file, "hostile.ipa!", limits);
  if (!result.ok) throw new Error(`expected the archive to open: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function expectError(result: DecodeResult<unknown>, code: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(10);
  }
}

describe.skipIf(!hasPython)("hostile zip archives", () => {
  it("flags an honest 1 GiB zip64 bomb from the central directory and refuses to inflate it", async () => {
    const file = join(dir, "bomb.ipa");
    buildZip(file, [
      { name: "Payload/App.app/Info.plist", zeros: 1024 * 1024 * 1024, zip64: true },
      { name: "Payload/App.app/App", data: "fine" },
    ]);
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    const tree = await openOk(file);
    expect(tree.problems).toEqual([expect.objectContaining({ code: "zip-bomb", path: "Payload/App.app/Info.plist" })]);
    const entries = await tree.entries();
    expect(entries.ok && entries.value.find((entry) => entry.path === "Payload/App.app/Info.plist")?.size).toBe(1024 * 1024 * 1024);
    expectError(await tree.readFile("Payload/App.app/Info.plist", 10 * 1024 * 1024 * 1024), "zip-bomb");
    expectError(await tree.byteSource("Payload/App.app/Info.plist"), "zip-bomb");
    // The rest of the archive is still usable.
    expect(await tree.readFile("Payload/App.app/App", 100)).toMatchObject({ ok: true });
    await tree.close();
  }, 60_000);

  it("reads a zip64 member that is not a bomb", async () => {
    const file = join(dir, "zip64.ipa");
    buildZip(file, [{ name: "Payload/App.app/App", randomHex: 100_000, zip64: true }]);
    const tree = await openOk(file);
    const result = await tree.readFile("Payload/App.app/App", 1_000_000);
    expect(result.ok && Buffer.from(result.value).equals(execFileSync("unzip", ["-p", file, "Payload/App.app/App"]))).toBe(true);
    await tree.close();
  });

  it("stops inflating a member whose header claims fewer bytes than it holds", async () => {
    const file = join(dir, "lying-small.ipa");
    buildZip(file, [{ name: "Payload/App.app/Info.plist", zeros: 20 * 1024 * 1024 }]);
    patchUncompressedSize(file, "Payload/App.app/Info.plist", 1000);
    const tree = await openOk(file);
    expect(tree.problems).toEqual([]);
    expectError(await tree.readFile("Payload/App.app/Info.plist", 10 * 1024 * 1024), "zip-entry-corrupt");
    const source = await tree.byteSource("Payload/App.app/Info.plist");
    expect(source.ok).toBe(true);
    if (source.ok) await expect(source.value.read(0, 1000)).rejects.toMatchObject({ code: "zip-entry-corrupt" });
    await tree.close();
  });

  it("notices a member whose header claims more bytes than it holds", async () => {
    const file = join(dir, "lying-big.ipa");
    buildZip(file, [{ name: "Payload/App.app/App", randomHex: 50_000 }]);
    patchUncompressedSize(file, "Payload/App.app/App", 60_000);
    const tree = await openOk(file);
    expectError(await tree.readFile("Payload/App.app/App", 1_000_000), "zip-entry-corrupt");
    const source = await tree.byteSource("Payload/App.app/App");
    if (source.ok) await expect(source.value.read(59_000, 1_000)).rejects.toMatchObject({ code: "zip-entry-corrupt" });
    await tree.close();
  });

  it("rejects a stored member whose sizes disagree as a damaged archive", async () => {
    const file = join(dir, "lying-stored.ipa");
    buildZip(file, [{ name: "Payload/App.app/App", data: "x".repeat(5000), method: "stored" }]);
    patchUncompressedSize(file, "Payload/App.app/App", 100);
    expectError(await openZipTree(file, "x.ipa!"), "zip-corrupt");
  });

  it("skips members with unsafe names as unsafe-path problems and keeps reading the archive", async () => {
    const file = join(dir, "names.ipa");
    const hostile = ["../../evil.txt", "/etc/evil.txt", "Payload/../../x.txt", "C:\\evil.txt", "Payload\\..\\..\\y.txt", "Payload/./App.app/Info.plist", "Payload//App.app/Info.plist"];
    buildZip(file, [...hostile.map((name) => ({ name, data: "evil" })), { name: "Payload/App.app/Info.plist", data: "good" }]);
    // The oracle: Info-ZIP sees every hostile name in the central directory.
    const listed = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" });
    for (const name of ["../../evil.txt", "Payload/../../x.txt"]) expect(listed).toContain(name);
    const tree = await openOk(file);
    expect(tree.problems.map((problem) => problem.code)).toEqual(hostile.map(() => "unsafe-path"));
    expect(tree.problems.map((problem) => problem.path).sort()).toEqual([...hostile].sort());
    const entries = await tree.entries();
    expect(entries.ok && entries.value.map((entry) => entry.path)).toEqual(["Payload", "Payload/App.app", "Payload/App.app/Info.plist"]);
    const good = await tree.readFile("Payload/App.app/Info.plist", 100);
    expect(good.ok && Buffer.from(good.value).toString()).toBe("good");
    await tree.close();
  });

  it("lists a member with an unsupported compression method but refuses to read it", async () => {
    const file = join(dir, "bzip2.ipa");
    buildZip(file, [{ name: "Payload/App.app/Info.plist", data: "plist", method: "bzip2" }, { name: "Payload/App.app/App", data: "app" }]);
    // Info-ZIP reads it, so the archive itself is sound.
    expect(execFileSync("unzip", ["-p", file, "Payload/App.app/Info.plist"]).toString()).toBe("plist");
    const tree = await openOk(file);
    expect(tree.problems).toEqual([expect.objectContaining({ code: "unreadable-entry", path: "Payload/App.app/Info.plist" })]);
    expectError(await tree.readFile("Payload/App.app/Info.plist", 100), "unreadable-entry");
    expect(await tree.readFile("Payload/App.app/App", 100)).toMatchObject({ ok: true });
    await tree.close();
  });

  it("keeps the first of duplicate members and reports the rest", async () => {
    const file = join(dir, "dupes.ipa");
    buildZip(file, [
      { name: "Payload/App.app/Info.plist", data: "first" },
      { name: "Payload/App.app/Info.plist", data: "second" },
      { name: "Payload/App.app/Info.plist", data: "third", method: "stored" },
    ]);
    const tree = await openOk(file);
    expect(tree.problems).toEqual([
      expect.objectContaining({ code: "duplicate-entry", path: "Payload/App.app/Info.plist" }),
      expect.objectContaining({ code: "duplicate-entry", path: "Payload/App.app/Info.plist" }),
    ]);
    const result = await tree.readFile("Payload/App.app/Info.plist", 100);
    expect(result.ok && Buffer.from(result.value).toString()).toBe("first");
    await tree.close();
  });

  it("lists symlink members without following them and reports escapes and loops", async () => {
    const file = join(dir, "links.ipa");
    buildZip(file, [
      { name: "Payload/App.app/Info.plist", data: "plist" },
      { name: "Payload/App.app/fine", symlink: "Info.plist" },
      { name: "Payload/App.app/absolute", symlink: "/etc/passwd" },
      { name: "Payload/App.app/climb", symlink: "../../../etc" },
      { name: "Payload/App.app/self", symlink: "self" },
      { name: "Payload/App.app/ping", symlink: "pong" },
      { name: "Payload/App.app/pong", symlink: "./ping" },
      { name: "Payload/App.app/parent", symlink: ".." },
      { name: "Payload/App.app/sneaky", symlink: "climb/passwd" },
    ]);
    const tree = await openOk(file);
    const verdicts = Object.fromEntries(tree.problems.map((problem) => [problem.path, problem.code]));
    expect(verdicts).toEqual({
      "Payload/App.app/absolute": "symlink-escape",
      "Payload/App.app/climb": "symlink-escape",
      "Payload/App.app/sneaky": "symlink-escape",
      "Payload/App.app/self": "symlink-loop",
      "Payload/App.app/ping": "symlink-loop",
      "Payload/App.app/pong": "symlink-loop",
      "Payload/App.app/parent": "symlink-loop",
    });
    const entries = await tree.entries();
    const kinds = entries.ok ? entries.value.filter((entry) => entry.kind === "symlink").map((entry) => entry.path) : [];
    expect(kinds).toHaveLength(8);
    expectError(await tree.readFile("Payload/App.app/fine", 100), "symlink-not-followed");
    expectError(await tree.byteSource("Payload/App.app/absolute"), "symlink-not-followed");
    expectError(await tree.readFile("Payload/App.app/climb/passwd", 100), "not-found");
    await tree.close();
  });

  it("reports truncated archives and garbage named .ipa as typed errors", async () => {
    const good = join(dir, "good.ipa");
    buildZip(good, [{ name: "Payload/App.app/Info.plist", data: "x".repeat(10_000) }, { name: "Payload/App.app/App", random: 50_000 }]);
    const bytes = readFileSync(good);

    const headless = join(dir, "headless.ipa");
    writeFileSync(headless, bytes.subarray(0, bytes.length - 30));
    expectError(await openZipTree(headless, "headless.ipa!"), "zip-not-an-archive");

    // The end record survives but the offsets now point into the wrong bytes.
    const tailOnly = join(dir, "tail-only.ipa");
    writeFileSync(tailOnly, bytes.subarray(bytes.length - 400));
    expectError(await openZipTree(tailOnly, "tail-only.ipa!"), "zip-corrupt");

    const garbage = join(dir, "garbage.ipa");
    writeFileSync(garbage, Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) & 0xff)));
    expectError(await openZipTree(garbage, "garbage.ipa!"), "zip-not-an-archive");

    const empty = join(dir, "empty.ipa");
    writeFileSync(empty, "");
    expectError(await openZipTree(empty, "empty.ipa!"), "zip-not-an-archive");

    expectError(await openZipTree(join(dir, "missing.ipa"), "missing.ipa!"), "not-found");
    expectError(await openZipTree(dir, "dir.ipa!"), "not-a-file");
  });

  it("reports a central directory shorter than its declared count as damage", async () => {
    const file = join(dir, "count.ipa");
    buildZip(file, [{ name: "a", data: "1" }, { name: "b", data: "2" }]);
    const bytes = readFileSync(file);
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const fd = openSync(file, "r+");
    const count = Buffer.alloc(2);
    count.writeUInt16LE(0xffff);
    writeSync(fd, count, 0, 2, eocd + 8);
    writeSync(fd, count, 0, 2, eocd + 10);
    closeSync(fd);
    expectError(await openZipTree(file, "count.ipa!"), "zip-corrupt");
  });

  it("lists a 100,000-entry central directory and honours a lower entry limit", async () => {
    const file = join(dir, "many.ipa");
    const members = Array.from({ length: 100_000 }, (_, i) => ({ name: `Payload/App.app/Resources/r${Math.floor(i / 1000)}/f${i}`, data: "", method: "stored" as const }));
    buildZip(file, members);
    const tree = await openOk(file);
    const entries = await tree.entries();
    expect(entries.ok && entries.value.filter((entry) => entry.kind === "file").length).toBe(100_000);
    expect(tree.problems).toEqual([]);
    await tree.close();

    const capped = await openOk(file, { maxEntries: 1_000 });
    const cappedEntries = await capped.entries();
    expect(cappedEntries.ok && cappedEntries.value.length).toBe(1_000);
    expect(capped.problems).toEqual([expect.objectContaining({ code: "too-many-entries" })]);
    await capped.close();
    // Hang guard only: writing and listing 100,000 entries took 62 s with eight jobs on two cores.
  }, 180_000);

  it("survives byte flips anywhere in an archive: typed results only", async () => {
    const good = join(dir, "flip-base.ipa");
    buildZip(good, [
      { name: "Payload/App.app/Info.plist", data: "<plist>".repeat(300) },
      { name: "Payload/App.app/App", randomHex: 20_000 },
      { name: "Payload/App.app/link", symlink: "App" },
      { name: "Payload/App.app/embedded.mobileprovision", data: "p".repeat(500), method: "stored" },
    ]);
    const original = readFileSync(good);
    const mutant = join(dir, "flip.ipa");
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 150; round++) {
      const bytes = Buffer.from(original);
      for (let flips = 1 + (next() % 4); flips > 0; flips--) {
        // Bias toward the central directory and end record, where the structure lives.
        const at = next() % 2 === 0 ? bytes.length - 1 - (next() % 400) : next() % bytes.length;
        bytes[at] = next() & 0xff;
      }
      writeFileSync(mutant, bytes);
      const opened = await openZipTree(mutant, "flip.ipa!", { bombMinSize: 64 * 1024 });
      if (opened.ok) {
        const entries = await opened.value.entries();
        for (const entry of entries.ok ? entries.value : []) {
          const read = await opened.value.readFile(entry.path, 1024 * 1024);
          expect(typeof read.ok).toBe("boolean");
          const source = await opened.value.byteSource(entry.path);
          if (source.ok) await source.value.read(Math.max(0, source.value.size - 100), 100).catch((error: unknown) => expect(error).toMatchObject({ code: expect.any(String) }));
        }
        await opened.value.close();
      }
    }
    copyFileSync(good, mutant);
  }, 120_000);
});

describe.skipIf(!hasPython || !hasCommand("unzip"))("zip fixtures sanity", () => {
  it("patchUncompressedSize changes what Info-ZIP sees", () => {
    const file = join(dir, "patched.zip");
    buildZip(file, [{ name: "a.txt", data: "hello world" }]);
    patchUncompressedSize(file, "a.txt", 5);
    expect(execFileSync("unzip", ["-Zl", file], { encoding: "utf8" })).toMatch(/\s5\s/);
  });
});
