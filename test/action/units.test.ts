/** The Action's pure parts: inputs, annotation order and limits, retries, summary, baseline matching. */
import { describe, expect, it } from "vitest";
import { rebase } from "../../src/discover/walk.js";
import { applyBaseline, BaselineError, createBaseline, formatBaseline, parseBaseline } from "../../src/baseline/baseline.js";
import { batches, hiddenByCommandLimits, orderForAnnotation, toCheckAnnotation } from "../../src/action/annotations.js";
import { ApiFailure, withRetry } from "../../src/action/github-api.js";
import { InputError, readInputs } from "../../src/action/inputs.js";
import { escapeCell, renderSummary } from "../../src/action/summary.js";
import type { Finding } from "../../src/linter/finding.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return { ruleId: "ats/arbitrary-loads", severity: "error", message: "m", file: "App/Info.plist", line: 3, column: 2, endLine: 3, endColumn: 9, fingerprint: "fp1", ...overrides };
}

describe("inputs", () => {
  const from = (values: Record<string, string>) => readInputs((name) => values[name] ?? "");
  it("applies defaults and splits multiline paths", () => {
    expect(from({})).toEqual({ paths: ["."], failOn: "error", annotations: "auto", onlyChangedFiles: false, configFrom: "head", allowEmpty: false });
    expect(from({ paths: "ios/App\n\n  build/App.ipa \n", "only-changed-files": "true", platform: "ios" })).toMatchObject({ paths: ["ios/App", "build/App.ipa"], onlyChangedFiles: true, platform: "ios" });
  });
  it("names the input and the allowed values", () => {
    expect(() => from({ annotations: "all" })).toThrow(new InputError('input "annotations" must be one of auto, checks, commands, none (got "all")'));
    expect(() => from({ "only-changed-files": "yes" })).toThrow(InputError);
    expect(() => from({ distribution: "store" })).toThrow(/distribution/);
    expect(() => from({ "config-from": "pr" })).toThrow(new InputError('input "config-from" must be one of head, base (got "pr")'));
    expect(from({ "config-from": "base" }).configFrom).toBe("base");
  });
});

describe("annotations", () => {
  it("orders errors first, then changed files, then file and line", () => {
    const findings = [finding({ severity: "note", file: "B" }), finding({ file: "A", line: 9 }), finding({ file: "B", line: 1 }), finding({ severity: "warning", file: "B" })];
    expect(orderForAnnotation(findings, new Set(["B"])).map((f) => `${f.severity}:${f.file}:${f.line}`)).toEqual(["error:B:1", "error:A:9", "warning:B:3", "note:B:3"]);
  });
  it("maps to the Checks API shape: inclusive end column, no columns across lines, archive members on the archive", () => {
    expect(toCheckAnnotation(finding())).toEqual({ path: "App/Info.plist", start_line: 3, end_line: 3, start_column: 2, end_column: 8, annotation_level: "failure", message: "m", title: "ne-lint ats/arbitrary-loads" });
    expect(toCheckAnnotation(finding({ endLine: 5 }))).not.toHaveProperty("start_column");
    expect(toCheckAnnotation(finding({ file: "build/App.ipa!/Payload/App.app/App", line: undefined, column: undefined, endLine: undefined, endColumn: undefined, severity: "note" }))).toEqual({
      path: "build/App.ipa",
      start_line: 1,
      end_line: 1,
      annotation_level: "notice",
      message: "Payload/App.app/App: m",
      title: "ne-lint ats/arbitrary-loads",
    });
    // A line inside a member is not a line of the archive: it moves into the message.
    expect(toCheckAnnotation(finding({ file: "build/App.ipa!/Payload/App.app/Info.plist" }))).toEqual({
      path: "build/App.ipa",
      start_line: 1,
      end_line: 1,
      annotation_level: "failure",
      message: "Payload/App.app/Info.plist:3:2: m",
      title: "ne-lint ats/arbitrary-loads",
    });
  });
  it("batches by 50 and counts what workflow commands cannot show", () => {
    expect(batches(Array.from({ length: 120 }, (_, i) => i), 50).map((batch) => batch.length)).toEqual([50, 50, 20]);
    const many = (severity: Finding["severity"], count: number) => Array.from({ length: count }, () => finding({ severity }));
    expect(hiddenByCommandLimits(many("error", 10))).toBe(0);
    expect(hiddenByCommandLimits(many("error", 11))).toBe(1);
    expect(hiddenByCommandLimits([...many("error", 12), ...many("warning", 3)], 8)).toBe(2 + 1);
  });
});

describe("withRetry", () => {
  it("retries 5xx and network errors with doubling delays, up to the attempt limit", async () => {
    const delays: number[] = [];
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw Object.assign(new Error("Bad Gateway"), { status: 502 });
      },
      { attempts: 3, firstDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    await expect(failing).rejects.toEqual(new ApiFailure("HTTP 502: Bad Gateway", 502));
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });
  it("does not retry a 4xx", async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw Object.assign(new Error("Forbidden"), { status: 403 });
    }, { attempts: 3, firstDelayMs: 1, sleep: async () => {} })).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
  });
});

describe("summary", () => {
  it("escapes table cells", () => {
    expect(escapeCell("a|b\n<script>&")).toBe("a\\|b &lt;script&gt;&amp;");
  });
  it("cuts rows at the byte limit and says how many", () => {
    const findings = Array.from({ length: 500 }, (_, i) => finding({ line: i + 1, message: "x".repeat(100) }));
    const text = renderSummary({ findings, summary: { errors: 500, warnings: 0, notes: 0, files: 1 }, failOn: "error", failed: true, accepted: 0, notes: [], docsLink: () => undefined, byteLimit: 20_000 });
    const rows = text.split("\n").filter((line) => line.startsWith("| Error | `App/Info.plist:")).length;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(20_000);
    expect(text).toContain(`**${500 - rows} more findings not shown here**`);
    expect(rows).toBeGreaterThan(50);
  });
});

describe("baseline", () => {
  it("matches by rule, file and fingerprint, counting duplicates", () => {
    const baseline = createBaseline([finding(), finding()]);
    const outcome = applyBaseline([finding({ line: 40 }), finding({ line: 41 }), finding({ line: 42 }), finding({ fingerprint: "fp2" }), finding({ file: "Other.plist" })], baseline);
    expect(outcome.accepted).toBe(2);
    expect(outcome.kept.map((f) => `${f.file}:${f.line}:${f.fingerprint}`)).toEqual(["App/Info.plist:42:fp1", "App/Info.plist:3:fp2", "Other.plist:3:fp1"]);
    expect(applyBaseline([], baseline).unused).toBe(2);
  });
  it("round-trips through its file format and validates what it reads", () => {
    const baseline = createBaseline([finding({ file: "b" }), finding({ file: "a", ruleId: "ats/x" })]);
    const text = formatBaseline(baseline);
    expect(text.split("\n")[3]).toBe('    {"ruleId":"ats/x","file":"a","fingerprint":"fp1"},');
    expect(parseBaseline(JSON.parse(text), "f")).toEqual(baseline);
    expect(() => parseBaseline({ version: 3, findings: [] }, "f")).toThrow(new BaselineError("f: unsupported baseline version 3 (expected 2)"));
    expect(() => parseBaseline({ version: 1, findings: [{ ruleId: "x", file: "y" }] }, "f")).toThrow(/findings\[0\]/);
    expect(formatBaseline(createBaseline([]))).toBe('{\n  "version": 2,\n  "findings": []\n}\n');
  });
  it("rebases paths between folders and keeps archive members as they are", () => {
    expect(rebase("ios/App/Info.plist", "/repo", "/repo/ci")).toBe("../ios/App/Info.plist");
    expect(rebase("../ios/App/Info.plist", "/repo/ci", "/repo")).toBe("ios/App/Info.plist");
    expect(rebase("build/App.ipa!/Payload/App.app/Info.plist", "/repo", "/repo/build")).toBe("App.ipa!/Payload/App.app/Info.plist");
  });
});
