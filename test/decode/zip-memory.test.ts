/**
 * Reading one member must cost that member, not the archive. Measured in a child process so the
 * numbers belong to the reader alone: bytes read come from the kernel's own count
 * (`/proc/self/io` rchar), memory from `process.memoryUsage().rss` and the peak `maxRSS`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildZip, hasCommand, hasPython } from "../helpers/zip-fixtures.js";

const repoRoot = resolve(import.meta.dirname, "../..");
const MiB = 1024 * 1024;

const CHILD = `
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
const { openZipTree } = await import(process.env.ZIP_MODULE);
const [file, mode, member] = process.argv.slice(2);
const rchar = () => Number(/rchar:\\s*(\\d+)/.exec(readFileSync("/proc/self/io", "utf8"))[1]);
const opened = await openZipTree(file, "child.ipa!");
if (!opened.ok) throw new Error(opened.error.message);
const tree = opened.value;
let out;
if (mode === "read-file") {
  const before = rchar();
  const again = await openZipTree(file, "again.ipa!");
  const result = await again.value.readFile(member, MiB());
  const after = rchar();
  out = { bytesRead: after - before, ok: result.ok, sha256: result.ok ? createHash("sha256").update(result.value).digest("hex") : null };
} else if (mode === "forward") {
  // Header, load commands, signature, then one step back: one pass for the first three, a second for the last.
  const source = await tree.byteSource(member);
  if (!source.ok) throw new Error(source.error.message);
  const size = source.value.size;
  const start = rchar();
  for (const offset of [0, 32, Math.floor(size / 2), size - 1024]) await source.value.read(offset, 32);
  const forward = rchar() - start;
  await source.value.read(Math.floor(size / 2) - 4096, 32);
  out = { bytesRead: forward, afterBackwardSeek: rchar() - start, sha256: null };
} else {
  const source = await tree.byteSource(member);
  if (!source.ok) throw new Error(source.error.message);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const beforeIo = rchar();
  const bytes = await source.value.read(source.value.size - 1024, 1024);
  const afterIo = rchar();
  const rssAfter = process.memoryUsage().rss;
  out = {
    bytesRead: afterIo - beforeIo,
    rssGrowth: rssAfter - rssBefore,
    // VmHWM is this process image's own peak; getrusage's maxRSS would include the parent's (Linux keeps it across exec).
    peakGrowth: Number(/^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024 - rssBefore,
    length: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
function MiB() { return 1024 * 1024; }
await tree.close();
process.stdout.write(JSON.stringify(out));
`;

interface ChildReport {
  bytesRead: number;
  afterBackwardSeek?: number;
  ok?: boolean;
  rssGrowth?: number;
  peakGrowth?: number;
  length?: number;
  sha256: string | null;
}

function runChild(script: string, args: string[]): ChildReport {
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, ZIP_MODULE: pathToFileURL(join(repoRoot, "src/decode/zip.ts")).href },
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ChildReport;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const canMeasure = hasPython && hasCommand("unzip") && existsSync("/proc/self/io");

describe.skipIf(!canMeasure)("reading one member of a big archive", () => {
  let dir: string;
  let script: string;
  let bigArchive: string;
  let deflatedArchive: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ne-lint-zip-memory-"));
    script = join(dir, "child.mts");
    writeFileSync(script, CHILD);
    bigArchive = join(dir, "big.ipa");
    // 100 MiB of other members first, the wanted ones last, as in a real .ipa full of assets.
    buildZip(bigArchive, [
      ...Array.from({ length: 10 }, (_, i) => ({ name: `Payload/App.app/Assets/blob${i}.car`, random: 10 * MiB, method: "stored" as const })),
      { name: "Payload/App.app/App", random: 10 * MiB, method: "stored" },
      { name: "Payload/App.app/Info.plist", data: "<plist>".repeat(2000) },
    ]);
    deflatedArchive = join(dir, "deflated.ipa");
    buildZip(deflatedArchive, [{ name: "Payload/App.app/App", randomHex: 50 * MiB }]);
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the Info.plist of a 110 MiB archive without reading the other members", () => {
    const report = runChild(script, [bigArchive, "read-file", "Payload/App.app/Info.plist"]);
    expect(report.ok).toBe(true);
    expect(report.sha256).toBe(sha256(execFileSync("unzip", ["-p", bigArchive, "Payload/App.app/Info.plist"])));
    // End records + central directory + one member: well under 1 MiB of 110 MiB.
    expect(report.bytesRead).toBeLessThan(MiB);
  });

  it("reads the last KiB of a stored executable with positional reads only", () => {
    const report = runChild(script, [bigArchive, "tail", "Payload/App.app/App"]);
    const oracle = execFileSync("sh", ["-c", `unzip -p "$1" Payload/App.app/App | tail -c 1024`, "sh", bigArchive], { maxBuffer: 64 * MiB });
    expect(report.length).toBe(1024);
    expect(report.sha256).toBe(sha256(oracle));
    expect(report.bytesRead).toBeLessThan(64 * 1024);
  });

  it("inflates forward to the last KiB of a 50 MiB deflated member in bounded memory", () => {
    const report = runChild(script, [deflatedArchive, "tail", "Payload/App.app/App"]);
    const oracle = execFileSync("sh", ["-c", `unzip -p "$1" Payload/App.app/App | tail -c 1024`, "sh", deflatedArchive], { maxBuffer: 128 * MiB });
    expect(report.length).toBe(1024);
    expect(report.sha256).toBe(sha256(oracle));
    // It had to read the whole compressed member (~28 MiB) to get there…
    expect(report.bytesRead).toBeGreaterThan(20 * MiB);
    // …but kept none of it.
    expect(report.rssGrowth).toBeLessThan(64 * MiB);
    expect(report.peakGrowth).toBeLessThan(64 * MiB);
  });

  it("inflates a deflated member once for forward reads and again only after a backward seek", () => {
    // Info-ZIP's verbose listing: Length, Method, Size (compressed), Cmpr, Date, Time, CRC-32, Name.
    const row = execFileSync("unzip", ["-v", deflatedArchive], { encoding: "utf8" }).split("\n").find((line) => line.trim().endsWith("Payload/App.app/App")) ?? "";
    const compressed = Number(row.trim().split(/\s+/)[2]);
    expect(compressed).toBeGreaterThan(20 * MiB);
    const report = runChild(script, [deflatedArchive, "forward", "Payload/App.app/App"]);
    expect(report.bytesRead).toBeGreaterThan(0.9 * compressed);
    expect(report.bytesRead).toBeLessThan(1.1 * compressed);
    // Back to the middle: a second pass up to there (about half the member), not more.
    const second = (report.afterBackwardSeek ?? 0) - report.bytesRead;
    expect(second).toBeGreaterThan(0.4 * compressed);
    expect(second).toBeLessThan(0.6 * compressed);
  });
});
