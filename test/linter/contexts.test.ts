/**
 * The rule runner hands every rule the same context per document group and per target (issue #17: hundreds
 * of thousands of rule × document calls each built a context and a closure). A shared context must still file
 * each report under the rule that made it, with that rule's severity and options, and a rule that throws must
 * not change whose reports come next.
 */
import { describe, expect, it } from "vitest";
import { decodePlistText } from "../../src/decode/plist.js";
import { runRules } from "../../src/linter/run.js";
import { defineDocumentRule, defineTargetRule, type DocumentRuleContext, type RuleMeta, type TargetRuleContext } from "../../src/linter/types.js";
import { newTarget } from "../../src/model/target.js";
import { emptyWorkspace } from "../../src/model/workspace.js";
import { infoPlist } from "../helpers/lint-text.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

const meta = (id: string, severity: RuleMeta["severity"]): RuleMeta => testRuleMeta(id, { severity, messages: { found: "{{rule}} found {{key}}." } });

function workspaceOf(count: number): ReturnType<typeof emptyWorkspace> {
  const workspace = emptyWorkspace();
  for (let i = 0; i < count; i++) {
    const path = `App${i}/Info.plist`;
    const decoded = decodePlistText(infoPlist("<key>A</key><true/>"), { path, fsPath: `/virtual/${path}` }, "info-plist");
    if (!decoded.ok) throw new Error(decoded.error.message);
    workspace.documents.push(decoded.value);
    const target = newTarget({ id: `t${i}`, name: `App${i}`, origin: "folder" });
    target.infoPlist = decoded.value;
    workspace.targets.push(target);
  }
  return workspace;
}

describe("contexts shared by every rule", () => {
  it("file each report under its own rule, severity and options, also after a rule threw", async () => {
    const documentContexts: DocumentRuleContext[][] = [[], []];
    const targetContexts: TargetRuleContext[][] = [[], []];
    const options: unknown[][] = [[], []];
    const documentRule = (index: number, severity: RuleMeta["severity"]) =>
      defineDocumentRule({
        meta: meta(`test/document-${index}`, severity),
        documents: ["info-plist"],
        check(context) {
          documentContexts[index]!.push(context);
          const root = context.document.root;
          if (root.type === "Dict") context.report({ messageId: "found", node: root.entries[0]!, data: { rule: `document-${index}`, key: "A" } });
        },
      });
    const targetRule = (index: number) =>
      defineTargetRule({
        meta: meta(`test/target-${index}`, "note"),
        check(context) {
          targetContexts[index]!.push(context);
          options[index]!.push(context.options);
          context.report({ messageId: "found", data: { rule: `target-${index}`, key: context.target.name } });
        },
      });
    const throwing = defineDocumentRule({
      meta: meta("test/throws", "error"),
      documents: ["info-plist"],
      check() {
        throw new Error("a bug");
      },
    });
    const workspace = workspaceOf(3);
    const { findings, failures } = await runRules(workspace, [documentRule(0, "error"), throwing, documentRule(1, "warning"), targetRule(0), targetRule(1)], {
      rules: { "test/target-1": { options: { days: 3 } } },
    });

    expect(failures.map((failure) => [failure.ruleId, failure.file])).toEqual([
      ["test/throws", "App0/Info.plist"],
      ["test/throws", "App1/Info.plist"],
      ["test/throws", "App2/Info.plist"],
    ]);
    const shown = findings.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.file}:${finding.line ?? ""} ${finding.target} ${finding.message}`).sort();
    expect(shown).toEqual(
      [0, 1, 2].flatMap((i) => [
        `test/document-0 error App${i}/Info.plist:2 App${i} document-0 found A.`,
        `test/document-1 warning App${i}/Info.plist:2 App${i} document-1 found A.`,
        `test/target-0 note App${i}/Info.plist: App${i} target-0 found App${i}.`,
        `test/target-1 note App${i}/Info.plist: App${i} target-1 found App${i}.`,
      ]).sort(),
    );
    expect(options).toEqual([
      [{}, {}, {}],
      [{ days: 3 }, { days: 3 }, { days: 3 }],
    ]);
    // Each rule sees the documents in workspace order, whichever order the runner interleaves rules in.
    expect(documentContexts[1]!.map((context) => context.document.file.path)).toEqual(["App0/Info.plist", "App1/Info.plist", "App2/Info.plist"]);

    // The work bound: one context per document group and one per target, whatever the number of rules.
    expect(documentContexts[0]).toHaveLength(3);
    expect(new Set([...documentContexts[0]!, ...documentContexts[1]!]).size).toBe(3);
    expect(new Set([...targetContexts[0]!, ...targetContexts[1]!]).size).toBe(3);
  });

  it("wait for a check that returns a promise before the next check, and go on after one that rejects", async () => {
    const log: string[] = [];
    const name = (context: DocumentRuleContext | TargetRuleContext): string => ("document" in context ? context.document.file.path.split("/")[0]! : context.target.name);
    const slow = defineDocumentRule({
      meta: meta("test/slow", "error"),
      documents: ["info-plist"],
      check(context) {
        log.push(`slow ${name(context)}`);
        return (async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          log.push(`slow done ${name(context)}`);
          if (name(context) === "App1") throw new Error("late bug");
        })() as unknown as void;
      },
    });
    const quick = defineDocumentRule({ meta: meta("test/quick", "error"), documents: ["info-plist"], check: (context) => void log.push(`quick ${name(context)}`) });
    const slowTarget = defineTargetRule({
      meta: meta("test/slow-target", "note"),
      async check(context) {
        await Promise.resolve();
        log.push(`target ${name(context)}`);
      },
    });
    const { failures } = await runRules(workspaceOf(2), [slow, quick, slowTarget]);
    expect(log).toEqual(["slow App0", "slow done App0", "quick App0", "slow App1", "slow done App1", "quick App1", "target App0", "target App1"]);
    expect(failures).toEqual([{ ruleId: "test/slow", file: "App1/Info.plist", message: "late bug" }]);
  });
});
