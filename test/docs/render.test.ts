/** Rule pages list the options a rule declares (`meta.options`), with a config example the config loader accepts. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { loadConfig } from "../../src/config/config.js";
import { renderRuleDoc } from "../../src/docs/render.js";
import { defineTargetRule, type Rule } from "../../src/linter/types.js";
import { testRuleMeta } from "../helpers/rule-meta.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rule(id: string): Rule {
  const found = RULES.find((r) => r.meta.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** The lines of a page's `## Options` section, up to the next heading. */
function optionsSection(page: string): string[] | undefined {
  const lines = page.split("\n");
  const start = lines.indexOf("## Options");
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start, end);
}

describe("rule pages: Options", () => {
  it("lists each option with its type, bounds, default and description, before Configuration", () => {
    const page = renderRuleDoc(rule("profile/expiring-soon"));
    expect(optionsSection(page)).toEqual([
      "## Options",
      "",
      "| Option | Type | Default | Description |",
      "| --- | --- | --- | --- |",
      "| `days` | integer (≥ 0) | `30` | Report profiles that expire within this many days. |",
      "",
      "```json",
      '{ "rules": { "profile/expiring-soon": ["warning", { "days": 30 }] } }',
      "```",
      "",
    ]);
    expect(page.indexOf("## Options")).toBeLessThan(page.indexOf("## Configuration"));
  });

  it("its config example is a valid .ne-lint.json that sets the defaults", async () => {
    const page = renderRuleDoc(rule("profile/expiring-soon"));
    const example = optionsSection(page)?.find((line) => line.startsWith("{"));
    const file = path.join(dir, "expiring.json");
    writeFileSync(file, example ?? "");
    const config = await loadConfig(dir, file);
    expect(config.rules["profile/expiring-soon"]).toEqual({ severity: "warning", options: { days: 30 } });
  });

  it("has no Options section for a rule without options", () => {
    const withoutOptions = RULES.filter((r) => !r.meta.options);
    expect(withoutOptions.length).toBeGreaterThan(10);
    for (const r of withoutOptions) expect(optionsSection(renderRuleDoc(r)), r.meta.id).toBeUndefined();
  });

  it("writes both bounds, 'none' for no default, and keeps a description's | and line breaks inside its cell", () => {
    const page = renderRuleDoc(
      defineTargetRule({
        meta: testRuleMeta("test/options", {
          severity: "note",
          options: {
            ratio: { type: "number", minimum: 0, maximum: 1, default: 0.5, description: "Share a | b\nof all." },
            name: { type: "string", description: "A name." },
          },
        }),
        check() {},
      }),
    );
    expect(optionsSection(page)?.slice(4, 8)).toEqual([
      "| `ratio` | number (≥ 0, ≤ 1) | `0.5` | Share a \\| b of all. |",
      "| `name` | string | none | A name. |",
      "",
      "```json",
    ]);
    expect(optionsSection(page)).toContain('{ "rules": { "test/options": ["note", { "ratio": 0.5 }] } }');
  });
});
