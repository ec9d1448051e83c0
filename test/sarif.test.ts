/**
 * SARIF for code scanning (issue 14), through the CLI (the first case and the corpus through the bundle, the rest in process): every location has a region (binary files
 * and archives get a whole-file byte region), findings inside an .ipa point at the archive with the member
 * in the message and a logical location, workflow commands agree, every rule links its own versioned page,
 * security rules carry a justified `security-severity`, and the run has `automationDetails` and a full name.
 *
 * Microsoft's validator (`npm run validate-sarif`, see docs/releasing.md) is a 100 MB .NET tool, not a
 * devDependency; this test checks the same SARIF against the OASIS schema and re-implements the validator
 * rule the corpus used to break (SARIF2017: a location without a complete region).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { runCli, runCliInProcess } from "./helpers/cli.js";
import { corpusDir, corpusSkipReason, hasCorpus, repoRoot } from "./helpers/paths.js";
import { validateSarif } from "./helpers/schemas.js";
import { buildZip, hasPython } from "./helpers/zip-fixtures.js";

interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  charOffset?: number;
  charLength?: number;
  byteOffset?: number;
  byteLength?: number;
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: Region }; logicalLocations?: { name: string; fullyQualifiedName: string }[] }[];
}
interface SarifLog {
  runs: {
    tool: { driver: { name: string; fullName: string; version: string; rules: { id: string; helpUri: string; properties: { tags: string[]; "security-severity"?: string } }[] } };
    automationDetails: { id: string };
    results: SarifResult[];
  }[];
}

/**
 * SARIF2017 as the multitool checks it: every physical location has a region that gives both its start
 * and its end in one of the §3.30 forms. Returns the paths of locations that break it.
 */
function incompleteRegions(log: SarifLog): string[] {
  const broken: string[] = [];
  log.runs.forEach((run, r) =>
    run.results.forEach((result, i) =>
      result.locations.forEach((location, l) => {
        const region = location.physicalLocation.region;
        const lines = region?.startLine !== undefined && region.endLine !== undefined && region.startColumn !== undefined && region.endColumn !== undefined;
        const chars = region?.charOffset !== undefined && region.charLength !== undefined;
        const bytes = region?.byteOffset !== undefined && region.byteLength !== undefined;
        if (!(lines || chars || bytes)) broken.push(`runs[${r}].results[${i}].locations[${l}]`);
      }),
    ),
  );
  return broken;
}

const version = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version as string;

describe("rule metadata in SARIF", () => {
  const log = JSON.parse(runCli(["--format", "sarif", "examples/"]).stdout) as SarifLog;
  const run = log.runs[0]!;

  it("names the tool in full and sets automationDetails (default category, or --sarif-category)", async () => {
    expect(run.tool.driver).toMatchObject({ name: "ne-lint", fullName: `ne-lint ${version}: Apple app security hygiene linter`, version });
    expect(run.automationDetails).toEqual({ id: "ne-lint/" });
    const categorised = JSON.parse((await runCliInProcess(["--format", "sarif", "--sarif-category", "ios-app", "examples/"])).stdout) as SarifLog;
    expect(categorised.runs[0]!.automationDetails).toEqual({ id: "ios-app/" });
  });

  it("links every rule to its own page at this release's tag, a page the package ships", async () => {
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toBe(`https://github.com/ne-lint/ne-lint/blob/v${version}/docs/rules/${rule.id}.md`);
      expect(statSync(path.join(repoRoot, "docs/rules", `${rule.id}.md`)).isFile()).toBe(true);
    }
  });

  it("gives a security-severity exactly to the rules whose metadata justifies it, and tags them security", async () => {
    for (const rule of RULES) {
      const declared = run.tool.driver.rules.find((entry) => entry.id === rule.meta.id)!;
      expect(rule.meta.securityWeakness !== undefined, rule.meta.id).toBe(rule.meta.securitySeverity !== undefined);
      if (rule.meta.securitySeverity === undefined) {
        expect(declared.properties["security-severity"], rule.meta.id).toBeUndefined();
        continue;
      }
      expect(declared.properties["security-severity"]).toBe(rule.meta.securitySeverity.toFixed(1));
      expect(declared.properties.tags).toContain("security");
      expect(rule.meta.securityWeakness).toMatch(/CWE-\d+/);
    }
    const secured = RULES.filter((rule) => rule.meta.securitySeverity !== undefined).map((rule) => rule.meta.id);
    // The weaknesses the issue names: ATS loosened, debugger attach in distribution, untrusted or expired signing.
    expect(secured).toEqual(expect.arrayContaining(["ats/arbitrary-loads", "profile/get-task-allow-in-distribution", "profile/untrusted-signature", "profile/expired"]));
  });
});

describe.skipIf(!hasPython)("findings inside an .ipa (skipped without python3 to build the zip)", () => {
  let dir: string;
  let ipaSize: number;
  let sarif: SarifLog;
  let commands: string[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-sarif-ipa-"));
    const info = readFileSync(path.join(repoRoot, "examples/ios-vpn-app/App/Info.plist"), "utf8");
    buildZip(path.join(dir, "App.ipa"), [{ name: "Payload/App.app/Info.plist", data: info }]);
    ipaSize = statSync(path.join(dir, "App.ipa")).size;
    sarif = JSON.parse((await runCliInProcess(["--format", "sarif", "App.ipa"], { cwd: dir })).stdout) as SarifLog;
    commands = (await runCliInProcess(["--format", "github", "App.ipa"], { cwd: dir })).stdout.trim().split("\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("point at the archive with a whole-file byte region, the member in the message and a logical location", async () => {
    const results = sarif.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    expect(validateSarif(sarif)).toBeUndefined();
    expect(incompleteRegions(sarif)).toEqual([]);
    const arbitrary = results.find((result) => result.ruleId === "ats/arbitrary-loads")!;
    expect(arbitrary.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: "App.ipa" }, region: { byteOffset: 0, byteLength: ipaSize } },
      logicalLocations: [{ name: "Info.plist", fullyQualifiedName: "Payload/App.app/Info.plist" }],
    });
    expect(arbitrary.message.text).toMatch(/^Payload\/App\.app\/Info\.plist:17:3: NSAllowsArbitraryLoads is YES/);
    for (const result of results) expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe("App.ipa");
  });

  it("workflow commands make the same choice: the archive as the file, no line, the member first in the message", async () => {
    expect(commands.length).toBe(sarif.runs[0]!.results.length);
    const arbitrary = commands.find((line) => line.includes("title=ne-lint ats/arbitrary-loads"));
    expect(arbitrary).toMatch(/^::error file=App\.ipa,title=ne-lint ats\/arbitrary-loads::Payload\/App\.app\/Info\.plist:17:3: NSAllowsArbitraryLoads is YES/);
    for (const line of commands) expect(line).toMatch(/^::\w+ file=App\.ipa,title=/);
  });
});

describe("whole-file regions for binary files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-sarif-bin-"));
    writeFileSync(path.join(dir, "broken.mobileprovision"), Buffer.from([0x30, 0x82, 0x01, 0x00, 0x06, 0x09]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("an unreadable profile is located by byteOffset/byteLength over the whole file", async () => {
    const log = JSON.parse((await runCliInProcess(["--format", "sarif", "."], { cwd: dir })).stdout) as SarifLog;
    const [result] = log.runs[0]!.results;
    expect(result?.ruleId).toBe("profile/cms-invalid");
    expect(result?.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "broken.mobileprovision" }, region: { byteOffset: 0, byteLength: 6 } });
  });
});

describe.skipIf(!hasCorpus)(`the corpus SARIF (${hasCorpus ? "real-world repositories" : corpusSkipReason})`, () => {
  it("is valid SARIF 2.1.0, every location has a complete region, and byte regions span their files", async () => {
    const log = JSON.parse(runCli(["--format", "sarif", corpusDir], { timeoutMs: 300_000 }).stdout) as SarifLog;
    expect(log.runs[0]!.results.length).toBeGreaterThan(100);
    expect(validateSarif(log)).toBeUndefined();
    expect(incompleteRegions(log)).toEqual([]);
    const byteRegions = log.runs[0]!.results.flatMap((result) => result.locations).filter((location) => location.physicalLocation.region?.byteOffset !== undefined);
    expect(byteRegions.length).toBeGreaterThan(0);
    for (const location of byteRegions) {
      const file = path.resolve(repoRoot, decodeURIComponent(location.physicalLocation.artifactLocation.uri));
      expect(location.physicalLocation.region?.byteLength).toBe(statSync(file).size);
    }
  });
});
