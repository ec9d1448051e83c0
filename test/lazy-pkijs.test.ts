/**
 * The bundle loads asn1js and pkijs only when a fast reader declines something (`pkijs-loader-bundled.ts`,
 * `scripts/build.mjs`). Built into a temp folder, the CLI lints canonical-DER profiles just the same with
 * the pkijs and asn1js chunks deleted, and reads a BER profile (`openssl cms -stream`) through
 * `chunks/pkijs-fallback.js`, which it loads with `require()`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";
import { buildPki, hasOpenssl, opensslSkipReason, profileXml, signProfile, type Pki } from "./helpers/profile-fixtures.js";

function cli(outdir: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(outdir, "cli.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Chunks that bundle pkijs or asn1js (an unminified build names each bundled file in a comment). */
function pkijsChunks(outdir: string): string[] {
  const dir = path.join(outdir, "chunks");
  return readdirSync(dir).filter((name) => name.endsWith(".js") && /^\/\/ .*node_modules\/(pkijs|asn1js)\//m.test(readFileSync(path.join(dir, name), "utf8")));
}

describe.skipIf(!hasOpenssl)(hasOpenssl ? "pkijs is loaded only when a profile needs it (the bundle)" : opensslSkipReason, () => {
  let pki: Pki;
  let scratch: string;
  let outdir: string;
  beforeAll(() => {
    pki = buildPki();
    scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-lazy-pkijs-"));
    outdir = path.join(scratch, "dist");
    execFileSync(process.execPath, [path.join(repoRoot, "scripts/build.mjs"), "--outdir", outdir, "--no-minify"], { cwd: repoRoot, stdio: "pipe" });
    mkdirSync(path.join(scratch, "der"));
    writeFileSync(path.join(scratch, "der/Development.mobileprovision"), signProfile(pki, profileXml("development", pki)));
    writeFileSync(path.join(scratch, "der/AppStore.mobileprovision"), signProfile(pki, profileXml("app-store", pki), { signer: "ec", md: "sha256" }));
    writeFileSync(path.join(scratch, "Streamed.mobileprovision"), signProfile(pki, profileXml("ad-hoc", pki), { stream: true }));
  }, 120_000);
  afterAll(() => {
    pki?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("pkijs and asn1js are bundled apart from the profile reader, pkijs in the fallback entry", () => {
    expect(existsSync(path.join(outdir, "chunks/pkijs-fallback.js"))).toBe(true);
    expect(pkijsChunks(outdir)).toContain("pkijs-fallback.js");
    const profileChunks = readdirSync(path.join(outdir, "chunks")).filter((name) => readFileSync(path.join(outdir, "chunks", name), "utf8").includes("// src/decode/profile/verify.ts"));
    expect(profileChunks).toHaveLength(1);
    expect(pkijsChunks(outdir)).not.toContain(profileChunks[0]);
  });

  it("a BER profile is read by pkijs, required from chunks/pkijs-fallback.js", () => {
    const run = cli(outdir, ["inspect", "--format", "json", "Streamed.mobileprovision"], scratch);
    expect(run.stderr).not.toMatch(/internal error|ERR_/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { signature: { signer: string; chain: string[]; digestValid: boolean; signatureValid: boolean } };
    expect(report.signature).toMatchObject({ signer: "Test Apple iPhone OS Provisioning Profile Signing", digestValid: true, signatureValid: true });
    expect(report.signature.chain).toHaveLength(3);
  });

  it("canonical-DER profiles lint the same with the pkijs and asn1js chunks deleted", () => {
    const intact = cli(outdir, ["der", "--format", "json"], scratch);
    const stripped = path.join(scratch, "dist-without-pkijs");
    cpSync(outdir, stripped, { recursive: true });
    const deleted = pkijsChunks(stripped);
    expect(deleted.length).toBeGreaterThanOrEqual(1);
    for (const name of deleted) rmSync(path.join(stripped, "chunks", name));
    const without = cli(stripped, ["der", "--format", "json"], scratch);
    expect(without.stderr).toBe(intact.stderr);
    expect(without.status).toBe(intact.status);
    expect(without.stdout).toBe(intact.stdout);
    expect(JSON.parse(intact.stdout)).toBeDefined();
  });
});
