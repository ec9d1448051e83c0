/**
 * ne-lint runs in CI next to tokens and signing material, on profiles that list test devices. No
 * output it produces by default may carry a device UDID, private-key material or a token from the
 * environment: the CLI's four formats, `inspect` as text and JSON (without `--show-devices`), and
 * the GitHub Action's stdout, job summary, outputs, SARIF file and Checks API requests.
 */
import { readFileSync, rmSync, mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../action/fake-github.js";
import { pullRequestEvent } from "../action/fixtures.js";
import { runAction, runActionInProcess } from "../action/run-action.js";
import { runCli } from "../helpers/cli.js";
import { buildPki, fakeUdids, hasOpenssl, opensslSkipReason, profileXml, signProfile, type Pki } from "../helpers/profile-fixtures.js";
import { buildZip, hasPython } from "../helpers/zip-fixtures.js";
import { NORMAL_FILE, NORMAL_INFO_PLIST } from "./files.js";

const TOKENS = {
  GITHUB_TOKEN: "ghp_NeLintLeakCanaryGithub0123456789abcdef",
  INPUT_TOKEN: "ghs_NeLintLeakCanaryInput0123456789abcdef",
  NPM_TOKEN: "npm_NeLintLeakCanaryNpm0123456789abcdef",
};

const APP_INFO = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
	<key>CFBundleExecutable</key>
	<string>App</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>NSAllowsArbitraryLoads</key>
		<true/>
	</dict>
</dict>
</plist>
`;

interface Output {
  readonly label: string;
  readonly text: string;
}

let dir: string;
let pki: Pki;
/** Every string that must never be printed. */
let secrets: { label: string; value: string }[];

function leaksIn(outputs: readonly Output[]): string[] {
  const found: string[] = [];
  for (const output of outputs) {
    for (const secret of secrets) if (output.text.includes(secret.value)) found.push(`${output.label} contains ${secret.label}`);
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(output.text)) found.push(`${output.label} contains a private key marker`);
  }
  return found;
}

describe.skipIf(!hasOpenssl || !hasPython)(`no leaks of devices, keys or tokens${!hasOpenssl ? ` (${opensslSkipReason})` : !hasPython ? " (skipped: python3 builds the .ipa)" : ""}`, () => {
  beforeAll(() => {
    pki = buildPki();
    dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-no-leaks-"));
    const write = (file: string, content: string | Uint8Array) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    };
    write(NORMAL_FILE, NORMAL_INFO_PLIST);
    const development = signProfile(pki, profileXml("development", pki));
    const adHoc = signProfile(pki, profileXml("ad-hoc", pki));
    write("App/Info.plist", APP_INFO);
    write("App/embedded.mobileprovision", development);
    write("Distribution/AdHoc.mobileprovision", adHoc);
    buildZip(path.join(dir, "App.ipa"), [
      { name: "Payload/App.app/Info.plist", data: APP_INFO },
      { name: "Payload/App.app/embedded.mobileprovision", data: adHoc, method: "stored" },
    ]);
    // Signing material a repository might (wrongly) hold next to its project.
    const leafKey = readFileSync(path.join(pki.dir, pki.leafKey), "utf8");
    const ecKey = readFileSync(path.join(pki.dir, pki.ecLeafKey), "utf8");
    write("certs/signing.key", leafKey);
    write("certs/signing-ec.pem", ecKey);
    write("certs/Keys.plist", `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.keys</string>
	<key>SigningKey</key>
	<data>${Buffer.from(leafKey).toString("base64")}</data>
</dict>
</plist>
`);
    const keyLines = [leafKey, ecKey].flatMap((pem) => pem.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----")));
    secrets = [
      ...fakeUdids(100).map((udid) => ({ label: `device ${udid}`, value: udid })),
      ...keyLines.map((line, index) => ({ label: `private key line ${index}`, value: line })),
      ...[leafKey, ecKey].map((pem) => ({ label: "private key (base64 of its PEM)", value: Buffer.from(pem).toString("base64").slice(0, 60) })),
      ...Object.entries(TOKENS).map(([name, value]) => ({ label: name, value })),
    ];
  });
  afterAll(() => {
    pki?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the fixtures hold what the test looks for: --show-devices prints the UDIDs, so their absence elsewhere means something", async () => {
    const shown = runCli(["inspect", "--show-devices", "--format", "json", "Distribution/AdHoc.mobileprovision"], { cwd: dir, env: TOKENS });
    expect(shown.status).toBe(0);
    for (const udid of fakeUdids(100)) expect(shown.stdout).toContain(udid);
    expect(leaksIn([{ label: "inspect --show-devices", text: shown.stdout }])).toHaveLength(100);
    expect(leaksIn([{ label: "a key file", text: readFileSync(path.join(dir, "certs/signing.key"), "utf8") }]).length).toBeGreaterThan(1);
    const unpacked = runCli(["inspect", "--show-devices", "App.ipa"], { cwd: dir, env: TOKENS });
    expect(unpacked.stdout).toContain(fakeUdids(100)[99]);
  });

  it("the CLI's stylish, json, sarif and github formats carry no UDID, key material or token", async () => {
    const outputs: Output[] = [];
    for (const format of ["stylish", "json", "sarif", "github"]) {
      const run = runCli(["--format", format, "."], { cwd: dir, env: TOKENS });
      expect(run.status, `${format}: ${run.stderr}`).toBe(1);
      // The run did read the profiles and the archive: their findings are in the report.
      expect(run.stdout).toContain("AdHoc.mobileprovision");
      expect(run.stdout).toContain("App.ipa");
      outputs.push({ label: `--format ${format} stdout`, text: run.stdout }, { label: `--format ${format} stderr`, text: run.stderr });
    }
    expect(leaksIn(outputs)).toEqual([]);
  });

  it("`ne-lint inspect` as text and JSON counts devices instead of listing them", async () => {
    const outputs: Output[] = [];
    // Not `certs/Keys.plist`: inspecting a plist prints its values, `<data>` included; that is what was asked for.
    for (const file of ["App/embedded.mobileprovision", "Distribution/AdHoc.mobileprovision", "App.ipa"]) {
      for (const format of ["text", "json"]) {
        const run = runCli(["inspect", "--format", format, file], { cwd: dir, env: TOKENS });
        expect(run.status, `${file} ${format}: ${run.stderr}`).toBe(0);
        outputs.push({ label: `inspect ${format} ${file}`, text: `${run.stdout}\n${run.stderr}` });
      }
    }
    const adHocJson = outputs.find((output) => output.label === "inspect json Distribution/AdHoc.mobileprovision")?.text ?? "";
    expect(JSON.parse(adHocJson.trim()).provisionedDevices).toBe(100);
    expect(leaksIn(outputs)).toEqual([]);
  });

  describe("the GitHub Action", () => {
    let server: FakeGitHub;
    beforeAll(async () => {
      server = await startFakeGitHub({ token: TOKENS.INPUT_TOKEN, changedFiles: ["App/Info.plist", "Distribution/AdHoc.mobileprovision"] });
    });
    afterAll(async () => server?.close());

    it("stdout, stderr, job summary, outputs, SARIF file and Checks API requests carry no UDID, key material or token", async () => {
      const outputs: Output[] = [];
      for (const annotations of ["auto", "commands", "none"]) {
        const sarifFile = `reports/${annotations}.sarif`;
        // The bundle once (the Checks API route), the same code in process for the others.
        const run = await (annotations === "auto" ? runAction : runActionInProcess)({
          workspace: dir,
          inputs: { paths: ".", token: TOKENS.INPUT_TOKEN, "fail-on": "error", annotations, "sarif-file": sarifFile },
          ...(annotations === "auto" ? { apiUrl: server.url, event: pullRequestEvent({ fork: false }) } : {}),
          env: { GITHUB_TOKEN: TOKENS.GITHUB_TOKEN, NPM_TOKEN: TOKENS.NPM_TOKEN },
        });
        expect(run.status, run.stderr).toBe(1);
        expect(run.summary).toContain("AdHoc.mobileprovision");
        // The runner consumes `::add-mask::` lines (never shown) and masks the value after them; they are the one place a token may appear.
        const stdout = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");
        outputs.push(
          { label: `${annotations}: stdout`, text: stdout },
          { label: `${annotations}: stderr`, text: run.stderr },
          { label: `${annotations}: summary`, text: run.summary },
          { label: `${annotations}: outputs`, text: JSON.stringify(run.outputs) },
          { label: `${annotations}: SARIF`, text: readFileSync(path.join(dir, sarifFile), "utf8") },
        );
      }
      rmSync(path.join(dir, "reports"), { recursive: true, force: true });
      expect(server.requests.length).toBeGreaterThan(0);
      outputs.push({ label: "Checks API request bodies", text: server.requests.map((request) => JSON.stringify(request.body ?? null)).join("\n") });
      expect(leaksIn(outputs)).toEqual([]);
    }, 120_000);
  });
});
