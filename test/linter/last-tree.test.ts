/**
 * The per-tree helpers keep the last tree they answered for (src/linter/last-tree.ts); a finished run must not
 * keep it: a long-lived process linting a hostile repository once would hold its largest Info.plist. And the
 * runner's per-kind rule lists.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import type { PlistDocument } from "../../src/model/document.js";
import { defineDocumentRule } from "../../src/linter/types.js";
import { infoPlist, lintText } from "../helpers/lint-text.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-last-tree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWith(name: string, body: string): string {
  const folder = path.join(dir, name);
  mkdirSync(path.join(folder, "App"), { recursive: true });
  writeFileSync(path.join(folder, "App/Info.plist"), infoPlist(body));
  return folder;
}

describe("trees kept for the next call", () => {
  it("are let go when the run's rules are done, even when the next run has no ATS dictionary", async () => {
    const withAts = folderWith("ats", "<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/><key>NSExceptionDomains</key><dict><key>example.com</key><dict/></dict></dict>");
    const withoutAts = folderWith("plain", "<key>CFBundleIdentifier</key><string>com.example.app</string>");
    // The first run's result goes out of scope with this function: only the WeakRef points at its tree.
    const root = await (async () => {
      const first = await lint({ paths: [withAts], cwd: dir });
      expect(first.findings.some((finding) => finding.ruleId === "ats/arbitrary-loads")).toBe(true);
      return new WeakRef((first.workspace.documents.find((document) => document.kind === "info-plist") as PlistDocument).root);
    })();
    await lint({ paths: [withoutAts], cwd: dir });
    // Scavenges and a full collection, after the promise jobs that held the run have finished.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    collectGarbage();
    expect(root.deref()).toBeUndefined();
  });
});

describe("a rule that lists a document kind twice", () => {
  it("is checked once per document (lint({ rules }) takes any rule)", async () => {
    let checks = 0;
    const twice = defineDocumentRule({
      meta: testRuleMeta("test/twice", { messages: { found: "Found." } }),
      documents: ["info-plist", "info-plist"],
      check() {
        checks++;
      },
    });
    await lintText([twice], { text: infoPlist("<key>A</key><true/>") });
    expect(checks).toBe(1);
  });
});
