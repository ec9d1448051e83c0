/**
 * Signed profile fixtures built by openssl: every value the decoder reports is checked against
 * openssl's own reading of the same bytes, pkijs's asynchronous verifier, python's plistlib, or
 * the plist that was signed.
 */
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSignedData } from "../../src/decode/profile/cms.js";
import { decodeProfile } from "../../src/decode/profile/profile.js";
import { verifySignedData } from "../../src/decode/profile/verify.js";
import type { EmbeddedRoot } from "../../src/decode/profile/apple-roots.js";
import type { ProvisioningProfile } from "../../src/model/profile.js";
import { toJs, valueOf } from "../../src/model/plist.js";
import {
  buildPki, fakeUdids, hasOpenssl, hasTool, openssl, opensslSkipReason, opensslStatus, profileObject, profileXml, signProfile, writeFixture,
  type FixtureKind, type Pki, type SignOptions,
} from "../helpers/profile-fixtures.js";
import { hasPython, python } from "../helpers/python.js";

const file = { path: "embedded.mobileprovision", fsPath: "/tmp/embedded.mobileprovision" };

function decodeOk(bytes: Uint8Array, options?: { verify?: boolean }): ProvisioningProfile {
  const result = decodeProfile(bytes, file, options);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** pkijs's own verifier, which is asynchronous and throws on a digest mismatch: true only when it resolves to true. */
async function pkijsVerifies(bytes: Uint8Array): Promise<boolean> {
  const contentInfo = pkijs.ContentInfo.fromBER(bytes);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  try {
    return await signedData.verify({ signer: 0, checkChain: false });
  } catch {
    return false;
  }
}

/** The signed attributes as `openssl cms -cmsout -print` shows them. */
function opensslSignerInfo(pki: Pki, name: string): { signingTime?: Date; digest: string } {
  const text = openssl(["cms", "-cmsout", "-print", "-noout", "-inform", "DER", "-in", name], { cwd: pki.dir }).toString();
  const time = /object: signingTime[^\n]*\n\s*set:\n\s*UTCTIME:([^\n]+)/.exec(text)?.[1];
  const digest = /digestAlgorithm:\s*\n\s*algorithm: (\S+)/.exec(text)?.[1] ?? "?";
  return { ...(time ? { signingTime: new Date(time) } : {}), digest };
}

/** Subject CNs of the certificates openssl finds in the CMS (`-certsout`; `pkcs7 -print_certs` cannot read SKI signers). */
function subjectsOf(pki: Pki, name: string): string[] {
  openssl(["cms", "-verify", "-noverify", "-nosigs", "-inform", "DER", "-in", name, "-certsout", "certs.pem", "-out", "/dev/null"], { cwd: pki.dir });
  const pem = readFileSync(path.join(pki.dir, "certs.pem"), "utf8");
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((block) => /CN=([^\n]+)/.exec(new X509Certificate(block[0]).subject)![1]!);
}

function rootAnchor(pki: Pki): EmbeddedRoot {
  return { name: "Test Root CA", sha256: createHash("sha256").update(pki.rootDer).digest("hex"), der: new Uint8Array(pki.rootDer) };
}

describe.skipIf(!hasOpenssl)(hasOpenssl ? "signed profile fixtures (openssl)" : opensslSkipReason, () => {
  let pki: Pki;
  beforeAll(() => {
    pki = buildPki();
  });
  afterAll(() => pki?.cleanup());

  const variants: [string, SignOptions][] = [
    ["SHA-1 DER (Apple's shape)", { md: "sha1" }],
    ["SHA-256", { md: "sha256" }],
    ["-stream (indefinite-length BER, constructed OCTET STRING)", { stream: true }],
    ["EC P-256 signer", { signer: "ec", md: "sha256" }],
    ["signer named by SubjectKeyIdentifier (-keyid)", { keyId: true }],
  ];

  it.each(variants)("%s: content, signer info and certificates match openssl's decode", (name, options) => {
    const payload = profileXml("development", pki);
    const bytes = signProfile(pki, payload, options);
    const fixture = writeFixture(pki, `${name.replace(/\W+/g, "-")}.der`, bytes);
    const cms = decodeSignedData(bytes);

    const opensslContent = openssl(["cms", "-verify", "-noverify", "-inform", "DER", "-in", fixture], { cwd: pki.dir });
    expect(Buffer.from(cms.content).equals(opensslContent)).toBe(true);
    expect(Buffer.from(cms.content).toString("utf8")).toBe(payload);

    const info = opensslSignerInfo(pki, fixture);
    const signer = cms.signers[0]!;
    expect(signer.signingTime?.getTime()).toBe(info.signingTime?.getTime());
    expect(info.digest).toBe(options.md ?? "sha1");
    expect(signer.digestAlgorithm).toBe(options.md === "sha256" ? "2.16.840.1.101.3.4.2.1" : "1.3.14.3.2.26");

    const profile = decodeOk(bytes);
    const expectedChain = subjectsOf(pki, fixture);
    expect(cms.certificates).toHaveLength(expectedChain.length);
    expect([...profile.signature!.chain].sort()).toEqual([...expectedChain].sort());
    expect(profile.signature!.chain[0]).toBe(options.signer === "ec" ? "Test EC Provisioning Profile Signing" : "Test Apple iPhone OS Provisioning Profile Signing");
    expect(profile.signature!.signingTime).toBe(info.signingTime?.toISOString());
  });

  it.each(variants)("%s: verification agrees with pkijs and openssl; a throwaway CA never chains to Apple", async (_name, options) => {
    const bytes = signProfile(pki, profileXml("app-store", pki), options);
    const fixture = writeFixture(pki, "verify.der", bytes);
    const signature = decodeOk(bytes).signature!;
    const oracle = await pkijsVerifies(bytes);
    expect(oracle).toBe(true);
    expect(opensslStatus(["cms", "-verify", "-noverify", "-inform", "DER", "-in", fixture, "-out", "/dev/null"], pki.dir)).toBe(0);
    expect(signature.digestValid).toBe(oracle);
    expect(signature.signatureValid).toBe(oracle);
    expect(signature.chainsToAppleRoot).toBe(false);
    expect(signature.signedByAppleProfileSigning).toBe(false);
    expect(signature.problem).toContain("not an embedded Apple root");
  });

  it("a changed payload byte fails the digest, as pkijs and openssl also find", async () => {
    const bytes = Buffer.from(signProfile(pki, profileXml("ad-hoc", pki)));
    const at = bytes.indexOf("Example ad-hoc");
    expect(at).toBeGreaterThan(0);
    bytes[at] = "X".charCodeAt(0);
    const fixture = writeFixture(pki, "tampered.der", bytes);
    expect(await pkijsVerifies(bytes)).toBe(false);
    expect(opensslStatus(["cms", "-verify", "-noverify", "-inform", "DER", "-in", fixture, "-out", "/dev/null"], pki.dir)).not.toBe(0);
    const profile = decodeOk(bytes);
    expect(profile.name).toBe("Xxample ad-hoc");
    expect(profile.signature!.digestValid).toBe(false);
    expect(profile.signature!.signatureValid).toBe(true);
    expect(profile.signature!.problem).toMatch(/message digest/);
  });

  it("a changed signature byte fails the signature but not the digest", async () => {
    const bytes = Buffer.from(signProfile(pki, profileXml("app-store", pki)));
    // The RSA signature is the last field of the only SignerInfo, so the final byte is inside it.
    bytes[bytes.length - 1]! ^= 0x01;
    const fixture = writeFixture(pki, "bad-signature.der", bytes);
    expect(await pkijsVerifies(bytes)).toBe(false);
    expect(opensslStatus(["cms", "-verify", "-noverify", "-inform", "DER", "-in", fixture, "-out", "/dev/null"], pki.dir)).not.toBe(0);
    const signature = decodeOk(bytes).signature!;
    expect(signature.digestValid).toBe(true);
    expect(signature.signatureValid).toBe(false);
    expect(signature.problem).toMatch(/signature does not verify/);
  });

  it("a detached signature has no content: cms-no-content", () => {
    const result = decodeProfile(signProfile(pki, profileXml("app-store", pki), { detached: true }), file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("cms-no-content");
  });

  it("signed content that is not a plist: profile-not-plist", () => {
    const result = decodeProfile(signProfile(pki, "just some text, not a property list\n"), file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("profile-not-plist");
  });

  it("signed XML that is not a valid plist passes the plist reader's error through", () => {
    const result = decodeProfile(signProfile(pki, `<?xml version="1.0"?>\n<plist version="1.0"><dict><key>Name</key><integer>12x</integer></dict></plist>\n`), file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("plist-value");
  });

  it("reads <data> with stray characters as Apple's parser does (skipped), then judges the profile", () => {
    const result = decodeProfile(signProfile(pki, `<?xml version="1.0"?>\n<plist version="1.0"><dict><key>Name</key><string>P</string><key>DeveloperCertificates</key><array><data>@@@ REDACTED @@@</data></array></dict></plist>\n`), file);
    expect(result.ok).toBe(true);
  });

  describe("chain building against an injected root (the production roots are Apple's)", () => {
    it("builds leaf → intermediate → root exactly when `openssl verify` does", () => {
        expect(opensslStatus(["verify", "-CAfile", pki.rootPem, "-untrusted", pki.intermediatePem, pki.leafPem], pki.dir)).toBe(0);
      const signature = verifySignedData(decodeSignedData(signProfile(pki, profileXml("development", pki))), { roots: [rootAnchor(pki)] });
      expect(signature.chain).toEqual(["Test Apple iPhone OS Provisioning Profile Signing", "Test Apple iPhone Certification Authority", "Test Root CA"]);
      expect(signature.chainsToAppleRoot).toBe(true);
      // Right chain, wrong signer name: not one of Apple's profile-signing certificates.
      expect(signature.signedByAppleProfileSigning).toBe(false);
    });

    it("stops when the CMS omits the intermediate, as `openssl verify` without -untrusted does", () => {
        expect(opensslStatus(["verify", "-CAfile", pki.rootPem, pki.leafPem], pki.dir)).not.toBe(0);
      const signature = verifySignedData(decodeSignedData(signProfile(pki, profileXml("development", pki), { noChain: true })), { roots: [rootAnchor(pki)] });
      expect(signature.chainsToAppleRoot).toBe(false);
      expect(signature.chain).toEqual(["Test Apple iPhone OS Provisioning Profile Signing"]);
    });

    it("refuses an issuer that is not a certificate authority, as `openssl verify` does", () => {
        expect(opensslStatus(["verify", "-CAfile", pki.rootPem, "-untrusted", pki.rogueChainPem, pki.rogueLeafPem], pki.dir)).not.toBe(0);
      const signature = verifySignedData(decodeSignedData(signProfile(pki, profileXml("development", pki), { signer: "rogue" })), { roots: [rootAnchor(pki)] });
      expect(signature.signatureValid).toBe(true);
      expect(signature.chainsToAppleRoot).toBe(false);
      expect(signature.signedByAppleProfileSigning).toBe(false);
      expect(signature.problem).toBe('"Unmarked Certificate" issued "Apple iPhone OS Provisioning Profile Signing" but is not a certificate authority.');
    });

    it("judges validity at the signing time, or at `now` when there is none (openssl -attime agrees)", () => {
        const cms = decodeSignedData(signProfile(pki, profileXml("development", pki), { noAttributes: true }));
      expect(cms.signers[0]!.signingTime).toBeUndefined();
      const future = new Date("2100-01-01T00:00:00Z");
      const attime = String(Math.floor(future.getTime() / 1000));
      expect(opensslStatus(["verify", "-attime", attime, "-CAfile", pki.rootPem, "-untrusted", pki.intermediatePem, pki.leafPem], pki.dir)).not.toBe(0);
      const late = verifySignedData(cms, { roots: [rootAnchor(pki)], now: future });
      expect(late.chainsToAppleRoot).toBe(false);
      expect(late.problem).toMatch(/was not valid at the signing time 2100-01-01/);
      const onTime = verifySignedData(cms, { roots: [rootAnchor(pki)] });
      expect(onTime.chainsToAppleRoot).toBe(true);
      // With no signed attributes the signature covers the content itself.
      expect(onTime.signatureValid).toBe(true);
      expect(onTime.digestValid).toBe(true);
    });
  });

  const kinds: FixtureKind[] = ["development", "ad-hoc", "app-store", "enterprise", "developer-id", "mac-app-store", "mac-development"];

  it.each(kinds)("%s profile: fields match the signed plist and plistlib's reading", (kind) => {
    const bytes = signProfile(pki, profileXml(kind, pki));
    const profile = decodeOk(bytes);
    const signed = profileObject(kind, pki);
    expect(profile.kind).toBe(kind);
    expect(profile.signed).toBe(true);
    expect(profile.document.kind).toBe("profile");
    expect(profile.document.format).toBe("xml");
    expect(profile.document.file).toBe(file);
    expect(profile.name).toBe(signed.Name);
    expect(profile.uuid).toBe(signed.UUID);
    expect(profile.teamId).toBe("TEAM000001");
    expect(profile.teamName).toBe(signed.TeamName);
    expect(profile.appIdName).toBe(signed.AppIDName);
    expect(profile.applicationIdentifierPrefix).toEqual(signed.ApplicationIdentifierPrefix);
    expect(profile.platforms).toEqual(signed.Platform);
    expect(profile.appId).toBe("TEAM000001.com.example.app");
    expect(profile.provisionedDeviceCount).toBe((signed.ProvisionedDevices as string[] | undefined)?.length ?? 0);
    expect(profile.provisionsAllDevices).toBe(signed.ProvisionsAllDevices === true);
    expect(profile.hasDerEncodedProfile).toBe(true);
    expect(new Date(profile.creationDate!).getTime()).toBe((signed.CreationDate as Date).getTime());
    expect(new Date(profile.expirationDate!).getTime()).toBe((signed.ExpirationDate as Date).getTime());
    expect(profile.entitlements && toJs(profile.entitlements)).toEqual({ ...(signed.Entitlements as object) });
    expect(valueOf(profile.document.root, "Entitlements")).toBe(profile.entitlements);

    if (hasPython) {
      const content = openssl(["cms", "-verify", "-noverify", "-inform", "DER", "-in", writeFixture(pki, `${kind}.der`, bytes)], { cwd: pki.dir });
      const script = "import json,plistlib,sys; d=plistlib.loads(sys.stdin.buffer.read()); print(json.dumps({k: d.get(k) for k in ['Name','UUID','TeamName','AppIDName','Platform','ApplicationIdentifierPrefix']} | {'devices': len(d.get('ProvisionedDevices', [])), 'all': d.get('ProvisionsAllDevices', False), 'certs': len(d['DeveloperCertificates'])}))";
      const oracle = JSON.parse(execFileSync(python, ["-c", script], { input: content }).toString()) as Record<string, unknown>;
      expect({
        Name: profile.name, UUID: profile.uuid, TeamName: profile.teamName, AppIDName: profile.appIdName, Platform: profile.platforms,
        ApplicationIdentifierPrefix: profile.applicationIdentifierPrefix, devices: profile.provisionedDeviceCount, all: profile.provisionsAllDevices,
        certs: profile.developerCertificates.length,
      }).toEqual(oracle);
    }
  });

  it("developer certificates: fingerprints, names and marker kinds match openssl x509", () => {
    const expectations: [Buffer, string][] = [
      [pki.developerCertificates.development, "development"],
      [pki.developerCertificates.distribution, "distribution"],
      [pki.developerCertificates.developerId, "developer-id"],
      [pki.developerCertificates.plain, "unknown"],
    ];
    for (const kind of ["development", "ad-hoc", "developer-id"] as const) {
      const profile = decodeOk(signProfile(pki, profileXml(kind, pki)));
      for (const certificate of profile.developerCertificates) {
        const [der, expectedKind] = expectations.find(([candidate]) => createHash("sha256").update(candidate).digest("hex") === certificate.sha256)!;
        const name = writeFixture(pki, "developer.der", der);
        const x509 = (args: string[]) => openssl(["x509", "-inform", "DER", "-in", name, "-noout", ...args], { cwd: pki.dir }).toString();
        expect(certificate.sha256).toBe(x509(["-fingerprint", "-sha256"]).split("=")[1]!.trim().replaceAll(":", "").toLowerCase());
        expect(certificate.sha1).toBe(x509(["-fingerprint", "-sha1"]).split("=")[1]!.trim().replaceAll(":", "").toLowerCase());
        const subject = x509(["-subject", "-nameopt", "multiline,utf8"]);
        expect(certificate.subjectCommonName).toBe(/commonName\s*=\s*(.+)/.exec(subject)?.[1]?.trim());
        expect(certificate.teamId).toBe(/organizationalUnitName\s*=\s*(.+)/.exec(subject)?.[1]?.trim());
        expect(certificate.organization).toBe(/organizationName\s*=\s*(.+)/.exec(subject)?.[1]?.trim());
        expect(new Date(certificate.notAfter!).getTime()).toBe(new Date(x509(["-enddate"]).split("=")[1]!.trim()).getTime());
        expect(certificate.kind).toBe(expectedKind);
      }
    }
  });

  it("never serialises device UDIDs, and the tree stays reachable on `document`", () => {
    const result = decodeProfile(signProfile(pki, profileXml("ad-hoc", pki)), file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const json = JSON.stringify(result);
    const udids = fakeUdids(100);
    expect(result.value.provisionedDeviceCount).toBe(100);
    for (const udid of udids) expect(json).not.toContain(udid);
    expect(json).not.toContain("00008030-");
    // The UDIDs are in the document for rules that are given a device list to check.
    expect(toJs(valueOf(result.value.document.root, "ProvisionedDevices")!)).toEqual(udids);
  });

  it("verify: false skips the cryptography but still reads the envelope", () => {
    const profile = decodeOk(signProfile(pki, profileXml("app-store", pki)), { verify: false });
    expect(profile.signed).toBe(true);
    expect(profile.signature).toBeUndefined();
    expect(profile.kind).toBe("app-store");
  });

  it("an unsigned raw plist decodes with no signature; binary plists too", () => {
    const xml = decodeOk(Buffer.from(profileXml("enterprise", pki)));
    expect(xml.signed).toBe(false);
    expect(xml.signature).toBeUndefined();
    expect(xml.kind).toBe("enterprise");
    if (hasTool("plistutil")) {
      const input = writeFixture(pki, "raw.plist", Buffer.from(profileXml("mac-app-store", pki)));
      execFileSync("plistutil", ["-i", input, "-o", "raw.bplist", "-f", "bin"], { cwd: pki.dir });
      const binary = decodeOk(new Uint8Array(readFileSync(path.join(pki.dir, "raw.bplist"))));
      expect(binary.document.format).toBe("binary");
      expect(binary.kind).toBe("mac-app-store");
    }
  });

  it("reads the envelope through asn1js exactly as pkijs's fromBER does", () => {
    const bytes = signProfile(pki, profileXml("development", pki), { stream: true });
    const reference = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(bytes).content });
    const eContent = reference.encapContentInfo.eContent as asn1js.OctetString;
    expect(Buffer.from(decodeSignedData(bytes).content).equals(Buffer.from(eContent.getValue()))).toBe(true);
  });
});
