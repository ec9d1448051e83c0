/**
 * A rule that crashes is a bug in ne-lint: the run reports it as a failure (exit status 2) and every other
 * rule's findings still arrive, whether the rule throws synchronously or its promise rejects.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { defineDocumentRule, defineTargetRule, type RuleMeta } from "../../src/linter/types.js";
import { repoRoot } from "../helpers/paths.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

const meta = (id: string): RuleMeta => testRuleMeta(id, { messages: { seen: "Seen {{file}}." } });

const throwsNow = defineDocumentRule({
  meta: meta("test/throws"),
  documents: ["entitlements"],
  check() {
    throw new Error("synchronous bug");
  },
});
const rejectsLater = defineTargetRule({
  meta: meta("test/rejects"),
  async check() {
    await Promise.resolve();
    throw new Error("asynchronous bug");
  },
});
const reportsEveryInfoPlist = defineDocumentRule({
  meta: meta("test/reports"),
  documents: ["info-plist"],
  check({ document, report }) {
    report({ messageId: "seen", node: document.root, data: { file: path.basename(path.dirname(document.file.path)) } });
  },
});
const reportsAfterAwait = defineTargetRule({
  meta: meta("test/reports-async"),
  async check({ target, report }) {
    await Promise.resolve();
    if (target.infoPlist) report({ messageId: "seen", document: target.infoPlist, data: { file: target.name } });
  },
});

describe("rule failures", () => {
  it("are collected per rule and file while the other rules' findings arrive", async () => {
    const result = await lint({ paths: ["examples/ios-vpn-app"], cwd: repoRoot, rules: [throwsNow, rejectsLater, reportsEveryInfoPlist, reportsAfterAwait] });
    expect(result.failures.filter((failure) => failure.ruleId === "test/throws").map((failure) => [failure.file, failure.message]).sort()).toEqual([
      ["examples/ios-vpn-app/App/App.entitlements", "synchronous bug"],
      ["examples/ios-vpn-app/PacketTunnel/PacketTunnel.entitlements", "synchronous bug"],
    ]);
    expect(result.failures.filter((failure) => failure.ruleId === "test/rejects").map((failure) => failure.message)).toEqual(["asynchronous bug", "asynchronous bug"]);
    expect(result.findings.filter((finding) => finding.ruleId === "test/reports").map((finding) => finding.message).sort()).toEqual(["Seen App.", "Seen PacketTunnel."]);
    expect(result.findings.filter((finding) => finding.ruleId === "test/reports-async")).toHaveLength(2);
  });
});
