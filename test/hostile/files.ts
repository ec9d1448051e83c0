/**
 * Crafts every hostile input of the hostile-input suite at test time, each into its own folder
 * under a temp dir, named the way a real repository names such files (`Info.plist`,
 * `App.entitlements`, `embedded.mobileprovision`, `App.ipa`, `App.app/…`, `X.xcodeproj/…`).
 * Nothing large is committed: the 1 GiB zip bomb and the 200 MB Info.plist are streamed to disk.
 *
 * Every case folder also holds `Normal/Info.plist`, a well-formed file with a known finding, so a
 * test can check that one hostile file does not stop the rest of the run from being linted.
 */
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { raw, writeBplist } from "../helpers/bplist-builder.js";
import { buildBlob, buildSyntheticMachO, entitlementsXml, resignMachO } from "../helpers/macho-fixtures.js";
import { buildPki, hasOpenssl, profileXml, signProfile, type Pki } from "../helpers/profile-fixtures.js";
import { buildOverlappingZip, buildZip, hasPython, patchUncompressedSize } from "../helpers/zip-fixtures.js";

/** The well-formed file in every case folder, and the finding it must still produce. */
export const NORMAL_FILE = "Normal/Info.plist";
export const NORMAL_RULE = "ats/arbitrary-loads";

export const NORMAL_INFO_PLIST = infoPlist(`<key>CFBundleIdentifier</key>
	<string>com.example.normal</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>NSAllowsArbitraryLoads</key>
		<true/>
	</dict>`);

/** A marker planted in files ne-lint must never read or echo (an escaping symlink's target, an external entity). */
export const SECRET_MARKER = "NE-LINT-HOSTILE-SECRET-7f3a9c";

export type Requirement = "openssl" | "python";

export interface BuildContext {
  /** The case folder (the CLI's cwd). */
  readonly dir: string;
  /** A folder outside the case folder, for files only a hostile reference points at. */
  readonly outside: string;
  /** The throwaway PKI, present when the case requires openssl. */
  readonly pki?: Pki;
}

export interface HostileCase {
  readonly name: string;
  /** The hostile file as the findings name it (relative to the case folder, `/` separators). */
  readonly file: string;
  /**
   * Rules one of which must report a finding whose file is `file` or inside it (`App.ipa!/…`,
   * `App.app/…`). Empty for inputs that must decode cleanly; `decodes` then says what proves it.
   */
  readonly ruleIds: readonly string[];
  readonly requires?: readonly Requirement[];
  /** Extra per-case allowance on the 2 s budget is never given; this only documents why a case exists. */
  readonly why: string;
  build(context: BuildContext): void;
}

export function infoPlist(body: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'): string {
  return `${prolog}<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	${body}
</dict>
</plist>
`;
}

const APP_INFO = infoPlist(`<key>CFBundleIdentifier</key>
	<string>com.example.app</string>
	<key>CFBundleExecutable</key>
	<string>App</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
	<key>MinimumOSVersion</key>
	<string>16.0</string>`);

function write(dir: string, relative: string, content: string | Uint8Array): void {
  const target = path.join(dir, ...relative.split("/"));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

/** Writes `total` bytes of `chunk` repeated, never holding more than one chunk in memory. */
function writeStreamed(file: string, prefix: string, chunk: Buffer, total: number, suffix: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  try {
    writeSync(fd, prefix);
    let left = total;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      writeSync(fd, chunk, 0, n);
      left -= n;
    }
    writeSync(fd, suffix);
  } finally {
    closeSync(fd);
  }
}

/** A deterministic byte stream (xorshift32), so garbage cases are reproducible. */
function pseudoRandomBytes(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mach-O helpers: locate structures by walking the load commands, not by fixed offsets.

function signedExecutable(): Uint8Array {
  return resignMachO(buildSyntheticMachO({ platform: 2, minos: 0x100000 }), {
    codeDirectory: { identifier: "com.example.app", teamID: "TEAM000001" },
    entitlementsXml: entitlementsXml({ "application-identifier": "TEAM000001.com.example.app" }),
    extraBlobs: [{ slot: 0x20, blob: buildBlob(0xfade9999, new Uint8Array([1, 2, 3, 4])) }],
  });
}

/** Offset of the first load command `cmd` in a thin little-endian 64-bit Mach-O. */
function loadCommandAt(bytes: Uint8Array, cmd: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(16, true);
  let at = 32;
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) === cmd) return at;
    at += view.getUint32(at + 4, true);
  }
  throw new Error(`no load command 0x${cmd.toString(16)}`);
}

const LC_CODE_SIGNATURE = 0x1d;

function withU32(bytes: Uint8Array, at: number, value: number, littleEndian: boolean): Uint8Array {
  const copy = new Uint8Array(bytes);
  new DataView(copy.buffer).setUint32(at, value >>> 0, littleEndian);
  return copy;
}

function appFolder(dir: string, executable: Uint8Array, name = "App.app"): void {
  write(dir, `${name}/Info.plist`, APP_INFO);
  write(dir, `${name}/App`, executable);
}

// ---------------------------------------------------------------------------------------------
// Profile helpers.

function signedProfile(pki: Pki | undefined, options: Parameters<typeof signProfile>[2] = {}, payload?: string): Buffer {
  if (!pki) throw new Error("this case needs the test PKI (openssl)");
  return signProfile(pki, payload ?? profileXml("development", pki), options);
}

/** BER header of a constructed SEQUENCE with a long-form length. */
function derSequenceHeader(length: number): number[] {
  return [0x30, 0x84, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
}

// ---------------------------------------------------------------------------------------------

const XML_ENTITIES_BILLION_LAUGHS = Array.from({ length: 9 }, (_, i) =>
  i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
).join("\n");

export const CASES: readonly HostileCase[] = [
  // --- XML property lists ------------------------------------------------------------------
  {
    name: "XXE: external DTD and an external entity pointing at a local file",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "an XML reader that resolves entities would read local files (or fetch URLs) into findings",
    build({ dir, outside }) {
      write(outside, "secret.txt", SECRET_MARKER);
      const secret = path.join(outside, "secret.txt");
      write(dir, "App/Info.plist", `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist SYSTEM "file://${secret}" [
	<!ENTITY xxe SYSTEM "file://${secret}">
	<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
	%remote;
]>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>&xxe;</string>
</dict>
</plist>
`);
    },
  },
  {
    name: "XXE through an external DTD only (no internal subset) and an undeclared entity",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "a reader that fetches the SYSTEM DTD would read a local file or reach the network to define &xxe;",
    build({ dir, outside }) {
      write(outside, "evil.dtd", `<!ENTITY xxe "${SECRET_MARKER}">`);
      write(dir, "App/App.entitlements", `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist SYSTEM "file://${path.join(outside, "evil.dtd")}">
<plist version="1.0">
<dict>
	<key>com.apple.developer.team-identifier</key>
	<string>&xxe;</string>
</dict>
</plist>
`);
    },
  },
  {
    name: "billion laughs (10^9 expansion through nested internal entities)",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "entity expansion must not be attempted at all",
    build({ dir }) {
      write(dir, "App/Info.plist", `<?xml version="1.0"?>\n<!DOCTYPE plist [\n${XML_ENTITIES_BILLION_LAUGHS}\n]>\n<plist version="1.0"><dict><key>CFBundleIdentifier</key><string>&lol8;</string></dict></plist>\n`);
    },
  },
  {
    name: "quadratic blowup (one 64 KB entity referenced 50,000 times)",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "defeats expansion-depth limits: no nesting, just 3 GB of text from a 400 KB file",
    build({ dir }) {
      const big = "A".repeat(64 * 1024);
      write(dir, "App/Info.plist", `<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY a "${big}">]>\n<plist version="1.0"><dict><key>CFBundleIdentifier</key><string>${"&a;".repeat(50_000)}</string></dict></plist>\n`);
    },
  },
  {
    name: "100,000-deep <array> nesting",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "a recursive builder or a recursive rule walk would overflow the stack",
    build({ dir }) {
      write(dir, "App/Info.plist", `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>CFBundleIdentifier</key>${"<array>".repeat(100_000)}${"</array>".repeat(100_000)}</dict></plist>\n`);
    },
  },
  {
    name: "non-UTF-8 bytes in an XML plist that declares UTF-8",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "invalid byte sequences must be a parse error, not silently replaced text that rules then misread",
    build({ dir }) {
      const text = Buffer.from(infoPlist("<key>CFBundleIdentifier</key>\n\t<string>com.example.XX</string>"), "utf8");
      const at = text.indexOf("XX");
      text[at] = 0xff;
      text[at + 1] = 0xc3;
      write(dir, "App/Info.plist", text);
    },
  },
  {
    name: "UTF-16LE plist with a BOM decodes (its own ATS finding proves it)",
    file: "App/Info.plist",
    ruleIds: ["ats/arbitrary-loads"],
    why: "Xcode and plutil write UTF-16; it must decode, not become a parse error",
    build({ dir }) {
      const text = infoPlist("<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>", '<?xml version="1.0" encoding="UTF-16"?>\n');
      write(dir, "App/Info.plist", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    },
  },
  {
    name: "UTF-16BE plist with a BOM decodes (its own ATS finding proves it)",
    file: "App/Info.plist",
    ruleIds: ["ats/arbitrary-loads"],
    why: "big-endian UTF-16 is rare but legal",
    build({ dir }) {
      const text = infoPlist("<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>", '<?xml version="1.0" encoding="UTF-16"?>\n');
      const le = Buffer.from(text, "utf16le");
      write(dir, "App/Info.plist", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]));
    },
  },
  {
    name: "lying encoding declaration: Latin-1 bytes declared as ISO-8859-1 are not read as UTF-8",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "ne-lint decodes UTF-8 or UTF-16 only; an 8-bit file must be an error, not mojibake",
    build({ dir }) {
      write(dir, "App/Info.plist", Buffer.from(infoPlist("<key>CFBundleDisplayName</key>\n\t<string>Caf\u00e9</string>", '<?xml version="1.0" encoding="ISO-8859-1"?>\n'), "latin1"));
    },
  },
  {
    name: "lying encoding declaration: UTF-8 bytes declared as UTF-16 decode by their bytes",
    file: "App/Info.plist",
    ruleIds: ["ats/arbitrary-loads"],
    why: "the bytes, not the declaration, decide (as CoreFoundation does); no crash on the mismatch",
    build({ dir }) {
      write(dir, "App/Info.plist", infoPlist("<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>", '<?xml version="1.0" encoding="UTF-16"?>\n'));
    },
  },
  {
    name: "200 MB single-line file named Info.plist is refused by size",
    file: "Big/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "reading it would take the RSS budget; the size check must come before the read",
    build({ dir }) {
      writeStreamed(path.join(dir, "Big/Info.plist"), '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>', Buffer.alloc(1024 * 1024, "A"), 200 * 1024 * 1024, "</string></dict></plist>");
    },
  },
  {
    name: "XML plist with 300,000 keys (6.5 MB, under the 10 MB size limit)",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "every value carries its source range: 600,000 values took 2.6 s and 318 MB before the value budget",
    build({ dir }) {
      const entries: string[] = [];
      for (let i = 0; i < 300_000; i++) entries.push(`<key>K${i}</key><true/>`);
      write(dir, "App/Info.plist", infoPlist(entries.join("")));
    },
  },
  {
    name: "XML plist with a 9,000,000-digit <integer>",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "BigInt on millions of digits took 1.7 s; no property list holds more than 128 bits",
    build({ dir }) {
      writeStreamed(path.join(dir, "App/Info.plist"), '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleVersion</key><integer>', Buffer.alloc(1024 * 1024, "9"), 9_000_000, "</integer></dict></plist>");
    },
  },
  {
    name: "4 MB of unterminated `<!--` after the plist in an Info.plist",
    file: "App/Info.plist",
    ruleIds: ["plist/parse-error"],
    why: "a lazy comment regex rescanned the rest of the file from every `<!--`: 400 KB took 10.8 s (issue 16)",
    build({ dir }) {
      writeStreamed(path.join(dir, "App/Info.plist"), infoPlist("<key>CFBundleIdentifier</key><string>com.example.app</string>"), Buffer.from("<!--".repeat(256 * 1024)), 4 * 1024 * 1024, "");
    },
  },
  {
    name: "1 MB of unterminated `$(` where NSAllowsArbitraryLoads's Boolean belongs",
    file: "App/Info.plist",
    ruleIds: ["ats/wrong-type"],
    why: "the placeholder regex rescanned the string from every `$(`: 100 KB took 7.3 s (issue 16)",
    build({ dir }) {
      write(dir, "App/Info.plist", infoPlist(`<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><string>${"$(".repeat(512 * 1024)}</string></dict>`));
    },
  },
  {
    name: "prototype-pollution keys in an XML plist decode as plain data",
    file: "App/Info.plist",
    ruleIds: ["ats/arbitrary-loads"],
    why: "`__proto__`, `constructor` and `prototype` are ordinary keys; the ATS dict after them must still be seen",
    build({ dir }) {
      write(dir, "App/Info.plist", infoPlist(`<key>__proto__</key>
	<dict>
		<key>polluted</key>
		<true/>
	</dict>
	<key>constructor</key>
	<dict>
		<key>prototype</key>
		<dict>
			<key>polluted</key>
			<true/>
		</dict>
	</dict>
	<key>hasOwnProperty</key>
	<string>not a function</string>
	<key>NSAppTransportSecurity</key>
	<dict>
		<key>__proto__</key>
		<dict>
			<key>NSAllowsArbitraryLoads</key>
			<false/>
		</dict>
		<key>NSAllowsArbitraryLoads</key>
		<true/>
	</dict>`));
    },
  },

  // --- binary property lists ----------------------------------------------------------------
  {
    name: "bplist with a cyclic reference (a dict that contains itself)",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "a naive reader recurses forever",
    build({ dir }) {
      write(dir, "App/App.entitlements", writeBplist([raw.dict([[1, 0]]), raw.ascii("com.apple.security.app-sandbox")]));
    },
  },
  {
    name: "bplist with out-of-range object references",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "a reference past the offset table must not read arbitrary memory or throw a RangeError",
    build({ dir }) {
      write(dir, "App/App.entitlements", writeBplist([raw.dict([[1, 200]]), raw.ascii("com.apple.security.app-sandbox")]));
    },
  },
  {
    name: "bplist with a huge object count in the trailer (2^62)",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "allocating an offset table from the claimed count would exhaust memory",
    build({ dir }) {
      write(dir, "App/App.entitlements", writeBplist([raw.dict([[1, 2]]), raw.ascii("com.apple.security.app-sandbox"), raw.bool(true)], { trailer: { numObjects: 1n << 62n } }));
    },
  },
  {
    name: "bplist with a huge element count in an array marker (2^40 refs)",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "a container count must be checked against the bytes that follow before allocating",
    build({ dir }) {
      write(dir, "App/App.entitlements", writeBplist([raw.dict([[1, 2]]), raw.ascii("com.apple.security.application-groups"), raw.withCount(0xa, 1n << 40n, [1, 1, 1])]));
    },
  },
  {
    name: "bplist DAG bomb (30 levels of shared two-element arrays: 2^30 leaves in 160 bytes)",
    file: "App/App.entitlements",
    ruleIds: ["plist/parse-error"],
    why: "sharing is legal, so no cycle is seen; only a node budget stops the expansion",
    build({ dir }) {
      const objects = [raw.dict([[1, 2]]), raw.ascii("com.apple.security.application-groups")];
      const levels = 30;
      for (let level = 0; level < levels; level++) {
        const index = objects.length;
        objects.push(level === levels - 1 ? raw.bool(true) : raw.array([index + 1, index + 1]));
      }
      write(dir, "App/App.entitlements", writeBplist(objects));
    },
  },
  {
    name: "prototype-pollution keys in a binary entitlements plist decode as plain data",
    file: "App/App.entitlements",
    ruleIds: ["ne/unknown-entitlement-value"],
    why: "binary dict keys reach the same model; the NE entitlement after them must still be checked",
    build({ dir }) {
      write(dir, "App/App.entitlements", writeBplist([
        raw.dict([[1, 4], [2, 4], [3, 5]]),
        raw.ascii("__proto__"),
        raw.ascii("constructor"),
        raw.ascii("com.apple.developer.networking.networkextension"),
        raw.dict([[6, 7]]),
        raw.array([8]),
        raw.ascii("polluted"),
        raw.bool(true),
        raw.ascii("not-a-provider"),
      ]));
    },
  },
  {
    name: "bplist 128-bit integer beyond 2^63 decodes exactly",
    file: "App/Settings.plist",
    ruleIds: [],
    why: "CFBinaryPList writes 16-byte ints for values above 2^63-1; they must not lose precision or fail",
    build({ dir }) {
      const value = (1n << 64n) + 12345n;
      write(dir, "App/Settings.plist", writeBplist([raw.dict([[1, 2]]), raw.ascii("CFBundleVersionHuge"), raw.int(value, 16)]));
    },
  },

  // --- provisioning profiles ----------------------------------------------------------------
  {
    name: "truncated profile (a signed profile cut in half)",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    requires: ["openssl"],
    why: "BER lengths then point past the end of the file",
    build({ dir, pki }) {
      const bytes = signedProfile(pki);
      write(dir, "App/embedded.mobileprovision", bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
  },
  {
    name: "garbage profile (64 KB of pseudo-random bytes)",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    why: "random tags and lengths anywhere",
    build({ dir }) {
      write(dir, "App/embedded.mobileprovision", pseudoRandomBytes(64 * 1024, 0x5eed));
    },
  },
  {
    name: "garbage profile that starts like DER (SEQUENCE, long length) and then random bytes",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    why: "passes a magic-byte sniff, fails deeper",
    build({ dir }) {
      const body = pseudoRandomBytes(32 * 1024, 0xbeef);
      write(dir, "App/embedded.mobileprovision", Uint8Array.from([...derSequenceHeader(body.length), ...body]));
    },
  },
  {
    name: "indefinite-length BER nested 100,000 deep (30 80 30 80 …)",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    why: "indefinite lengths are legal BER (openssl -stream writes them); nesting them must not recurse without bound",
    build({ dir }) {
      const depth = 100_000;
      const bytes = new Uint8Array(depth * 4);
      for (let i = 0; i < depth; i++) bytes.set([0x30, 0x80], i * 2);
      // The end-of-contents octets for every level; bytes are already zero.
      write(dir, "App/embedded.mobileprovision", bytes);
    },
  },
  {
    name: "profile whose outer length field claims 2 GB past the end of file",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    requires: ["openssl"],
    why: "a length must be checked against the bytes present, never used to allocate",
    build({ dir, pki }) {
      const bytes = Buffer.from(signedProfile(pki));
      // openssl writes `30 82 hh ll` for the outer ContentInfo; rewrite it as a 4-byte long form claiming 0x7ffffff0.
      if (bytes[0] !== 0x30 || bytes[1] !== 0x83 && bytes[1] !== 0x82) throw new Error(`unexpected profile header ${bytes.subarray(0, 4).toString("hex")}`);
      const headerLength = 2 + (bytes[1]! & 0x7f);
      write(dir, "App/embedded.mobileprovision", Buffer.concat([Buffer.from(derSequenceHeader(0x7ffffff0)), bytes.subarray(headerLength)]));
    },
  },
  {
    name: "CMS without content (detached signature)",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    requires: ["openssl"],
    why: "a signature over nothing: there is no profile plist to read",
    build({ dir, pki }) {
      write(dir, "App/embedded.mobileprovision", signedProfile(pki, { detached: true }));
    },
  },
  {
    name: "signed profile whose content is not a property list",
    file: "App/embedded.mobileprovision",
    ruleIds: ["profile/cms-invalid"],
    requires: ["openssl"],
    why: "a valid envelope around arbitrary bytes",
    build({ dir, pki }) {
      write(dir, "App/embedded.mobileprovision", signedProfile(pki, {}, "this is not a property list \u0000\u0001\u0002 <plist"));
    },
  },

  // --- Mach-O inside a bundle folder ------------------------------------------------------
  {
    name: "Mach-O in App.app whose LC_CODE_SIGNATURE points past the end of the file",
    file: "App.app",
    ruleIds: ["macho/invalid-signature"],
    why: "offsets from the file must be checked before any read",
    build({ dir }) {
      const bytes = signedExecutable();
      const at = loadCommandAt(bytes, LC_CODE_SIGNATURE);
      appFolder(dir, withU32(bytes, at + 8, bytes.byteLength - 4, true));
    },
  },
  {
    name: "Mach-O in App.app whose signature blobs overlap",
    file: "App.app",
    ruleIds: ["macho/invalid-signature"],
    why: "overlapping blobs are how parser-differential signature attacks start",
    build({ dir }) {
      const bytes = signedExecutable();
      const superBlob = Buffer.from(bytes).indexOf(Buffer.from([0xfa, 0xde, 0x0c, 0xc0]));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const firstBlob = superBlob + view.getUint32(superBlob + 16, false);
      appFolder(dir, withU32(bytes, firstBlob + 4, view.getUint32(firstBlob + 4, false) + 4, false));
    },
  },
  {
    name: "fat Mach-O in App.app with a header listing 10,000 architectures",
    file: "App.app",
    ruleIds: ["macho/invalid-signature"],
    why: "every arch entry is present (200 KB of headers), all pointing at the same slice",
    build({ dir }) {
      const thin = signedExecutable();
      const count = 10_000;
      const sliceAt = Math.ceil((8 + count * 20) / 0x4000) * 0x4000;
      const bytes = new Uint8Array(sliceAt + thin.byteLength);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, 0xcafebabe);
      view.setUint32(4, count);
      for (let i = 0; i < count; i++) {
        view.setUint32(8 + i * 20, 0x0100000c);
        view.setUint32(16 + i * 20, sliceAt);
        view.setUint32(20 + i * 20, thin.byteLength);
        view.setUint32(24 + i * 20, 14);
      }
      bytes.set(thin, sliceAt);
      appFolder(dir, bytes);
    },
  },
  {
    name: "Mach-O in App.app whose signed XML entitlements are 2 MB of unterminated `<!--`",
    file: "App.app",
    ruleIds: ["macho/invalid-signature"],
    why: "the entitlements blob goes through the same XML preparation: 13 s before it was linear (issue 16)",
    build({ dir }) {
      appFolder(dir, resignMachO(buildSyntheticMachO({ platform: 2, minos: 0x100000 }), {
        codeDirectory: { identifier: "com.example.app", teamID: "TEAM000001" },
        entitlementsXml: `${entitlementsXml({ "application-identifier": "TEAM000001.com.example.app" })}${"<!--".repeat(512 * 1024)}`,
      }));
    },
  },
  {
    name: "App.app whose executable is not a Mach-O at all",
    file: "App.app",
    ruleIds: ["macho/invalid-signature"],
    why: "a text file where the executable should be",
    build({ dir }) {
      appFolder(dir, new TextEncoder().encode("#!/bin/sh\necho not a binary\n"));
    },
  },

  // --- bundle folders with symlinks ---------------------------------------------------------
  {
    name: "symlink loop inside App.app",
    file: "App.app",
    ruleIds: ["bundle/unsafe-path", "bundle/invalid-archive"],
    why: "following links would loop (ELOOP) or walk forever",
    build({ dir }) {
      appFolder(dir, signedExecutable());
      symlinkSync("Loop2", path.join(dir, "App.app/Loop1"));
      symlinkSync("Loop1", path.join(dir, "App.app/Loop2"));
      symlinkSync(".", path.join(dir, "App.app/Self"));
    },
  },
  {
    name: "symlink escaping App.app: Info.plist pointing at a file outside the bundle",
    file: "App.app",
    ruleIds: ["bundle/unsafe-path"],
    why: "a PR could make ne-lint read (and echo) any file on the runner",
    build({ dir, outside }) {
      write(outside, "Info.plist", infoPlist(`<key>CFBundleIdentifier</key>\n\t<string>${SECRET_MARKER}</string>`));
      mkdirSync(path.join(dir, "App.app"), { recursive: true });
      write(dir, "App.app/App", signedExecutable());
      symlinkSync(path.join(outside, "Info.plist"), path.join(dir, "App.app/Info.plist"));
      symlinkSync("../../../../../../../../etc", path.join(dir, "App.app/etc"));
    },
  },

  // --- zip archives --------------------------------------------------------------------------
  {
    name: "zip bomb by ratio: 1 GiB of zeros deflated (~1 MB) as the app executable",
    file: "App.ipa",
    ruleIds: ["bundle/invalid-archive"],
    requires: ["python"],
    why: "inflating it would take the memory and time budget",
    build({ dir }) {
      buildZip(path.join(dir, "App.ipa"), [
        { name: "Payload/App.app/Info.plist", data: APP_INFO },
        { name: "Payload/App.app/App", zeros: 1024 * 1024 * 1024 },
      ]);
    },
  },
  {
    name: "zip bomb by overlap: 300 central-directory names for one deflated 4 MB Info.plist",
    file: "App.ipa",
    ruleIds: ["bundle/invalid-archive"],
    why: "every name inflates the same bytes: a 278 KB .ipa inflated 4.3 GB and crashed V8 (exit 134) before overlaps were refused (issue 16)",
    build({ dir }) {
      const names = ["Payload/App.app/Info.plist", ...Array.from({ length: 299 }, (_, i) => `Payload/App${i}.app/Info.plist`)];
      const padding = Array.from({ length: 4 * 1024 * 1024 / 16 }, (_, i) => `<!-- ${(i * 2654435761 % 1e8).toString(16).padStart(7, "0")} -->`).join("").slice(0, 4 * 1024 * 1024);
      buildOverlappingZip(path.join(dir, "App.ipa"), names, new TextEncoder().encode(APP_INFO.replace("</plist>", `${padding}</plist>`)));
    },
  },
  {
    name: "zip bomb by declared size: Info.plist claims 4 GiB - 1 uncompressed",
    file: "App.ipa",
    ruleIds: ["bundle/invalid-archive", "plist/parse-error"],
    requires: ["python"],
    why: "a reader that trusts the header allocates 4 GiB",
    build({ dir }) {
      const file = path.join(dir, "App.ipa");
      buildZip(file, [
        { name: "Payload/App.app/Info.plist", data: APP_INFO },
        { name: "Payload/App.app/App", data: signedExecutable() },
      ]);
      patchUncompressedSize(file, "Payload/App.app/Info.plist", 0xffffffff);
    },
  },
  {
    name: "zip slip: member names that climb out of the archive (../../x, absolute, backslashes)",
    file: "App.ipa",
    ruleIds: ["bundle/unsafe-path"],
    requires: ["python"],
    why: "an extractor would write outside its folder; ne-lint must report and skip them",
    build({ dir }) {
      buildZip(path.join(dir, "App.ipa"), [
        { name: "Payload/App.app/Info.plist", data: APP_INFO },
        { name: "Payload/App.app/App", data: signedExecutable() },
        { name: "../../x", data: "zip slip" },
        { name: "Payload/App.app/../../../../etc/cron.d/x", data: "zip slip" },
        { name: "/etc/passwd", data: "absolute" },
        { name: "..\\..\\windows.txt", data: "backslashes" },
      ]);
    },
  },
  {
    name: "zip with duplicate member names (two different Info.plists)",
    file: "App.ipa",
    ruleIds: ["bundle/invalid-archive", "bundle/unsafe-path"],
    requires: ["python"],
    why: "tools disagree on which copy wins; a checker must not silently pick one",
    build({ dir }) {
      buildZip(path.join(dir, "App.ipa"), [
        { name: "Payload/App.app/Info.plist", data: APP_INFO },
        { name: "Payload/App.app/Info.plist", data: infoPlist("<key>CFBundleIdentifier</key>\n\t<string>com.example.other</string>") },
        { name: "Payload/App.app/App", data: signedExecutable() },
      ]);
    },
  },
  {
    name: "zip with symlink members escaping the archive and looping",
    file: "App.ipa",
    ruleIds: ["bundle/unsafe-path"],
    requires: ["python"],
    why: "symlinks in archives must be listed, never followed",
    build({ dir }) {
      buildZip(path.join(dir, "App.ipa"), [
        { name: "Payload/App.app/Info.plist", symlink: "../../../../etc/passwd" },
        { name: "Payload/App.app/App", data: signedExecutable() },
        { name: "Payload/App.app/Loop1", symlink: "Loop2" },
        { name: "Payload/App.app/Loop2", symlink: "Loop1" },
      ]);
    },
  },
  {
    name: "truncated .ipa (the central directory cut off)",
    file: "App.ipa",
    ruleIds: ["bundle/invalid-archive"],
    why: "no end-of-central-directory record",
    build({ dir }) {
      write(dir, "App.ipa", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...pseudoRandomBytes(4096, 7)]));
    },
  },

  // --- Xcode projects and app configs -----------------------------------------------------
  {
    name: "truncated project.pbxproj",
    file: "X.xcodeproj",
    ruleIds: ["xcode/project-invalid"],
    why: "an old-style plist cut mid-object",
    build({ dir }) {
      write(dir, "X.xcodeproj/project.pbxproj", `// !$*UTF8*$!
{
	archiveVersion = 1;
	classes = {
	};
	objectVersion = 56;
	objects = {

/* Begin PBXBuildFile section */
		AA000000000000000000001 /* AppDelegate.swift in Sources */ = {isa = PBXBuildFile; fileRef = AA0000`);
    },
  },
  {
    name: "project.pbxproj nested 100,000 levels deep",
    file: "X.xcodeproj",
    ruleIds: ["xcode/project-invalid"],
    why: "a recursive-descent parser would overflow the stack",
    build({ dir }) {
      write(dir, "X.xcodeproj/project.pbxproj", `// !$*UTF8*$!\n{ objects = ${"(".repeat(100_000)}${")".repeat(100_000)}; }\n`);
    },
  },
  {
    name: "app.json with invalid JSON that mentions expo",
    file: "app.json",
    ruleIds: ["plist/parse-error"],
    why: "a broken Expo config must be reported, not skipped as 'not an Expo file'",
    build({ dir }) {
      write(dir, "app.json", '{\n  "expo": {\n    "ios": { "infoPlist": { "NSAppTransportSecurity": { "NSAllowsArbitraryLoads": true, } }\n');
    },
  },
  {
    name: "app.json nested 200,000 levels deep",
    file: "app.json",
    ruleIds: ["plist/parse-error"],
    why: "the JSON parser recurses; it overflowed the stack before the depth was checked on the text",
    build({ dir }) {
      write(dir, "app.json", `{"expo": {"ios": {"infoPlist": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}}`);
    },
  },
  {
    name: "prototype-pollution keys in app.json decode as plain data",
    file: "app.json",
    ruleIds: ["ats/arbitrary-loads"],
    why: "JSON.parse-then-merge code pollutes Object.prototype through `__proto__`",
    build({ dir }) {
      write(dir, "app.json", `{
  "__proto__": { "polluted": true },
  "constructor": { "prototype": { "polluted": true } },
  "expo": {
    "name": "Example",
    "__proto__": { "polluted": true },
    "ios": {
      "bundleIdentifier": "com.example.expo",
      "infoPlist": {
        "__proto__": { "polluted": true },
        "constructor": { "prototype": { "polluted": true } },
        "NSAppTransportSecurity": { "NSAllowsArbitraryLoads": true }
      }
    }
  }
}
`);
    },
  },
];

/** Builds one case into `dir` (which must exist): the hostile file(s) and the normal file. */
export function buildCase(hostile: HostileCase, context: BuildContext): void {
  write(context.dir, NORMAL_FILE, NORMAL_INFO_PLIST);
  hostile.build(context);
}

export function missingRequirements(hostile: HostileCase): Requirement[] {
  return (hostile.requires ?? []).filter((requirement) => (requirement === "openssl" ? !hasOpenssl : !hasPython));
}

export { buildPki };
