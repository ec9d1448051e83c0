/**
 * `npm run bench`: ne-lint's speed as ratios against baselines measured in the same run on the same
 * machine (never absolute thresholds). Writes the table to docs/benchmarks.md with `--write`.
 *
 *   npm run bench [-- --quick] [-- --write] [-- --only cold,tree]
 *
 * Baselines: `node -e 0` (the floor for any Node CLI), `openssl cms` (the Linux way to read a profile
 * today), Debian's `plistutil` (libplist), a 1 MiB archive for the 1 GiB one, and asn1js + pkijs for
 * the CMS envelope and the certificates (the readers `cms-der.ts` and `x509-der.ts` fall back to).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { actionEntry, measureActionColdStart } from "./action-cold-start.js";
import { measureProfileCertificates } from "./profile-certificates.js";
import { median, pairedRatio, type PairedRatio } from "./paired.js";
import { measureProfileEnvelopes } from "./profile-envelope.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The package's `bin` (dist/cli.cjs: the common path without ES modules).
const cli = path.join(root, "dist/cli.cjs");
const rssHook = path.join(root, "bench/max-rss.mjs");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.includes("--only") ? new Set((args[args.indexOf("--only") + 1] ?? "").split(",")) : undefined;
const runs = quick ? 5 : 15;
// The start-up rows are ~100 ms each, where a few milliseconds of load decide a goal's verdict: more pairs.
const startupRuns = quick ? 9 : 31;
const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-bench-"));
const cacheDir = path.join(os.tmpdir(), "ne-lint-bench-cache");
mkdirSync(cacheDir, { recursive: true });

/**
 * Every timed process runs without NODE_EXTRA_CA_CERTS: a machine that sets it (this one does) makes each
 * Node start load a CA bundle, which doubled `node -e 0` and hid ne-lint's own start-up in the ratios
 * (GitHub's runners do not set it). The Action row (action-cold-start.ts) always ran without it.
 */
const timedEnv: NodeJS.ProcessEnv = { ...process.env };
delete timedEnv.NODE_EXTRA_CA_CERTS;

interface Row {
  readonly name: string;
  readonly subject: string;
  readonly subjectMs: number;
  readonly baseline: string;
  readonly baselineMs: number;
  /** Median and spread of the per-pair ratios, for rows timed as interleaved pairs. */
  readonly ratio?: PairedRatio;
  readonly note?: string;
}
const rows: Row[] = [];

/** Wall time of one command, in ms; the command must succeed (exit 0 or 1 for ne-lint's findings). */
function time(command: string, commandArgs: readonly string[], options: { cwd?: string; okStatus?: number[]; env?: NodeJS.ProcessEnv } = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { cwd: options.cwd ?? root, env: options.env ?? timedEnv, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (!(options.okStatus ?? [0, 1]).includes(result.status ?? -1)) throw new Error(`${command} ${commandArgs.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Interleaves subject and baseline runs so load changes hit both alike. */
function compare(name: string, subject: [string, string, readonly string[]], baseline: [string, string, readonly string[]], options: { cwd?: string; runs?: number; note?: string; env?: NodeJS.ProcessEnv } = {}): Row {
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  time(subject[1], subject[2], options);
  time(baseline[1], baseline[2], options);
  for (let i = 0; i < (options.runs ?? runs); i++) {
    subjectTimes.push(time(subject[1], subject[2], options));
    baselineTimes.push(time(baseline[1], baseline[2], options));
  }
  const row: Row = { name, subject: subject[0], subjectMs: median(subjectTimes), baseline: baseline[0], baselineMs: median(baselineTimes), ratio: pairedRatio(subjectTimes, baselineTimes), ...(options.note ? { note: options.note } : {}) };
  rows.push(row);
  console.log(`${name}: ${row.subjectMs.toFixed(1)} ms vs ${row.baselineMs.toFixed(1)} ms (${ratioText(row)})`);
  return row;
}

/** Peak RSS (MB) and wall time (ms) of one ne-lint run, measured inside the child via an exit hook. */
function peak(cliArgs: readonly string[], cwd = root): { ms: number; rssMb: number } {
  return peakOfNode([cli, ...cliArgs], cwd);
}

/** Peak RSS (MB) and wall time (ms) of one Node process with these arguments. */
function peakOfNode(nodeArgs: readonly string[], cwd = root): { ms: number; rssMb: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--import", rssHook, ...nodeArgs], { cwd, env: timedEnv, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const match = /ne-lint-max-rss-kb=(\d+)/.exec(result.stderr);
  if (!match) throw new Error(`no RSS reading: ${result.stderr}`);
  return { ms, rssMb: Number(match[1]) / 1024 };
}

function wanted(key: string): boolean {
  return !only || only.has(key);
}

function infoPlist(index: number, insecure: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app${index}</string>
	<key>CFBundleExecutable</key>
	<string>App${index}</string>
	<key>MinimumOSVersion</key>
	<string>15.0</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>NSAllowsArbitraryLoads</key>
		<${insecure}/>
		<key>NSExceptionDomains</key>
		<dict>
			<key>example${index}.com</key>
			<dict>
				<key>NSExceptionMinimumTLSVersion</key>
				<string>TLSv1.2</string>
			</dict>
		</dict>
	</dict>
</dict>
</plist>
`;
}

/** A generated monorepo: `count` folders, each with an Info.plist, an entitlements file and a Swift file. */
function generatedTree(count: number): string {
  const dir = path.join(cacheDir, `tree-${count}`);
  if (existsSync(path.join(dir, ".done"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `packages/app${Math.floor(i / 100)}/Target${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "Info.plist"), infoPlist(i, i % 10 === 0));
    writeFileSync(path.join(folder, `Target${i}.entitlements`), `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>com.apple.security.application-groups</key>\n\t<array>\n\t\t<string>group.com.example.app${i}</string>\n\t</array>\n</dict>\n</plist>\n`);
    writeFileSync(path.join(folder, "App.swift"), `import Foundation\nlet value${i} = ${i}\n`);
  }
  writeFileSync(path.join(dir, ".done"), "");
  return dir;
}

/** One app folder: a single Info.plist with `count` Swift sources below it (one target owns them all). */
function sourcesBesideOneInfoPlist(count: number): string {
  const dir = path.join(cacheDir, `sources-${count}`);
  if (existsSync(path.join(dir, ".done"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "Info.plist"), infoPlist(0, false));
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `Sources/Module${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `File${i}.swift`), `import Foundation\nlet value${i} = ${i}\n`);
  }
  writeFileSync(path.join(dir, ".done"), "");
  return dir;
}

/**
 * A scale row: the time per unit of the large run against the small one, less the Node floor. Linear is
 * ×1.0; above ×2.0 the engine has grown worse than linear and the bench exits non-zero.
 */
function scaleRow(name: string, unit: string, small: { row: Row; count: number }, large: { row: Row; count: number }): void {
  const perSmall = (small.row.subjectMs - small.row.baselineMs) / small.count;
  const perLarge = (large.row.subjectMs - large.row.baselineMs) / large.count;
  const ratio = perLarge / perSmall;
  rows.push({ name, subject: `${perLarge.toFixed(4)} ms/${unit}`, subjectMs: perLarge, baseline: `${perSmall.toFixed(4)} ms/${unit}`, baselineMs: perSmall, note: "≈1.0 is linear; must stay ≤ 2.0" });
  console.log(`${name}: ${perLarge.toFixed(4)} vs ${perSmall.toFixed(4)} ms per ${unit} (×${ratio.toFixed(2)})`);
  if (ratio > 2) {
    console.error(`NOT LINEAR: ${name} is ×${ratio.toFixed(2)} (limit ×2.0)`);
    process.exitCode = 1;
  }
}

function signedProfile(): string | undefined {
  const file = path.join(cacheDir, "bench.mobileprovision");
  if (existsSync(file)) return file;
  const work = path.join(cacheDir, "pki");
  mkdirSync(work, { recursive: true });
  const ok = (command: string, commandArgs: string[]) => spawnSync(command, commandArgs, { cwd: work, stdio: "ignore" }).status === 0;
  const plistText = infoPlist(0, false).replace("<dict>", "<dict>\n\t<key>Name</key>\n\t<string>Bench</string>\n\t<key>ExpirationDate</key>\n\t<date>2030-01-01T00:00:00Z</date>\n\t<key>Entitlements</key>\n\t<dict>\n\t\t<key>application-identifier</key>\n\t\t<string>TEAM.com.example</string>\n\t</dict>");
  writeFileSync(path.join(work, "p.plist"), plistText);
  if (
    !ok("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-subj", "/CN=Bench Profile Signing", "-days", "3650"]) ||
    !ok("openssl", ["cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-md", "sha256", "-in", "p.plist", "-signer", "c.pem", "-inkey", "k.pem", "-out", file])
  ) {
    return undefined;
  }
  return file;
}

function which(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

/** Builds an .ipa with a real-looking app and `padMb` of incompressible filler, streamed by Python. */
function ipaWithPadding(padMb: number): string | undefined {
  const file = path.join(cacheDir, `app-${padMb}mb.ipa`);
  if (existsSync(file)) return file;
  const script = String.raw`
import os, sys, zipfile
out, pad = sys.argv[1], int(sys.argv[2])
info = open(sys.argv[3], 'rb').read()
with zipfile.ZipFile(out + '.tmp', 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:
    z.writestr('Payload/App.app/Info.plist', info)
    with z.open('Payload/App.app/Assets.car', 'w', force_zip64=True) as f:
        for _ in range(pad):
            f.write(os.urandom(1024 * 1024))
os.rename(out + '.tmp', out)
`;
  const info = path.join(scratch, "Info.plist");
  writeFileSync(info, infoPlist(1, true));
  const result = spawnSync("python3", ["-c", script, file, String(padMb), info], { stdio: "inherit" });
  return result.status === 0 ? file : undefined;
}

const nodeBaseline: [string, string, readonly string[]] = ["`node -e 0`", process.execPath, ["-e", "0"]];

/**
 * Issue #17's goals, printed in the row they apply to; the verdict is filled in when the table is written,
 * from the row's own ratio, milliseconds or megabytes.
 */
const goal = {
  ratio: (limit: number): string => `goal ≤ ×${limit}`,
  ms: (limit: number): string => `goal ≤ ${limit.toLocaleString("en")} ms`,
  mb: (limit: number): string => `goal ≤ ${limit} MB`,
};

function ratioOf(row: Row): number {
  return row.ratio?.median ?? row.subjectMs / row.baselineMs;
}

/** `×1.55`, or for paired rows `×1.55 [×1.50–×1.61]`: the median per-pair ratio and the middle half of them. */
function ratioText(row: Row): string {
  const spread = row.ratio ? ` [×${row.ratio.low.toFixed(2)}–×${row.ratio.high.toFixed(2)}]` : "";
  return `×${ratioOf(row).toFixed(2)}${spread}`;
}

function goalVerdict(row: Row): string {
  const match = /^goal ≤ (×)?([\d.,]+) ?(ms|MB)?$/.exec(row.note ?? "");
  if (!match) return row.note ?? "";
  const limit = Number(match[2]!.replaceAll(",", ""));
  const value = match[1] ? ratioOf(row) : row.subjectMs;
  return `${row.note}: ${value <= limit ? "met" : "not met"}`;
}

try {
  if (wanted("cold")) compare("Cold start: `ne-lint --version`", ["ne-lint", process.execPath, [cli, "--version"]], nodeBaseline, { runs: startupRuns });
  if (wanted("example")) compare("Lint examples/ (4 files)", ["ne-lint", process.execPath, [cli, "examples"]], nodeBaseline, { runs: startupRuns, note: goal.ratio(1.3) });
  // The rows above run with the CLI's code cache warm (src/code-cache.ts), as every run after a machine's first
  // does; a fresh CI machine without a cached ~/.cache runs as this row does.
  if (wanted("example")) compare("Lint examples/, no code cache (a machine's first run)", ["ne-lint", process.execPath, [cli, "examples"]], nodeBaseline, { runs: startupRuns, env: { ...timedEnv, NODE_DISABLE_COMPILE_CACHE: "1" } });
  if (wanted("info-plist")) compare("Lint one Info.plist", ["ne-lint", process.execPath, [cli, "examples/ios-vpn-app/App/Info.plist"]], nodeBaseline, { runs: startupRuns, note: goal.ratio(1.3) });
  if (wanted("tree")) {
    const small = generatedTree(1000);
    const big = generatedTree(quick ? 3000 : 10000);
    const smallRow = compare("Generated tree, 1,000 targets (3,000 files)", ["ne-lint", process.execPath, [cli, small]], nodeBaseline, { runs: Math.min(runs, 7) });
    const bigCount = quick ? 3000 : 10000;
    const bigRow = compare(`Generated tree, ${bigCount.toLocaleString("en")} targets (${(bigCount * 3).toLocaleString("en")} files)`, ["ne-lint", process.execPath, [cli, big]], nodeBaseline, { runs: Math.min(runs, 5), ...(quick ? {} : { note: goal.ms(1500) }) });
    scaleRow(`Scaling: time per target, ${bigCount.toLocaleString("en")} vs 1,000`, "target", { row: smallRow, count: 1000 }, { row: bigRow, count: bigCount });
  }
  if (wanted("sources")) {
    // Many sources owned by one target: what made 40,000 sources take 55 s when the engine grouped files
    // by copying each role's list on every file.
    const smallCount = quick ? 2000 : 4000;
    const bigCount = quick ? 10000 : 40000;
    const smallRow = compare(`${smallCount.toLocaleString("en")} sources beside one Info.plist`, ["ne-lint", process.execPath, [cli, sourcesBesideOneInfoPlist(smallCount)]], nodeBaseline, { runs: Math.min(runs, 7) });
    const bigRow = compare(`${bigCount.toLocaleString("en")} sources beside one Info.plist`, ["ne-lint", process.execPath, [cli, sourcesBesideOneInfoPlist(bigCount)]], nodeBaseline, { runs: Math.min(runs, 5), ...(quick ? {} : { note: goal.ms(500) }) });
    scaleRow(`Scaling: time per source file, ${bigCount.toLocaleString("en")} vs ${smallCount.toLocaleString("en")}`, "source", { row: smallRow, count: smallCount }, { row: bigRow, count: bigCount });
  }
  const corpus = path.resolve(root, "../shared/corpus");
  if (wanted("corpus") && existsSync(corpus)) {
    compare("Whole real corpus (42 repos, ~600 files)", ["ne-lint", process.execPath, [cli, corpus, "--format", "json"]], nodeBaseline, { runs: Math.min(runs, 7), note: goal.ratio(4) });
    // Peak RSS (VmHWM) of the same run against Node's own; issue #17 asks for at most 100 MB. Medians of 3.
    const rss = (nodeArgs: readonly string[]): number => median([0, 1, 2].map(() => peakOfNode(nodeArgs).rssMb));
    const corpusRss = rss([cli, corpus, "--format", "json"]);
    const nodeRss = rss(["-e", "0"]);
    rows.push({ name: "Whole real corpus: peak RSS (MB)", subject: `${corpusRss.toFixed(0)} MB`, subjectMs: corpusRss, baseline: `${nodeRss.toFixed(0)} MB (\`node -e 0\`)`, baselineMs: nodeRss, note: goal.mb(100) });
    console.log(`corpus RSS: ${corpusRss.toFixed(0)} MB vs ${nodeRss.toFixed(0)} MB`);
  }
  const holdout = path.resolve(root, "../shared/holdout");
  if (wanted("holdout") && existsSync(holdout)) {
    compare("Whole holdout (15 repos never used to tune rules)", ["ne-lint", process.execPath, [cli, holdout, "--format", "json"]], nodeBaseline, { runs: Math.min(runs, 7), note: goal.ratio(3) });
  }
  const profile = which("openssl") ? signedProfile() : undefined;
  if (profile && wanted("profile")) {
    compare("One profile: `ne-lint inspect` vs `openssl cms -verify -noverify`", ["ne-lint", process.execPath, [cli, "inspect", "--format", "json", profile]], ["openssl", "openssl", ["cms", "-verify", "-noverify", "-inform", "DER", "-in", profile, "-out", "/dev/null"]]);
    const many = path.join(cacheDir, "profiles-500");
    if (!existsSync(path.join(many, "499.mobileprovision"))) {
      mkdirSync(many, { recursive: true });
      const bytes = readFileSync(profile);
      for (let i = 0; i < 500; i++) writeFileSync(path.join(many, `${i}.mobileprovision`), bytes);
    }
    const loop = `for f in ${many}/*.mobileprovision; do openssl cms -verify -noverify -inform DER -in "$f" -out /dev/null 2>/dev/null; done`;
    compare("500 profiles: one ne-lint run vs a loop of 500 openssl", ["ne-lint", process.execPath, [cli, many, "--format", "json"]], ["openssl loop", "sh", ["-c", loop]], { runs: quick ? 2 : 3 });
  }
  if (wanted("envelope") && existsSync(corpus)) {
    // In this process, from the sources: each corpus profile's CMS envelope read as `decodeSignedData` reads it
    // (canonical DER by cms-der.ts, the rest by pkijs) against every one read by asn1js + pkijs. Medians per profile, summed.
    const envelope = measureProfileEnvelopes(corpus, quick ? 15 : 50);
    const declined = envelope.timings.filter((timing) => timing.fastUs === undefined).length;
    rows.push({
      name: `CMS envelopes of the ${envelope.timings.length} corpus profiles (${declined} BER or not CMS, read by pkijs either way)`,
      subject: "decodeSignedData",
      subjectMs: envelope.productionTotalUs / 1000,
      baseline: "asn1js + pkijs only",
      baselineMs: envelope.pkijsTotalUs / 1000,
    });
    console.log(`envelopes: ${(envelope.productionTotalUs / 1000).toFixed(2)} vs ${(envelope.pkijsTotalUs / 1000).toFixed(2)} ms`);
  }
  if (wanted("certificates") && existsSync(corpus)) {
    // In this process, from the sources: each distinct certificate of the corpus profiles (CMS chains and
    // DeveloperCertificates) read as `certificateFactsOf` reads it (canonical DER by x509-der.ts, the rest by
    // pkijs) against every one read by asn1js + pkijs. Uncached medians per certificate, summed: what a run spends.
    const certificates = measureProfileCertificates(corpus, quick ? 15 : 50);
    const declined = certificates.timings.filter((timing) => timing.fastUs === undefined).length;
    rows.push({
      name: `The ${certificates.timings.length} distinct certificates of the corpus profiles (${declined} read by pkijs either way)`,
      subject: "certificateFactsOf",
      subjectMs: certificates.productionTotalUs / 1000,
      baseline: "asn1js + pkijs only",
      baselineMs: certificates.pkijsTotalUs / 1000,
    });
    console.log(`certificates: ${(certificates.productionTotalUs / 1000).toFixed(2)} vs ${(certificates.pkijsTotalUs / 1000).toFixed(2)} ms`);
  }
  if (wanted("plist") && which("plistutil")) {
    const big = path.join(cacheDir, "big.plist");
    if (!existsSync(big)) {
      const entries = Array.from({ length: 20000 }, (_, i) => `\t<key>Key${i}</key>\n\t<dict>\n\t\t<key>Value</key>\n\t\t<string>value ${i}</string>\n\t\t<key>Number</key>\n\t\t<integer>${i}</integer>\n\t</dict>`).join("\n");
      writeFileSync(big, `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${entries}\n</dict>\n</plist>\n`);
      spawnSync("plistutil", ["-i", big, "-o", `${big}.bin`, "-f", "bin"]);
    }
    const size = (statSync(big).size / (1024 * 1024)).toFixed(1);
    // plistutil (libplist 2.2) only converts between XML and binary: each side decodes one and writes the other.
    compare(`XML plist decode (${size} MB, 20,000 dicts): inspect → JSON vs plistutil → binary`, ["ne-lint", process.execPath, [cli, "inspect", "--format", "json", big]], ["plistutil", "plistutil", ["-i", big, "-o", "/dev/null", "-f", "bin"]]);
    compare("Binary plist decode (same data): inspect → JSON vs plistutil → XML", ["ne-lint", process.execPath, [cli, "inspect", "--format", "json", `${big}.bin`]], ["plistutil", "plistutil", ["-i", `${big}.bin`, "-o", "/dev/null", "-f", "xml"]]);
  }
  if (wanted("ipa") && which("python3")) {
    const small = ipaWithPadding(1);
    const large = quick ? undefined : ipaWithPadding(1024);
    if (small && large) {
      const a = peak(["--format", "json", small]);
      const b = peak(["--format", "json", large]);
      const c = peak(["--format", "json", small]);
      const d = peak(["--format", "json", large]);
      const smallMs = Math.min(a.ms, c.ms);
      const largeMs = Math.min(b.ms, d.ms);
      rows.push({ name: "1 GiB .ipa vs 1 MiB .ipa: wall time", subject: "1 GiB", subjectMs: largeMs, baseline: "1 MiB", baselineMs: smallMs });
      rows.push({ name: "1 GiB .ipa vs 1 MiB .ipa: peak RSS (MB)", subject: `${Math.max(b.rssMb, d.rssMb).toFixed(0)} MB`, subjectMs: Math.max(b.rssMb, d.rssMb), baseline: `${Math.max(a.rssMb, c.rssMb).toFixed(0)} MB`, baselineMs: Math.max(a.rssMb, c.rssMb) });
      console.log(`ipa: ${largeMs.toFixed(0)} vs ${smallMs.toFixed(0)} ms; RSS ${Math.max(b.rssMb, d.rssMb).toFixed(0)} vs ${Math.max(a.rssMb, c.rssMb).toFixed(0)} MB`);
    }
  }
  if (wanted("pbxproj") && existsSync(corpus)) {
    // In one process: the largest real project read and resolved for every target and configuration,
    // against the `plist` package's OpenStep parser reading the same file (syntax only, no resolution).
    const script = [
      "const { readXcodeProject } = await import(process.argv[1]);",
      "const { parseOpenStep } = await import(process.argv[3]);",
      "const fs = await import('node:fs');",
      "const path = await import('node:path');",
      "const dir = process.argv[2];",
      "const text = fs.readFileSync(path.join(dir, 'project.pbxproj'), 'utf8');",
      "const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];",
      "const ours = [], baseline = [];",
      "for (let i = 0; i < 15; i++) {",
      "  let t = performance.now();",
      "  const project = await readXcodeProject(dir, 'x.xcodeproj', { resolveAll: true });",
      "  ours.push(performance.now() - t);",
      "  if (!project.ok) throw new Error(project.error.message);",
      "  t = performance.now();",
      "  parseOpenStep(text);",
      "  baseline.push(performance.now() - t);",
      "}",
      "console.log(JSON.stringify({ ours: median(ours), baseline: median(baseline), size: text.length }));",
    ].join("\n");
    const dir = path.join(corpus, "duckduckgo__macos-browser/DuckDuckGo-macOS.xcodeproj");
    const plistModule = path.join(root, "node_modules/plist/dist/index.js");
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script, path.join(root, "dist/api.js"), dir, plistModule], { encoding: "utf8", cwd: root });
    if (result.status === 0) {
      const { ours, baseline, size } = JSON.parse(result.stdout) as { ours: number; baseline: number; size: number };
      rows.push({ name: `Largest pbxproj (DuckDuckGo macOS, ${(size / (1024 * 1024)).toFixed(2)} MB): parse + resolve every target and configuration`, subject: "readXcodeProject", subjectMs: ours, baseline: "plist.parseOpenStep, syntax only", baselineMs: baseline });
      console.log(`pbxproj: ${ours.toFixed(1)} vs ${baseline.toFixed(1)} ms`);
    } else console.log(`pbxproj benchmark failed: ${result.stderr}`);
  }
  const entry = wanted("action") ? actionEntry() : undefined;
  if (entry !== undefined && existsSync(path.join(root, entry))) {
    const action = measureActionColdStart(startupRuns);
    rows.push({ name: `Action cold start: ${entry} on examples/`, subject: entry, subjectMs: action.actionMs, baseline: "`node -e 0`", baselineMs: action.nodeMs, ratio: action.ratio, note: goal.ratio(1.5) });
    console.log(`action: ${action.actionMs.toFixed(1)} vs ${action.nodeMs.toFixed(1)} ms`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const table = [
  "| Benchmark | ne-lint | Baseline | Ratio |",
  "| --- | --- | --- | --- |",
  ...rows.map((row) => {
    const unit = row.name.includes("RSS") || row.name.startsWith("Scaling") ? "" : " ms";
    const subject = unit ? `${row.subjectMs.toFixed(1)} ms` : row.subject;
    const baseline = unit ? `${row.baselineMs.toFixed(1)} ms (${row.baseline})` : row.baseline;
    return `| ${row.name} | ${subject} | ${baseline} | ${ratioText(row)}${row.note ? ` (${goalVerdict(row)})` : ""} |`;
  }),
].join("\n");
console.log(`\n${table}`);

if (args.includes("--write")) {
  const file = path.join(root, "docs/benchmarks.md");
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const marker = "<!-- bench:table -->";
  const header = `${marker}\nMeasured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, ${quick ? "quick run" : `medians of up to ${startupRuns} runs each`}. Ratio: the median of the per-run ratios, each ne-lint run paired with the baseline run beside it, and [the middle half of those ratios].\n\n${table}\n${marker}`;
  const text = previous.includes(marker) ? previous.replace(new RegExp(`${marker}[\\s\\S]*${marker}`), header) : `# Benchmarks\n\n${header}\n`;
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)}`);
}

