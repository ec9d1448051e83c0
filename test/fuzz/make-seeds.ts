/**
 * Writes the committed seed corpora (`test/fuzz/seeds/<target>/`) with the same fixture builders
 * the decoder tests use. Small valid files of every shape each decoder meets; the fuzzers mutate
 * them. Re-run after a fixture builder changes: `npx tsx test/fuzz/make-seeds.ts [target…]`.
 * Profile, zip and Mach-O CMS seeds need openssl and python3; without them those seeds are skipped.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { raw, writeBplist } from "../helpers/bplist-builder.js";
import { buildSyntheticMachO, encodeDerEntitlements, entitlementsXml, makeTempDir, opensslCmsSigner, resignMachO } from "../helpers/macho-fixtures.js";
import { buildPki, hasOpenssl, profileXml, signProfile } from "../helpers/profile-fixtures.js";
import { PbxprojBuilder } from "../helpers/xcode-fixtures.js";
import { buildZip, hasPython, type ZipMemberSpec } from "../helpers/zip-fixtures.js";
import { seedDir } from "./corpus.js";
import { plistDocument, toBinary, toXml } from "./generators.js";
import { isTargetName, TARGET_NAMES, type TargetName } from "./targets/index.js";

type Seeds = Record<string, Uint8Array>;

const ENTITLEMENTS = {
  "com.apple.developer.networking.networkextension": ["packet-tunnel-provider", "dns-proxy"],
  "com.apple.developer.networking.multicast": true,
  "com.apple.security.application-groups": ["group.com.example.app"],
  "keychain-access-groups": ["TEAM000001.*"],
  "get-task-allow": false,
  "com.apple.developer.team-identifier": "TEAM000001",
  nested: { level: 2, list: [1, "two", true] },
};

const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<!-- ne-lint-disable-next-line ats/no-arbitrary-loads -->
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>CFBundleExecutable</key>
	<string>App</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>NSAllowsArbitraryLoads</key>
		<true/>
		<key>NSExceptionDomains</key>
		<dict>
			<key>example.com</key>
			<dict>
				<key>NSIncludesSubdomains</key>
				<true/>
				<key>NSExceptionMinimumTLSVersion</key>
				<string>TLSv1.0</string>
			</dict>
		</dict>
	</dict>
	<key>NSBonjourServices</key>
	<array>
		<string>_http._tcp</string>
	</array>
	<key>Numbers</key>
	<array><integer>-1</integer><integer>0x1F</integer><integer>18446744073709551616</integer><real>1.5e3</real></array>
	<key>When</key>
	<date>2026-01-02T03:04:05Z</date>
	<key>Blob</key>
	<data>aGVsbG8=</data>
	<key>Escapes</key>
	<string>a &amp; b &lt; &#x263A; <![CDATA[<raw>]]></string>
</dict>
</plist>
`;

function xmlSeeds(): Seeds {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(INFO_PLIST.replace("UTF-8", "UTF-16"), "utf16le")]);
  const seeds: Seeds = {
    "info-plist.xml": Buffer.from(INFO_PLIST),
    "entitlements.xml": Buffer.from(entitlementsXml(ENTITLEMENTS)),
    "utf16le-bom.xml": utf16,
    "minimal.xml": Buffer.from("<plist><dict><key>a</key><string>b</string></dict></plist>"),
    "empty-containers.xml": Buffer.from("<plist version=\"1.0\"><array><dict/><array/><string/><data></data><false/></array></plist>"),
  };
  fc.sample(plistDocument, { seed: 8, numRuns: 4 }).forEach((value, index) => (seeds[`generated-${index}.xml`] = toXml(value)));
  return seeds;
}

function bplistSeeds(): Seeds {
  const everyType = writeBplist([
    raw.dict([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15, 16]]),
    raw.ascii("int"), raw.int(-5n, 8),
    raw.ascii("big"), raw.int(0x7fffffffffffffffn, 16),
    raw.ascii("real"), raw.real(1.5, 4),
    raw.ascii("date"), raw.date(789_012_345),
    raw.ascii("data"), raw.data([1, 2, 3, 4]),
    raw.ascii("text"), raw.utf16("héllo 😀"),
    raw.ascii("uid"), raw.uid(7, 2),
    raw.ascii("list"), raw.array([17, 18, 19]),
    raw.bool(true), raw.set([20]), raw.orderedSet([2]),
    raw.int(1, 1),
  ]);
  const shared = writeBplist([raw.array([1, 1, 2, 2]), raw.ascii("shared"), raw.dict([[1, 3]]), raw.bool(false)], { refSize: 2, offsetSize: 4 });
  const long = writeBplist([raw.array(Array.from({ length: 20 }, () => 1)), raw.ascii("x".repeat(40))]);
  const seeds: Seeds = {
    "every-type.bplist": everyType,
    "shared-refs-wide.bplist": shared,
    "long-counts.bplist": long,
    "entitlements.bplist": toBinary(ENTITLEMENTS),
  };
  fc.sample(plistDocument, { seed: 8, numRuns: 4 }).forEach((value, index) => (seeds[`generated-${index}.bplist`] = toBinary(value)));
  return seeds;
}

function derSeeds(): Seeds {
  return {
    "entitlements.der": encodeDerEntitlements(ENTITLEMENTS),
    "empty.der": encodeDerEntitlements({}),
    "nested.der": encodeDerEntitlements({ a: { b: { c: [[true], [false, 0]] } }, long: "x".repeat(200), negative: -129 }),
  };
}

function profileSeeds(): Seeds {
  if (!hasOpenssl) return {};
  const pki = buildPki();
  try {
    const development = profileXml("development", pki);
    return {
      "development-sha1.mobileprovision": signProfile(pki, development),
      "app-store-sha256-ec.mobileprovision": signProfile(pki, profileXml("app-store", pki), { md: "sha256", signer: "ec" }),
      "developer-id-stream.provisionprofile": signProfile(pki, profileXml("developer-id", pki), { stream: true, keyId: true }),
      "enterprise-noattr-nochain.mobileprovision": signProfile(pki, profileXml("enterprise", pki), { noAttributes: true, noChain: true }),
      "binary-content.mobileprovision": signProfile(pki, toBinary({ Name: "binary", TeamIdentifier: ["TEAM000001"], Entitlements: { "get-task-allow": true } })),
      "unsigned.mobileprovision": Buffer.from(profileXml("mac-development", pki)),
    };
  } finally {
    pki.cleanup();
  }
}

function machOSeeds(): { seeds: Seeds; signed: Uint8Array } {
  const dir = makeTempDir("ne-lint-fuzz-seeds-");
  try {
    const plain = resignMachO(buildSyntheticMachO(), { codeDirectory: { identifier: "com.example.plain" } });
    const signed = resignMachO(buildSyntheticMachO({ platform: 1, strings: ["_services._dns-sd._udp", "224.0.0.251", "http://example.com"], imports: ["_inet_pton", "_setsockopt", "_nw_browser_create"] }), {
      codeDirectory: { identifier: "com.example.app", teamID: "TEAM000001", flags: 0x10000, version: 0x20500, runtime: 0x0e0000 },
      alternateSha1: true,
      entitlementsXml: entitlementsXml(ENTITLEMENTS),
      entitlementsDer: encodeDerEntitlements(ENTITLEMENTS),
      ...(opensslCmsSigner(dir) ? { cms: opensslCmsSigner(dir)! } : {}),
    });
    return { seeds: { "thin-plain.macho": plain, "thin-signed.macho": signed, "fat.macho": fat([plain, signed]) }, signed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A universal binary (`fat_header` + `fat_arch`, big-endian) holding `slices` at 4 KiB alignment. */
function fat(slices: readonly Uint8Array[]): Uint8Array {
  const align = 12;
  const offsets: number[] = [];
  let end = 8 + 20 * slices.length;
  for (const slice of slices) {
    const offset = Math.ceil(end / (1 << align)) * (1 << align);
    offsets.push(offset);
    end = offset + slice.byteLength;
  }
  const out = Buffer.alloc(end);
  out.writeUInt32BE(0xcafebabe, 0);
  out.writeUInt32BE(slices.length, 4);
  slices.forEach((slice, i) => {
    const at = 8 + 20 * i;
    out.writeUInt32BE(i === 0 ? 0x0100000c : 0x01000007, at);
    out.writeUInt32BE(i === 0 ? 0 : 3, at + 4);
    out.writeUInt32BE(offsets[i]!, at + 8);
    out.writeUInt32BE(slice.byteLength, at + 12);
    out.writeUInt32BE(align, at + 16);
    out.set(slice, offsets[i]!);
  });
  return out;
}

function zipSeeds(binary: Uint8Array): Seeds {
  if (!hasPython) return {};
  const dir = makeTempDir("ne-lint-fuzz-zip-");
  try {
    const make = (name: string, members: ZipMemberSpec[]): [string, Uint8Array] => {
      const file = path.join(dir, name);
      buildZip(file, members);
      return [name, readFileSync(file)];
    };
    const app = "Payload/App.app";
    return Object.fromEntries([
      make("app.ipa", [
        { name: "Payload/", dir: true },
        { name: `${app}/Info.plist`, data: INFO_PLIST },
        { name: `${app}/App`, data: binary },
        { name: `${app}/PlugIns/Tunnel.appex/Info.plist`, data: toBinary({ CFBundleExecutable: "Tunnel", NSExtension: { NSExtensionPointIdentifier: "com.apple.networkextension.packet-tunnel" } }), method: "stored" },
        { name: `${app}/Frameworks/Lib.framework/Lib`, symlink: "Versions/Current/Lib" },
        { name: `${app}/Current`, symlink: "../App.app" },
      ]),
      make("zip64-stored.ipa", [
        { name: `${app}/Info.plist`, data: entitlementsXml({ CFBundleExecutable: "App" }), zip64: true },
        { name: `${app}/App`, data: binary, method: "stored" },
      ]),
      make("xcarchive.zip", [
        { name: "App.xcarchive/Info.plist", data: entitlementsXml({ Name: "App" }) },
        { name: "App.xcarchive/Products/Applications/App.app/Info.plist", data: "<plist><dict/></plist>" },
        { name: "App.xcarchive/Products/Applications/App.app/App", data: "not a binary" },
      ]),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function xcodeSeeds(): Seeds {
  const project = (withExtension: boolean): string => {
    const p = new PbxprojBuilder();
    const xcconfig = p.fileRef("Config/Base.xcconfig");
    const appProduct = p.fileRef("App.app", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.application", includeInIndex: 0 });
    const source = p.fileRef("App/Main.swift");
    const mainGroup = p.group([xcconfig, source, appProduct]);
    const settings = {
      PRODUCT_BUNDLE_IDENTIFIER: "com.example.$(PRODUCT_NAME:rfc1034identifier)",
      PRODUCT_NAME: "$(TARGET_NAME)",
      INFOPLIST_FILE: "App/Info.plist",
      CODE_SIGN_ENTITLEMENTS: "App/App.entitlements",
      "CODE_SIGN_ENTITLEMENTS[sdk=macosx*]": "App/App-macOS.entitlements",
      SDKROOT: "iphoneos",
      SUPPORTED_PLATFORMS: "iphoneos iphonesimulator macosx",
      SUPPORTS_MACCATALYST: "YES",
      OTHER_SWIFT_FLAGS: ["$(inherited)", "-DFUZZ"],
      A: "$(B)",
      B: "$(A)",
    };
    const configs = p.configList([p.config("Debug", settings, xcconfig), p.config("Release", { ...settings, "ENABLE_APP_SANDBOX[config=Release]": "YES" })]);
    const targets: string[] = [];
    const embedFiles: string[] = [];
    if (withExtension) {
      const extProduct = p.fileRef("Tunnel.appex", "BUILT_PRODUCTS_DIR", { explicitFileType: "wrapper.app-extension" });
      const extConfigs = p.configList([p.config("Release", { PRODUCT_BUNDLE_IDENTIFIER: "com.example.app.tunnel", SDKROOT: "iphoneos", INFOPLIST_FILE: "Tunnel/Info.plist" })]);
      targets.push(p.target({ name: "Tunnel", productType: "com.apple.product-type.app-extension", configurationList: extConfigs, productReference: extProduct }));
      embedFiles.push(p.buildFile(extProduct));
    }
    const phases = [p.sourcesPhase([p.buildFile(source)]), ...(withExtension ? [p.copyPhase(embedFiles, 13)] : [])];
    targets.unshift(p.target({ name: "App", productType: "com.apple.product-type.application", configurationList: configs, productReference: appProduct, buildPhases: phases, dependencies: targets.map((id) => p.dependency(id)) }));
    p.project({ mainGroup, configurationList: p.configList([p.config("Debug", { SDKROOT: "iphoneos" }), p.config("Release", {})]), targets });
    return p.toString();
  };
  return {
    "app.pbxproj": Buffer.from(project(false)),
    "app-with-extension.pbxproj": Buffer.from(project(true)),
    "openstep-syntax.pbxproj": Buffer.from(`// !$*UTF8*$!\n{ archiveVersion = 1; objects = { X = { isa = PBXProject; targets = ( ); list = ( "a\\"b", <0a0b>, 12, ); }; }; rootObject = X; }\n`),
  };
}

function write(target: TargetName, seeds: Seeds): void {
  const dir = seedDir(target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  Object.entries(seeds).forEach(([name, bytes], index) => writeFileSync(path.join(dir, `${String(index).padStart(2, "0")}-${name}`), bytes));
  const total = readdirSync(dir).length;
  console.log(`${target}: ${total} seeds in ${path.relative(process.cwd(), dir)}`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!isTargetName(name)) throw new Error(`unknown target '${name}' (targets: ${TARGET_NAMES.join(", ")})`);
const selected = (wanted.length > 0 ? wanted : TARGET_NAMES) as TargetName[];
const macho = machOSeeds();
const makers: Record<TargetName, () => Seeds> = {
  xml: xmlSeeds,
  bplist: bplistSeeds,
  der: derSeeds,
  profile: profileSeeds,
  macho: () => macho.seeds,
  zip: () => zipSeeds(macho.signed),
  xcode: xcodeSeeds,
};
for (const target of selected) write(target, makers[target]());
