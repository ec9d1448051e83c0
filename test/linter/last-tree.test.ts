/**
 * The per-tree helpers keep the last tree they answered for (src/linter/last-tree.ts); a finished run must not
 * keep it: a long-lived process linting a hostile repository once would hold its largest Info.plist. And the
 * runner's per-kind rule lists.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineDocumentRule } from "../../src/linter/types.js";
import { infoPlist, lintText } from "../helpers/lint-text.js";
import { testRuleMeta } from "../helpers/rule-meta.js";
import { runSourceScript, sourceUrl } from "../helpers/source-script.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-last-tree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWith(name: string, body: string): string {
  const folder = path.join(dir, name);
  mkdirSync(path.join(folder, "App"), { recursive: true });
  writeFileSync(path.join(folder, "App/Info.plist"), infoPlist(body));
  return folder;
}

describe("trees kept for the next call", () => {
  /**
   * Whether the first of two runs' Info.plist tree is still reachable after the second run and full collections.
   * Asked in a process of its own: in a shared test worker what earlier test files leave behind is part of the heap,
   * and there this check failed once in a full run on a loaded machine while it passed alone.
   */
  const firstTreeKept = (withAts: string, withoutAts: string): boolean => {
    const script = `
      const { lint } = await import(${sourceUrl("src/engine.ts")});
      const cwd = ${JSON.stringify(dir)};
      // The first run's result goes out of scope with this function: only the WeakRef points at its tree.
      const root = await (async () => {
        const first = await lint({ paths: [${JSON.stringify(withAts)}], cwd });
        if (!first.findings.some((finding) => finding.ruleId === "ats/arbitrary-loads")) throw new Error("the first run found no ats/arbitrary-loads");
        return new WeakRef(first.workspace.documents.find((document) => document.kind === "info-plist").root);
      })();
      await lint({ paths: [${JSON.stringify(withoutAts)}], cwd });
      // Scavenges and a full collection, after the promise jobs that held the run have finished.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      gc();
      console.log(root.deref() === undefined ? "let go" : "kept");
    `;
    const answer = runSourceScript(script, ["--expose-gc"]).trim();
    expect(answer).toMatch(/^(let go|kept)$/);
    return answer === "kept";
  };

  it("are let go when the run's rules are done, even when the next run has no ATS dictionary", () => {
    const withAts = folderWith("ats", "<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/><key>NSExceptionDomains</key><dict><key>example.com</key><dict/></dict></dict>");
    const withoutAts = folderWith("plain", "<key>CFBundleIdentifier</key><string>com.example.app</string>");
    expect(firstTreeKept(withAts, withoutAts)).toBe(false);
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
