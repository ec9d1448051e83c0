/**
 * Bundle layout: which folders are signed products and how they nest, for .ipa, .xcarchive,
 * iOS-style flat and macOS Contents/ bundles, checked on built folders, synthetic listings and a
 * real .xcarchive from the corpus (whose own Info.plist names its app: an independent oracle).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryTree } from "../../src/decode/bundle/directory-tree.js";
import type { TreeEntry } from "../../src/decode/bundle/file-tree.js";
import { findBundles } from "../../src/decode/bundle/layout.js";
import type { BundleNode } from "../../src/decode/bundle/layout.js";
import { python } from "../helpers/python.js";
import { hasPython } from "../helpers/zip-fixtures.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const corpusArchive = join(repoRoot, "../shared/corpus/fastlane__fastlane/fastlane_core/spec/fixtures/archives/very-capable-app.xcarchive");

/** A listing from file paths alone (folders implied), as many zips give it. */
function files(...paths: string[]): TreeEntry[] {
  return paths.map((path) => ({ path, size: 1, kind: "file" as const }));
}

/** Writes each file (creating folders) under `root`. */
function writeTree(root: string, paths: string[]): void {
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), path);
  }
}

async function layoutOf(fsPath: string, rootName: string): Promise<ReturnType<typeof findBundles>> {
  const tree = directoryTree(fsPath, rootName);
  const entries = await tree.entries();
  await tree.close();
  if (!entries.ok) throw new Error(entries.error.message);
  return findBundles(entries.value, rootName);
}

/** `kind path` for every node, depth-first, for compact assertions on nesting. */
function outline(nodes: BundleNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [`${"  ".repeat(depth)}${node.kind} ${node.path}`, ...outline(node.children, depth + 1)]);
}

describe("findBundles on built folders", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ne-lint-layout-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("maps a macOS app opened directly, with a system extension, app extension, login item and XPC service", async () => {
    const app = join(dir, "VPN.app");
    writeTree(app, [
      "Contents/Info.plist",
      "Contents/MacOS/VPN",
      "Contents/embedded.provisionprofile",
      "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/Info.plist",
      "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/MacOS/com.example.vpn.tunnel",
      "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/embedded.provisionprofile",
      "Contents/PlugIns/Widget.appex/Contents/Info.plist",
      "Contents/PlugIns/Widget.appex/Contents/MacOS/Widget",
      "Contents/Library/LoginItems/Helper.app/Contents/Info.plist",
      "Contents/XPCServices/Fetcher.xpc/Contents/Info.plist",
      "Contents/Frameworks/Sparkle.framework/Versions/B/Resources/Info.plist",
      "Contents/Resources/Nested.app/Contents/Info.plist",
    ]);
    const layout = await layoutOf(app, "VPN.app");
    expect(layout.archive).toBeUndefined();
    expect(outline(layout.roots)).toEqual([
      "app ",
      "  app Contents/Library/LoginItems/Helper.app",
      "  systemextension Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension",
      "  appex Contents/PlugIns/Widget.appex",
      "  xpc Contents/XPCServices/Fetcher.xpc",
    ]);
    const [root] = layout.roots;
    expect(root).toMatchObject({ layout: "contents", infoPlistPath: "Contents/Info.plist", embeddedProfilePath: "Contents/embedded.provisionprofile", executableDir: "Contents/MacOS" });
    const sysext = root?.children.find((child) => child.kind === "systemextension");
    expect(sysext).toMatchObject({
      layout: "contents",
      infoPlistPath: "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/Info.plist",
      embeddedProfilePath: "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/embedded.provisionprofile",
      executableDir: "Contents/Library/SystemExtensions/com.example.vpn.tunnel.systemextension/Contents/MacOS",
    });
  });

  it("maps an .xcarchive folder: its own Info.plist and Products/Applications", async () => {
    const archive = join(dir, "App 2024-01-01.xcarchive");
    writeTree(archive, [
      "Info.plist",
      "Products/Applications/App.app/Info.plist",
      "Products/Applications/App.app/App",
      "Products/Applications/App.app/embedded.mobileprovision",
      "Products/Applications/App.app/PlugIns/PacketTunnel.appex/Info.plist",
      "Products/Applications/App.app/PlugIns/PacketTunnel.appex/PacketTunnel",
      "Products/Applications/App.app/Extensions/Filter.appex/Info.plist",
      "Products/Applications/App.app/AppClips/Clip.app/Info.plist",
      "dSYMs/App.app.dSYM/Contents/Info.plist",
    ]);
    const layout = await layoutOf(archive, "App 2024-01-01.xcarchive");
    expect(layout.archive).toEqual({ kind: "xcarchive", infoPlistPath: "Info.plist" });
    expect(outline(layout.roots)).toEqual([
      "app Products/Applications/App.app",
      "  app Products/Applications/App.app/AppClips/Clip.app",
      "  appex Products/Applications/App.app/Extensions/Filter.appex",
      "  appex Products/Applications/App.app/PlugIns/PacketTunnel.appex",
    ]);
    expect(layout.roots[0]).toMatchObject({ layout: "flat", embeddedProfilePath: "Products/Applications/App.app/embedded.mobileprovision", executableDir: "Products/Applications/App.app" });
  });

  it("never treats a symlinked folder as a bundle", async () => {
    const app = join(dir, "Linked.app");
    writeTree(app, ["Info.plist", "Elsewhere/Real.appex/Info.plist"]);
    mkdirSync(join(app, "PlugIns"));
    symlinkSync("../Elsewhere/Real.appex", join(app, "PlugIns", "Fake.appex"));
    const layout = await layoutOf(app, "Linked.app");
    expect(outline(layout.roots)).toEqual(["app "]);
  });
});

describe("findBundles on listings", () => {
  it("finds Payload/*.app in an .ipa even with no folder records", () => {
    const layout = findBundles(files("Payload/A.app/Info.plist", "Payload/A.app/PlugIns/T.appex/Info.plist", "Payload/notes.txt", "Symbols/x"), "A.ipa");
    expect(layout.archive).toEqual({ kind: "ipa" });
    expect(outline(layout.roots)).toEqual(["app Payload/A.app", "  appex Payload/A.app/PlugIns/T.appex"]);
  });

  it("recognises a zipped .xcarchive by its top folder", () => {
    const layout = findBundles(files("My.xcarchive/Info.plist", "My.xcarchive/Products/Applications/My.app/Info.plist"), "My.xcarchive.zip");
    expect(layout.archive).toEqual({ kind: "xcarchive", infoPlistPath: "My.xcarchive/Info.plist" });
    expect(outline(layout.roots)).toEqual(["app My.xcarchive/Products/Applications/My.app"]);
  });

  it("finds the outermost products anywhere in a plain build folder, skipping dSYMs and frameworks", () => {
    const layout = findBundles(
      files(
        "Release-iphoneos/App.app/Info.plist",
        "Release-iphoneos/App.app/PlugIns/T.appex/Info.plist",
        "Release-iphoneos/App.app.dSYM/Contents/Info.plist",
        "Release/Mac.app/Contents/MacOS/Mac",
        "Release/Mac.app/Contents/Library/SystemExtensions/S.systemextension/Contents/Info.plist",
        "Release/Kit.framework/Info.plist",
        "Release/Kit.framework/PlugIns/Inside.appex/Info.plist",
      ),
      "build",
    );
    expect(layout.archive).toBeUndefined();
    expect(outline(layout.roots)).toEqual([
      "app Release-iphoneos/App.app",
      "  appex Release-iphoneos/App.app/PlugIns/T.appex",
      "app Release/Mac.app",
      "  systemextension Release/Mac.app/Contents/Library/SystemExtensions/S.systemextension",
    ]);
    expect(layout.roots[1]).toMatchObject({ layout: "contents", executableDir: "Release/Mac.app/Contents/MacOS" });
    expect(layout.roots[1]?.infoPlistPath).toBeUndefined();
  });

  it("treats a bundle opened directly as the root, with kind from its extension", () => {
    const layout = findBundles(files("Info.plist", "PacketTunnel", "embedded.mobileprovision"), "PacketTunnel.appex");
    expect(layout.roots).toEqual([{ kind: "appex", path: "", layout: "flat", infoPlistPath: "Info.plist", embeddedProfilePath: "embedded.mobileprovision", executableDir: "", children: [] }]);
  });

  it("only puts bundles with the expected extension in each slot", () => {
    const layout = findBundles(files("Info.plist", "PlugIns/Old.bundle/Info.plist", "PlugIns/T.appex/Info.plist", "Watch/W.appex/Info.plist"), "A.app");
    expect(outline(layout.roots)).toEqual(["app ", "  appex PlugIns/T.appex"]);
  });

  it("stops nesting at a bounded depth on a hostile listing", () => {
    const deep = Array.from({ length: 50 }, (_, i) => `P${i}.appex`).reduce((path, name) => `${path}/PlugIns/${name}`, "A.app");
    const layout = findBundles(files(`${deep}/Info.plist`), "x");
    expect(outline(layout.roots).length).toBe(8);
  });

  it("returns no roots for an empty or unrelated listing", () => {
    expect(findBundles([], "App.ipa")).toEqual({ roots: [] });
    expect(findBundles(files("README.md", "src/main.swift"))).toEqual({ roots: [] });
  });
});

describe.skipIf(!existsSync(corpusArchive))("findBundles on the corpus very-capable-app.xcarchive (fastlane fixture)", () => {
  it("finds the archive and its one app where the archive's Info.plist says it is", async () => {
    const layout = await layoutOf(corpusArchive, "very-capable-app.xcarchive");
    expect(layout.archive).toEqual({ kind: "xcarchive", infoPlistPath: "Info.plist" });
    expect(layout.roots).toEqual([
      {
        kind: "app",
        path: "Products/Applications/very-capable-app.app",
        layout: "flat",
        infoPlistPath: "Products/Applications/very-capable-app.app/Info.plist",
        embeddedProfilePath: "Products/Applications/very-capable-app.app/embedded.mobileprovision",
        executableDir: "Products/Applications/very-capable-app.app",
        children: [],
      },
    ]);
    if (hasPython) {
      const applicationPath = execFileSync(
        python,
        ["-c", "import plistlib, sys; print(plistlib.load(open(sys.argv[1], 'rb'))['ApplicationProperties']['ApplicationPath'])", join(corpusArchive, "Info.plist")],
        { encoding: "utf8" },
      ).trim();
      expect(layout.roots[0]?.path).toBe(`Products/${applicationPath}`);
    }
  });
});
