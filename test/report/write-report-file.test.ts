/**
 * Report files (SARIF, --output, --write-baseline) are written below a working folder the linted
 * repository controls: its symbolic links, FIFOs and /proc links must not choose where or whether the
 * file is written. The fronts (CLI, Action) are covered in test/hostile/report-links.test.ts.
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { checkReportPath, ReportFileError, writeReportFile } from "../../src/report/write-report-file.js";

const root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-report-file-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const onPosix = process.platform !== "win32";
const repo = path.join(root, "repo");
const outside = path.join(root, "outside");
const REPORT = '{"version":"2.1.0","runs":[]}\n';

beforeEach(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "victim.sh"), "#!/bin/sh\necho original\n");
});

/** The error `writeReportFile` threw, so its exact sentence can be asserted. */
function refusal(write: () => void): string {
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFileError);
    return (error as Error).message;
  }
  throw new Error("the write was not refused");
}

describe("writeReportFile", () => {
  it("writes a relative path in fresh folders and an absolute path, byte for byte", () => {
    writeReportFile(repo, "results/deep/ne-lint.sarif", REPORT, "--output");
    expect(readFileSync(path.join(repo, "results/deep/ne-lint.sarif"), "utf8")).toBe(REPORT);
    const absolute = path.join(outside, "made/here/ne-lint.sarif");
    writeReportFile(repo, absolute, Buffer.from(REPORT), "--output");
    expect(readFileSync(absolute, "utf8")).toBe(REPORT);
  });

  it("replaces an existing regular file entirely (a shorter report leaves no tail)", () => {
    writeFileSync(path.join(repo, "out.json"), "x".repeat(1000));
    writeReportFile(repo, "out.json", "short\n", "--output");
    expect(readFileSync(path.join(repo, "out.json"), "utf8")).toBe("short\n");
  });

  it.runIf(onPosix)("refuses a repository link to a folder outside, and writes nothing there", () => {
    symlinkSync(outside, path.join(repo, "reports"));
    expect(refusal(() => writeReportFile(repo, "reports/ne-lint.sarif", REPORT, "the sarif-file input"))).toBe(
      "cannot write the sarif-file input reports/ne-lint.sarif: reports is a symbolic link in the working folder; ne-lint does not write through links",
    );
    // A link deeper down, under real folders, and one named through an absolute path inside the working folder.
    mkdirSync(path.join(repo, "a/b"), { recursive: true });
    symlinkSync(outside, path.join(repo, "a/b/c"));
    expect(refusal(() => writeReportFile(repo, path.join(repo, "a/b/c/new/x.sarif"), REPORT, "--output"))).toContain("a/b/c is a symbolic link in the working folder");
    expect(readdirSync(outside)).toEqual(["victim.sh"]);
    expect(() => checkReportPath(repo, "reports/ne-lint.sarif", "--output")).toThrow(ReportFileError);
  });

  it.runIf(onPosix)("judges a name beginning with two dots as inside, and the working folder named through a link as itself", () => {
    // `..reports` is a name in the working folder, not its parent: its link is the repository's.
    symlinkSync(outside, path.join(repo, "..reports"));
    symlinkSync(path.join(outside, "victim.sh"), path.join(repo, "..victim"));
    expect(refusal(() => writeReportFile(repo, "..reports/ne-lint.sarif", REPORT, "--output"))).toContain("..reports is a symbolic link in the working folder");
    expect(refusal(() => writeReportFile(repo, "..victim", REPORT, "--output"))).toContain("it is a symbolic link");
    // The workflow's own link to the working folder (`/tmp` is one on macOS) is followed; the repository's below it are not.
    const alias = path.join(root, "alias");
    symlinkSync(repo, alias);
    symlinkSync(outside, path.join(repo, "reports"));
    expect(refusal(() => writeReportFile(repo, path.join(alias, "reports/ne-lint.sarif"), REPORT, "--output"))).toContain("is a symbolic link in the working folder");
    expect(refusal(() => writeReportFile(repo, path.join(alias, "..victim"), REPORT, "--output"))).toContain("it is a symbolic link");
    expect(() => checkReportPath(repo, path.join(alias, "..victim"), "--output")).toThrow(ReportFileError);
    expect(readdirSync(outside)).toEqual(["victim.sh"]);
    expect(readFileSync(path.join(outside, "victim.sh"), "utf8")).toBe("#!/bin/sh\necho original\n");
    writeReportFile(repo, path.join(alias, "fine.sarif"), REPORT, "--output");
    expect(readFileSync(path.join(repo, "fine.sarif"), "utf8")).toBe(REPORT);
    rmSync(alias);
  });

  it.runIf(existsSync("/proc/self"))("refuses a repository link to /proc/self at once instead of looping in mkdir", () => {
    symlinkSync("/proc/self", path.join(repo, "reports"));
    expect(refusal(() => writeReportFile(repo, "reports/x/ne-lint.sarif", REPORT, "the sarif-file input"))).toContain("reports is a symbolic link");
    // A path the workflow itself names under /proc fails one level at a time too (no recursive mkdir to loop).
    expect(refusal(() => writeReportFile(repo, "/proc/self/missing/x/ne-lint.sarif", REPORT, "--output"))).toMatch(/^cannot write --output \/proc\/self\/missing\/x\/ne-lint\.sarif: /);
  });

  it.runIf(onPosix)("refuses a link at the file's own name and leaves the link's target as it was", () => {
    const victim = path.join(outside, "victim.sh");
    symlinkSync(victim, path.join(repo, "ne-lint.sarif"));
    expect(refusal(() => writeReportFile(repo, "ne-lint.sarif", REPORT, "the sarif-file input"))).toBe(
      "cannot write the sarif-file input ne-lint.sarif: it is a symbolic link; ne-lint does not write through links",
    );
    expect(readFileSync(victim, "utf8")).toBe("#!/bin/sh\necho original\n");
    expect(lstatSync(path.join(repo, "ne-lint.sarif")).isSymbolicLink()).toBe(true);
    // A dangling link is not created through either.
    symlinkSync(path.join(outside, "new.sh"), path.join(repo, "dangling.sarif"));
    expect(refusal(() => writeReportFile(repo, "dangling.sarif", REPORT, "--output"))).toContain("it is a symbolic link");
    expect(existsSync(path.join(outside, "new.sh"))).toBe(false);
    expect(refusal(() => checkReportPath(repo, "ne-lint.sarif", "--output"))).toContain("it is a symbolic link");
  });

  it.runIf(onPosix)("refuses a FIFO at the file's name without blocking, with or without a reader", () => {
    const fifo = path.join(repo, "ne-lint.sarif");
    execFileSync("mkfifo", [fifo]);
    // No reader: opening for writing would block without O_NONBLOCK (this test would then hang to its guard).
    expect(refusal(() => writeReportFile(repo, "ne-lint.sarif", REPORT, "--output"))).toBe("cannot write --output ne-lint.sarif: it is not a regular file (a pipe, device or socket)");
    // With a reader the open succeeds; fstat then refuses it and nothing reaches the reader.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      expect(refusal(() => writeReportFile(repo, "ne-lint.sarif", REPORT, "--output"))).toBe("cannot write --output ne-lint.sarif: it is not a regular file (a pipe, device or socket)");
      expect(readSync(reader, Buffer.alloc(64))).toBe(0);
    } finally {
      closeSync(reader);
    }
  });

  it("says which part of the path is a file, and that a folder is not a file", () => {
    writeFileSync(path.join(repo, "Info.plist"), "<plist/>");
    expect(refusal(() => writeReportFile(repo, "Info.plist/report.txt", REPORT, "--output"))).toBe("cannot write --output Info.plist/report.txt: a part of the path is a file");
    mkdirSync(path.join(repo, "reports"));
    expect(refusal(() => writeReportFile(repo, "reports", REPORT, "--output"))).toBe("cannot write --output reports: it is a folder; name a file to write");
    expect(refusal(() => checkReportPath(repo, "reports", "--output"))).toBe("--output reports is a folder; name a file to write");
  });

  it.runIf(onPosix)("follows links above the working folder, which are the workflow's (a runner's temporary folder)", () => {
    const linkedTemp = path.join(root, "linked-temp");
    rmSync(linkedTemp, { force: true });
    symlinkSync(outside, linkedTemp);
    writeReportFile(repo, path.join(linkedTemp, "sub/ne-lint.sarif"), REPORT, "the sarif-file input");
    expect(readFileSync(path.join(outside, "sub/ne-lint.sarif"), "utf8")).toBe(REPORT);
    // The working folder reached through a link is fine too: only what is below it is the repository's.
    const linkedRepo = path.join(root, "linked-repo");
    rmSync(linkedRepo, { force: true });
    symlinkSync(repo, linkedRepo);
    writeReportFile(linkedRepo, "results/ne-lint.sarif", REPORT, "the sarif-file input");
    expect(readFileSync(path.join(repo, "results/ne-lint.sarif"), "utf8")).toBe(REPORT);
  });

  it.runIf(onPosix)("writes a file above the working folder as a shell's redirection would: through a link at its name, or to a device", () => {
    const linkedFile = path.join(root, "linked-report.json");
    rmSync(linkedFile, { force: true });
    writeFileSync(path.join(outside, "target.json"), "a longer text than the report, to be replaced whole");
    symlinkSync(path.join(outside, "target.json"), linkedFile);
    writeReportFile(repo, linkedFile, REPORT, "--output");
    expect(readFileSync(path.join(outside, "target.json"), "utf8")).toBe(REPORT);
    writeReportFile(repo, "/dev/null", REPORT, "--output");
    expect(() => checkReportPath(repo, "/dev/stdout", "--output")).not.toThrow();
    // The same link inside the working folder stays refused.
    symlinkSync(path.join(outside, "target.json"), path.join(repo, "inside-link.json"));
    expect(refusal(() => writeReportFile(repo, "inside-link.json", REPORT, "--output"))).toBe("cannot write --output inside-link.json: it is a symbolic link; ne-lint does not write through links");
  });
});
