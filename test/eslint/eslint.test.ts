/**
 * The built plugin inside the real installed ESLint (the `ESLint` class and the `eslint` binary),
 * configured by a flat config in a temp project: rule ids, messages, exact ranges, directives,
 * parse errors, language options and `--fix` output.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eslintFor, fixtureProject, makeProject, rowsOf, runEslintBin, type Project, type ResultLike, type Row } from "./project.js";

/** Every message ESLint gives on the fixture project with the recommended config (hand-checked columns: tabs count 1). */
const FIXTURE_ROWS: Row[] = [
  { file: "App/App.entitlements", ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'ne-lint/plist/duplicate-key').", line: 9, column: 2 },
  { file: "App/App.entitlements", ruleId: "ne-lint/plist/duplicate-key", severity: 1, message: "The key com.apple.developer.networking.networkextension appears again here; the earlier value on line 5 is ignored.", line: 12, column: 2, endLine: 12, endColumn: 60 },
  { file: "App/Info.plist", ruleId: "ne-lint/ats/unknown-key", severity: 2, message: "NSAllowArbitraryLoads is not an App Transport Security key in NSAppTransportSecurity and is ignored; did you mean NSAllowsArbitraryLoads?", line: 14, column: 3, endLine: 14, endColumn: 35 },
  { file: "App/Info.plist", ruleId: "ne-lint/ats/domain-not-lowercase", severity: 2, message: "The domain \"Example.COM\" in NSExceptionDomains has uppercase letters and will never match; write \"example.com\".", line: 18, column: 4, endLine: 18, endColumn: 26 },
  { file: "App/Info.plist", ruleId: "ne-lint/ats/wrong-type", severity: 2, message: "NSIncludesSubdomains in an NSExceptionDomains entry must be a Boolean, not a string (\"YES\").", line: 20, column: 5, endLine: 20, endColumn: 36 },
  { file: "App/Info.plist", ruleId: "ne-lint/ats/insecure-http-exception", severity: 1, message: "NSTemporaryExceptionAllowsInsecureHTTPLoads allows plain HTTP to Example.COM.", line: 22, column: 5, endLine: 22, endColumn: 59 },
  { file: "App/Info.plist", ruleId: "ne-lint/ats/legacy-exception-key", severity: 1, message: "NSTemporaryExceptionAllowsInsecureHTTPLoads is a legacy ATS key; use NSExceptionAllowsInsecureHTTPLoads.", line: 22, column: 5, endLine: 22, endColumn: 59 },
  { file: "Broken/Info.plist", ruleId: null, severity: 2, message: "Parsing error: The XML is not well formed: unexpected close tag.", line: 5, column: 35 },
  // A note in ne-lint is a warning in ESLint (ESLint has no third level).
  { file: "Mac/Info.plist", ruleId: "ne-lint/ats/arbitrary-loads-neutralised", severity: 1, message: "NSAllowsArbitraryLoads is ignored on iOS 10+ and macOS 10.12+ because NSAllowsLocalNetworking is present; ATS stays on.", line: 10, column: 3, endLine: 10, endColumn: 36 },
  { file: "Mac/Info.plist", ruleId: "ne-lint/ats/local-networking", severity: 1, message: "NSAllowsLocalNetworking is YES: connections to local hosts and IP addresses are exempt from App Transport Security.", line: 12, column: 3, endLine: 12, endColumn: 37 },
  { file: "Mac/Info.plist", ruleId: "ne-lint/ats/weak-min-tls", severity: 1, message: "NSExceptionMinimumTLSVersion \"TLSv1.0\" lowers the TLS floor for legacy.example.com below TLS 1.2.", line: 18, column: 5, endLine: 18, endColumn: 44 },
  { file: "Mac/Info.plist", ruleId: "ne-lint/ats/forward-secrecy-disabled", severity: 1, message: "NSExceptionRequiresForwardSecrecy is NO for legacy.example.com: connections may use cipher suites without forward secrecy.", line: 20, column: 5, endLine: 20, endColumn: 49 },
];

const appInfoPlist = readFileSync(path.join(fixtureProject, "App/Info.plist"), "utf8");

/** The fixture after `--fix`: the certain fixes applied, suggestions (renames) left for a person. */
const FIXED_APP_INFO_PLIST = appInfoPlist.replace("<key>Example.COM</key>", "<key>example.com</key>").replace("<string>YES</string>", "<true/>");

describe("ESLint API (ESLint class) with the built plugin", () => {
  let project: Project;
  beforeAll(() => {
    project = makeProject();
  });
  afterAll(() => project.remove());

  it("reports ids, messages and exact ranges on every fixture file", async () => {
    const results = await eslintFor(project).lintFiles(["."]);
    expect(rowsOf(results, project.dir)).toEqual(FIXTURE_ROWS);
  });

  it("honours ne-lint's own directive spelling too, and ignores CLI-only rules named in it", async () => {
    const withOwnSpelling = appInfoPlist.replace(/<!-- eslint-disable-next-line ne-lint\/([^ ]+)/, "<!-- ne-lint-disable-next-line ne/missing-provider-entitlement, $1");
    expect(withOwnSpelling).not.toBe(appInfoPlist);
    const [result] = await eslintFor(project).lintText(withOwnSpelling, { filePath: path.join(project.dir, "App/Info.plist") });
    expect(result?.messages.some((m) => m.ruleId === "ne-lint/ats/arbitrary-loads" || /Definition for rule/.test(m.message))).toBe(false);
    expect(result?.suppressedMessages.map((m) => [m.ruleId, m.suppressions[0]?.justification])).toEqual([["ne-lint/ats/arbitrary-loads", "legacy CDN, tracked in #123"]]);
  });

  it("honours a directive placed above the <key> and keeps its justification", async () => {
    const [result] = await eslintFor(project).lintFiles(["App/Info.plist"]);
    expect(result?.suppressedMessages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column, suppressions: m.suppressions }))).toEqual([
      { ruleId: "ne-lint/ats/arbitrary-loads", line: 12, column: 3, suppressions: [{ kind: "directive", justification: "legacy CDN, tracked in #123" }] },
    ]);
    // Without the directive the finding is there, at the key (one line up, as the comment line is gone).
    const withoutDirective = appInfoPlist.replace(/^\s*<!-- eslint-disable-next-line[^\n]*\n/m, "");
    const [bare] = await eslintFor(project).lintText(withoutDirective, { filePath: path.join(project.dir, "App/Info.plist") });
    expect(bare?.messages.find((m) => m.ruleId === "ne-lint/ats/arbitrary-loads")).toMatchObject({
      line: 11,
      column: 3,
      endLine: 11,
      endColumn: 36,
      message: "NSAllowsArbitraryLoads is YES: App Transport Security is off for every host not listed in NSExceptionDomains.",
    });
  });

  it("offers the key renames as suggestions with the exact edit", async () => {
    const [result] = await eslintFor(project).lintFiles(["App/Info.plist"]);
    const suggestionsOf = (ruleId: string) => result?.messages.find((m) => m.ruleId === ruleId)?.suggestions?.map((s) => ({ desc: s.desc, text: s.fix.text, replaced: appInfoPlist.slice(...s.fix.range) }));
    expect(suggestionsOf("ne-lint/ats/unknown-key")).toEqual([{ desc: "Rename to NSAllowsArbitraryLoads", text: "<key>NSAllowsArbitraryLoads</key>", replaced: "<key>NSAllowArbitraryLoads</key>" }]);
    expect(suggestionsOf("ne-lint/ats/legacy-exception-key")).toEqual([
      { desc: "Rename to NSExceptionAllowsInsecureHTTPLoads", text: "<key>NSExceptionAllowsInsecureHTTPLoads</key>", replaced: "<key>NSTemporaryExceptionAllowsInsecureHTTPLoads</key>" },
    ]);
    // Renames are suggestions, never automatic fixes.
    expect(result?.messages.filter((m) => m.fix).map((m) => m.ruleId)).toEqual(["ne-lint/ats/domain-not-lowercase", "ne-lint/ats/wrong-type"]);
  });

  it("fixes what is certain (fix: true)", async () => {
    const [result] = await eslintFor(project, { fix: true }).lintFiles(["App/Info.plist"]);
    expect(result?.output).toBe(FIXED_APP_INFO_PLIST);
    expect(result?.messages.map((m) => m.ruleId)).not.toContain("ne-lint/ats/wrong-type");
  });

  it("applies eslint-disable/eslint-enable blocks, eslint-disable-line and inline rule config", async () => {
    const text = [
      "<plist version=\"1.0\"><dict>",
      "<key>CFBundleIdentifier</key><string>com.example</string>",
      "<key>NSAppTransportSecurity</key>",
      "<dict>",
      "<!-- eslint-disable ne-lint/ats/arbitrary-loads -->",
      "<key>NSAllowsArbitraryLoads</key><true/>",
      "<!-- eslint-enable ne-lint/ats/arbitrary-loads -->",
      "<key>NSExceptionDomains</key><dict>",
      "<key>Example.com</key><dict><key>NSExceptionMinimumTLSVersion</key><string>TLSv1.0</string></dict> <!-- eslint-disable-line ne-lint/ats/weak-min-tls -->",
      "</dict>",
      "<!-- eslint ne-lint/ats/domain-not-lowercase: \"off\" -->",
      "</dict>",
      "</dict></plist>",
    ].join("\n");
    const [result] = await eslintFor(project).lintText(text, { filePath: path.join(project.dir, "Other/Info.plist") });
    expect(result?.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([]);
    expect(result?.suppressedMessages.map((m) => `${m.line} ${m.ruleId}`).sort()).toEqual(["6 ne-lint/ats/arbitrary-loads", "9 ne-lint/ats/weak-min-tls"]);
    // The same file without the comments reports all three.
    const [plain] = await eslintFor(project).lintText(text.replace(/<!--[^>]*-->/g, ""), { filePath: path.join(project.dir, "Other/Info.plist") });
    expect(plain?.messages.map((m) => m.ruleId).sort()).toEqual(["ne-lint/ats/arbitrary-loads", "ne-lint/ats/domain-not-lowercase", "ne-lint/ats/weak-min-tls"]);
  });

  it("reports a binary plist and an empty file as parse errors, never crashes", async () => {
    const binary = Buffer.concat([Buffer.from("bplist00", "latin1"), Buffer.from([0xd0, 0x08, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9])]);
    const local = makeProject({ files: { "Bin/Info.plist": binary, "Empty.entitlements": "" } });
    try {
      const rows = rowsOf(await eslintFor(local).lintFiles(["."]), local.dir);
      expect(rows).toEqual([
        { file: "Bin/Info.plist", ruleId: null, severity: 2, message: "Parsing error: This is a binary property list; ESLint reads text files only. Run the ne-lint CLI on it.", line: 1, column: 1 },
        { file: "Empty.entitlements", ruleId: null, severity: 2, message: "Parsing error: The file is empty.", line: 1, column: 1 },
      ]);
    } finally {
      local.remove();
    }
  });
});

describe("language options give single files their platform and deployment target", () => {
  // No MinimumOSVersion/LSMinimumSystemVersion: the file alone does not say which OS it runs on.
  const files = {
    "App/Info.plist": [
      "<plist version=\"1.0\"><dict>",
      "<key>CFBundleIdentifier</key><string>com.example</string>",
      "<key>NSAppTransportSecurity</key><dict><key>NSExceptionDomains</key><dict>",
      "<key>10.0.0.1</key><dict/>",
      "</dict></dict>",
      "</dict></plist>",
      "",
    ].join("\n"),
  };
  const messagesWith = async (languageOptions: string | undefined): Promise<string[]> => {
    const project = makeProject({ files, config: languageOptions ? `[{ ...neLint.configs.recommended, languageOptions: ${languageOptions} }]` : undefined });
    try {
      const results = await eslintFor(project).lintFiles(["."]);
      return results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
    } finally {
      project.remove();
    }
  };

  it("without options the deployment target is unknown, so there is no verdict", async () => {
    expect(await messagesWith(undefined)).toEqual([]);
  });

  it("platform and deploymentTarget decide the finding", async () => {
    expect(await messagesWith(`{ platform: "ios", deploymentTarget: "9.0" }`)).toEqual([
      "4:1 ne-lint/ats/ip-exception-os-floor The IP exception \"10.0.0.1\" is only read from iOS 17 on; this target supports iOS 9.0, and iOS 9 blocks connections to IP addresses without reading it.",
    ]);
    expect(await messagesWith(`{ platform: "ios", deploymentTarget: "16.4" }`)).toEqual([]);
  });

  it("a bad option is a configuration error naming the option", async () => {
    await expect(messagesWith(`{ platform: "android" }`)).rejects.toThrow(/"platform".*"ios"/);
    await expect(messagesWith(`{ deploymentTarget: 17 }`)).rejects.toThrow(/"deploymentTarget".*"15\.0"/);
  });
});

describe("eslint binary (child process) with the built plugin", () => {
  let project: Project;
  beforeAll(() => {
    project = makeProject();
  });
  afterAll(() => project.remove());

  const jsonRows = (stdout: string): Row[] => {
    return rowsOf(JSON.parse(stdout) as ResultLike[], project.dir);
  };

  it("--format json gives the same messages as the API; --report-unused-disable-directives makes the unused one an error", () => {
    const run = runEslintBin(project, ["--format", "json", "--report-unused-disable-directives", "."]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(jsonRows(run.stdout)).toEqual(FIXTURE_ROWS.map((row) => (row.message.startsWith("Unused eslint-disable") ? { ...row, severity: 2 } : row)));
  });

  it("--rule accepts a rule name with a slash inside the plugin namespace", () => {
    const run = runEslintBin(project, ["--format", "json", "--rule", "ne-lint/ats/unknown-key: off", "--rule", "{\"ne-lint/ats/wrong-type\": \"warn\"}", "App/Info.plist"]);
    expect(run.stderr).toBe("");
    const rows = jsonRows(run.stdout);
    expect(rows.map((r) => r.ruleId)).not.toContain("ne-lint/ats/unknown-key");
    expect(rows.find((r) => r.ruleId === "ne-lint/ats/wrong-type")?.severity).toBe(1);
    expect(rows).toHaveLength(FIXTURE_ROWS.filter((r) => r.file === "App/Info.plist").length - 1);
  });

  it("--fix removes an unused directive with its line: no stray whitespace, other lines untouched", () => {
    const clean = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.example.app</string>\n</dict>\n</plist>\n`;
    const withDirectives = clean
      .replace("\t<key>CFBundleIdentifier", "\t<!-- eslint-disable-next-line ne-lint/ats/arbitrary-loads -- left over -->\n\t<key>CFBundleIdentifier")
      .replace("\t<string>com.example.app</string>", "\t<string>com.example.app</string> <!-- eslint-disable-line ne-lint/ats/wrong-type -->");
    const local = makeProject({ files: { "App/Info.plist": withDirectives } });
    try {
      const run = runEslintBin(local, ["--fix", "--report-unused-disable-directives", "App/Info.plist"]);
      expect(run.status).toBe(0);
      // The lone comment goes with its line; the trailing one goes with the blank before it.
      expect(readFileSync(path.join(local.dir, "App/Info.plist"), "utf8")).toBe(clean);
    } finally {
      local.remove();
    }
  });

  it("--fix rewrites the file with the certain fixes only", () => {
    const local = makeProject();
    try {
      const run = runEslintBin(local, ["--fix", "App/Info.plist"]);
      expect(run.status).toBe(1); // the remaining findings are errors
      expect(readFileSync(path.join(local.dir, "App/Info.plist"), "utf8")).toBe(FIXED_APP_INFO_PLIST);
      // Idempotent: a second run changes nothing more.
      runEslintBin(local, ["--fix", "App/Info.plist"]);
      expect(readFileSync(path.join(local.dir, "App/Info.plist"), "utf8")).toBe(FIXED_APP_INFO_PLIST);
    } finally {
      local.remove();
    }
  });
});
