/**
 * The per-rule-and-file cap (src/linter/run.ts) counts the findings that would be shown: suppressed and
 * repeated reports never push a real finding behind "N more … not listed".
 */
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { MAX_FINDINGS_PER_RULE_AND_FILE } from "../../src/linter/run.js";
import { defineDocumentRule } from "../../src/linter/types.js";
import { infoPlist, lintText } from "../helpers/lint-text.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

const duplicateKey = RULES.filter((rule) => rule.meta.id === "plist/duplicate-key");

describe("the finding cap counts after suppression and de-duplication", () => {
  it("150 suppressed findings and one real one: the real one is listed, nothing is counted as hidden", async () => {
    const suppressed = Array.from({ length: 150 }, () => "<!-- ne-lint-disable-next-line plist/duplicate-key -- generated -->\n<key>K</key><true/>");
    // Line 2 is the first K; 150 × 2 lines of suppressed repeats; the real repeat is on line 303.
    const findings = await lintText(duplicateKey, { text: infoPlist("<key>K</key><true/>", ...suppressed, "<key>K</key><false/>") });
    expect(findings.map((finding) => [finding.line, finding.message])).toEqual([[303, "The key K appears again here; the earlier value on line 302 is ignored."]]);
  });

  it("150 reports of one finding and one other: two findings, nothing counted as hidden", async () => {
    const repeating = defineDocumentRule({
      meta: testRuleMeta("test/repeating", { severity: "warning", messages: { found: "Found {{key}}." } }),
      documents: ["info-plist"],
      check({ document, report }) {
        if (document.root.type !== "Dict") return;
        const [first, second] = document.root.entries;
        for (let i = 0; i < 150; i++) report({ messageId: "found", node: first!, data: { key: first!.key.value } });
        report({ messageId: "found", node: second!, data: { key: second!.key.value } });
      },
    });
    const findings = await lintText([repeating], { text: infoPlist("<key>A</key><true/>", "<key>B</key><true/>") });
    expect(findings.map((finding) => [finding.line, finding.message])).toEqual([
      [2, "Found A."],
      [3, "Found B."],
    ]);
  });

  it("past the cap, distinct findings are counted in one finding", async () => {
    const findings = await lintText(duplicateKey, { text: infoPlist(...Array.from({ length: 150 }, () => "<key>K</key><true/>")) });
    expect(findings).toHaveLength(MAX_FINDINGS_PER_RULE_AND_FILE + 1);
    expect(findings[0]).not.toHaveProperty("line");
    expect(findings[0]).toMatchObject({ message: `49 more plist/duplicate-key findings in this file are not listed (ne-lint lists at most ${MAX_FINDINGS_PER_RULE_AND_FILE} per rule and file).` });
  });
});
