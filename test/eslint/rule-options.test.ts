/**
 * Rule options inside the real installed ESLint: each hosted rule's `meta.options` is its ESLint `meta.schema`, so
 * ESLint itself rejects an unknown option or a value of the wrong type, and accepts the declared ones.
 */
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/eslint/plugin.js";
import { hostRule } from "../../src/eslint/rules.js";
import { defineDocumentRule } from "../../src/linter/types.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
</dict>
</plist>
`;

/** A document rule with options (no shipped document rule has any yet): reports the top-level dict. */
const withOptions = defineDocumentRule({
  meta: testRuleMeta("test/with-options", {
    severity: "warning",
    messages: { seen: "Seen." },
    options: {
      limit: { type: "integer", minimum: 1, default: 10, description: "A bound." },
      label: { type: "string", description: "A label." },
    },
  }),
  documents: ["info-plist"],
  check({ document, report }) {
    report({ messageId: "seen", node: document.root });
  },
});

function verify(rules: Linter.RulesRecord): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [
    {
      ...plugin.configs.recommended,
      plugins: { "ne-lint": plugin, test: { rules: { "with-options": hostRule(withOptions) } } },
      rules,
    },
  ];
  return linter.verify(INFO_PLIST, config, "Info.plist");
}

describe("ESLint validates rule options against meta.options", () => {
  it("declares the options object as the rule's schema, and none for a rule without options", () => {
    expect(hostRule(withOptions).meta?.schema).toEqual([
      {
        type: "object",
        additionalProperties: false,
        properties: {
          limit: { type: "integer", minimum: 1, default: 10, description: "A bound." },
          label: { type: "string", description: "A label." },
        },
      },
    ]);
    expect(plugin.rules["ats/arbitrary-loads"]?.meta?.schema).toEqual([]);
  });

  it("runs the rule with declared options of the declared types", () => {
    for (const options of [{}, { limit: 3 }, { limit: 1, label: "x" }]) {
      const messages = verify({ "test/with-options": ["warn", options] });
      expect(messages.map((m) => [m.ruleId, m.message, m.line, m.column]), JSON.stringify(options)).toEqual([["test/with-options", "Seen.", 3, 1]]);
    }
  });

  it("rejects an unknown option, a wrong type, a value out of range and a second options object, naming the rule", () => {
    expect(() => verify({ "test/with-options": ["warn", { limt: 3 }] })).toThrow(/test\/with-options[\s\S]*additional properties/i);
    expect(() => verify({ "test/with-options": ["warn", { limit: "3" }] })).toThrow(/test\/with-options[\s\S]*"3" should be integer/);
    expect(() => verify({ "test/with-options": ["warn", { limit: 0 }] })).toThrow(/test\/with-options[\s\S]*should be >= 1/);
    expect(() => verify({ "test/with-options": ["warn", { limit: 3 }, {}] })).toThrow(/test\/with-options/);
  });

  it("a shipped rule without options accepts a bare severity and rejects any options object", () => {
    expect(verify({ "ne-lint/ats/arbitrary-loads": "error" })).toEqual([]);
    expect(() => verify({ "ne-lint/ats/arbitrary-loads": ["error", { days: 14 }] })).toThrow(/ne-lint\/ats\/arbitrary-loads/);
  });
});
