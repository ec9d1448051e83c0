/** The job summary's drift section: a table per target, repository text as inline code, bounded in bytes. */
import { describe, expect, it } from "vitest";
import { renderDriftSection } from "../../src/drift/summary.js";
import type { Finding } from "../../src/linter/finding.js";

const finding = (overrides: Partial<Finding>): Finding => ({ ruleId: "drift/entitlement-added", severity: "warning", message: "m", file: "App/App.entitlements", line: 4, target: "App", fingerprint: "f", ...overrides });

describe("renderDriftSection", () => {
  it("groups drift findings by target, leaves other findings out, and shows repository text as code", () => {
    const text = renderDriftSection([
      finding({ message: "App claims a new entitlement x: enable it." }),
      finding({ ruleId: "ats/arbitrary-loads", message: "not drift" }),
      finding({ ruleId: "drift/target-added", target: "Tunnel | <img src=x>", file: "Tunnel/Info.plist", line: undefined, message: "New app extension [link](http://x)\n## heading" }),
    ]);
    expect(text).toBe(
      [
        "### What this pull request changes in what ships",
        "",
        "**`App`**",
        "",
        "| Change | Where | What it means |",
        "| --- | --- | --- |",
        "| Entitlement added | `App/App.entitlements:4` | `App claims a new entitlement x: enable it.` |",
        "",
        "**`Tunnel \\| <img src=x>`**",
        "",
        "| Change | Where | What it means |",
        "| --- | --- | --- |",
        "| Target added | `Tunnel/Info.plist` | `New app extension [link](http://x)\\n## heading` |",
      ].join("\n"),
    );
  });

  it("stops near 20 KB and counts the rest", () => {
    const many = Array.from({ length: 500 }, (_, i) => finding({ message: `${"x".repeat(200)} ${i}`, line: i + 1 }));
    const text = renderDriftSection(many);
    const rows = text.split("\n").filter((line) => line.startsWith("| Entitlement added"));
    expect(Buffer.byteLength(text)).toBeLessThan(21_000);
    expect(rows.length).toBeGreaterThan(50);
    expect(text.endsWith(`${500 - rows.length} more changes are listed under Findings and in the SARIF file.`)).toBe(true);
  });
});
