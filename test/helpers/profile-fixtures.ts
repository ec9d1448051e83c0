/**
 * Builds signed provisioning-profile fixtures with openssl in a temp dir: a throwaway PKI shaped
 * like Apple's (root CA → intermediate → "Test Apple iPhone OS Provisioning Profile Signing"),
 * developer certificates carrying Apple's marker OIDs, profile plists of every kind, and CMS
 * envelopes in the variants real tools produce. No Apple key is involved, so nothing built here
 * can chain to the real Apple Root CA.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "plist";
import { sharedFixture } from "./shared-fixtures.js";

export function hasTool(name: string): boolean {
  try {
    execFileSync("which", [name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const hasOpenssl = hasTool("openssl");
export const opensslSkipReason = "skipped: openssl is not installed (it builds the signed profile fixtures)";

export function openssl(args: readonly string[], options: { cwd: string; input?: Uint8Array }): Buffer {
  return execFileSync("openssl", args, { cwd: options.cwd, input: options.input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** Like `openssl`, but returns the exit status instead of throwing on failure. */
export function opensslStatus(args: readonly string[], cwd: string): number {
  try {
    openssl(args, { cwd });
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

export interface Pki {
  readonly dir: string;
  /** PEM paths relative to `dir`. */
  readonly rootPem: string;
  readonly intermediatePem: string;
  readonly leafPem: string;
  readonly leafKey: string;
  readonly ecLeafPem: string;
  readonly ecLeafKey: string;
  /** Intermediate + root, as `-certfile`. */
  readonly chainPem: string;
  /** A signer issued by the non-CA `plain` developer certificate, and its chain file. */
  readonly rogueLeafPem: string;
  readonly rogueLeafKey: string;
  readonly rogueChainPem: string;
  readonly rootDer: Buffer;
  /** Developer certificates (DER) with Apple marker extensions, for `DeveloperCertificates`. */
  readonly developerCertificates: { readonly development: Buffer; readonly distribution: Buffer; readonly developerId: Buffer; readonly plain: Buffer };
  cleanup(): void;
}

const EXTENSIONS = `
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[development]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
1.2.840.113635.100.6.1.2 = critical, ASN1:NULL
1.2.840.113635.100.6.1.12 = critical, ASN1:NULL
[distribution]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
1.2.840.113635.100.6.1.4 = critical, ASN1:NULL
1.2.840.113635.100.6.1.7 = critical, ASN1:NULL
[developerid]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
1.2.840.113635.100.6.1.13 = critical, ASN1:NULL
[plain]
basicConstraints = critical, CA:false
`;

/**
 * The throwaway PKI, in a fresh temp dir the caller may write into and removes with `cleanup`. Building it
 * takes seconds (eight RSA keys); under vitest it is built once per run into the suite's shared cache
 * (`test/global-setup.ts`) and copied from there, so every test file gets the same certificates.
 */
export function buildPki(): Pki {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-profile-"));
  const shared = sharedFixture("pki", writePki);
  if (shared) cpSync(shared, dir, { recursive: true });
  else writePki(dir);
  return pkiAt(dir);
}

/** Developer certificate names: the PEM/DER file stem and the `EXTENSIONS` section. */
const DEVELOPER_CERTIFICATES = { development: "development", distribution: "distribution", developerId: "developerid", plain: "plain" } as const;

/** Writes the PKI's keys, certificates (PEM, and DER where tests want the bytes) and chain files into `dir`. */
function writePki(dir: string): void {
  writeFileSync(path.join(dir, "ext.cnf"), EXTENSIONS);
  const run = (args: string[]) => openssl(args, { cwd: dir });
  const rsaKey = (name: string) => run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name]);
  const request = (key: string, subject: string, out: string) => run(["req", "-new", "-key", key, "-subj", subject, "-out", out]);
  const issue = (csr: string, caPem: string, caKey: string, section: string, out: string, serial: string) =>
    run(["x509", "-req", "-in", csr, "-CA", caPem, "-CAkey", caKey, "-set_serial", serial, "-days", "3650", "-extfile", "ext.cnf", "-extensions", section, "-sha256", "-out", out]);

  rsaKey("root.key");
  run(["req", "-x509", "-new", "-key", "root.key", "-subj", "/C=US/O=Test Inc./OU=Test Certification Authority/CN=Test Root CA", "-days", "3650", "-sha256",
    "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "root.pem"]);
  run(["x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der"]);
  rsaKey("intermediate.key");
  request("intermediate.key", "/C=US/O=Test Inc./OU=Certification Authority/CN=Test Apple iPhone Certification Authority", "intermediate.csr");
  issue("intermediate.csr", "root.pem", "root.key", "ca", "intermediate.pem", "2");
  rsaKey("leaf.key");
  request("leaf.key", "/C=US/O=Test Inc./CN=Test Apple iPhone OS Provisioning Profile Signing", "leaf.csr");
  issue("leaf.csr", "intermediate.pem", "intermediate.key", "leaf", "leaf.pem", "3");
  run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec-leaf.key"]);
  request("ec-leaf.key", "/C=US/O=Test Inc./CN=Test EC Provisioning Profile Signing", "ec-leaf.csr");
  issue("ec-leaf.csr", "intermediate.pem", "intermediate.key", "leaf", "ec-leaf.pem", "4");
  writeFileSync(path.join(dir, "chain.pem"), Buffer.concat([readFileSync(path.join(dir, "intermediate.pem")), readFileSync(path.join(dir, "root.pem"))]));

  const developer = (section: string, subject: string, serial: string): void => {
    rsaKey(`${section}.key`);
    request(`${section}.key`, subject, `${section}.csr`);
    issue(`${section}.csr`, "intermediate.pem", "intermediate.key", section, `${section}.pem`, serial);
    run(["x509", "-in", `${section}.pem`, "-outform", "DER", "-out", `${section}.der`]);
  };
  developer(DEVELOPER_CERTIFICATES.development, "/UID=TESTUID01/CN=Apple Development: Test Person (PERSON0001)/OU=TEAM000001/O=Test Team/C=US", "10");
  developer(DEVELOPER_CERTIFICATES.distribution, "/UID=TESTUID02/CN=Apple Distribution: Test Team (TEAM000001)/OU=TEAM000001/O=Test Team/C=US", "11");
  developer(DEVELOPER_CERTIFICATES.developerId, "/UID=TESTUID03/CN=Developer ID Application: Test Team (TEAM000001)/OU=TEAM000001/O=Test Team/C=US", "12");
  developer(DEVELOPER_CERTIFICATES.plain, "/CN=Unmarked Certificate/O=Test Team/C=US", "13");

  // A signer whose issuer is a developer certificate (CA:false): a chain no verifier may accept.
  rsaKey("rogue.key");
  request("rogue.key", "/C=US/O=Test Inc./CN=Apple iPhone OS Provisioning Profile Signing", "rogue.csr");
  issue("rogue.csr", "plain.pem", "plain.key", "leaf", "rogue.pem", "20");
  writeFileSync(path.join(dir, "rogue-chain.pem"), Buffer.concat(["plain.pem", "intermediate.pem", "root.pem"].map((name) => readFileSync(path.join(dir, name)))));
}

function pkiAt(dir: string): Pki {
  const der = (stem: string) => readFileSync(path.join(dir, `${stem}.der`));
  return {
    dir,
    rootPem: "root.pem",
    intermediatePem: "intermediate.pem",
    leafPem: "leaf.pem",
    leafKey: "leaf.key",
    ecLeafPem: "ec-leaf.pem",
    ecLeafKey: "ec-leaf.key",
    chainPem: "chain.pem",
    rogueLeafPem: "rogue.pem",
    rogueLeafKey: "rogue.key",
    rogueChainPem: "rogue-chain.pem",
    rootDer: der("root"),
    developerCertificates: {
      development: der(DEVELOPER_CERTIFICATES.development),
      distribution: der(DEVELOPER_CERTIFICATES.distribution),
      developerId: der(DEVELOPER_CERTIFICATES.developerId),
      plain: der(DEVELOPER_CERTIFICATES.plain),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Self-signed certificates in shapes real tools write but Apple's chain does not use, for the
 * certificate readers' differential tests: a v1 certificate (no extensions), an Ed25519 key with a
 * GeneralizedTime expiry (after 2049), a multi-valued RDN with UTF-8 and IA5String values, a
 * TeletexString name (openssl's `nombstr` mask) and a BMPString name (its `default` mask). DER, by name.
 */
export function certificateShapes(pki: Pki): Record<string, Buffer> {
  const run = (args: string[]) => openssl(args, { cwd: pki.dir });
  writeFileSync(path.join(pki.dir, "mask-nombstr.cnf"), "[req]\ndistinguished_name=dn\nstring_mask=nombstr\n[dn]\n");
  writeFileSync(path.join(pki.dir, "mask-default.cnf"), "[req]\ndistinguished_name=dn\nstring_mask=default\n[dn]\n");
  const selfSigned = (key: string, subject: string, extra: string[] = [], days = "30") =>
    run(["req", "-x509", "-new", "-key", key, "-subj", subject, "-days", days, "-outform", "DER", ...extra]);
  run(["genpkey", "-algorithm", "ED25519", "-out", "ed25519.key"]);
  run(["req", "-new", "-key", pki.leafKey, "-subj", "/CN=Version One", "-out", "v1.csr"]);
  return {
    "v1, no extensions": run(["x509", "-req", "-in", "v1.csr", "-signkey", pki.leafKey, "-days", "30", "-outform", "DER"]),
    "Ed25519, GeneralizedTime notAfter": selfSigned("ed25519.key", "/CN=Ed25519 Signer/O=Test Team", [], "20000"),
    "multi-valued RDN, UTF-8 and IA5String": selfSigned(pki.leafKey, "/CN=Zoë Ünïcode 日本+O=Multi Valued/emailAddress=signer@example.com/C=DE", ["-utf8", "-multivalue-rdn"]),
    "TeletexString name": selfSigned(pki.leafKey, "/CN=Smith & Söhne/O=Plain", ["-config", "mask-nombstr.cnf"]),
    "BMPString name": selfSigned(pki.leafKey, "/CN=日本 Signer", ["-config", "mask-default.cnf", "-utf8"]),
  };
}

export type FixtureKind = "development" | "ad-hoc" | "app-store" | "enterprise" | "developer-id" | "mac-app-store" | "mac-development";

/** Fake but well-formed UDIDs; tests check none of them leaks into serialised results. */
export function fakeUdids(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `00008030-${index.toString(16).padStart(4, "0").toUpperCase()}DEADBEEF0${index.toString().padStart(3, "0")}`);
}

/** A plain-object profile in the shape Apple writes (TN3125 keys), for the given kind. */
export function profileObject(kind: FixtureKind, pki: Pki): Record<string, unknown> {
  const mac = kind === "developer-id" || kind === "mac-app-store" || kind === "mac-development";
  const team = "TEAM000001";
  const certificates =
    kind === "development" || kind === "mac-development" ? [pki.developerCertificates.development]
    : kind === "developer-id" ? [pki.developerCertificates.developerId]
    : [pki.developerCertificates.distribution, pki.developerCertificates.plain];
  const entitlements: Record<string, unknown> = mac
    ? { "com.apple.application-identifier": `${team}.com.example.app`, "com.apple.developer.team-identifier": team, "keychain-access-groups": [`${team}.*`] }
    : { "application-identifier": `${team}.com.example.app`, "com.apple.developer.team-identifier": team, "keychain-access-groups": [`${team}.*`], "get-task-allow": kind === "development" };
  entitlements["com.apple.developer.networking.networkextension"] =
    kind === "developer-id" ? ["packet-tunnel-provider-systemextension", "dns-proxy-systemextension"] : ["packet-tunnel-provider", "dns-proxy", "content-filter-provider"];
  const profile: Record<string, unknown> = {
    AppIDName: "Example App",
    ApplicationIdentifierPrefix: [team],
    CreationDate: new Date("2026-01-02T03:04:05Z"),
    Platform: mac ? ["OSX"] : ["iOS", "xrOS", "visionOS"],
    IsXcodeManaged: false,
    DeveloperCertificates: certificates,
    "DER-Encoded-Profile": Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]),
    Entitlements: entitlements,
    ExpirationDate: new Date("2027-01-02T03:04:05Z"),
    Name: `Example ${kind}`,
    TeamIdentifier: [team],
    TeamName: "Test Team",
    TimeToLive: 365,
    UUID: "01234567-89ab-cdef-0123-456789abcdef",
    Version: 1,
  };
  if (kind === "development" || kind === "ad-hoc" || kind === "mac-development") profile.ProvisionedDevices = fakeUdids(kind === "ad-hoc" ? 100 : 3);
  if (kind === "enterprise" || kind === "developer-id") profile.ProvisionsAllDevices = true;
  return profile;
}

export function profileXml(kind: FixtureKind, pki: Pki): string {
  return build(profileObject(kind, pki) as Parameters<typeof build>[0]);
}

export interface SignOptions {
  readonly md?: "sha1" | "sha256";
  /** `-stream`: indefinite-length BER with a constructed OCTET STRING. */
  readonly stream?: boolean;
  readonly signer?: "rsa" | "ec" | "rogue";
  /** Leave the content out of the envelope. */
  readonly detached?: boolean;
  /** `-noattr`: no signed attributes, so no signingTime and no messageDigest. */
  readonly noAttributes?: boolean;
  /** Only the signer certificate, no intermediate or root. */
  readonly noChain?: boolean;
  /** `-keyid`: identify the signer by SubjectKeyIdentifier instead of issuer and serial. */
  readonly keyId?: boolean;
  /** A second SignerInfo, by this key (openssl signs with every `-signer` given). */
  readonly coSigner?: "rsa" | "ec";
}

/** Signs `payload` and returns the DER/BER envelope. */
export function signProfile(pki: Pki, payload: string | Uint8Array, options: SignOptions = {}): Buffer {
  const input = path.join(pki.dir, `payload-${process.pid}-${Math.random().toString(36).slice(2)}.plist`);
  writeFileSync(input, payload);
  const [signer, key, chain] =
    options.signer === "ec" ? [pki.ecLeafPem, pki.ecLeafKey, pki.chainPem]
    : options.signer === "rogue" ? [pki.rogueLeafPem, pki.rogueLeafKey, pki.rogueChainPem]
    : [pki.leafPem, pki.leafKey, pki.chainPem];
  const args = ["cms", "-sign", "-binary", "-outform", "DER", "-md", options.md ?? "sha1", "-in", input, "-signer", signer, "-inkey", key];
  if (options.coSigner === "ec") args.push("-signer", pki.ecLeafPem, "-inkey", pki.ecLeafKey);
  else if (options.coSigner === "rsa") args.push("-signer", pki.leafPem, "-inkey", pki.leafKey);
  if (!options.detached) args.push("-nodetach");
  if (!options.noChain) args.push("-certfile", chain);
  if (options.stream) args.push("-stream");
  if (options.noAttributes) args.push("-noattr");
  if (options.keyId) args.push("-keyid");
  try {
    return openssl(args, { cwd: pki.dir });
  } finally {
    rmSync(input, { force: true });
  }
}

/** Writes bytes into the fixture dir and returns the file name (for openssl oracles). */
export function writeFixture(pki: Pki, name: string, bytes: Uint8Array): string {
  writeFileSync(path.join(pki.dir, name), bytes);
  return name;
}
