/**
 * Reading zip archives in place, checked against Info-ZIP (`unzip -Z1` for listings, `unzip -p` for
 * bytes) on archives written by Python's zipfile and by the `zip` CLI.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBundles } from "../../src/decode/bundle/layout.js";
import { openZipTree } from "../../src/decode/zip.js";
import type { ZipTree } from "../../src/decode/zip.js";
import { buildZip, hasCommand, hasPython } from "../helpers/zip-fixtures.js";

const hasUnzip = hasCommand("unzip");
const hasZip = hasCommand("zip");

const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>CFBundleExecutable</key><string>App</string></dict></plist>
`;

function unzipBytes(archive: string, member: string): Buffer {
  return execFileSync("unzip", ["-p", archive, member], { maxBuffer: 256 * 1024 * 1024 });
}

async function open(archive: string, displayRoot: string): Promise<ZipTree> {
  const result = await openZipTree(archive, displayRoot);
  if (!result.ok) throw new Error(`openZipTree failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe.skipIf(!hasPython || !hasUnzip)("openZipTree on an .ipa", () => {
  let dir: string;
  let ipa: string;
  let tree: ZipTree;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ne-lint-zip-"));
    ipa = join(dir, "App.ipa");
    buildZip(ipa, [
      { name: "Payload/", dir: true },
      { name: "Payload/App.app/", dir: true },
      { name: "Payload/App.app/Info.plist", data: INFO_PLIST },
      { name: "Payload/App.app/App", random: 300_000 },
      { name: "Payload/App.app/embedded.mobileprovision", random: 5_000, method: "stored" },
      { name: "Payload/App.app/PlugIns/Tunnel.appex/Info.plist", data: INFO_PLIST.replace(">App<", ">Tunnel<") },
      { name: "Payload/App.app/PlugIns/Tunnel.appex/Tunnel", randomHex: 2_000_000 },
      { name: "Payload/App.app/PlugIns/Tunnel.appex/embedded.mobileprovision", data: "profile" },
      { name: "Payload/App.app/Frameworks/Kit.framework/Kit", random: 1_000 },
      { name: "Payload/App.app/Frameworks/Kit.framework/Info.plist", data: INFO_PLIST },
      { name: "Payload/App.app/Watch/Watch.app/Info.plist", data: INFO_PLIST },
      { name: "Payload/App.app/Watch/Watch.app/PlugIns/WatchKit Extension.appex/Info.plist", data: INFO_PLIST },
      { name: "Payload/App.app/Stored", randomHex: 700_000, method: "stored" },
      { name: "iTunesMetadata.plist", data: "<plist/>" },
    ]);
    tree = await open(ipa, "build/App.ipa!");
  });
  afterAll(async () => {
    await tree?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the same files as unzip -Z1, plus the folders they imply", async () => {
    const oracle = execFileSync("unzip", ["-Z1", ipa], { encoding: "utf8" }).split("\n").filter((line) => line !== "");
    const result = await tree.entries();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const files = result.value.filter((entry) => entry.kind === "file").map((entry) => entry.path);
    expect(files.sort()).toEqual(oracle.filter((name) => !name.endsWith("/")).sort());
    const dirs = result.value.filter((entry) => entry.kind === "dir").map((entry) => entry.path);
    expect(dirs).toContain("Payload/App.app/PlugIns/Tunnel.appex");
    expect(dirs).toContain("Payload");
    expect(tree.problems).toEqual([]);
    // Sizes come from the central directory; unzip -p gives the real length.
    const app = result.value.find((entry) => entry.path === "Payload/App.app/App");
    expect(app?.size).toBe(unzipBytes(ipa, "Payload/App.app/App").length);
  });

  it("reads members byte-for-byte like unzip -p, deflated and stored", async () => {
    for (const member of ["Payload/App.app/Info.plist", "Payload/App.app/embedded.mobileprovision", "Payload/App.app/PlugIns/Tunnel.appex/Tunnel"]) {
      const result = await tree.readFile(member, 10 * 1024 * 1024);
      expect(result.ok, member).toBe(true);
      if (result.ok) expect(Buffer.from(result.value).equals(unzipBytes(ipa, member)), member).toBe(true);
    }
  });

  it("refuses a member bigger than the caller's cap before inflating it", async () => {
    const result = await tree.readFile("Payload/App.app/PlugIns/Tunnel.appex/Tunnel", 1_000_000);
    expect(result).toMatchObject({ ok: false, error: { code: "too-large" } });
  });

  it("names missing members, folders and unsafe paths with typed errors", async () => {
    expect(await tree.readFile("Payload/App.app/Nope", 100)).toMatchObject({ ok: false, error: { code: "not-found" } });
    expect(await tree.readFile("Payload/App.app", 100)).toMatchObject({ ok: false, error: { code: "not-a-file" } });
    expect(await tree.readFile("Payload/../iTunesMetadata.plist", 100)).toMatchObject({ ok: false, error: { code: "unsafe-path" } });
    expect(await tree.byteSource("/etc/passwd")).toMatchObject({ ok: false, error: { code: "unsafe-path" } });
  });

  it("serves random reads of a deflated member, forward and backward, matching unzip -p", async () => {
    const member = "Payload/App.app/PlugIns/Tunnel.appex/Tunnel";
    const oracle = unzipBytes(ipa, member);
    const source = await tree.byteSource(member);
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    expect(source.value.size).toBe(oracle.length);
    const reads: [number, number][] = [[0, 32], [32, 4_000], [1_500_000, 70_000], [oracle.length - 1_024, 1_024], [100, 50], [oracle.length - 10, 100]];
    for (const [offset, length] of reads) {
      const bytes = await source.value.read(offset, length);
      expect(Buffer.from(bytes).equals(oracle.subarray(offset, offset + length)), `${offset}+${length}`).toBe(true);
    }
    // Overlapping callers are serialised on the one forward stream.
    const parallel = await Promise.all(reads.map(([offset, length]) => source.value.read(offset, length)));
    for (const [index, [offset, length]] of reads.entries()) {
      expect(Buffer.from(parallel[index] as Uint8Array).equals(oracle.subarray(offset, offset + length))).toBe(true);
    }
  });

  it("serves positional reads of a stored member", async () => {
    const member = "Payload/App.app/Stored";
    const oracle = unzipBytes(ipa, member);
    const source = await tree.byteSource(member);
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    for (const [offset, length] of [[600_000, 5_000], [0, 16], [oracle.length - 3, 3]] as const) {
      expect(Buffer.from(await source.value.read(offset, length)).equals(oracle.subarray(offset, offset + length))).toBe(true);
    }
  });

  it("finds the app, its extension and its watch app", async () => {
    const result = await tree.entries();
    if (!result.ok) throw new Error(result.error.message);
    const layout = findBundles(result.value, "App.ipa");
    expect(layout.archive).toEqual({ kind: "ipa" });
    expect(layout.roots).toEqual([
      {
        kind: "app",
        path: "Payload/App.app",
        layout: "flat",
        infoPlistPath: "Payload/App.app/Info.plist",
        embeddedProfilePath: "Payload/App.app/embedded.mobileprovision",
        executableDir: "Payload/App.app",
        children: [
          {
            kind: "appex",
            path: "Payload/App.app/PlugIns/Tunnel.appex",
            layout: "flat",
            infoPlistPath: "Payload/App.app/PlugIns/Tunnel.appex/Info.plist",
            embeddedProfilePath: "Payload/App.app/PlugIns/Tunnel.appex/embedded.mobileprovision",
            executableDir: "Payload/App.app/PlugIns/Tunnel.appex",
            children: [],
          },
          {
            kind: "watch-app",
            path: "Payload/App.app/Watch/Watch.app",
            layout: "flat",
            infoPlistPath: "Payload/App.app/Watch/Watch.app/Info.plist",
            executableDir: "Payload/App.app/Watch/Watch.app",
            children: [
              {
                kind: "appex",
                path: "Payload/App.app/Watch/Watch.app/PlugIns/WatchKit Extension.appex",
                layout: "flat",
                infoPlistPath: "Payload/App.app/Watch/Watch.app/PlugIns/WatchKit Extension.appex/Info.plist",
                executableDir: "Payload/App.app/Watch/Watch.app/PlugIns/WatchKit Extension.appex",
                children: [],
              },
            ],
          },
        ],
      },
    ]);
  });

  it("fails reads after close instead of touching a closed file", async () => {
    const again = await open(ipa, "again.ipa!");
    const source = await again.byteSource("Payload/App.app/Stored");
    await again.close();
    expect(await again.readFile("Payload/App.app/Info.plist", 100_000)).toMatchObject({ ok: false, error: { code: "closed" } });
    if (source.ok) await expect(source.value.read(0, 10)).rejects.toMatchObject({ code: "closed" });
  });
});

describe.skipIf(!hasZip || !hasUnzip)("openZipTree on a macOS .app zipped with zip -ry (symlinks kept)", () => {
  let dir: string;
  let archive: string;
  let tree: ZipTree;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ne-lint-zipcli-"));
    const app = join(dir, "Mac.app", "Contents");
    const framework = join(app, "Frameworks", "Kit.framework");
    const sysext = join(app, "Library", "SystemExtensions", "com.example.Mac.Filter.systemextension", "Contents");
    for (const folder of [join(app, "MacOS"), join(framework, "Versions", "A"), join(sysext, "MacOS")]) mkdirSync(folder, { recursive: true });
    writeFileSync(join(app, "Info.plist"), INFO_PLIST);
    writeFileSync(join(app, "MacOS", "Mac"), "binary");
    writeFileSync(join(app, "embedded.provisionprofile"), "profile");
    writeFileSync(join(framework, "Versions", "A", "Kit"), "kit");
    symlinkSync("A", join(framework, "Versions", "Current"));
    symlinkSync("Versions/Current/Kit", join(framework, "Kit"));
    writeFileSync(join(sysext, "Info.plist"), INFO_PLIST);
    writeFileSync(join(sysext, "MacOS", "com.example.Mac.Filter"), "binary");
    execFileSync("zip", ["-qry", "Mac.zip", "Mac.app"], { cwd: dir });
    archive = join(dir, "Mac.zip");
    tree = await open(archive, "Mac.zip!");
  });
  afterAll(async () => {
    await tree?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists symlinks as symlinks, reports none as escaping, and never reads through them", async () => {
    const result = await tree.entries();
    if (!result.ok) throw new Error(result.error.message);
    const links = result.value.filter((entry) => entry.kind === "symlink");
    expect(links).toEqual([
      { path: "Mac.app/Contents/Frameworks/Kit.framework/Kit", size: "Versions/Current/Kit".length, kind: "symlink" },
      { path: "Mac.app/Contents/Frameworks/Kit.framework/Versions/Current", size: 1, kind: "symlink" },
    ]);
    expect(tree.problems).toEqual([]);
    expect(await tree.readFile("Mac.app/Contents/Frameworks/Kit.framework/Kit", 100)).toMatchObject({ ok: false, error: { code: "symlink-not-followed" } });
    // Same verdict from Info-ZIP: the member holds the link target, not the file's bytes.
    expect(unzipBytes(archive, "Mac.app/Contents/Frameworks/Kit.framework/Kit").toString()).toBe("Versions/Current/Kit");
  });

  it("finds the Contents/ layout and the system extension", async () => {
    const result = await tree.entries();
    if (!result.ok) throw new Error(result.error.message);
    const layout = findBundles(result.value, "Mac.zip");
    expect(layout.archive).toBeUndefined();
    expect(layout.roots).toHaveLength(1);
    expect(layout.roots[0]).toMatchObject({
      kind: "app",
      path: "Mac.app",
      layout: "contents",
      infoPlistPath: "Mac.app/Contents/Info.plist",
      embeddedProfilePath: "Mac.app/Contents/embedded.provisionprofile",
      executableDir: "Mac.app/Contents/MacOS",
      children: [
        {
          kind: "systemextension",
          path: "Mac.app/Contents/Library/SystemExtensions/com.example.Mac.Filter.systemextension",
          layout: "contents",
          infoPlistPath: "Mac.app/Contents/Library/SystemExtensions/com.example.Mac.Filter.systemextension/Contents/Info.plist",
          executableDir: "Mac.app/Contents/Library/SystemExtensions/com.example.Mac.Filter.systemextension/Contents/MacOS",
          children: [],
        },
      ],
    });
  });
});
