/**
 * The canonical-DER certificate reader (`x509-der.ts`) against the pkijs reader it falls back to
 * (`pkijs-fallback.ts`), which is the oracle: wherever the fast reader accepts a certificate, both give
 * deep-equal facts (and `certificateFactsOf`, the production entry point, gives them too); it never
 * throws and never writes into the caller's bytes. Inputs: every certificate the test helpers build,
 * every certificate of the real corpus, and thousands of seeded mutations. The name comparison
 * (`namesEqual`) is held to pkijs's `RelativeDistinguishedNames.isEqual` the same way.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePlistBytes } from "../../src/decode/plist.js";
import { APPLE_ROOTS } from "../../src/decode/profile/apple-roots.js";
import { decodeSignedData } from "../../src/decode/profile/cms.js";
import { readOnlyElement, type DerElement } from "../../src/decode/profile/der.js";
import { certificateFactsOf, certificateFactsWith, displayNameOf, namesEqual, namesEqualWith } from "../../src/decode/profile/x509.js";
import { isArray, valueOf } from "../../src/model/plist.js";
import { comparable } from "../helpers/cms-compare.js";
import { elementsOf, encodeTree, mutate, mutateStructure, random, treeOf, TAG_VARIANTS, type TreeNode } from "../helpers/der-mutations.js";
import { opensslCmsSigner } from "../helpers/macho-fixtures.js";
import { corpusDir, corpusSkipReason, hasCorpus } from "../helpers/paths.js";
import { buildPki, certificateShapes, hasOpenssl, openssl, opensslSkipReason, profileXml, signProfile, type Pki, type SignOptions } from "../helpers/profile-fixtures.js";

/**
 * Runs the fast reader and, when it accepts, holds it to the pkijs reader and to `certificateFactsOf`.
 * Returns whether it accepted.
 */
function expectAgreement(der: Uint8Array, label: string): boolean {
  const before = Uint8Array.from(der);
  const fast = certificateFactsWith(der, "fast");
  expect(Buffer.compare(der, before), `${label}: the fast reader wrote into its input`).toBe(0);
  if (!fast) return false;
  const reference = certificateFactsWith(der, "pkijs");
  expect(Buffer.compare(der, before), `${label}: the pkijs reader wrote into its input`).toBe(0);
  if (!reference) throw new Error(`${label}: the fast reader accepted what pkijs does not read as a certificate`);
  expect(comparable(fast), label).toStrictEqual(comparable(reference));
  expect(comparable(certificateFactsOf(der)), label).toStrictEqual(comparable(reference));
  return true;
}

/** The certificates of a CMS envelope and the `DeveloperCertificates` of its plist (or of a bare plist). */
function certificatesOfProfile(bytes: Uint8Array, file: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  let content = bytes;
  if (bytes[0] === 0x30) {
    const cms = decodeSignedData(bytes);
    found.push(...cms.certificates.map((certificate) => certificate.der));
    content = cms.content;
  }
  const plist = decodePlistBytes(content, { path: file, fsPath: file }, "profile");
  const developerCertificates = plist.ok ? valueOf(plist.value.root, "DeveloperCertificates") : undefined;
  if (isArray(developerCertificates)) for (const item of developerCertificates.items) if (item.type === "Data") found.push(item.value);
  return found;
}

function distinct(certificates: readonly Uint8Array[]): Uint8Array[] {
  const byHex = new Map(certificates.map((der) => [Buffer.from(der).toString("hex"), der]));
  return [...byHex.values()];
}

const pemToDer = (pki: Pki, pem: string): Buffer => openssl(["x509", "-in", pem, "-outform", "DER"], { cwd: pki.dir });

/** Mutates certificates `count` times, byte-level and structurally, and checks agreement; returns how many the fast reader accepted. */
function mutationRun(certificate: Uint8Array, seed: number, count: number, kind: "bytes" | "structure"): number {
  // A plain copy: a Buffer's `slice` (in `treeOf`) is a view, and nothing here may write into the fixture.
  const base = Uint8Array.from(certificate);
  const next = random(seed);
  let accepted = 0;
  if (kind === "bytes") {
    const elements = elementsOf(base);
    for (let index = 0; index < count; index++) {
      const mutation = mutate(base, elements, next);
      if (expectAgreement(mutation.bytes, `mutation ${index}: ${mutation.label}`)) accepted += 1;
    }
  } else {
    const tree = treeOf(base, readOnlyElement(base) as DerElement);
    expect(Buffer.compare(encodeTree(tree), base)).toBe(0);
    for (let index = 0; index < count; index++) {
      const mutation = mutateStructure(tree, next, { tags: CERTIFICATE_TAG_VARIANTS });
      if (expectAgreement(mutation.bytes, `edit ${index}: ${mutation.label}`)) accepted += 1;
    }
  }
  return accepted;
}

/** The envelope tests' retags, plus the other character strings names use (Teletex, Numeric, Visible) and BOOLEAN. */
const CERTIFICATE_TAG_VARIANTS = [...TAG_VARIANTS, 0x12, 0x14, 0x1a, 0x1c];

describe("the embedded Apple roots", () => {
  it.each(APPLE_ROOTS.map((root) => [root.name, root] as const))("%s: accepted, and equal to the pkijs reading", (_name, root) => {
    expect(expectAgreement(root.der, root.name)).toBe(true);
  });
});

describe.skipIf(!hasOpenssl)(hasOpenssl ? "fast certificate reader vs pkijs: openssl fixtures" : opensslSkipReason, () => {
  let pki: Pki;
  let shapes: Record<string, Buffer>;
  beforeAll(() => {
    pki = buildPki();
    shapes = certificateShapes(pki);
  }, 60_000);
  afterAll(() => pki?.cleanup());

  it("every certificate of the throwaway PKI and its developer certificates: accepted and equal", () => {
    const certificates: [string, Uint8Array][] = [
      ["root", pki.rootDer],
      ["intermediate", pemToDer(pki, pki.intermediatePem)],
      ["RSA signer", pemToDer(pki, pki.leafPem)],
      ["EC signer", pemToDer(pki, pki.ecLeafPem)],
      ["signer issued by a non-CA", pemToDer(pki, pki.rogueLeafPem)],
      ...Object.entries(pki.developerCertificates),
    ];
    for (const [name, der] of certificates) expect(expectAgreement(der, name), name).toBe(true);
  });

  it("every certificate inside every signed variant, and a code signature's: accepted and equal", () => {
    const variants: SignOptions[] = [{}, { signer: "ec", md: "sha256" }, { signer: "rogue" }, { keyId: true }, { stream: true }, { coSigner: "ec" }];
    const certificates = variants.flatMap((options) => certificatesOfProfile(signProfile(pki, profileXml("ad-hoc", pki), options), "fixture.mobileprovision"));
    const sign = opensslCmsSigner(pki.dir);
    expect(sign).toBeDefined();
    certificates.push(...decodeSignedData(sign!(Uint8Array.of(1, 2, 3)), { detached: true }).certificates.map((certificate) => certificate.der));
    const unique = distinct(certificates);
    // Root, intermediate, RSA and EC signers, the rogue signer and its plain issuer, the distribution certificate, the code signer.
    expect(unique.length).toBeGreaterThanOrEqual(8);
    for (const der of unique) expect(expectAgreement(der, displayNameOf(certificateFactsOf(der)!))).toBe(true);
  });

  it("shapes outside Apple's: v1, Ed25519 with GeneralizedTime, multi-valued RDN, UTF-8, IA5 and Teletex strings are read by the fast reader and equal", () => {
    for (const name of ["v1, no extensions", "Ed25519, GeneralizedTime notAfter", "multi-valued RDN, UTF-8 and IA5String", "TeletexString name"]) {
      expect(expectAgreement(shapes[name]!, name), name).toBe(true);
    }
    const facts = certificateFactsWith(shapes["multi-valued RDN, UTF-8 and IA5String"]!, "fast")!;
    expect(facts.subjectAttributes.map((attribute) => attribute.value)).toEqual(["Multi Valued", "Zoë Ünïcode 日本", "signer@example.com", "DE"]);
    expect(new Date(certificateFactsWith(shapes["Ed25519, GeneralizedTime notAfter"]!, "fast")!.notAfter!).getUTCFullYear()).toBeGreaterThan(2049);
    expect(certificateFactsWith(shapes["v1, no extensions"]!, "fast")!.extensionIds).toEqual([]);
  });

  it("a BMPString name is declined and read by pkijs, and the production reader gives pkijs's facts", () => {
    const der = shapes["BMPString name"]!;
    expect(certificateFactsWith(der, "fast")).toBeUndefined();
    const reference = certificateFactsWith(der, "pkijs")!;
    expect(reference.subjectAttributes[0]).toEqual({ type: "2.5.4.3", value: "日本 Signer", isText: true });
    expect(comparable(certificateFactsOf(der))).toStrictEqual(comparable(reference));
  });

  it("declines bytes after the certificate (asn1js ignores them), so pkijs reads it as before", () => {
    const der = Buffer.concat([pki.developerCertificates.development, Buffer.from([0x00])]);
    expect(certificateFactsWith(der, "fast")).toBeUndefined();
    expect(comparable(certificateFactsWith(der, "pkijs"))).toStrictEqual(comparable(certificateFactsWith(pki.developerCertificates.development, "pkijs")));
  });

  it("bytes that are not a certificate: neither reader reads them, and the fast one never throws", () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0x30), Uint8Array.of(0x30, 0x00), Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), Buffer.from("not a certificate")]) {
      expect(certificateFactsWith(bytes, "fast")).toBeUndefined();
      expect(certificateFactsWith(bytes, "pkijs")).toBeUndefined();
      expect(certificateFactsOf(bytes)).toBeUndefined();
    }
  });

  it("edge shapes pkijs reads: the fast reader declines them, or reads them alike (the first of two key identifiers wins)", () => {
    // A copy: `treeOf` keeps views of a Buffer's bytes, and the edits below must not reach the fixture.
    const base = Uint8Array.from(pki.developerCertificates.development);
    const skiIndex = (extensions: TreeNode[]) => extensions.findIndex((extension) => Buffer.from(extension.children![0]!.content!).equals(Buffer.from([0x55, 0x1d, 0x0e])));
    const edits: [string, "declined" | "accepted", (tbs: TreeNode[], extensions: TreeNode[]) => void][] = [
      ["an empty extension list", "declined", (tbs) => (tbs.at(-1)!.children![0]!.children = [])],
      ["an empty RDN in the subject", "declined", (tbs) => tbs[5]!.children!.push({ identifier: Uint8Array.of(0x31), children: [] })],
      ["an empty subject", "declined", (tbs) => (tbs[5]!.children = [])],
      ["an attribute with a third field", "declined", (tbs) => tbs[5]!.children![0]!.children![0]!.children!.push({ identifier: Uint8Array.of(0x13), content: Buffer.from("x") })],
      ["version 5", "declined", (tbs) => (tbs[0]!.children![0]!.content = Uint8Array.of(5))],
      ["an issuerUniqueID", "declined", (tbs) => tbs.splice(7, 0, { identifier: Uint8Array.of(0x81), content: Uint8Array.of(0, 1, 2) })],
      ["a field after the extensions", "declined", (tbs) => tbs.push({ identifier: Uint8Array.of(0x05), content: new Uint8Array(0) })],
      ["a key identifier with bytes after it", "declined", (_tbs, extensions) => {
        const extnValue = extensions[skiIndex(extensions)]!.children![1]!;
        extnValue.content = Uint8Array.of(...extnValue.content!, 0x05, 0x00);
      }],
      ["a key identifier that is an INTEGER", "declined", (_tbs, extensions) => (extensions[skiIndex(extensions)]!.children![1]!.content = Uint8Array.of(0x02, 0x01, 0x07))],
      ["an empty key identifier", "accepted", (_tbs, extensions) => (extensions[skiIndex(extensions)]!.children![1]!.content = Uint8Array.of(0x04, 0x00))],
      ["a second, different key identifier after the first", "accepted", (_tbs, extensions) => {
        const second = structuredClone(extensions[skiIndex(extensions)]!);
        second.children![1]!.content = Uint8Array.of(0x04, 0x02, 0xaa, 0xbb);
        extensions.push(second);
      }],
      ["a different key identifier before the first", "accepted", (_tbs, extensions) => {
        const first = structuredClone(extensions[skiIndex(extensions)]!);
        first.children![1]!.content = Uint8Array.of(0x04, 0x02, 0xaa, 0xbb);
        extensions.unshift(first);
      }],
    ];
    for (const [label, expected, edit] of edits) {
      const tree = treeOf(base, readOnlyElement(base) as DerElement);
      const tbs = tree.children![0]!.children!;
      edit(tbs, tbs.at(-1)!.children![0]!.children!);
      const der = encodeTree(tree);
      expect(certificateFactsWith(der, "pkijs"), `${label}: pkijs reads it`).toBeDefined();
      expect(expectAgreement(der, label) ? "accepted" : "declined", label).toBe(expected);
      if (label.endsWith("before the first")) expect(Buffer.from(certificateFactsOf(der)!.subjectKeyIdentifier!).toString("hex")).toBe("aabb");
    }
  });

  it("3,000 seeded byte-level mutations of a developer certificate: never throws, agrees with pkijs whenever it accepts", () => {
    const accepted = mutationRun(pki.developerCertificates.distribution, 0xce27_0001, 3000, "bytes");
    // Both sides must be exercised: header edits are mostly declined, content edits mostly accepted.
    expect(accepted).toBeGreaterThan(300);
    expect(accepted).toBeLessThan(2700);
  }, 120_000);

  it("2,000 seeded structural edits that keep the certificate DER: agrees with pkijs whenever it accepts", () => {
    const accepted = mutationRun(pki.developerCertificates.development, 0xce27_0002, 2000, "structure");
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(1900);
  }, 120_000);

  it("1,000 structural edits of the multi-valued, Unicode-named certificate", () => {
    expect(mutationRun(shapes["multi-valued RDN, UTF-8 and IA5String"]!, 0xce27_0003, 1000, "structure")).toBeGreaterThan(50);
  }, 120_000);
});

function profileFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profileFiles(full);
    return /\.(mobileprovision|provisionprofile)$/.test(name) ? [full] : [];
  });
}

describe.skipIf(!hasCorpus)(hasCorpus ? "fast certificate reader vs pkijs: the real corpus" : corpusSkipReason, () => {
  const corpusCertificates = (): Uint8Array[] =>
    distinct(
      profileFiles(corpusDir).flatMap((file) => {
        try {
          return certificatesOfProfile(new Uint8Array(readFileSync(file)), file);
        } catch {
          // Profiles that are neither CMS nor a plist carry no certificates to compare.
          return [];
        }
      }),
    );

  it("every certificate of every corpus profile (CMS chains and DeveloperCertificates) is read by the fast reader and equal", () => {
    const certificates = corpusCertificates();
    expect(certificates.length).toBeGreaterThan(10);
    for (const der of certificates) {
      // `DeveloperCertificates` in test fixtures may hold bytes that are no certificate: neither reader reads them.
      if (!certificateFactsWith(der, "pkijs")) {
        expect(certificateFactsWith(der, "fast")).toBeUndefined();
        continue;
      }
      const label = `${Buffer.from(der).subarray(0, 12).toString("hex")}… (${der.length} bytes)`;
      expect(expectAgreement(der, label), `${label}: Apple's certificates are canonical DER and must take the fast path`).toBe(true);
    }
  });

  it("mutations of Apple's WWDR intermediate and of a real developer certificate", () => {
    const certificates = corpusCertificates();
    const named = (pattern: RegExp) => certificates.find((der) => { const facts = certificateFactsOf(der); return facts !== undefined && pattern.test(displayNameOf(facts)); });
    const intermediate = named(/Worldwide Developer Relations/)!;
    const developer = named(/^(Apple|iPhone) (Distribution|Development|Developer)/)!;
    expect(intermediate).toBeDefined();
    expect(developer).toBeDefined();
    expect(mutationRun(intermediate, 0xa991_e001, 1000, "bytes")).toBeGreaterThan(100);
    expect(mutationRun(developer, 0xa991_e002, 1000, "structure")).toBeGreaterThan(50);
  }, 120_000);
});

/** A Name built from RDNs of (OID, string tag, text): the DER `x509-der.ts` and pkijs both read. */
type Attribute = readonly [oid: string, tag: number, text: string];

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const length = body.length;
  const lengthOctets = length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  return Uint8Array.from([tag, ...lengthOctets, ...body]);
}

function oid(dotted: string): Uint8Array {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const octets: number[] = [];
  for (const arc of [first! * 40 + second!, ...rest]) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) groups.unshift((value & 0x7f) | 0x80);
    octets.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(octets));
}

function stringValue(tag: number, text: string): Uint8Array {
  if (tag === 0x0c) return tlv(tag, new TextEncoder().encode(text));
  if (tag === 0x1e) return tlv(tag, Uint8Array.from([...text].flatMap((character) => [character.charCodeAt(0) >> 8, character.charCodeAt(0) & 0xff])));
  return tlv(tag, Uint8Array.from([...text].map((character) => character.charCodeAt(0))));
}

function encodeName(rdns: readonly (readonly Attribute[])[]): Uint8Array {
  const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
  return tlv(0x30, concat(rdns.map((rdn) => tlv(0x31, concat(rdn.map(([type, tag, text]) => tlv(0x30, concat([oid(type), stringValue(tag, text)]))))))));
}

const CN = "2.5.4.3";
const O = "2.5.4.10";
const OU = "2.5.4.11";
const C = "2.5.4.6";
const BASE_NAMES: readonly (readonly (readonly Attribute[])[])[] = [
  [[[C, 0x13, "US"]], [[O, 0x13, "Apple Inc."]], [[OU, 0x13, "Apple Certification Authority"]], [[CN, 0x13, "Apple Root CA"]]],
  [[[CN, 0x0c, "Apple Worldwide Developer Relations Certification Authority"]], [[OU, 0x0c, "G3"]], [[O, 0x0c, "Apple Inc."]], [[C, 0x13, "US"]]],
  [[[CN, 0x0c, "Zoë  Ünïcode 日本"], [O, 0x0c, "Straße İstanbul"]], [[C, 0x13, "DE"]]],
  [[[CN, 0x0c, "Cafe\u0301"]], [[O, 0x16, "mail@example.com"]]],
];

/** One random edit of a name: letter case, spaces, string type, attribute order, type or value. */
function vary(rdns: readonly (readonly Attribute[])[], next: () => number): (readonly Attribute[])[] {
  const copy = rdns.map((rdn) => rdn.map((attribute) => [...attribute] as [string, number, string]));
  const rdn = copy[Math.floor(next() * copy.length)]!;
  const attribute = rdn[Math.floor(next() * rdn.length)]!;
  const text = attribute[2];
  const at = Math.floor(next() * (text.length + 1));
  const edits: (() => void)[] = [
    () => (attribute[2] = text.toUpperCase()),
    () => (attribute[2] = text.toLowerCase()),
    () => (attribute[2] = `${text.slice(0, at)}${text.charAt(at).toUpperCase()}${text.slice(at + 1)}`),
    () => (attribute[2] = `  ${text} `),
    () => (attribute[2] = `${text.slice(0, at)}  ${text.slice(at)}`),
    () => (attribute[2] = `${text.slice(0, at)}\t${text.slice(at)}`),
    () => (attribute[2] = `\u00a0${text}`),
    () => (attribute[2] = text.normalize(next() < 0.5 ? "NFC" : "NFD")),
    () => (attribute[2] = text.replace("ß", "ss").replace("é", "e")),
    () => (attribute[2] = `${text}x`),
    () => (attribute[1] = [0x0c, 0x13, 0x16, 0x14, 0x12, 0x1a, 0x1e][Math.floor(next() * 7)]!),
    () => (attribute[0] = attribute[0] === CN ? O : CN),
    () => copy.reverse(),
    () => rdn.reverse(),
    () => copy.push([[OU, 0x13, "Extra"]]),
    () => (copy.length > 1 ? copy.pop() : undefined),
  ];
  edits[Math.floor(next() * edits.length)]!();
  // One-octet string types cannot hold wider characters, nor BMPString astral ones: those stay UTF-8.
  for (const each of copy.flat()) {
    const widest = Math.max(0, ...[...each[2]].map((character) => character.codePointAt(0)!));
    if ((each[1] !== 0x0c && each[1] !== 0x1e && widest > 0xff) || (each[1] === 0x1e && widest > 0xffff)) each[1] = 0x0c;
  }
  return copy;
}

describe("name comparison: namesEqual against pkijs's RelativeDistinguishedNames.isEqual", () => {
  it("4,000 seeded pairs of a name and an edited copy (case, spaces, string type, order, type, value)", () => {
    const next = random(0x4a3e_5eed);
    const outcomes = { fastEqual: 0, fastDifferent: 0, declined: 0 };
    for (let index = 0; index < 4000; index++) {
      const base = BASE_NAMES[Math.floor(next() * BASE_NAMES.length)]!;
      let variant = vary(base, next);
      if (next() < 0.5) variant = vary(variant, next);
      const left = encodeName(base);
      const right = encodeName(variant);
      const label = `pair ${index}: ${JSON.stringify(variant)}`;
      const reference = namesEqualWith(left, right, "pkijs");
      const fast = namesEqualWith(left, right, "fast");
      if (fast === undefined) outcomes.declined += 1;
      else {
        expect(fast, label).toBe(reference);
        if (fast) outcomes.fastEqual += 1;
        else outcomes.fastDifferent += 1;
      }
      expect(namesEqual(left, right), label).toBe(reference);
      expect(namesEqual(right, left), `${label} (reversed)`).toBe(namesEqualWith(right, left, "pkijs"));
    }
    // Every outcome must be exercised: equal despite edits, different, and BMPString left to pkijs.
    expect(outcomes.fastEqual).toBeGreaterThan(500);
    expect(outcomes.fastDifferent).toBeGreaterThan(500);
    expect(outcomes.declined).toBeGreaterThan(25);
  });

  it("equal encodings are equal names without reading them; a name against a non-name is not equal", () => {
    const name = encodeName(BASE_NAMES[0]!);
    expect(namesEqual(name, Uint8Array.from(name))).toBe(true);
    expect(namesEqual(name, Uint8Array.of(0x30, 0x00))).toBe(false);
    expect(namesEqualWith(name, Uint8Array.of(0x30, 0x00), "pkijs")).toBe(false);
    expect(namesEqual(name, Uint8Array.of(0x05, 0x00))).toBe(false);
  });
});
