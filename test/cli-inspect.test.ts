/** `ne-lint inspect`: decoded values checked against independent sources (openssl's CMS decode, plistlib). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parsePlist } from "plist";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { buildSyntheticMachO, entitlementsXml, resignMachO } from "./helpers/macho-fixtures.js";
import { corpusDir, hasCorpus } from "./helpers/paths.js";
import { buildPki, fakeUdids, hasOpenssl, profileXml, signProfile } from "./helpers/profile-fixtures.js";
import { python } from "./helpers/python.js";
import { buildZip, hasPython } from "./helpers/zip-fixtures.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-inspect-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!hasOpenssl)("inspect a provisioning profile", () => {
  const pki = buildPki();
  const profilePath = path.join(scratch, "dev.mobileprovision");
  writeFileSync(profilePath, signProfile(pki, profileXml("development", pki)));
  const run = runCli(["inspect", "--format", "json", profilePath]);
  const report = JSON.parse(run.stdout);

  it("prints the plist openssl decodes from the same CMS, and the kind", () => {
    const decodedByOpenssl = parsePlist(execFileSync("openssl", ["cms", "-verify", "-noverify", "-inform", "DER", "-in", profilePath], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Record<string, unknown>;
    expect(run.status).toBe(0);
    expect(report.type).toBe("provisioning-profile");
    expect(report.kind).toBe("development");
    expect(report.uuid).toBe(decodedByOpenssl.UUID);
    expect(report.teamId).toBe((decodedByOpenssl.TeamIdentifier as string[])[0]);
    expect(report.entitlements).toEqual(decodedByOpenssl.Entitlements);
    expect(report.expirationDate).toBe((decodedByOpenssl.ExpirationDate as Date).toISOString().replace(".000Z", "Z"));
    expect(report.signature).toMatchObject({ digestValid: true, signatureValid: true, chainsToAppleRoot: false });
  });

  it("counts devices instead of printing their UDIDs, unless --show-devices", () => {
    expect(report.provisionedDevices).toBe(3);
    for (const udid of fakeUdids(3)) expect(run.stdout).not.toContain(udid);
    const shown = runCli(["inspect", "--show-devices", "--format", "json", profilePath]);
    expect(JSON.parse(shown.stdout).provisionedDevices).toEqual(fakeUdids(3));
  });

  it("prints readable text by default", () => {
    const text = runCli(["inspect", profilePath]).stdout;
    expect(text).toMatch(/^kind: development$/m);
    expect(text).toMatch(/^ {2}digestValid: true$/m);
  });
});

describe("inspect a Mach-O executable and an .ipa", () => {
  const executable = resignMachO(buildSyntheticMachO({ platform: 2, minos: 0x110000 }), {
    codeDirectory: { identifier: "com.example.app", teamID: "TEAM000001", flags: 0x10000 },
    entitlementsXml: entitlementsXml({ "com.apple.developer.networking.multicast": true, "keychain-access-groups": ["TEAM000001.shared"] }),
  });
  const machoPath = path.join(scratch, "App");
  writeFileSync(machoPath, executable);

  it("prints the code directory, platform and signed entitlements", () => {
    const report = JSON.parse(runCli(["inspect", "--format", "json", machoPath]).stdout);
    expect(report.type).toBe("mach-o");
    expect(report.slices[0]).toMatchObject({ platform: "ios", minOS: "17.0.0", signature: { identifier: "com.example.app", teamId: "TEAM000001", hardenedRuntime: true } });
    expect(report.slices[0].signature.entitlements).toEqual({ "com.apple.developer.networking.multicast": true, "keychain-access-groups": ["TEAM000001.shared"] });
  });

  it.skipIf(!hasPython)("walks the bundles of an .ipa", () => {
    const ipa = path.join(scratch, "App.ipa");
    buildZip(ipa, [
      { name: "Payload/App.app/Info.plist", data: "<plist><dict><key>CFBundleExecutable</key><string>App</string><key>CFBundleIdentifier</key><string>com.example.app</string></dict></plist>" },
      { name: "Payload/App.app/App", data: executable },
    ]);
    const report = JSON.parse(runCli(["inspect", "--format", "json", "App.ipa"], { cwd: scratch }).stdout);
    expect(report).toMatchObject({ file: "App.ipa", type: "ipa" });
    expect(report.bundles[0]).toMatchObject({ path: "App.ipa!/Payload/App.app", kind: "app", infoPlist: { CFBundleIdentifier: "com.example.app" }, executable: { path: "App.ipa!/Payload/App.app/App" } });
  });

  it("exits 2 on a usage error, and on a path that does not exist, named as given", () => {
    expect(runCli(["inspect"]).status).toBe(2);
    const missing = runCli(["inspect", "nope.mobileprovision"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("ne-lint: nope.mobileprovision: no such file or directory\n");
    const absolute = runCli(["inspect", "/nope"], { cwd: scratch });
    expect(absolute.status).toBe(2);
    expect(absolute.stderr).toBe("ne-lint: /nope: no such file or directory\n");
  });
});

const xcarchive = hasCorpus ? path.join(corpusDir, "fastlane__fastlane/fastlane_core/spec/fixtures/archives/very-capable-app.xcarchive") : "";
describe.skipIf(!hasCorpus || !hasPython)("inspect the real corpus .xcarchive (skipped without ../shared)", () => {
  it("reads the binary Info.plist and embedded profile, matching plistlib", () => {
    const report = JSON.parse(runCli(["inspect", "--format", "json", xcarchive]).stdout);
    const app = report.bundles[0];
    const appDir = path.join(xcarchive, "Products/Applications", readdirSync(path.join(xcarchive, "Products/Applications"))[0]!);
    const expected = JSON.parse(execFileSync(python, ["-c", "import plistlib,json,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb')), default=str))", path.join(appDir, "Info.plist")], { encoding: "utf8" }));
    expect(report.type).toBe("xcarchive");
    expect(app.infoPlist).toEqual(expected);
    expect(app.embeddedProfile).toMatchObject({ kind: "development", provisionedDevices: 1 });
  });
});
