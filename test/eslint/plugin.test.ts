/** The plugin object: which rules it hosts, their ESLint metadata, the recommended config. */
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import plugin, { PLIST_FILES } from "../../src/eslint/plugin.js";
import { decodePlistText } from "../../src/decode/plist.js";
import type { DocumentKind } from "../../src/model/document.js";
import type { ReportDescriptor } from "../../src/linter/types.js";
import { TOOL_VERSION } from "../../src/version.js";
import { importBuiltPlugin } from "./project.js";

const documentRules = RULES.filter((rule) => rule.scope === "document");

describe("hosted rules", () => {
  it("hosts every document rule under its ne-lint id, and no target or problem rule", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(documentRules.map((rule) => rule.meta.id).sort());
    expect(Object.keys(plugin.rules)).toContain("plist/duplicate-key");
    for (const rule of RULES.filter((r) => r.scope !== "document")) expect(plugin.rules[rule.meta.id], rule.meta.id).toBeUndefined();
  });

  it("gives each rule ESLint metadata derived from the ne-lint rule", () => {
    for (const rule of documentRules) {
      const meta = plugin.rules[rule.meta.id]?.meta;
      expect(meta, rule.meta.id).toMatchObject({
        type: rule.meta.severity === "note" ? "suggestion" : "problem",
        // The rule's own page at this release, as SARIF's helpUri and JSON's docsUrl.
        docs: { description: rule.meta.description, url: `https://github.com/ne-lint/ne-lint/blob/v${TOOL_VERSION}/docs/rules/${rule.meta.id}.md` },
        messages: rule.meta.messages,
        languages: ["ne-lint/plist"],
        schema: [],
      });
      expect(meta?.fixable, rule.meta.id).toBe(rule.meta.fixable ? "code" : undefined);
      expect(meta?.hasSuggestions, rule.meta.id).toBe(rule.meta.hasSuggestions ? true : undefined);
    }
  });

  it("declares fixes and suggestions exactly for the rules whose reports carry them", () => {
    // Every rule's own incorrect example, as an Info.plist and as entitlements: what the rule reports.
    const reported = new Map<string, { fix: boolean; suggestions: boolean }>();
    for (const rule of documentRules) {
      const example = rule.meta.examples?.incorrect;
      if (!example) continue;
      const text = example.includes("<plist") ? example : `<plist version="1.0"><dict>\n${example}\n</dict></plist>`;
      for (const kind of rule.documents.filter((k): k is DocumentKind => k === "info-plist" || k === "entitlements" || k === "plist")) {
        const decoded = decodePlistText(text, { path: "Info.plist", fsPath: "/x/Info.plist" }, kind);
        if (!decoded.ok) throw new Error(`${rule.meta.id}: example does not parse: ${decoded.error.message}`);
        rule.check({
          document: decoded.value,
          target: {},
          report: (d: ReportDescriptor) => {
            const seen = reported.get(rule.meta.id) ?? { fix: false, suggestions: false };
            reported.set(rule.meta.id, { fix: seen.fix || d.fix !== undefined, suggestions: seen.suggestions || (d.suggestions?.length ?? 0) > 0 });
          },
        });
      }
    }
    for (const rule of documentRules) {
      const seen = reported.get(rule.meta.id);
      // A report with a fix from an undeclared rule would make ESLint throw; a declared rule that never fixes misleads editors.
      expect(seen?.fix ?? false, `${rule.meta.id} fix`).toBe(rule.meta.fixable === true);
      expect(seen?.suggestions ?? false, `${rule.meta.id} suggestions`).toBe(rule.meta.hasSuggestions === true);
    }
    // The harness itself ran (each declared fix/suggestion above was also seen, or the loop failed).
    expect(reported.size).toBeGreaterThan(10);
  });
});

describe("recommended config", () => {
  it("applies the language and every hosted rule to plists and entitlements, notes as warnings", () => {
    const config = plugin.configs.recommended;
    expect(config.files).toEqual(["**/*.plist", "**/*.entitlements", "**/*.xcent"]);
    expect(PLIST_FILES).toEqual(config.files);
    expect(config.language).toBe("ne-lint/plist");
    expect(config.plugins?.["ne-lint"]).toBe(plugin);
    const expected = Object.fromEntries(documentRules.map((rule) => [`ne-lint/${rule.meta.id}`, rule.meta.severity === "error" ? "error" : "warn"]));
    expect(config.rules).toEqual(expected);
    expect(Object.values(config.rules ?? {})).toContain("warn");
  });

  it("the built plugin exposes the same rules, language and metadata", async () => {
    const built = await importBuiltPlugin();
    expect(Object.keys(built.rules).sort()).toEqual(Object.keys(plugin.rules).sort());
    expect(built.meta).toEqual({ name: "ne-lint", version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown as string, namespace: "ne-lint" });
    expect(Object.keys(built.languages)).toEqual(["plist"]);
    expect(built.configs.recommended.rules).toEqual(plugin.configs.recommended.rules);
  });
});
