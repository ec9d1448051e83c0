/**
 * Evidence that an app uses the local network through Bonjour (TN3179): the APIs that browse, advertise
 * or resolve (`NWBrowser` for `.bonjour`, `NWListener` with a service, `NetService`/`NetServiceBrowser`,
 * `DNSServiceBrowse`/`DNSServiceRegister`, MultipeerConnectivity), the service types it names, and the
 * well-known Flutter, React Native, Capacitor and Cordova zeroconf plugins its package manifest depends on.
 *
 * Every scan is one pass of `indexOf` or a regular expression without nested quantifiers over comment-free
 * text, and each file yields a bounded number of types: repository text never drives backtracking or
 * unbounded work.
 */
import { readTextBounded } from "../../discover/read-file.js";
import type { Target } from "../../model/target.js";
import { registerSourceScanner, scannedSource } from "./source-scan.js";
import { stripComments } from "./strip-comments.js";

/** A place in a file, 1-based, end column exclusive (a finding's location). */
export interface Place {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly endColumn?: number;
}

/** An API (or plugin) that makes the app a local-network user. */
export interface BonjourApi extends Place {
  readonly what: string;
  readonly multipeer: boolean;
}

/** A service type the app browses for or advertises (`_airplay._tcp`). */
export interface BonjourType extends Place {
  readonly type: string;
}

export interface BonjourEvidence {
  readonly apis: readonly BonjourApi[];
  readonly types: readonly BonjourType[];
}

interface ApiToken {
  /** Substring that marks the use. */
  readonly token: string;
  /** Another substring the same file must contain (an `NWBrowser` that browses Bonjour, an `NWListener` with a service). */
  readonly requires?: readonly string[];
  readonly what: string;
  readonly multipeer?: boolean;
}

const API_TOKENS: readonly ApiToken[] = [
  { token: "NWBrowser", requires: [".bonjour"], what: "NWBrowser browsing Bonjour" },
  { token: "nw_browse_descriptor_create_bonjour_service", what: "nw_browse_descriptor_create_bonjour_service" },
  { token: "NWListener", requires: ["NWListener.Service", ".service = ", "service: .init("], what: "NWListener advertising a Bonjour service" },
  { token: "nw_advertise_descriptor_create_bonjour_service", what: "nw_advertise_descriptor_create_bonjour_service" },
  { token: "NetServiceBrowser", what: "NetServiceBrowser" },
  { token: "NetService(", what: "NetService" },
  { token: "NSNetService alloc", what: "NSNetService" },
  { token: "DNSServiceBrowse", what: "DNSServiceBrowse" },
  { token: "DNSServiceRegister", what: "DNSServiceRegister" },
  { token: "DNSServiceResolve", what: "DNSServiceResolve" },
  { token: "MCNearbyServiceAdvertiser", what: "MCNearbyServiceAdvertiser", multipeer: true },
  { token: "MCNearbyServiceBrowser", what: "MCNearbyServiceBrowser", multipeer: true },
  { token: "MCAdvertiserAssistant", what: "MCAdvertiserAssistant", multipeer: true },
  { token: "MCBrowserViewController", what: "MCBrowserViewController", multipeer: true },
];

/** Imported symbols of a built executable that are Bonjour APIs (C names and Objective-C class references). */
const SYMBOL_TOKENS: readonly ApiToken[] = [
  { token: "DNSServiceBrowse", what: "DNSServiceBrowse" },
  { token: "DNSServiceRegister", what: "DNSServiceRegister" },
  { token: "nw_browser_create", what: "nw_browser_create" },
  { token: "nw_advertise_descriptor_create_bonjour_service", what: "nw_advertise_descriptor_create_bonjour_service" },
  { token: "NSNetServiceBrowser", what: "NSNetServiceBrowser" },
  { token: "MCNearbyServiceAdvertiser", what: "MCNearbyServiceAdvertiser", multipeer: true },
  { token: "MCNearbyServiceBrowser", what: "MCNearbyServiceBrowser", multipeer: true },
];

/** A quoted Bonjour type, with an optional `.local` domain or trailing dot (normalised away). */
const TYPE_LITERAL = /"(_[A-Za-z0-9_-]{1,63}\._(?:tcp|udp))(?:\.local)?\.?"/g;
/** A MultipeerConnectivity service type: 1–15 lower-case letters, digits and hyphens. */
const MULTIPEER_TYPE = /^[a-z0-9-]{1,15}$/;
const STRING_LITERAL = /"([^"\\\n]{1,63})"/g;
/** At most this many types are taken from one file. */
const MAX_TYPES_PER_FILE = 32;
/** At most this many `serviceType` mentions are looked at per file, each at most this many characters on. */
const MAX_SERVICE_TYPE_MENTIONS = 256;
const SERVICE_TYPE_REACH = 160;

/** Plugins that browse or advertise Bonjour from Dart or JavaScript, by package name. */
export const BONJOUR_PLUGINS: Readonly<Record<"pubspec.yaml" | "package.json", readonly string[]>> = {
  "pubspec.yaml": ["nsd", "bonsoir", "multicast_dns"],
  "package.json": ["react-native-zeroconf", "capacitor-zeroconf", "cordova-plugin-zeroconf", "@awesome-cordova-plugins/zeroconf", "@ionic-native/zeroconf"],
};
const MAX_MANIFEST_BYTES = 256 * 1024;
const SOURCE_FILE = /\.(swift|m|mm|c|cc|cpp|h|hpp)$/i;

/** 1-based line and column of offsets in one text, by binary search over line starts. */
function positions(text: string): (index: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: index - (starts[low] as number) + 1 };
  };
}

interface FileEvidence {
  readonly apis: BonjourApi[];
  readonly types: BonjourType[];
  /** MultipeerConnectivity `serviceType` literals (used only when the target uses MultipeerConnectivity). */
  readonly multipeerTypes: BonjourType[];
}

/** The Bonjour APIs and service types of one Swift, Objective-C or C file. */
export function bonjourEvidenceInSource(text: string, file: string): FileEvidence {
  const stripped = stripComments(text);
  const at = positions(stripped);
  const place = (index: number, length: number): Place => {
    const { line, column } = at(index);
    return { file, line, column, endColumn: column + length };
  };
  const apis: BonjourApi[] = [];
  for (const api of API_TOKENS) {
    const index = stripped.indexOf(api.token);
    if (index === -1 || (api.requires && !api.requires.some((needle) => stripped.includes(needle)))) continue;
    apis.push({ ...place(index, api.token.length), what: api.what, multipeer: api.multipeer ?? false });
  }
  const types: BonjourType[] = [];
  if (apis.length > 0) {
    for (const match of stripped.matchAll(TYPE_LITERAL)) {
      if (types.length >= MAX_TYPES_PER_FILE) break;
      types.push({ ...place(match.index, match[0].length), type: match[1] as string });
    }
  }
  const multipeerTypes: BonjourType[] = [];
  const lower = stripped.toLowerCase();
  let looked = 0;
  for (let index = lower.indexOf("servicetype"); index !== -1 && multipeerTypes.length < MAX_TYPES_PER_FILE && looked++ < MAX_SERVICE_TYPE_MENTIONS; index = lower.indexOf("servicetype", index + 1)) {
    // The literal follows on the same line, close by (`serviceType: "chat"`, `let serviceType = "chat"`).
    const reach = stripped.slice(index, index + SERVICE_TYPE_REACH);
    const newline = reach.indexOf("\n");
    const rest = newline === -1 ? reach : reach.slice(0, newline);
    const literal = [...rest.matchAll(STRING_LITERAL)].find((match) => MULTIPEER_TYPE.test(match[1] as string));
    if (!literal) continue;
    const start = index + literal.index;
    const name = literal[1] as string;
    multipeerTypes.push({ ...place(start, literal[0].length), type: `_${name}._tcp` }, { ...place(start, literal[0].length), type: `_${name}._udp` });
  }
  return { apis, types, multipeerTypes };
}

/** The line of `needle` in a manifest's text, as a place. */
function manifestPlace(text: string, needle: string, file: string): Place {
  const index = text.indexOf(needle);
  if (index === -1) return { file };
  const { line, column } = positions(text)(index);
  return { file, line, column, endColumn: column + needle.length };
}

/** Zeroconf plugins a `pubspec.yaml` (its top-level `dependencies:` block) or `package.json` (`dependencies`) names. */
export function bonjourPluginsInManifest(text: string, file: string): BonjourApi[] {
  const found: BonjourApi[] = [];
  if (file.endsWith("package.json")) {
    let dependencies: unknown;
    try {
      dependencies = (JSON.parse(text) as { dependencies?: unknown } | null)?.dependencies;
    } catch {
      return [];
    }
    if (!dependencies || typeof dependencies !== "object") return [];
    for (const name of BONJOUR_PLUGINS["package.json"]) {
      if (Object.hasOwn(dependencies, name)) found.push({ ...manifestPlace(text, `"${name}"`, file), what: `the ${name} plugin`, multipeer: false });
    }
    return found;
  }
  // YAML read by lines: only the names directly under a top-level `dependencies:` count (not dev_dependencies).
  let inDependencies = false;
  let offset = 0;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    if (/^\S/.test(line)) {
      inDependencies = /^dependencies:\s*$/.test(line.trimEnd());
      continue;
    }
    if (!inDependencies) continue;
    const name = /^ {2}([a-z0-9_]+):/.exec(line)?.[1];
    if (name && BONJOUR_PLUGINS["pubspec.yaml"].includes(name)) {
      const { line: lineNumber } = positions(text)(start);
      found.push({ file, line: lineNumber, column: 3, endColumn: 3 + name.length, what: `the ${name} plugin`, multipeer: false });
    }
  }
  return found;
}

/**
 * The scan of one source file, run with the other source scans on one read (`source-scan.ts`). A file without
 * one of these words cannot give an API (`NetService` covers `NetServiceBrowser`, `NetService(` and
 * `NSNetService alloc`; `DNSService` the three calls), and types are taken only beside an API or after
 * `serviceType` in any case.
 */
export const BONJOUR_SOURCE_SCANNER = registerSourceScanner<FileEvidence>({
  mayFind:
    /NWBrowser|nw_browse_descriptor_create_bonjour_service|NWListener|nw_advertise_descriptor_create_bonjour_service|NetService|DNSService|MCNearbyService|MCAdvertiserAssistant|MCBrowserViewController|[sS][eE][rR][vV][iI][cC][eE][tT][yY][pP][eE]/,
  nothing: { apis: [], types: [], multipeerTypes: [] },
  scan: bonjourEvidenceInSource,
});

/**
 * The target's Bonjour evidence: its sources (each read once per run through `memo`), its executable's imports
 * and C strings, and its package manifests. MultipeerConnectivity service types count only when the target uses
 * MultipeerConnectivity.
 */
export function bonjourEvidence(target: Target, memo: <T>(key: string, compute: () => T) => T = (_key, compute) => compute()): BonjourEvidence {
  // Two rules ask for every app target's evidence: gathered once per target and run (40,000 sources are one loop).
  const byTarget = memo("lan/bonjour-evidence", () => new WeakMap<Target, BonjourEvidence>());
  let evidence = byTarget.get(target);
  if (!evidence) byTarget.set(target, (evidence = gatherBonjourEvidence(target, memo)));
  return evidence;
}

function gatherBonjourEvidence(target: Target, memo: <T>(key: string, compute: () => T) => T): BonjourEvidence {
  const apis: BonjourApi[] = [];
  const types: BonjourType[] = [];
  const multipeerTypes: BonjourType[] = [];
  const binary = target.binary;
  if (binary) {
    for (const api of SYMBOL_TOKENS) {
      if (binary.symbols.some((symbol) => symbol.includes(api.token))) apis.push({ file: binary.file, what: api.what, multipeer: api.multipeer ?? false });
    }
    if (apis.length > 0) {
      for (const text of binary.strings) {
        const match = /^(_[A-Za-z0-9_-]{1,63}\._(?:tcp|udp))(?:\.local)?\.?$/.exec(text);
        if (match && types.length < MAX_TYPES_PER_FILE) types.push({ file: binary.file, type: match[1] as string });
      }
    }
  }
  for (const ref of target.sources) {
    if (!SOURCE_FILE.test(ref.path)) continue;
    const found = scannedSource(ref.fsPath, ref.path, memo, BONJOUR_SOURCE_SCANNER);
    // Most files give nothing: no spread of their empty lists.
    if (!found || found === BONJOUR_SOURCE_SCANNER.nothing) continue;
    apis.push(...found.apis);
    types.push(...found.types);
    multipeerTypes.push(...found.multipeerTypes);
  }
  for (const ref of target.manifests) {
    const found = memo(`lan/bonjour-plugins:${ref.fsPath}`, () => {
      const text = readTextBounded(ref.fsPath, MAX_MANIFEST_BYTES);
      return text === undefined ? [] : bonjourPluginsInManifest(text, ref.path);
    });
    apis.push(...found);
  }
  if (apis.some((api) => api.multipeer)) types.push(...multipeerTypes);
  return { apis, types };
}

/** `_Foo._tcp.` → `_foo._tcp`: how NSBonjourServices entries and browsed types are compared. */
export function normaliseType(type: string): string {
  return type.replace(/\.local\.?$/i, "").replace(/\.$/, "").toLowerCase();
}
