/**
 * Evidence that a target sends or receives IP multicast or broadcast, or browses every Bonjour
 * type — what the multicast entitlement gates on iOS (TN3179, docs/domain/networking-entitlements.md §3). Read from Swift,
 * Objective-C and C sources (comments never count) and from a built executable's imported symbols
 * and C strings. Certain evidence is an API or socket option that exists only for multicast or
 * broadcast; an address literal is a heuristic, and counts only in a use context (sending, joining a
 * group, an endpoint or a host), never as a route, a subnet mask or a comparison.
 */
import type { Target } from "../../model/target.js";
import { registerSourceScanner, scannedSource } from "./source-scan.js";
import { stripComments } from "./strip-comments.js";

export interface Evidence {
  readonly what: string;
  readonly certain: boolean;
  /** Where: a source file line, or the executable. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly endColumn?: number;
}

interface Pattern {
  readonly regex: RegExp;
  readonly what: string;
  readonly certain: boolean;
}

const SOURCE_PATTERNS: readonly Pattern[] = [
  { regex: /\bNWMulticastGroup\b/, what: "NWMulticastGroup", certain: true },
  { regex: /\bNWConnectionGroup\b/, what: "NWConnectionGroup", certain: true },
  { regex: /\bnw_group_descriptor_create_multicast\b/, what: "nw_group_descriptor_create_multicast", certain: true },
  { regex: /\bnw_connection_group_create\b/, what: "nw_connection_group_create", certain: true },
  { regex: /\bIP_ADD_MEMBERSHIP\b/, what: "IP_ADD_MEMBERSHIP", certain: true },
  { regex: /\bIPV6_JOIN_GROUP\b/, what: "IPV6_JOIN_GROUP", certain: true },
  { regex: /\bSO_BROADCAST\b/, what: "SO_BROADCAST", certain: true },
  // GCDAsyncUdpSocket / CocoaAsyncSocket, SwiftNIO, BlueSocket spellings.
  { regex: /\bjoinMulticastGroup\b/, what: "joinMulticastGroup", certain: true },
  { regex: /\benableBroadcast\b/, what: "enableBroadcast", certain: true },
  { regex: /_services\._dns-sd\._udp/, what: "_services._dns-sd._udp (browsing every Bonjour type)", certain: true },
  { regex: /["'](?:22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}["':]/, what: "a multicast address literal", certain: false },
  { regex: /["']255\.255\.255\.255["':]/, what: "the broadcast address 255.255.255.255", certain: false },
  { regex: /["'][fF][fF]0[0-9a-fA-F]:[0-9a-fA-F:]*["']/, what: "an IPv6 multicast address literal", certain: false },
];

/** Substrings of imported symbols (C names and Swift mangled names both contain them). */
const SYMBOL_PATTERNS: readonly Pattern[] = [
  { regex: /NWMulticastGroup/, what: "NWMulticastGroup", certain: true },
  { regex: /NWConnectionGroup/, what: "NWConnectionGroup", certain: true },
  { regex: /nw_group_descriptor_create_multicast/, what: "nw_group_descriptor_create_multicast", certain: true },
  { regex: /nw_connection_group_create/, what: "nw_connection_group_create", certain: true },
];

const STRING_PATTERNS: readonly Pattern[] = [
  { regex: /^_services\._dns-sd\._udp/, what: "_services._dns-sd._udp (browsing every Bonjour type)", certain: true },
  { regex: /^(?:22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, what: "a multicast address literal", certain: false },
  { regex: /^255\.255\.255\.255$/, what: "the broadcast address 255.255.255.255", certain: false },
];

/** Imports that send datagrams or set socket options (C names; Swift's Network framework goes through NWConnection). */
const SENDING_SYMBOLS = ["sendto", "sendmsg", "setsockopt", "NWConnection", "nw_connection_send"];

const SOURCE_EXTENSIONS = /\.(swift|m|mm|c|cc|cpp|h|hpp)$/i;

/** At most this many address literals are weighed per pattern and file; a generated table of addresses is not networking code. */
const MAX_LITERALS_PER_PATTERN = 64;

/**
 * Words on a literal's line that make it anything but a multicast or broadcast *use*: a route, a subnet mask,
 * a comparison or a prefix test. Lower case; plain substring tests, no regular expression on repository text.
 */
const NOT_A_USE = ["route", "mask", "==", "!=", "===", "hasprefix", "startswith", "starts(with", "isequal", "compare", "case ", "prefix"];
/** Words that put a literal in a use context: sending, joining a group, an endpoint, or a name saying it is the host. */
const USE = ["send", "endpoint", "hostport", "host", "membership", "join_group", "joingroup", "joinmulticastgroup", "broadcast", "multicast", "inet_addr", "inet_pton", "connect", "addr", "destination", "group", "ssdp", "mdns"];

/** Whether an address literal on `line` is used for multicast or broadcast rather than routed, masked or compared. */
export function isAddressUse(line: string): boolean {
  const lower = line.toLowerCase();
  if (NOT_A_USE.some((word) => lower.includes(word))) return false;
  return USE.some((word) => lower.includes(word));
}

/** How far either side of a literal its context is read (a minified one-line file is not one huge context). */
const CONTEXT_REACH = 160;

function lineAround(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - CONTEXT_REACH), index);
  const after = text.slice(index, index + CONTEXT_REACH);
  const newline = after.indexOf("\n");
  return before.slice(before.lastIndexOf("\n") + 1) + (newline === -1 ? after : after.slice(0, newline));
}

/** The first match of any pattern in one source file (certain evidence preferred). */
export function evidenceInSource(text: string, file: string): Evidence | undefined {
  const stripped = stripComments(text);
  let best: Evidence | undefined;
  for (const pattern of SOURCE_PATTERNS) {
    if (best?.certain && !pattern.certain) break;
    const match = pattern.certain ? pattern.regex.exec(stripped) : firstAddressUse(pattern.regex, stripped);
    if (!match) continue;
    const before = stripped.slice(0, match.index);
    const line = before.split("\n").length;
    const column = match.index - before.lastIndexOf("\n");
    const evidence: Evidence = { what: pattern.what, certain: pattern.certain, file, line, column, endColumn: column + match[0].length };
    if (!best || (evidence.certain && !best.certain) || (evidence.certain === best.certain && (evidence.line ?? 0) < (best.line ?? 0))) best = evidence;
  }
  return best;
}

/** The first address literal of `regex` whose line uses it (see `isAddressUse`), among a bounded number of them. */
function firstAddressUse(regex: RegExp, text: string): RegExpExecArray | undefined {
  const global = new RegExp(regex.source, "g");
  for (let seen = 0; seen < MAX_LITERALS_PER_PATTERN; seen++) {
    const match = global.exec(text);
    if (!match) return undefined;
    if (isAddressUse(lineAround(text, match.index))) return match;
  }
  return undefined;
}

/**
 * The scan of one source file, run with the other source scans on one read (`source-scan.ts`). A file without
 * one of these words cannot match a source pattern: each pattern needs its API name, a quoted `22x.`/`23x.`/
 * `ff0…` address or `255.255.255.255` in the text as it is (stripping comments only blanks characters out).
 */
export const MULTICAST_SOURCE_SCANNER = registerSourceScanner<Evidence | undefined>({
  mayFind:
    /NWMulticastGroup|NWConnectionGroup|nw_group_descriptor_create_multicast|nw_connection_group_create|IP_ADD_MEMBERSHIP|IPV6_JOIN_GROUP|SO_BROADCAST|joinMulticastGroup|enableBroadcast|_services\._dns-sd\._udp|["'](?:22|23)|255\.255\.255\.255|["'][fF][fF]0/,
  nothing: undefined,
  scan: evidenceInSource,
});

/**
 * The strongest evidence in the target's sources and binary: the first certain finding, else the
 * first heuristic one. Sources are read one at a time and the scan stops at the first certain hit.
 */
export function multicastEvidence(target: Target, memo: <T>(key: string, compute: () => T) => T = (_key, compute) => compute()): Evidence | undefined {
  let heuristic: Evidence | undefined;
  const binary = target.binary;
  if (binary) {
    for (const pattern of SYMBOL_PATTERNS) {
      const symbol = binary.symbols.find((s) => pattern.regex.test(s));
      if (symbol) return { what: pattern.what, certain: true, file: binary.file };
    }
    // A bare address string in an executable is as often a route or a subnet mask (VPN providers) as a destination:
    // it counts only beside an import that sends datagrams or sets socket options.
    const sends = binary.symbols.some((symbol) => SENDING_SYMBOLS.some((name) => symbol.includes(name)));
    for (const pattern of STRING_PATTERNS) {
      if (!pattern.certain && !sends) continue;
      const found = binary.strings.find((s) => pattern.regex.test(s));
      if (!found) continue;
      if (pattern.certain) return { what: pattern.what, certain: true, file: binary.file };
      heuristic ??= { what: `${pattern.what} (${found})`, certain: false, file: binary.file };
    }
  }
  for (const ref of target.sources) {
    if (!SOURCE_EXTENSIONS.test(ref.path)) continue;
    // Many targets and configurations compile the same file: read and scan it once per run.
    const found = scannedSource(ref.fsPath, ref.path, memo, MULTICAST_SOURCE_SCANNER);
    if (found?.certain) return found;
    if (found) heuristic ??= found;
  }
  return heuristic;
}
