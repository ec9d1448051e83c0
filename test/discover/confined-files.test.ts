import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfinedFiles } from "../../src/discover/confined-files.js";
import { findFiles } from "../../src/discover/found.js";
import { walk } from "../../src/discover/walk.js";

const root = mkdtempSync(path.join(tmpdir(), "ne-lint-confined-"));
const repo = path.join(root, "repo");
const outside = path.join(root, "outside");
const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};
write(path.join(repo, "App/Info.plist"), "<plist/>");
write(path.join(repo, ".git/config"), "[core]\n");
write(path.join(repo, "Sub/.GIT/config"), "[core]\n");
write(path.join(outside, "secret.txt"), "secret");
write(path.join(repo, "App.xcodeproj/project.pbxproj"), "{}");
symlinkSync(path.join(outside, "secret.txt"), path.join(repo, "App/out.plist"));
symlinkSync("../.git/config", path.join(repo, "App/git.plist"));
symlinkSync("Info.plist", path.join(repo, "App/alias.plist"));
symlinkSync("/proc/self/fd/1", path.join(repo, "App/stdout.plist"));
symlinkSync(path.join(outside, "nowhere"), path.join(repo, "App/dangling.plist"));
symlinkSync("..", path.join(repo, "App/up"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("ConfinedFiles", () => {
  const files = ConfinedFiles.forPaths(["repo"], root);

  it("reads files inside the roots, through links that stay inside", () => {
    const read = files.read(path.join(repo, "App/alias.plist"), 1024);
    expect(read.ok && read.bytes.toString()).toBe("<plist/>");
    expect(files.fileState(path.join(repo, "App/Info.plist"))).toBe("file");
    expect(files.fileState(path.join(repo, "App/absent.plist"))).toBe("missing");
  });

  it("refuses paths outside the roots as written, through `..` and absolute paths, without opening them", () => {
    const before = { ...files.counts };
    expect(files.read(path.join(outside, "secret.txt"), 1024)).toEqual({ ok: false, reason: "outside-roots" });
    expect(files.read(path.join(repo, "../outside/secret.txt"), 1024)).toEqual({ ok: false, reason: "outside-roots" });
    expect(files.read("/etc/passwd", 1024)).toEqual({ ok: false, reason: "outside-roots" });
    expect(files.fileState("/etc/passwd")).toBe("outside-roots");
    expect(files.counts.opened).toBe(before.opened);
    expect(files.counts.bytes).toBe(before.bytes);
    expect(files.counts.refused).toBe(before.refused + 4);
  });

  it("refuses links that resolve outside the roots or into .git, and what cannot be resolved", () => {
    expect(files.read(path.join(repo, "App/out.plist"), 1024)).toEqual({ ok: false, reason: "outside-roots" });
    expect(files.read(path.join(repo, "App/git.plist"), 1024)).toEqual({ ok: false, reason: "git-folder" });
    // `..` is resolved on the path as written (`App/outside/secret.txt`, absent), never by the kernel after the link.
    expect(files.read(`${repo}/App/up/../outside/secret.txt`, 1024)).toMatchObject({ ok: false, reason: "unreadable" });
    expect(files.read(path.join(repo, "App/stdout.plist"), 1024)).toMatchObject({ ok: false, reason: "outside-roots" });
    expect(files.fileState(path.join(repo, "App/dangling.plist"))).toBe("outside-roots");
  });

  it("never reads a .git folder, at any depth and in any case", () => {
    expect(files.read(path.join(repo, ".git/config"), 1024)).toEqual({ ok: false, reason: "git-folder" });
    expect(files.read(path.join(repo, "Sub/.GIT/config"), 1024)).toEqual({ ok: false, reason: "git-folder" });
    expect(ConfinedFiles.forPaths([".git/config"], repo).read(path.join(repo, ".git/config"), 1024)).toEqual({ ok: false, reason: "git-folder" });
  });

  it("takes a given .xcodeproj's folder as the root, and a given file alone", () => {
    const project = ConfinedFiles.forPaths(["App.xcodeproj"], repo);
    expect(project.fileState(path.join(repo, "App/Info.plist"))).toBe("file");
    expect(project.fileState(path.join(outside, "secret.txt"))).toBe("outside-roots");
    const single = ConfinedFiles.forPaths(["App/Info.plist"], repo);
    expect(single.fileState(path.join(repo, "App/Info.plist"))).toBe("file");
    expect(single.fileState(path.join(repo, "App.xcodeproj/project.pbxproj"))).toBe("outside-roots");
  });

  it("does not follow a given path inside the working directory that links out of it, but follows one given outside it", () => {
    const given = ConfinedFiles.forPaths(["App/out.plist"], repo);
    expect(given.read(path.join(repo, "App/out.plist"), 1024)).toEqual({ ok: false, reason: "outside-roots" });
    const outsideGiven = ConfinedFiles.forPaths([path.join(outside, "secret.txt")], repo);
    expect(outsideGiven.read(path.join(outside, "secret.txt"), 1024)).toMatchObject({ ok: true });
  });

  it("counts what it opens and reads", () => {
    const counted = ConfinedFiles.forPaths(["repo"], root);
    counted.read(path.join(repo, "App/Info.plist"), 1024);
    counted.read(path.join(repo, "App/Info.plist"), 1024);
    expect(counted.counts).toEqual({ opened: 2, bytes: 16, refused: 0, resolved: 1 });
  });

  it("decides every walked file as it decides without the walk's real paths (links, .GIT, a linked root, a file named too)", () => {
    symlinkSync(repo, path.join(root, "repo-link"));
    for (const given of [["repo"], ["repo-link"], ["repo", "repo/App/alias.plist", "repo/App/out.plist"], ["repo/Sub"]]) {
      const found = findFiles(given, { cwd: root });
      const plain = ConfinedFiles.forPaths(given, root);
      const candidates = [...walk(given, { cwd: root }).files.map((file) => file.fsPath), path.join(repo, "App/out.plist"), path.join(repo, "App/git.plist"), path.join(repo, ".git/config")];
      for (const fsPath of candidates) {
        const trusted = found.files.read(fsPath, 1024);
        const untrusted = plain.read(fsPath, 1024);
        expect({ fsPath, read: trusted.ok ? trusted.bytes.toString() : trusted }).toEqual({ fsPath, read: untrusted.ok ? untrusted.bytes.toString() : untrusted });
      }
    }
    expect(findFiles(["repo"], { cwd: root }).files.read(path.join(repo, "Sub/.GIT/config"), 1024)).toEqual({ ok: false, reason: "git-folder" });
  });

  it("resolves the real path of each walked folder once, not of each walked file", () => {
    const wide = path.join(root, "wide");
    for (let i = 0; i < 50; i++) write(path.join(wide, `Target${i}/Info.plist`), "<plist/>");
    const found = findFiles(["wide"], { cwd: root });
    for (const file of found.byRole.get("info-plist") ?? []) expect(found.files.read(file.fsPath, 1024).ok).toBe(true);
    expect(found.files.counts).toMatchObject({ opened: 50, resolved: 1 });
    // The same reads without the walk's word: one realpath per file.
    const plain = ConfinedFiles.forPaths(["wide"], root);
    for (const file of found.byRole.get("info-plist") ?? []) plain.read(file.fsPath, 1024);
    expect(plain.counts).toMatchObject({ opened: 50, resolved: 50 });
  });
});
