/**
 * The canonical-DER reader (`cms-der.ts`) against the asn1js + pkijs reader it falls back to, which
 * is the oracle: wherever the fast path accepts an input, both give deep-equal results (and the
 * production entry point gives that result too); it declines every BER variant; it never throws and
 * never writes into the caller's bytes. Inputs: every envelope the openssl fixtures build, every
 * profile in the real corpus, and thousands of seeded mutations of an Apple-shaped profile.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSignedData, decodeSignedDataWith, type CmsSignedData } from "../../src/decode/profile/cms.js";
import { readOnlyElement, type DerElement } from "../../src/decode/profile/der.js";
import { verifySignedData } from "../../src/decode/profile/verify.js";
import { DecodeFailure } from "../../src/decode/result.js";
import { comparable, firstDifference } from "../helpers/cms-compare.js";
import { elementsOf, encodeTree, mutate, mutateStructure, random, treeOf, type TreeNode } from "../helpers/der-mutations.js";
import { opensslCmsSigner } from "../helpers/macho-fixtures.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { buildPki, hasOpenssl, opensslSkipReason, opensslStatus, profileXml, signProfile, writeFixture, type Pki, type SignOptions } from "../helpers/profile-fixtures.js";

type Outcome = { readonly value: CmsSignedData } | { readonly error: string };

/** The pkijs path's result or its DecodeFailure; anything else it throws is a bug and fails the test. */
function pkijsOutcome(bytes: Uint8Array, detached: boolean): Outcome {
  try {
    return { value: decodeSignedDataWith(bytes, { path: "pkijs", detached })! };
  } catch (error) {
    if (error instanceof DecodeFailure) return { error: `${error.code}: ${error.message}` };
    throw error;
  }
}

/**
 * Runs the fast path and, when it accepts, holds it to the pkijs path and to `decodeSignedData`.
 * Returns whether it accepted.
 */
function expectAgreement(bytes: Uint8Array, detached = false, label = ""): boolean {
  const before = Uint8Array.from(bytes);
  const fast = decodeSignedDataWith(bytes, { path: "fast", detached });
  expect(Buffer.compare(bytes, before), `${label}: the fast path wrote into its input`).toBe(0);
  if (!fast) return false;
  const reference = pkijsOutcome(bytes, detached);
  expect(Buffer.compare(bytes, before), `${label}: the pkijs path wrote into its input`).toBe(0);
  if ("error" in reference) throw new Error(`${label}: the fast path accepted what the pkijs path refuses (${reference.error})`);
  expect(comparable(fast), label).toStrictEqual(comparable(reference.value));
  expect(comparable(decodeSignedData(bytes, { detached })), label).toStrictEqual(comparable(reference.value));
  return true;
}

/** The SignedData's certificate set: half the structural edits leave it alone, to reach the SignedData and SignerInfo fields. */
function certificateSet(root: TreeNode): TreeNode | undefined {
  return root.children?.[1]?.children?.[0]?.children?.find((child) => child.identifier[0] === 0xa0 && child.children?.[0]?.identifier[0] === 0x30);
}

describe.skipIf(!hasOpenssl)(hasOpenssl ? "fast path vs pkijs: openssl fixtures" : opensslSkipReason, () => {
  let pki: Pki;
  let scratch: string;
  beforeAll(() => {
    pki = buildPki();
    scratch = mkdtempSync(path.join(os.tmpdir(), "ne-lint-fast-path-"));
  }, 60_000);
  afterAll(() => {
    pki?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const accepted: [string, SignOptions][] = [
    ["SHA-1 DER (Apple's shape)", { md: "sha1" }],
    ["SHA-256", { md: "sha256" }],
    ["EC P-256 signer", { signer: "ec", md: "sha256" }],
    ["signer named by SubjectKeyIdentifier (-keyid)", { keyId: true }],
    ["no signed attributes (-noattr)", { noAttributes: true }],
    ["signer certificate only (no chain)", { noChain: true }],
    ["a signer issued by a non-CA", { signer: "rogue" }],
    ["two signers, RSA and EC", { coSigner: "ec", md: "sha256" }],
    ["two signers, both by key identifier", { coSigner: "ec", keyId: true }],
  ];

  it.each(accepted)("%s: accepted, and equal to the pkijs reading", (_name, options) => {
    const bytes = signProfile(pki, profileXml("development", pki), options);
    expect(expectAgreement(bytes, false, _name)).toBe(true);
  });

  it("two signers come out as two SignerInfos, in order, on both paths", () => {
    const cms = decodeSignedDataWith(signProfile(pki, profileXml("ad-hoc", pki), { coSigner: "ec", md: "sha256" }), { path: "fast" })!;
    expect(cms.signers).toHaveLength(2);
    expect(cms.signers.map((signer) => signer.sid.kind)).toEqual(["issuer-and-serial", "issuer-and-serial"]);
  });

  it("-stream (indefinite-length BER, constructed OCTET STRING) is declined and read by pkijs", () => {
    const bytes = signProfile(pki, profileXml("development", pki), { stream: true });
    expect(decodeSignedDataWith(bytes, { path: "fast" })).toBeUndefined();
    const reference = pkijsOutcome(bytes, false);
    expect("value" in reference).toBe(true);
    expect(decodeSignedData(bytes)).toStrictEqual((reference as { value: CmsSignedData }).value);
  });

  it("a detached signature: accepted when detached is allowed, declined (for pkijs's cms-no-content) when not", () => {
    const bytes = signProfile(pki, profileXml("app-store", pki), { detached: true });
    expect(expectAgreement(bytes, true, "detached")).toBe(true);
    expect(decodeSignedDataWith(bytes, { path: "fast" })).toBeUndefined();
    expect(() => decodeSignedData(bytes)).toThrow(/carries no encapsulated content/);
  });

  it("a code signature's detached CMS over a CodeDirectory (the macho fixtures' signer)", () => {
    const sign = opensslCmsSigner(scratch);
    expect(sign).toBeDefined();
    const blob = sign!(Uint8Array.from({ length: 300 }, (_, index) => (index * 7) & 0xff));
    expect(expectAgreement(blob, true, "code signature")).toBe(true);
  });

  it("content that is not a plist is still an envelope both paths read alike", () => {
    expect(expectAgreement(signProfile(pki, "just some text\n"), false, "text")).toBe(true);
  });

  it("a signer whose issuer differs from its certificate's only in letter case is still found, as openssl finds it (RFC 5280 §7.1)", () => {
    const bytes = Buffer.from(signProfile(pki, profileXml("development", pki)));
    // The SignerInfo comes last, after the certificates; its issuer Name is outside the signature, so
    // editing it keeps the signature valid.
    const at = bytes.lastIndexOf(Buffer.from("Test Apple iPhone Certification Authority"));
    const signerInfos = elementsOf(bytes).find((element) => element.tagNumber === 17 && element.constructed && element.end === bytes.length);
    expect(at).toBeGreaterThan(signerInfos!.start);
    bytes[at] = "t".charCodeAt(0);
    expect(opensslStatus(["cms", "-verify", "-noverify", "-inform", "DER", "-in", writeFixture(pki, "case.der", bytes), "-out", "/dev/null"], pki.dir)).toBe(0);
    expect(expectAgreement(bytes, false, "case")).toBe(true);
    const signature = verifySignedData(decodeSignedData(bytes), { roots: [] });
    expect(signature.signerCommonName).toBe("Test Apple iPhone OS Provisioning Profile Signing");
    expect(signature.signatureValid).toBe(true);
  });

  it("declines trailing bytes (asn1js ignores them), so the pkijs path reads the file as before", () => {
    const intact = signProfile(pki, profileXml("development", pki));
    const bytes = Buffer.concat([intact, Buffer.from([0x00, 0x00])]);
    expect(decodeSignedDataWith(bytes, { path: "fast" })).toBeUndefined();
    expect(decodeSignedData(bytes)).toStrictEqual(decodeSignedDataWith(intact, { path: "pkijs" }));
  });

  it("declines a malformed GeneralizedTime deep in a certificate, which fails the whole CMS in asn1js", () => {
    const bytes = Buffer.from(signProfile(pki, profileXml("development", pki)));
    // The first certificate's notBefore (UTCTime YYMMDDHHMMSSZ) becomes a GeneralizedTime with a '+' in it.
    const at = elementsOf(bytes).find((element) => element.tagClass === 0 && element.tagNumber === 23)!.start;
    expect(bytes[at + 1]).toBe(13);
    bytes[at] = 0x18;
    bytes[at + 4] = "+".charCodeAt(0);
    expect(decodeSignedDataWith(bytes, { path: "fast" })).toBeUndefined();
    expect(pkijsOutcome(bytes, false)).toEqual({ error: expect.stringMatching(/^cms-invalid: the file is not a DER\/BER CMS structure \(Wrong input string for conversion\)/) as unknown });
    expect(() => decodeSignedData(bytes)).toThrow(/Wrong input string for conversion/);
  });

  it("3,000 seeded mutations of an Apple-shaped profile: never throws, and agrees with pkijs whenever it accepts", () => {
    const base = new Uint8Array(signProfile(pki, profileXml("development", pki), { md: "sha1" }));
    const elements = elementsOf(base);
    const next = random(0x5eed_cafe);
    let acceptedCount = 0;
    for (let index = 0; index < 3000; index++) {
      const mutation = mutate(base, elements, next);
      if (expectAgreement(mutation.bytes, false, `mutation ${index}: ${mutation.label}`)) acceptedCount += 1;
    }
    // Both sides must be exercised: header edits are mostly declined, content edits mostly accepted.
    expect(acceptedCount).toBeGreaterThan(300);
    expect(acceptedCount).toBeLessThan(2700);
  }, 120_000);

  it("2,000 seeded structural edits that keep the file DER: agrees with pkijs whenever it accepts", () => {
    const base = new Uint8Array(signProfile(pki, profileXml("development", pki), { md: "sha1" }));
    const tree = treeOf(base, readOnlyElement(base) as DerElement);
    expect(Buffer.compare(encodeTree(tree), base)).toBe(0);
    const next = random(0xd0_5eed);
    let acceptedCount = 0;
    for (let index = 0; index < 2000; index++) {
      const mutation = mutateStructure(tree, next, { spare: certificateSet });
      if (expectAgreement(mutation.bytes, false, `edit ${index}: ${mutation.label}`)) acceptedCount += 1;
    }
    expect(acceptedCount).toBeGreaterThan(100);
  }, 120_000);
});

function profileFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profileFiles(full);
    return /\.(mobileprovision|provisionprofile)$/.test(name) ? [full] : [];
  });
}

describe.skipIf(!hasCorpus)(hasCorpus ? "fast path vs pkijs: the real corpus" : corpusSkipReason, () => {
  const files = hasCorpus ? profileFiles(corpusDir) : [];

  it.each(files.map((file) => [path.relative(corpusDir, file)] as const))("%s", (relative) => {
    const bytes = new Uint8Array(readFileSync(path.join(corpusDir, relative)));
    const accepted = expectAgreement(bytes, false, relative);
    // Apple's BER-era profile (indefinite lengths) must go to pkijs; every DER one must not.
    if (relative.endsWith("very-capable-app.app/embedded.mobileprovision")) expect(accepted).toBe(false);
    else if (bytes[0] === 0x30) expect(accepted).toBe(true);
  });

  it("mutations of a real profile: agrees with pkijs whenever it accepts", () => {
    const base = new Uint8Array(readFileSync(path.join(corpusDir, "home-assistant__iOS/Configuration/Provisioning/iOS_App_Store__App.mobileprovision")));
    const elements = elementsOf(base);
    const next = random(0xa99_1e);
    for (let index = 0; index < 2000; index++) {
      const mutation = mutate(base, elements, next);
      expectAgreement(mutation.bytes, false, `mutation ${index}: ${mutation.label}`);
    }
  }, 120_000);
});

describe("comparing results (the fuzz target's check)", () => {
  it("firstDifference names the first field that differs, down to one byte or one millisecond", () => {
    const result = { content: Uint8Array.of(1, 2), signers: [{ signingTime: new Date(1000), digestAlgorithm: "1.3.14.3.2.26" }] };
    expect(firstDifference(result, structuredClone(result))).toBeUndefined();
    expect(firstDifference(result, { ...result, content: Uint8Array.of(1, 3) })).toBe("$.content");
    expect(firstDifference(result, { ...result, content: Buffer.from([1, 2]) })).toBe("$.content");
    expect(firstDifference(result, { ...result, signers: [{ ...result.signers[0]!, signingTime: new Date(1001) }] })).toBe("$.signers[0].signingTime");
    expect(firstDifference(result, { ...result, signers: [{ digestAlgorithm: "1.3.14.3.2.26" }] })).toBe("$.signers[0].signingTime");
    expect(firstDifference(result, { ...result, signers: [] })).toBe("$.signers");
  });
});

describe("fast path on arbitrary bytes", () => {
  it("never throws on prefixes of a DER header or on bytes after one", () => {
    for (let length = 0; length < 64; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index === 0 ? 0x30 : (index * 37) & 0xff));
      expect(() => decodeSignedDataWith(bytes, { path: "fast" })).not.toThrow();
      expect(decodeSignedDataWith(bytes, { path: "fast" })).toBeUndefined();
    }
  });
});
