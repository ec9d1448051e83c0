/**
 * Rule options are validated against the schema each rule declares in its metadata (`meta.options`),
 * through the config schema generated from them: a bad option is a config error naming the key path.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config/config.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-rule-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(rules: unknown): string {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ rules }));
  return file;
}

async function configError(rules: unknown): Promise<string> {
  try {
    await loadConfig(dir, configWith(rules));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
}

describe("rule options", () => {
  it("accepts the options a rule declares", async () => {
    const config = await loadConfig(dir, configWith({ "profile/expiring-soon": ["warning", { days: 14 }] }));
    expect(config.rules["profile/expiring-soon"]).toEqual({ severity: "warning", options: { days: 14 } });
  });

  it("rejects an option the rule does not have, naming its key path", async () => {
    const message = await configError({ "profile/expiring-soon": ["warning", { dayz: 14 }] });
    expect(message).toMatch(/: rules\["profile\/expiring-soon"\]\[1\]\.dayz is not a known key here$/);
  });

  it("rejects an option of the wrong type, naming its key path", async () => {
    const message = await configError({ "profile/expiring-soon": ["warning", { days: "14" }] });
    expect(message).toMatch(/: rules\["profile\/expiring-soon"\]\[1\]\.days must be integer$/);
  });

  it("rejects options on a rule that has none, and unknown rule ids", async () => {
    expect(await configError({ "ats/arbitrary-loads": ["error", { days: 1 }] })).toMatch(/rules\["ats\/arbitrary-loads"\]\[1\]\.days is not a known key here$/);
    expect(await configError({ "ats/no-such-rule": "error" })).toMatch(/rules\["ats\/no-such-rule"\] is not a known key here$/);
    // Each rule's own deepest error: one bad rule does not hide another.
    expect(await configError({ "ats/no-such-rule": "error", "profile/expiring-soon": ["warning", { dayz: 1 }] })).toMatch(/rules\["ats\/no-such-rule"\] is not a known key here; rules\["profile\/expiring-soon"\]\[1\]\.dayz is not a known key here$/);
  });

  it("is exit status 2 in the CLI, with the key path on stderr", async () => {
    writeFileSync(path.join(dir, ".ne-lint.json"), JSON.stringify({ rules: { "profile/expiring-soon": ["warning", { dayz: 14 }] } }));
    let stderr = "";
    const status = await main(["."], { cwd: dir, env: {}, stdoutIsTty: false, writeOut: () => undefined, writeErr: (text) => void (stderr += text) });
    expect(status).toBe(2);
    expect(stderr).toContain('rules["profile/expiring-soon"][1].dayz');
  });
});
