import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileReadWork, readFileBounded, readSourceText, readTextBounded } from "../../src/discover/read-file.js";

const root = mkdtempSync(path.join(tmpdir(), "ne-lint-read-file-"));
const file = path.join(root, "Info.plist");
writeFileSync(file, "\uFEFF<plist/>");
const folder = path.join(root, "Folder.plist");
mkdirSync(folder);

describe("readFileBounded", () => {
  it("reads a regular file whole", () => {
    const read = readFileBounded(file, 1024);
    expect(read.ok && read.bytes.toString("utf8")).toBe("\uFEFF<plist/>");
  });

  it("refuses a file over the cap without reading it, and says how large it is", () => {
    expect(readFileBounded(file, 4)).toEqual({ ok: false, reason: "too-large", size: 11 });
  });

  it("refuses a folder", () => {
    expect(readFileBounded(folder, 1024)).toEqual({ ok: false, reason: "not-a-file" });
  });

  it("reports a missing file with its error code", () => {
    expect(readFileBounded(path.join(root, "absent.plist"), 1024)).toEqual({ ok: false, reason: "unreadable", code: "ENOENT" });
  });

  it.skipIf(process.platform === "win32")("does not block on a FIFO named like a plist", () => {
    const fifo = path.join(root, "Pipe.entitlements");
    execFileSync("mkfifo", [fifo]);
    expect(readFileBounded(fifo, 1024)).toEqual({ ok: false, reason: "not-a-file" });
  });
});

describe("readTextBounded", () => {
  it("drops a byte-order mark", () => {
    expect(readTextBounded(file, 1024)).toBe("<plist/>");
    expect(readTextBounded(file, 4)).toBeUndefined();
  });
});

describe("readSourceText", () => {
  const source = path.join(root, "App.swift");
  writeFileSync(source, "\uFEFFlet a = 1\n");
  const other = path.join(root, "Other.swift");
  writeFileSync(other, "let b = 2\n");

  it("reads a file whole without its byte-order mark, counting the bytes read", () => {
    expect(readSourceText(source, 1024)).toEqual({ text: "let a = 1\n", bytes: 13 });
  });

  it("returns text that outlives the reused buffer", () => {
    const first = readSourceText(other, 1024);
    readSourceText(source, 1024);
    expect(first?.text).toBe("let b = 2\n");
  });

  it("takes a file of exactly the cap and refuses one byte more", () => {
    expect(readSourceText(other, 10)?.text).toBe("let b = 2\n");
    expect(readSourceText(other, 9)).toBeUndefined();
  });

  it("refuses a folder and a missing file", () => {
    expect(readSourceText(folder, 1024)).toBeUndefined();
    expect(readSourceText(path.join(root, "absent.swift"), 1024)).toBeUndefined();
  });

  it.skipIf(process.platform === "win32")("does not block on a FIFO named like a source", () => {
    const fifo = path.join(root, "Pipe.swift");
    execFileSync("mkfifo", [fifo]);
    expect(readSourceText(fifo, 1024)?.text ?? "").toBe("");
  });

  it.skipIf(process.platform !== "linux")("stops an endless device at the cap", () => {
    expect(readSourceText("/dev/zero", 4096)).toBeUndefined();
  });
});

describe("readFileBounded's work", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ne-lint-read-work-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a small file with one read and no fstat, and takes the checked path for anything else", () => {
    const small = path.join(dir, "Small.plist");
    writeFileSync(small, "<plist/>");
    const exact = path.join(dir, "Exact.plist");
    writeFileSync(exact, "x".repeat(64 * 1024));
    const empty = path.join(dir, "Empty.plist");
    writeFileSync(empty, "");
    const before = { ...fileReadWork };
    for (let i = 0; i < 10; i++) expect(readFileBounded(small, 1024)).toEqual({ ok: true, bytes: Buffer.from("<plist/>") });
    expect(fileReadWork.opened - before.opened).toBe(10);
    expect(fileReadWork.statted - before.statted).toBe(0);
    // As large as the first read, empty, over the cap, a folder: fstat decides, with the same answers as before.
    const read = readFileBounded(exact, 1024 * 1024);
    expect(read.ok && read.bytes.length).toBe(64 * 1024);
    expect(readFileBounded(empty, 1024)).toEqual({ ok: true, bytes: Buffer.alloc(0) });
    expect(readFileBounded(small, 4)).toEqual({ ok: false, reason: "too-large", size: 8 });
    expect(readFileBounded(dir, 1024)).toEqual({ ok: false, reason: "not-a-file" });
    expect(fileReadWork.statted - before.statted).toBe(4);
  });

  it("reads a file larger than the first read whole and in order (its first bytes taken from that read)", () => {
    const large = path.join(dir, "Large.pbxproj");
    const content = Buffer.from(Array.from({ length: 64 * 1024 * 3 + 7 }, (_, i) => (i * 7 + (i >> 16)) % 251));
    writeFileSync(large, content);
    const read = readFileBounded(large, 1024 * 1024);
    expect(read.ok && read.bytes.equals(content)).toBe(true);
  });

  it("returns bytes that outlive the reused buffer", () => {
    const a = path.join(dir, "A.plist");
    const b = path.join(dir, "B.plist");
    writeFileSync(a, "first");
    writeFileSync(b, "second");
    const first = readFileBounded(a, 1024);
    readFileBounded(b, 1024);
    expect(first.ok && first.bytes.toString()).toBe("first");
  });

  it.skipIf(process.platform !== "linux")("does not take a device for a file", () => {
    expect(readFileBounded("/dev/zero", 1024)).toEqual({ ok: false, reason: "not-a-file" });
    expect(readFileBounded("/dev/null", 1024)).toEqual({ ok: false, reason: "not-a-file" });
  });
});
