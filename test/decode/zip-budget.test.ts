/**
 * Read budgets for archives (issue 16): a 278 KB `.ipa` listing one deflated Info.plist under 300
 * names inflated 4.3 GB and crashed V8. Overlapping members are refused outright, and every byte a
 * member yields is charged to its archive and to the run; bundles per product are capped. Work is
 * asserted as bytes charged, never as time.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadBudget, RUN_READ_LIMITS } from "../../src/decode/bundle/read-budget.js";
import { openZipTree } from "../../src/decode/zip.js";
import type { ZipLimits, ZipTree } from "../../src/decode/zip.js";
import { scanBundleTree } from "../../src/targets/bundle-targets.js";
import { infoPlist } from "../hostile/files.js";
import { buildOverlappingZip, buildZip, hasPython } from "../helpers/zip-fixtures.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ne-lint-zip-budget-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(file: string, limits: Partial<ZipLimits> = {}, run = new ReadBudget(RUN_READ_LIMITS, "this run")): Promise<ZipTree> {
  const result = await openZipTree(file, "hostile.ipa!", limits, run);
  if (!result.ok) throw new Error(`expected the archive to open: ${result.error.message}`);
  return result.value;
}

/** An Info.plist padded with varied words to `size` bytes: it deflates about 4:1, far from bomb ratios. */
function paddedInfoPlist(size: number): Uint8Array {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
  const head = infoPlist("<key>CFBundleIdentifier</key><string>com.example.bomb</string><key>Padding</key><string>");
  const tail = "</string></dict></plist>\n";
  let state = 7;
  const parts: string[] = [];
  let length = head.length + tail.length;
  while (length < size) {
    state = (state * 1103515245 + 12345) >>> 0;
    const word = `${words[state >>> 29] as string} `;
    parts.push(word);
    length += word.length;
  }
  // infoPlist closes its own dict; cut that off so the padding string sits inside it.
  return new TextEncoder().encode(`${head.slice(0, head.lastIndexOf("</dict>"))}${parts.join("")}${tail}`.replace("<string></dict>", "<string>"));
}

describe("overlapping members (the 300-name bomb)", () => {
  const names = Array.from({ length: 300 }, (_, i) => `Payload/A${i}.app/Info.plist`);

  it("refuses every member that shares compressed data, and inflates nothing", async () => {
    const file = join(dir, "overlap.ipa");
    buildOverlappingZip(file, names, paddedInfoPlist(4 * 1024 * 1024));
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    const run = new ReadBudget(RUN_READ_LIMITS, "this run");
    const tree = await open(file, {}, run);
    expect(tree.problems).toEqual([expect.objectContaining({ code: "zip-bomb", path: "" })]);
    expect(tree.problems[0]?.message).toMatch(/^300 archive members share compressed data \('Payload\/A0\.app\/Info\.plist', /);
    for (const name of [names[0] as string, names[299] as string]) {
      const read = await tree.readFile(name, 100 * 1024 * 1024);
      expect(!read.ok && read.error.code).toBe("zip-bomb");
    }
    expect(run.inflated).toBe(0);
    expect(run.wholeFiles).toBe(0);
    await tree.close();
  });

  it("through the bundle scan: one bundle/invalid-archive finding on the archive, no plist decoded", async () => {
    const file = join(dir, "overlap-scan.ipa");
    buildOverlappingZip(file, names, paddedInfoPlist(1024 * 1024));
    const run = new ReadBudget(RUN_READ_LIMITS, "this run");
    const tree = await open(file, {}, run);
    const scan = await scanBundleTree({ tree, fsPath: file, rootName: "App.ipa", defaults: {} });
    await tree.close();
    // The overlap, and the 300 bundles it lists (the most read is 256); nothing per member.
    expect(scan.problems.map((problem) => [problem.ruleId, problem.file.path])).toEqual([
      ["bundle/invalid-archive", "hostile.ipa"],
      ["bundle/invalid-archive", "hostile.ipa"],
    ]);
    expect(scan.problems[0]?.message).toMatch(/^300 archive members share compressed data/);
    expect(scan.problems[1]?.message).toBe("App.ipa holds more than 256 bundles, the most ne-lint reads from one product; 44 were not read.");
    expect(scan.documents).toEqual([]);
    expect(run.inflated).toBe(0);
  });

  it("does not flag a normal archive written by Python's zipfile", async () => {
    if (!hasPython) return;
    const file = join(dir, "normal.ipa");
    buildZip(file, [
      { name: "Payload/", dir: true },
      { name: "Payload/App.app/Info.plist", data: "plist" },
      { name: "Payload/App.app/empty", data: "" },
      { name: "Payload/App.app/App", randomHex: 10_000, method: "stored" },
      { name: "Payload/App.app/link", symlink: "App" },
    ]);
    const tree = await open(file);
    expect(tree.problems).toEqual([]);
    await tree.close();
  });
});

describe.skipIf(!hasPython)("read budgets per archive and per run", () => {
  const members = Array.from({ length: 10 }, (_, i) => ({ name: `Payload/App.app/F${i}`, randomHex: 100_000 }));
  let file: string;
  beforeAll(() => {
    file = join(dir, "ten.ipa");
    buildZip(file, members);
  });

  it("stops inflating at the archive's budget and reports it once, naming the member and the budget", async () => {
    const run = new ReadBudget(RUN_READ_LIMITS, "this run");
    const tree = await open(file, { maxInflatedBytes: 350_000 }, run);
    const results = [];
    for (const member of members.slice(0, 5)) results.push(await tree.readFile(member.name, 1_000_000));
    expect(results.map((result) => (result.ok ? "ok" : result.error.code))).toEqual(["ok", "ok", "ok", "budget-exceeded", "budget-exceeded"]);
    expect(run.inflated).toBeLessThanOrEqual(350_000);
    expect(run.inflated).toBeGreaterThanOrEqual(300_000);
    expect(tree.problems).toEqual([
      { code: "budget-exceeded", path: "Payload/App.app/F3", message: expect.stringContaining("'Payload/App.app/F3' in 'hostile.ipa!' would take more than 350000 inflated bytes from the archive 'hostile.ipa!'") },
    ]);
    await tree.close();
  });

  it("refuses a whole file before inflating it once the kept-bytes budget would be passed", async () => {
    const run = new ReadBudget(RUN_READ_LIMITS, "this run");
    const tree = await open(file, { maxWholeFileBytes: 250_000 }, run);
    expect((await tree.readFile("Payload/App.app/F0", 1_000_000)).ok).toBe(true);
    expect((await tree.readFile("Payload/App.app/F1", 1_000_000)).ok).toBe(true);
    const third = await tree.readFile("Payload/App.app/F2", 1_000_000);
    expect(!third.ok && third.error.message).toContain("more than 250000 bytes of whole files");
    expect(run.inflated).toBe(200_000);
    expect(run.wholeFiles).toBe(200_000);
    await tree.close();
  });

  it("charges streamed Mach-O reads too, and the refusal is the budget, not 'damaged'", async () => {
    const tree = await open(file, { maxInflatedBytes: 50_000 });
    const source = await tree.byteSource("Payload/App.app/F0");
    if (!source.ok) throw new Error(source.error.message);
    await expect(source.value.read(90_000, 10)).rejects.toMatchObject({ code: "budget-exceeded" });
    await tree.close();
  });

  it("shares the run's budget between archives", async () => {
    const run = new ReadBudget({ maxInflatedBytes: 150_000, maxWholeFileBytes: 1_000_000 }, "this run");
    const first = await open(file, {}, run);
    expect((await first.readFile("Payload/App.app/F0", 1_000_000)).ok).toBe(true);
    await first.close();
    const second = await open(file, {}, run);
    const refused = await second.readFile("Payload/App.app/F1", 1_000_000);
    expect(!refused.ok && refused.error.message).toContain("inflated bytes from this run");
    expect(run.inflated).toBeLessThanOrEqual(150_000);
    await second.close();
  });
});

describe.skipIf(!hasPython)("bundles per product", () => {
  it("reads at most maxBundles bundles and says how many it skipped", async () => {
    const file = join(dir, "five.ipa");
    buildZip(
      file,
      Array.from({ length: 5 }, (_, i) => ({ name: `Payload/A${i}.app/Info.plist`, data: infoPlist(`<key>CFBundleIdentifier</key><string>com.example.a${i}</string>`) })),
    );
    const tree = await open(file);
    const scan = await scanBundleTree({ tree, fsPath: file, rootName: "five.ipa", defaults: {}, maxBundles: 3 });
    await tree.close();
    expect(scan.targets).toHaveLength(3);
    expect(scan.problems).toEqual([{ ruleId: "bundle/invalid-archive", file: { path: "hostile.ipa", fsPath: file }, message: "five.ipa holds more than 3 bundles, the most ne-lint reads from one product; 2 were not read." }]);
  });
});
