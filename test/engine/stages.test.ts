/**
 * The four stages of `lint()`, each run alone on its own input: found → decoded → targets → findings.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { decodeFiles } from "../../src/decode/decoded.js";
import { filesOf, findFiles } from "../../src/discover/found.js";
import { runRules } from "../../src/linter/run.js";
import { buildTargets } from "../../src/targets/build.js";
import { PbxprojBuilder, writeFixture } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;

function projectNamingFreePlist(): string {
  const b = new PbxprojBuilder();
  const app = b.target({
    name: "App",
    productType: "com.apple.product-type.application",
    configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "App/Info.template", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.app" })]),
  });
  b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", {})]), targets: [app] });
  return b.toString();
}

const root = writeFixture({
  "Widget/Info.plist": plist("\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.widget</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n"),
  "Widget/Widget.entitlements": plist("\t<key>com.apple.security.application-groups</key>\n\t<array/>\n"),
  "Widget/Sources/View.swift": "import SwiftUI\n",
  "Broken/Info.plist": "<plist><dict><key>CFBundleIdentifier</key>",
  "Settings.plist": plist("\t<key>Theme</key>\n\t<string>dark</string>\n"),
  // Named so the walk does not take it for a plist (as CMake-generated projects name theirs): only the project says what it is.
  "ios/App/Info.template": plist("\t<key>CFBundleExecutable</key>\n\t<string>App</string>\n"),
  // In its own folder: Widget/ is outside it, so the folder convention judges Widget's files (in the project's folder they would be leftovers).
  "ios/App.xcodeproj/project.pbxproj": projectNamingFreePlist(),
  "README.md": "not ours\n",
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("stage 1: findFiles", () => {
  it("groups the walked files by role, reads nothing but directories, and remembers what exists", () => {
    const found = findFiles([".", "Missing"], { cwd: root });
    expect(filesOf(found, "info-plist").map((file) => file.path)).toEqual(["Broken/Info.plist", "Widget/Info.plist"]);
    expect(filesOf(found, "entitlements").map((file) => file.path)).toEqual(["Widget/Widget.entitlements"]);
    expect(filesOf(found, "plist").map((file) => file.path)).toEqual(["Settings.plist"]);
    expect(filesOf(found, "source").map((file) => file.path)).toEqual(["Widget/Sources/View.swift"]);
    expect(filesOf(found, "pbxproj").map((file) => file.path)).toEqual(["ios/App.xcodeproj/project.pbxproj"]);
    expect(found.missing).toEqual(["Missing"]);
    expect(found.existing.has(path.join(root, "README.md"))).toBe(true);
  });
});

describe("stage 2: decodeFiles", () => {
  it("decodes the plists that are ours, reports the broken one, and skips plists that are not ours", async () => {
    const decoded = await decodeFiles(findFiles(["."], { cwd: root }));
    expect([...decoded.plists.values()].map((document) => [document.file.path, document.kind])).toEqual([
      ["Widget/Info.plist", "info-plist"],
      ["Widget/Widget.entitlements", "entitlements"],
    ]);
    expect(decoded.problems.map((problem) => [problem.ruleId, problem.file.path])).toEqual([["plist/parse-error", "Broken/Info.plist"]]);
    // Settings.plist is not ours: read (it has no marker, so not even decoded) and not counted.
    expect(decoded.files).toBe(3);
    expect(decoded.profiles).toEqual([]);
  });
});

describe("stage 3: buildTargets", () => {
  it("builds project targets from the plists the project names, folder targets from the rest, and collects the documents rules see", async () => {
    const found = findFiles(["."], { cwd: root });
    const built = await buildTargets(found, await decodeFiles(found), {}, root);
    const byName = new Map(built.targets.map((target) => [target.name, target]));
    expect([...byName.keys()].sort()).toEqual(["App", "Widget"]);
    // Decoded here, not in stage 2: only the project names it.
    expect(byName.get("App")?.infoPlist?.file.path).toBe("ios/App/Info.template");
    expect(byName.get("App")?.infoPlist?.kind).toBe("info-plist");
    expect(byName.get("Widget")?.sources.map((source) => source.path)).toEqual(["Widget/Sources/View.swift"]);
    // The distribution is decided after every target exists (targets/distribution.ts).
    expect(byName.get("Widget")?.distribution).toBeUndefined();
    expect(built.documents.map((document) => document.file.path).sort()).toEqual(["Widget/Info.plist", "Widget/Widget.entitlements", "ios/App/Info.template"]);
    // The project and the plist it named.
    expect(built.files).toBe(2);
  });
});

describe("stage 4: runRules", () => {
  it("turns the built workspace into located findings", async () => {
    const found = findFiles(["."], { cwd: root });
    const decoded = await decodeFiles(found);
    const built = await buildTargets(found, decoded, {}, root);
    const workspace = { documents: built.documents, targets: built.targets, problems: [...decoded.problems, ...built.problems], files: decoded.files + built.files };
    const { findings, failures } = await runRules(workspace, RULES.filter((rule) => rule.meta.id === "ats/arbitrary-loads" || rule.meta.id === "plist/parse-error"), {});
    expect(failures).toEqual([]);
    expect(findings.map((finding) => [finding.ruleId, finding.file, finding.line])).toEqual([
      ["plist/parse-error", "Broken/Info.plist", expect.any(Number)],
      ["ats/arbitrary-loads", "Widget/Info.plist", 8],
    ]);
  });
});
