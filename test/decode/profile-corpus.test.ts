/**
 * Every provisioning profile in the shared real-world corpus, checked against the corpus
 * MANIFEST §3 table (kind, platform, team, devices, NE values), against openssl's CMS verifier
 * (at the profile's signing time, trusting only the embedded Apple root), and against plistlib.
 */
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLE_ROOTS } from "../../src/decode/profile/apple-roots.js";
import { decodeSignedData } from "../../src/decode/profile/cms.js";
import { decodeProfile } from "../../src/decode/profile/profile.js";
import { verifySignedData } from "../../src/decode/profile/verify.js";
import type { ProfileKind, ProvisioningProfile } from "../../src/model/profile.js";
import { stringItems, valueOf } from "../../src/model/plist.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { hasOpenssl, opensslStatus } from "../helpers/profile-fixtures.js";
import { hasPython, python } from "../helpers/python.js";

/** Apple's published SHA-256 for AppleIncRootCertificate.cer (https://www.apple.com/certificateauthority/). */
const APPLE_ROOT_CA_SHA256 = "B0:B1:73:0E:CB:C7:FF:45:05:14:2C:49:F1:29:5E:6E:DA:6B:CA:ED:7E:2C:68:C5:BE:91:B5:A1:10:01:F0:24";

interface ManifestRow {
  readonly file: string;
  readonly container: string;
  readonly type: string;
  readonly platform: string;
  readonly team: string;
  readonly devices: string;
  readonly ne: string;
}

function manifestRows(): ManifestRow[] {
  const text = readFileSync(path.join(corpusDir, "MANIFEST.md"), "utf8");
  const section = text.slice(text.indexOf("## 3. Provisioning profiles"), text.indexOf("## 4."));
  return section
    .split("\n")
    .filter((line) => /^\| [^|]+\.(mobileprovision|provisionprofile) \|/.test(line))
    .map((line) => {
      const [file = "", container = "", type = "", platform = "", team = "", devices = "", ne = ""] = line.split("|").slice(1, -1).map((cell) => cell.trim());
      return { file, container, type, platform, team, devices, ne };
    });
}

function profileFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profileFiles(full, base);
    return /\.(mobileprovision|provisionprofile)$/.test(name) ? [path.relative(base, full)] : [];
  });
}

function expectedKind(row: ManifestRow): ProfileKind {
  const mac = row.platform === "OSX";
  switch (row.type) {
    case "Developer ID": return "developer-id";
    case "app-store": return mac ? "mac-app-store" : "app-store";
    case "development": return mac ? "mac-development" : "development";
    default: return row.type as ProfileKind;
  }
}

const fileRef = (relative: string) => ({ path: relative, fsPath: path.join(corpusDir, relative) });
const read = (relative: string) => new Uint8Array(readFileSync(path.join(corpusDir, relative)));

describe.skipIf(!hasCorpus)(hasCorpus ? "corpus provisioning profiles" : corpusSkipReason, () => {
  const rows = hasCorpus ? manifestRows() : [];
  const cmsRows = rows.filter((row) => row.container === "CMS");
  let scratch: string;
  let appleRootPem: string;
  /** plistlib's reading of each file's plist (content extracted by openssl for CMS files). */
  let oracle: Record<string, { ok: boolean; Name?: string; UUID?: string; ExpirationDate?: string; devices?: string[]; certs?: number }>;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-profile-corpus-"));
    appleRootPem = path.join(scratch, "apple-root.pem");
    writeFileSync(appleRootPem, new X509Certificate(APPLE_ROOTS[0]!.der).toString());
    oracle = {};
    if (!hasPython || !hasOpenssl) return;
    const jobs: [string, string][] = [];
    for (const row of rows) {
      const source = path.join(corpusDir, row.file);
      if (row.container === "CMS") {
        const out = path.join(scratch, `${jobs.length}.plist`);
        // -nosigs: one corpus profile was edited after signing, and its plist is still wanted.
        execFileSync("openssl", ["cms", "-verify", "-noverify", "-nosigs", "-inform", "DER", "-in", source, "-out", out], { stdio: "ignore" });
        jobs.push([row.file, out]);
      } else {
        jobs.push([row.file, source]);
      }
    }
    const script = `
import json, plistlib, sys
out = {}
for name, source in json.load(sys.stdin):
    try:
        d = plistlib.loads(open(source, 'rb').read(), fmt=plistlib.FMT_XML)
        out[name] = {'ok': True, 'Name': d.get('Name'), 'UUID': d.get('UUID'), 'ExpirationDate': d['ExpirationDate'].isoformat() if 'ExpirationDate' in d else None,
                     'devices': d.get('ProvisionedDevices', []), 'certs': len(d.get('DeveloperCertificates', []))}
    except Exception:
        out[name] = {'ok': False}
print(json.dumps(out))`;
    oracle = JSON.parse(execFileSync(python, ["-c", script], { input: JSON.stringify(jobs) }).toString()) as typeof oracle;
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("the MANIFEST table lists exactly the profiles in the corpus", () => {
    expect(rows.map((row) => row.file).sort()).toEqual(profileFiles(corpusDir).sort());
    expect(cmsRows.length).toBeGreaterThanOrEqual(30);
  });

  it("the embedded Apple Root CA is Apple's published root and the one real profiles carry", () => {
    const root = APPLE_ROOTS[0]!;
    const sha256 = createHash("sha256").update(root.der).digest("hex");
    expect(sha256).toBe(root.sha256);
    expect(new X509Certificate(root.der).fingerprint256).toBe(APPLE_ROOT_CA_SHA256);
    const cms = decodeSignedData(read("home-assistant__iOS/Configuration/Provisioning/iOS_App_Store__App.mobileprovision"));
    const carried = cms.certificates.find((certificate) => createHash("sha256").update(certificate.der).digest("hex") === sha256);
    expect(carried).toBeDefined();
    expect(new X509Certificate(carried!.der).subject).toContain("CN=Apple Root CA");
  });

  describe.each(cmsRows.map((row) => [row.file, row] as const))("%s", (relative, row) => {
    let profile: ProvisioningProfile;
    let json: string;
    beforeAll(() => {
      const result = decodeProfile(read(relative), fileRef(relative));
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      profile = result.value;
      json = JSON.stringify(result);
    });

    it("matches the MANIFEST row", () => {
      expect(profile.signed).toBe(true);
      expect(profile.kind).toBe(expectedKind(row));
      expect(profile.platforms.join(",")).toBe(row.platform);
      expect(`${profile.teamName} (${profile.teamId})`).toBe(row.team);
      expect(profile.provisionedDeviceCount).toBe(Number(row.devices));
      const ne = stringItems(valueOf(profile.entitlements, "com.apple.developer.networking.networkextension")).map((node) => node.value);
      expect(ne.sort()).toEqual(row.ne === "-" ? [] : row.ne.split(",").map((value) => value.trim()).sort());
    });

    it.skipIf(!hasPython || !hasOpenssl)("matches plistlib and never serialises a device UDID", () => {
      const expected = oracle[relative]!;
      expect(expected.ok).toBe(true);
      expect(profile.name).toBe(expected.Name);
      expect(profile.uuid).toBe(expected.UUID);
      expect(new Date(profile.expirationDate!).getTime()).toBe(new Date(`${expected.ExpirationDate!}Z`).getTime());
      expect(profile.developerCertificates).toHaveLength(expected.certs!);
      expect(profile.provisionedDeviceCount).toBe(expected.devices!.length);
      for (const udid of expected.devices!) expect(json).not.toContain(udid);
    });

    it.skipIf(!hasOpenssl)("signature verdicts agree with openssl cms -verify at the signing time", () => {
      const signature = profile.signature!;
      const source = path.join(corpusDir, relative);
      const intact = opensslStatus(["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", source, "-out", "/dev/null"], scratch) === 0;
      expect(signature.digestValid && signature.signatureValid).toBe(intact);
      const attime = String(Math.floor(new Date(signature.signingTime ?? Date.now()).getTime() / 1000));
      const trusted = opensslStatus(["cms", "-verify", "-binary", "-inform", "DER", "-in", source, "-CAfile", appleRootPem, "-purpose", "any", "-attime", attime, "-out", "/dev/null"], scratch) === 0;
      expect(signature.digestValid && signature.signatureValid && signature.chainsToAppleRoot).toBe(trusted);
    });
  });

  it("home-assistant profiles are Apple-signed and chain to the Apple root at signing time", () => {
    const files = cmsRows.filter((row) => row.file.startsWith("home-assistant__iOS/"));
    expect(files.length).toBe(26);
    for (const row of files) {
      const result = decodeProfile(read(row.file), fileRef(row.file));
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const signature = result.value.signature!;
      expect(signature).toMatchObject({ digestValid: true, signatureValid: true, chainsToAppleRoot: true, signedByAppleProfileSigning: true });
      expect(signature.problem).toBeUndefined();
      expect(signature.chain[signature.chain.length - 1]).toBe("Apple Root CA");
      expect(signature.chain).toHaveLength(3);
    }
  });

  it("a 2015 profile still chains: its intermediate expired in 2022, after signing (openssl at `now` refuses it)", () => {
    const relative = "fastlane__fastlane/match/spec/fixtures/test.mobileprovision";
    const source = path.join(corpusDir, relative);
    expect(opensslStatus(["cms", "-verify", "-binary", "-inform", "DER", "-in", source, "-CAfile", appleRootPem, "-purpose", "any", "-out", "/dev/null"], scratch)).not.toBe(0);
    const cms = decodeSignedData(read(relative));
    expect(verifySignedData(cms, { roots: APPLE_ROOTS }).chainsToAppleRoot).toBe(true);
    // Take the signing time away and the same chain is judged now, when it has expired.
    const undated = { ...cms, signers: [{ ...cms.signers[0]!, signingTime: undefined }] };
    const now = verifySignedData(undated, { roots: APPLE_ROOTS });
    expect(now.chainsToAppleRoot).toBe(false);
    expect(now.problem).toMatch(/was not valid at the signing time/);
  });

  it("the saucelabs isign profile is signed by a self-made certificate and does not chain to Apple", () => {
    const result = decodeProfile(read("saucelabs__isign/tests/credentials/test.mobileprovision"), fileRef("isign"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.signature).toMatchObject({ digestValid: true, signatureValid: true, chainsToAppleRoot: false, signedByAppleProfileSigning: false, signerCommonName: "isign_tests" });
    expect(result.value.signature!.problem).toMatch(/self-issued "isign_tests"/);
  });

  it("fastlane's test.provisionprofile was edited after signing: the digest fails", () => {
    const result = decodeProfile(read("fastlane__fastlane/match/spec/fixtures/test.provisionprofile"), fileRef("p"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.signature).toMatchObject({ digestValid: false, signatureValid: true, chainsToAppleRoot: true, signedByAppleProfileSigning: false });
  });

  it("the empty fastlane dummy is cms-empty", () => {
    const result = decodeProfile(read("fastlane__fastlane/gym/spec/fixtures/dummy.mobileprovision"), fileRef("dummy"));
    expect(result).toEqual({ ok: false, error: { code: "cms-empty", message: "the profile is an empty file." } });
  });

  it.each(rows.filter((row) => row.container.startsWith("raw")).map((row) => [row.file] as const))(
    "raw (unsigned) %s: decodes exactly when plistlib can read it, else a typed error",
    (relative) => {
      const result = decodeProfile(read(relative), fileRef(relative));
      const expected = oracle[relative];
      if (result.ok) {
        expect(result.value.signed).toBe(false);
        expect(result.value.signature).toBeUndefined();
        if (expected) {
          expect(expected.ok).toBe(true);
          expect(result.value.name).toBe(expected.Name);
        }
      } else {
        expect(result.error.code).toMatch(/^(cms-invalid|profile-not-plist|plist-[a-z-]+|xml-[a-z-]+)$/);
        expect(result.error.message).not.toMatch(/\n/);
        if (expected) expect(expected.ok && read(relative)[0] === 0x3c).toBe(false);
      }
    },
  );

});
