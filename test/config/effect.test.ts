import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { relaxationFindings } from "../../src/action/config-source.js";
import { EMPTY_CONFIG, normaliseConfig } from "../../src/config/config.js";
import { configEffect, configRelaxations, describeConfigEffect } from "../../src/config/effect.js";

const FILE = { path: ".ne-lint.json", fsPath: "/repo/.ne-lint.json" };

describe("configEffect", () => {
  it("lists rules turned off, rules below their default severity, and ignore globs; raised rules are not listed", () => {
    const config = normaliseConfig({ rules: { "ats/arbitrary-loads": "off", "ats/weak-min-tls": "note", "ats/forward-secrecy-disabled": "error", "profile/expired": "error" }, ignore: ["**"] }, ".ne-lint.json");
    const effect = configEffect(config, RULES);
    expect(effect).toEqual({
      file: ".ne-lint.json",
      rulesOff: ["ats/arbitrary-loads"],
      rulesLowered: [{ ruleId: "ats/weak-min-tls", from: "warning", to: "note" }],
      ignore: ["**"],
    });
    expect(describeConfigEffect(effect, (text) => `"${text}"`)).toBe('The config ".ne-lint.json" turns off 1 rule (ats/arbitrary-loads), lowers 1 rule (ats/weak-min-tls warning → note) and ignores "**".');
  });

  it("says nothing for a config that relaxes nothing", () => {
    const effect = configEffect(normaliseConfig({ rules: { "ats/weak-min-tls": "error" } }), RULES);
    expect(describeConfigEffect(effect, (text) => text)).toBeUndefined();
    expect(describeConfigEffect(configEffect(EMPTY_CONFIG, RULES), (text) => text)).toBeUndefined();
  });

  it("lists at most ten globs and counts the rest", () => {
    const ignore = Array.from({ length: 150 }, (_, i) => `g${i}/**`);
    const sentence = describeConfigEffect(configEffect(normaliseConfig({ ignore }), RULES), (text) => text) ?? "";
    expect(sentence).toContain("g9/**");
    expect(sentence).not.toContain("g10/**");
    expect(sentence).toContain("and 140 more");
  });
});

describe("configRelaxations", () => {
  const base = normaliseConfig({ rules: { "ats/weak-min-tls": "error", "ats/local-networking": "off" }, ignore: ["Vendor/**"], distribution: "app-store" });

  it("is empty when head equals base, or only tightens it", () => {
    expect(configRelaxations(base, base, RULES)).toEqual([]);
    const tighter = normaliseConfig({ rules: { "ats/weak-min-tls": "error", "ats/local-networking": "warning", "ats/forward-secrecy-disabled": "error" }, ignore: [], distribution: "app-store" });
    expect(configRelaxations(base, tighter, RULES)).toEqual([]);
  });

  it("names every rule turned off or down, changed options, new ignores and changed settings", () => {
    const head = normaliseConfig({
      rules: { "ats/weak-min-tls": "warning", "ats/arbitrary-loads": "off", "profile/expiring-soon": ["warning", { days: 1 }] },
      ignore: ["Vendor/**", "**"],
      distribution: "development",
    });
    expect(configRelaxations(base, head, RULES)).toEqual([
      { kind: "rule-off", ruleId: "ats/arbitrary-loads", from: "error" },
      { kind: "rule-lowered", ruleId: "ats/weak-min-tls", from: "error", to: "warning" },
      { kind: "rule-options", ruleId: "profile/expiring-soon" },
      { kind: "ignore-added", glob: "**" },
      { kind: "setting-changed", setting: "distribution", from: "app-store", to: "development" },
    ]);
  });

  it("becomes config/gate-relaxed findings on the head config, at the base config's severity, whatever the head says about the rule", async () => {
    const head = normaliseConfig({ rules: { "ats/arbitrary-loads": "off", "config/gate-relaxed": "off" } });
    const findings = await relaxationFindings(EMPTY_CONFIG, head, FILE);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.file, finding.message])).toEqual([
      ["config/gate-relaxed", "error", ".ne-lint.json", "The pull request's config turns off ats/arbitrary-loads, which the base branch's config reports as error."],
      ["config/gate-relaxed", "error", ".ne-lint.json", "The pull request's config turns off config/gate-relaxed, which the base branch's config reports as error."],
    ]);
    const lenientBase = normaliseConfig({ rules: { "config/gate-relaxed": "warning" } });
    expect((await relaxationFindings(lenientBase, head, FILE)).map((finding) => finding.severity)).toEqual(["warning", "warning"]);
    expect(await relaxationFindings(normaliseConfig({ rules: { "config/gate-relaxed": "off" } }), head, FILE)).toEqual([]);
  });
});
