/**
 * Xcode projects parsed in worker threads (src/decode/xcode/project-pool.ts) give the same projects and the
 * same findings as parsed in-process: a lowered byte threshold sends the fixtures' projects through the pool.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfinedFiles } from "../../src/discover/confined-files.js";
import { lint } from "../../src/engine.js";
import { projectPoolCounts, projectPoolSettings, startProjectPool } from "../../src/decode/xcode/project-pool.js";
import { projectFacts } from "../../src/decode/xcode/project-facts.js";
import { parsePbxproj } from "../../src/decode/xcode/pbxproj.js";
import { corpusDir, corpusSkipReason, hasCorpus, repoRoot } from "../helpers/paths.js";

const defaults = { ...projectPoolSettings };
beforeEach(() => {
  // Whatever the machine's cores: the pool's answers must not depend on them.
  projectPoolSettings.coresLeft = 0;
});
afterEach(() => {
  Object.assign(projectPoolSettings, defaults);
});

/** Findings and targets as the JSON report would show them. */
async function lintWith(minBytes: number, cwd: string): Promise<{ findings: unknown; targets: unknown; pooled: number; reads: unknown }> {
  projectPoolSettings.minBytes = minBytes;
  const before = projectPoolCounts.projects;
  const files = ConfinedFiles.forPaths(["."], cwd);
  const result = await lint({ paths: ["."], cwd, files });
  return {
    reads: { ...files.counts },
    findings: JSON.parse(JSON.stringify(result.findings)),
    targets: result.workspace.targets.map((target) => [target.id, target.bundleId?.value, target.bundleId?.source, target.infoPlist?.file.path, target.sources.length]),
    pooled: projectPoolCounts.projects - before,
  };
}

describe("Xcode projects parsed by worker threads", () => {
  it("gives the findings and targets of the in-process read, in the same order", async () => {
    const cwd = path.join(repoRoot, "test/fixtures/lan-app");
    const inProcess = await lintWith(Number.POSITIVE_INFINITY, cwd);
    const readHere = projectPoolCounts.readHere;
    const pooled = await lintWith(0, cwd);
    expect(inProcess.pooled).toBe(0);
    expect(pooled.pooled).toBe(2);
    expect(pooled.findings).toEqual(inProcess.findings);
    expect(pooled.targets).toEqual(inProcess.targets);
    expect((pooled.findings as unknown[]).length).toBeGreaterThan(0);
    // The workers' reads are the run's: each project file opened once, the same bytes.
    expect(pooled.reads).toEqual(inProcess.reads);
    // Parsed by the workers, none handed back.
    expect(projectPoolCounts.readHere).toBe(readHere);
  });

  it("starts no worker without a core to spare, or below the byte threshold", async () => {
    const cwd = path.join(repoRoot, "test/fixtures/lan-app");
    projectPoolSettings.coresLeft = os.availableParallelism();
    expect((await lintWith(0, cwd)).pooled).toBe(0);
    projectPoolSettings.coresLeft = 0;
    expect((await lintWith(Number.POSITIVE_INFINITY, cwd)).pooled).toBe(0);
    expect((await lintWith(0, cwd)).pooled).toBe(2);
  });

  it("gives the same facts as the in-process extraction (lines and source files worked out in the worker)", async () => {
    const xcodeproj = path.join(repoRoot, "test/fixtures/lan-app/declared/LanApp.xcodeproj");
    const files = ConfinedFiles.forPaths([path.dirname(xcodeproj)], repoRoot);
    projectPoolSettings.minBytes = 0;
    const [fromWorker] = startProjectPool([{ xcodeprojFsPath: xcodeproj, displayPath: "LanApp.xcodeproj" }], files)!;
    const facts = await fromWorker!;
    if (!facts.ok) throw new Error(facts.error.message);
    const local = projectFacts(parsePbxproj(readFileSync(path.join(xcodeproj, "project.pbxproj"), "utf8")), xcodeproj, "LanApp.xcodeproj", false);
    const { lines, ...plain } = local;
    expect(facts.value.targets.map((target) => target.sourceFiles)).toEqual(plain.targets.map((target) => target.sourceFiles));
    expect(facts.value.targets.flatMap((target) => target.sourceFiles).length).toBeGreaterThan(0);
    for (const [index, configuration] of [...plain.projectConfigurations, ...plain.targets.flatMap((target) => target.configurations)].entries()) {
      const other = [...facts.value.projectConfigurations, ...facts.value.targets.flatMap((target) => target.configurations)][index]!;
      expect(other.settings).toEqual(configuration.settings);
      expect([...other.settingLines!]).toEqual(configuration.settings.map(([key]) => lines!.settingLine(configuration.id, key) ?? 0));
    }
    expect(JSON.parse(JSON.stringify({ ...facts.value, projectConfigurations: [], targets: facts.value.targets.map((t) => ({ ...t, configurations: [] })) }))).toEqual(
      JSON.parse(JSON.stringify({ ...plain, projectConfigurations: [], targets: plain.targets.map((t) => ({ ...t, configurations: [] })) })),
    );
  });

  it("reports a project the worker cannot parse as the in-process read does", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-pool-"));
    cpSync(path.join(repoRoot, "test/fixtures/lan-app/declared"), path.join(dir, "good"), { recursive: true });
    cpSync(path.join(repoRoot, "test/fixtures/lan-app/declared/LanApp.xcodeproj"), path.join(dir, "Broken.xcodeproj"), { recursive: true });
    writeFileSync(path.join(dir, "Broken.xcodeproj/project.pbxproj"), "// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tobjects = {\n");
    const inProcess = await lintWith(Number.POSITIVE_INFINITY, dir);
    const pooled = await lintWith(0, dir);
    expect(pooled.pooled).toBe(2);
    expect(pooled.findings).toEqual(inProcess.findings);
    expect(JSON.stringify(pooled.findings)).toContain("xcode/project-invalid");
  });

  it("reads a dead worker's projects on the main thread: the same findings", async () => {
    const cwd = path.join(repoRoot, "test/fixtures/lan-app");
    const inProcess = await lintWith(Number.POSITIVE_INFINITY, cwd);
    // Too little heap for a worker to start: it dies, and its projects come back.
    projectPoolSettings.resourceLimits = { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 };
    const readHere = projectPoolCounts.readHere;
    const starved = await lintWith(0, cwd);
    expect(starved.pooled).toBe(2);
    expect(projectPoolCounts.readHere - readHere).toBe(2);
    expect(starved.findings).toEqual(inProcess.findings);
    expect(starved.targets).toEqual(inProcess.targets);
    expect(starved.reads).toEqual(inProcess.reads);
  });

  it.skipIf(!hasCorpus)(`gives the corpus's findings of the in-process read${hasCorpus ? "" : ` (${corpusSkipReason})`}`, async () => {
    const inProcess = await lintWith(Number.POSITIVE_INFINITY, corpusDir);
    const readHere = projectPoolCounts.readHere;
    const pooled = await lintWith(0, corpusDir);
    expect(pooled.pooled).toBe(38);
    expect(projectPoolCounts.readHere).toBe(readHere);
    expect(pooled.findings).toEqual(inProcess.findings);
    expect(pooled.targets).toEqual(inProcess.targets);
  }, 120_000);
});

describe("the project pool as bundled (dist/)", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-pool-bundle-"));
    execFileSync(process.execPath, [path.join(repoRoot, "scripts/build.mjs"), "--outdir", path.join(scratch, "dist"), "--no-minify"], { cwd: repoRoot, stdio: "pipe" });
  }, 120_000);
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("finds its worker entry beside its chunk and gives the facts the sources give", async () => {
    const chunks = path.join(scratch, "dist/chunks");
    expect(existsSync(path.join(chunks, "xcode-project-worker.js"))).toBe(true);
    const poolChunk = readdirSync(chunks).find((name) => name.startsWith("project-pool-"));
    const xcodeproj = path.join(repoRoot, "test/fixtures/lan-app/declared/LanApp.xcodeproj");
    // In a plain Node process, as the CLI runs it; the main thread's confinement is the sources' (tested above).
    const script = `
      const pool = await import(${JSON.stringify(pathToFileURL(path.join(chunks, poolChunk!)).href)});
      Object.assign(pool.projectPoolSettings, { minBytes: 0, coresLeft: 0 });
      const files = { counts: { opened: 0, bytes: 0 }, locate: (fsPath) => ({ ok: true, realPath: fsPath }) };
      const [facts] = pool.startProjectPool([{ xcodeprojFsPath: ${JSON.stringify(xcodeproj)}, displayPath: "LanApp.xcodeproj" }], files);
      process.stdout.write(JSON.stringify({ facts: await facts, counts: pool.projectPoolCounts }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const { facts, counts } = JSON.parse(run.stdout) as { facts: unknown; counts: { projects: number } };
    expect(counts.projects).toBe(1);
    const files = ConfinedFiles.forPaths([path.dirname(xcodeproj)], repoRoot);
    projectPoolSettings.minBytes = 0;
    const [fromSources] = startProjectPool([{ xcodeprojFsPath: xcodeproj, displayPath: "LanApp.xcodeproj" }], files)!;
    expect(facts).toEqual(JSON.parse(JSON.stringify(await fromSources!)));
    expect(facts).toMatchObject({ ok: true });
  });
});
