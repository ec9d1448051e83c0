/**
 * The walk's caps stay, but hitting one is reported (issue 16: a file 66 folders deep, or after
 * 200,000 others, was skipped silently and the gate passed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayPath, walk } from "../../src/discover/walk.js";
import { incompleteReasons, walkStopProblems } from "../../src/discover/walk-stops.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-walk-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: readonly string[]): string {
  const dir = path.join(root, name);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), "x");
  }
  return dir;
}

const nested = (levels: number, file: string): string => `${Array.from({ length: levels }, (_, i) => `d${i + 1}`).join("/")}/${file}`;

describe("walk caps", () => {
  it("reads files at the depth cap, stops below it, and records the first folder not entered and how many", () => {
    const dir = tree("deep", [nested(3, "ok.plist"), nested(4, "deep.plist"), "d1/d2/d3/other/d5/x.plist", "d1/d2/d3/zz/y.plist"]);
    const result = walk(["."], { cwd: dir, maxDepth: 3 });
    expect(result.files.map((file) => file.path).sort()).toEqual(["d1/d2/d3/ok.plist"]);
    expect(result.stops).toEqual([{ cap: "depth", limit: 3, first: { fsPath: path.join(dir, "d1/d2/d3/d4"), path: "d1/d2/d3/d4", explicit: false }, count: 3 }]);
    expect(result.truncated).toBe(false);
  });

  it("records no stop when the tree is within the caps (no false positive)", () => {
    const dir = tree("shallow", [nested(3, "a.plist"), "b.plist"]);
    expect(walk(["."], { cwd: dir, maxDepth: 3 }).stops).toEqual([]);
    expect(walk(["."], { cwd: dir, maxFiles: 2 }).stops).toEqual([]);
  });

  it("stops at the file cap and names the first file not read", () => {
    const dir = tree("many", ["a/1", "a/2", "b/3", "b/4", "c/5"]);
    const result = walk(["."], { cwd: dir, maxFiles: 3 });
    expect(result.files.map((file) => file.path)).toEqual(["a/1", "a/2", "b/3"]);
    expect(result.truncated).toBe(true);
    expect(result.stops).toEqual([{ cap: "files", limit: 3, first: expect.objectContaining({ path: "b/4" }), count: 1 }]);
  });

  it("turns stops into lint/incomplete problems, and the summary reasons into their messages", () => {
    const dir = tree("both", [nested(5, "x"), "a", "b"]);
    const problems = walkStopProblems(walk(["."], { cwd: dir, maxDepth: 2 }).stops);
    expect(problems).toEqual([
      { ruleId: "lint/incomplete", file: { path: "d1/d2/d3", fsPath: path.join(dir, "d1/d2/d3") }, message: "Folders nest deeper than the 2-level cap: 'd1/d2/d3' was not read, so the files in it are not checked." },
    ]);
    const files = walkStopProblems(walk(["."], { cwd: dir, maxFiles: 1 }).stops);
    expect(files.map((problem) => problem.message)).toEqual(["The walk stopped at the 1-file cap: 'b' and every file after it were not read, so their problems are not reported."]);
    expect(incompleteReasons([...problems, { ruleId: "plist/parse-error", file: { path: "p", fsPath: "/p" }, message: "no" }])).toEqual([problems[0]?.message]);
  });
});

describe("walk display paths", () => {
  // The walk builds display paths by concatenation; they must be what `displayPath` gives from any cwd.
  const files = ["App/Info.plist", "App/Sources/a.swift", "b/c/d/e.swift", "b/x.plist", "top.plist"];

  it.each([
    ["the walked folder", ""],
    ["a folder inside it that the walk passes through", "b/c"],
    ["a folder beside it", "../elsewhere"],
    ["a folder deeper beside it (display paths `../../…`)", "../elsewhere/deeper"],
    ["a folder three levels down the walked tree (`..`, `../..` and `../../..` above cwd)", "b/c/d"],
  ])("are displayPath's from %s", (_name, cwdBelow) => {
    const dir = tree(`display-${cwdBelow.replace(/\W/g, "_")}`, files);
    const cwd = path.resolve(dir, cwdBelow);
    mkdirSync(cwd, { recursive: true });
    const walked = walk([dir], { cwd });
    expect(walked.files.map((file) => file.fsPath).sort()).toEqual(files.map((file) => path.join(dir, file)).sort());
    for (const file of walked.files) expect(file.path).toBe(displayPath(cwd, file.fsPath));
    expect([...walked.seen].sort()).toEqual(walked.files.map((file) => file.fsPath).sort());
  });
});
