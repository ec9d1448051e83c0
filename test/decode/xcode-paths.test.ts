/**
 * Where file references are on disk: `joinNormal` (the concatenation that replaces `path.join` when
 * nothing needs normalising) against `path.join`, and `GroupTree` on every kind of `sourceTree` and path.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePbxproj } from "../../src/decode/xcode/pbxproj.js";
import { GroupTree, joinNormal } from "../../src/decode/xcode/paths.js";

describe("joinNormal", () => {
  it("equals path.join for every normal absolute base and relative paths made of ordinary, dot, empty and odd segments", () => {
    const segments = ["a", "Sources", ".", "..", "", "...", ".hidden", "a.", "b..", "é", " ", "x\\y"];
    const relatives: string[] = [];
    for (const first of segments) {
      for (const second of segments) {
        for (const third of ["", "c", ".", "..", "/"]) relatives.push(`${first}/${second}${third === "" ? "" : `/${third}`}`, `${first}${second}`, `${first}/${second}/`);
      }
    }
    // Bases as GroupTree has them: resolved folders, the root, and earlier results with a trailing separator.
    const bases = ["/", "/p", "/p/q", "/p/q/", "/p/..x", path.resolve("/p/./q/../r")];
    let compared = 0;
    for (const base of bases) {
      for (const relative of relatives.filter((candidate) => candidate !== "" && !path.isAbsolute(candidate))) {
        expect(joinNormal(base, relative), JSON.stringify([base, relative])).toBe(path.join(base, relative));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });
});

describe("GroupTree", () => {
  // One project: the main group holds a group `App/` (a trailing separator), which holds files written
  // every way a path can be; other files use the other source trees.
  const entries: Record<string, string> = {
    ROOT: "{ isa = PBXProject; mainGroup = MAIN; }",
    MAIN: "{ isa = PBXGroup; children = (APP, SRCROOTFILE, BUILT, SDK, DEVELOPER, ABSOLUTE, ABSREL, PARENT); sourceTree = \"<group>\"; }",
    APP: "{ isa = PBXGroup; children = (PLAIN, DOT, DOTDOT, DOUBLE, NESTED, NOPATH, ABSINGROUP); path = App/; sourceTree = \"<group>\"; }",
    PLAIN: "{ isa = PBXFileReference; path = main.swift; sourceTree = \"<group>\"; }",
    DOT: "{ isa = PBXFileReference; path = ./Dot.swift; sourceTree = \"<group>\"; }",
    DOTDOT: "{ isa = PBXFileReference; path = ../Shared/Up.swift; sourceTree = \"<group>\"; }",
    DOUBLE: "{ isa = PBXFileReference; path = \"Sub//Double.swift\"; sourceTree = \"<group>\"; }",
    NESTED: "{ isa = PBXGroup; children = (INNER); path = Views; sourceTree = \"<group>\"; }",
    INNER: "{ isa = PBXFileReference; path = View.swift; sourceTree = \"<group>\"; }",
    NOPATH: "{ isa = PBXGroup; children = (UNDERNOPATH); name = Virtual; sourceTree = \"<group>\"; }",
    UNDERNOPATH: "{ isa = PBXFileReference; path = Virtual.swift; sourceTree = \"<group>\"; }",
    ABSINGROUP: "{ isa = PBXFileReference; path = /opt/x/../Abs.swift; sourceTree = \"<group>\"; }",
    SRCROOTFILE: "{ isa = PBXFileReference; path = Config/./Base.xcconfig; sourceTree = SOURCE_ROOT; }",
    BUILT: "{ isa = PBXFileReference; path = App.app; sourceTree = BUILT_PRODUCTS_DIR; }",
    SDK: "{ isa = PBXFileReference; path = System/Library/Frameworks/UIKit.framework; sourceTree = SDKROOT; }",
    DEVELOPER: "{ isa = PBXFileReference; path = Tools/x; sourceTree = DEVELOPER_DIR; }",
    ABSOLUTE: "{ isa = PBXFileReference; path = /Users/me/Thing.swift; sourceTree = \"<absolute>\"; }",
    ABSREL: "{ isa = PBXFileReference; path = relative/Thing.swift; sourceTree = \"<absolute>\"; }",
    PARENT: "{ isa = PBXFileReference; path = ..; sourceTree = \"<group>\"; }",
  };
  const text = `{ objects = { ${Object.entries(entries).map(([id, body]) => `${id} = ${body};`).join(" ")} }; rootObject = ROOT; }`;
  const tree = new GroupTree(parsePbxproj(text), "/work/Project", "MAIN");

  it.each([
    ["PLAIN", "/work/Project/App/main.swift"],
    ["DOT", "/work/Project/App/Dot.swift"],
    ["DOTDOT", "/work/Project/Shared/Up.swift"],
    ["DOUBLE", "/work/Project/App/Sub/Double.swift"],
    ["INNER", "/work/Project/App/Views/View.swift"],
    ["UNDERNOPATH", "/work/Project/App/Virtual.swift"],
    ["ABSINGROUP", "/opt/Abs.swift"],
    ["SRCROOTFILE", "/work/Project/Config/Base.xcconfig"],
    ["BUILT", undefined],
    ["SDK", undefined],
    ["DEVELOPER", undefined],
    ["ABSOLUTE", "/Users/me/Thing.swift"],
    ["ABSREL", "/relative/Thing.swift"],
    ["PARENT", "/work"],
    ["APP", "/work/Project/App/"],
    ["MISSING", undefined],
  ])("%s is at %s", (id, expected) => {
    expect(tree.fsPath(id)).toBe(expected);
    // Asked again: the remembered answer, including "not in the source tree".
    expect(tree.fsPath(id)).toBe(expected);
  });
});
