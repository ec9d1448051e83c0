/**
 * How App Transport Security changed between two Info.plists (pure): each change is a relaxation (ATS off
 * for more loads, a new exception domain that lets something through, plain HTTP, a lower minimum TLS
 * version, forward secrecy off, an exception widened to subdomains, pinning removed or weakened) or a
 * tightening (the reverse). Legacy spellings (`NSTemporaryException…`, `NSThirdPartyException…`) count as the key they stand
 * for. A change is located at the key in the new file, or in the old file when the key is gone.
 * Apple: https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity
 */
import { arbitraryLoadsVerdict, NEUTRALISING_KEYS } from "../checks/ats/arbitrary-loads.js";
import { ATS_DOMAIN_KEYS } from "../checks/ats/keys.js";
import { readAts, type AtsDomainView, type AtsView } from "../checks/ats/view.js";
import { classifyDomainKey } from "../checks/ats/domain-key.js";
import type { PlistDocument } from "../model/document.js";
import { isArray, isBoolean, isDict, isString, type PlistEntry } from "../model/plist.js";
import type { Target } from "../model/target.js";
import type { Severity } from "../linter/types.js";

export interface AtsChange {
  readonly direction: "relaxed" | "tightened";
  /** What changed, as a clause: `NSAllowsArbitraryLoads is now on`. */
  readonly change: string;
  /** What it means: App Review, which connections. */
  readonly consequence: string;
  readonly document: PlistDocument;
  readonly node: PlistEntry;
  /** Lower than the rule's severity for a change that relaxes little (see the rule's rationale). */
  readonly severity?: Severity;
}

const JUSTIFY = "App Review asks for a justification of this exception (Apple accepts a server you cannot upgrade, devices you cannot update, or third-party web content)";

const GLOBAL_FLAGS: Readonly<Record<string, string>> = {
  NSAllowsArbitraryLoadsForMedia: "ATS is off for AVFoundation media loads",
  NSAllowsArbitraryLoadsInWebContent: "ATS is off for web views",
  NSAllowsLocalNetworking: "ATS allows plain connections to local names and IP addresses",
};

/** TLS versions in order; a domain without the key gets the default, TLS 1.2. */
const TLS_ORDER = ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const DEFAULT_TLS = "TLSv1.2";

interface DomainPosture {
  readonly entry: PlistEntry;
  readonly insecureHttp?: PlistEntry;
  readonly minimumTls?: PlistEntry;
  readonly noForwardSecrecy?: PlistEntry;
  readonly subdomains?: PlistEntry;
}

interface Side {
  readonly document: PlistDocument;
  readonly ats: AtsView | undefined;
  readonly target: Target;
}

export function atsChanges(base: Target | undefined, head: Target | undefined): AtsChange[] {
  if (!base?.infoPlist || !head?.infoPlist) return [];
  const before: Side = { document: base.infoPlist, ats: readAts(base.infoPlist.root), target: base };
  const after: Side = { document: head.infoPlist, ats: readAts(head.infoPlist.root), target: head };
  if (!before.ats && !after.ats) return [];
  return [...globalChanges(before, after), ...domainChanges(before, after), ...pinningChanges(before, after)];
}

function flag(ats: AtsView | undefined, key: string): PlistEntry | undefined {
  const entry = ats?.dict.byKey.get(key);
  return entry && isBoolean(entry.value) && entry.value.value ? entry : undefined;
}

/** Where a change is shown: the key in the new file when it is still there, else in the old file. */
function at(after: Side, afterEntry: PlistEntry | undefined, before: Side, beforeEntry: PlistEntry | undefined): { document: PlistDocument; node: PlistEntry } | undefined {
  if (afterEntry) return { document: after.document, node: afterEntry };
  if (beforeEntry) return { document: before.document, node: beforeEntry };
  return undefined;
}

function globalChanges(before: Side, after: Side): AtsChange[] {
  const changes: AtsChange[] = [];
  const effective = (side: Side): PlistEntry | undefined => {
    const verdict = side.ats ? arbitraryLoadsVerdict(side.ats, side.target.platform?.value, side.target.deploymentTarget?.value) : undefined;
    return verdict?.kind === "effective" ? verdict.entry : undefined;
  };
  const wasOff = effective(before);
  const isOff = effective(after);
  if (isOff && !wasOff) {
    changes.push({ direction: "relaxed", change: "NSAllowsArbitraryLoads now turns ATS off for every host not listed in NSExceptionDomains", consequence: JUSTIFY, document: after.document, node: isOff });
  } else if (wasOff && !isOff) {
    const where = at(after, after.ats?.dict.byKey.get("NSAllowsArbitraryLoads") ?? NEUTRALISING_KEYS.map((key) => flag(after.ats, key)).find(Boolean), before, wasOff);
    if (where) changes.push({ direction: "tightened", change: "NSAllowsArbitraryLoads no longer turns ATS off", consequence: "plain-HTTP and weak-TLS servers the app reached before now fail unless an exception domain lists them", ...where });
  }
  for (const [key, meaning] of Object.entries(GLOBAL_FLAGS)) {
    const was = flag(before.ats, key);
    const is = flag(after.ats, key);
    if (is && !was) {
      const consequence = key === "NSAllowsLocalNetworking" ? "App Review does not ask about it; check that only local hosts are reached this way" : JUSTIFY;
      changes.push({ direction: "relaxed", change: `${key} is now on: ${meaning}`, consequence, document: after.document, node: is });
    } else if (was && !is) {
      const where = at(after, after.ats?.dict.byKey.get(key), before, was);
      if (where) changes.push({ direction: "tightened", change: `${key} is no longer on`, consequence: "those loads are held to ATS again", ...where });
    }
  }
  return changes;
}

function domainPostures(ats: AtsView | undefined): Map<string, DomainPosture> {
  const postures = new Map<string, DomainPosture>();
  for (const view of ats?.domains ?? []) postures.set(view.domain.toLowerCase(), postureOf(view));
  return postures;
}

function postureOf(view: AtsDomainView): DomainPosture {
  let posture: { -readonly [K in keyof DomainPosture]: DomainPosture[K] } = { entry: view.entry };
  for (const entry of view.dict?.entries ?? []) {
    const key = ATS_DOMAIN_KEYS.get(entry.key.value)?.replacedBy ?? entry.key.value;
    const on = isBoolean(entry.value) && entry.value.value;
    if (key === "NSExceptionAllowsInsecureHTTPLoads" && on) posture = { ...posture, insecureHttp: entry };
    else if (key === "NSExceptionMinimumTLSVersion" && isString(entry.value) && TLS_ORDER.includes(entry.value.value)) posture = { ...posture, minimumTls: entry };
    else if (key === "NSExceptionRequiresForwardSecrecy" && isBoolean(entry.value) && !entry.value.value) posture = { ...posture, noForwardSecrecy: entry };
    else if (key === "NSIncludesSubdomains" && on) posture = { ...posture, subdomains: entry };
  }
  return posture;
}

function tlsOf(posture: DomainPosture | undefined): string {
  const value = posture?.minimumTls?.value;
  return value && isString(value) ? value.value : DEFAULT_TLS;
}

/** The relaxations a domain exception grants, as words; empty when it grants none. */
function relaxationsOf(posture: DomainPosture): string[] {
  const granted: string[] = [];
  if (posture.insecureHttp) granted.push("plain HTTP");
  if (TLS_ORDER.indexOf(tlsOf(posture)) < TLS_ORDER.indexOf(DEFAULT_TLS)) granted.push(`TLS down to ${tlsOf(posture)}`);
  if (posture.noForwardSecrecy) granted.push("no forward secrecy");
  return granted;
}

function domainChanges(before: Side, after: Side): AtsChange[] {
  const changes: AtsChange[] = [];
  const old = domainPostures(before.ats);
  const now = domainPostures(after.ats);
  const scope = (domain: string, posture: DomainPosture): string => (posture.subdomains ? `${domain} and its subdomains` : domain);
  const justify = (posture: DomainPosture): string => (posture.insecureHttp || relaxationsOf(posture).some((r) => r.startsWith("TLS")) ? JUSTIFY : "connections to it are easier to intercept");
  for (const [domain, posture] of now) {
    const was = old.get(domain);
    const granted = relaxationsOf(posture);
    if (!was) {
      if (granted.length > 0) {
        changes.push({ direction: "relaxed", change: `new exception domain ${scope(domain, posture)} allows ${granted.join(", ")}`, consequence: justify(posture), document: after.document, node: posture.entry });
      } else changes.push(newDefaultDomain(after, domain, scope(domain, posture), posture.entry));
      continue;
    }
    if (posture.insecureHttp && !was.insecureHttp) changes.push({ direction: "relaxed", change: `${domain} now allows plain HTTP`, consequence: JUSTIFY, document: after.document, node: posture.insecureHttp });
    if (!posture.insecureHttp && was.insecureHttp) changes.push({ direction: "tightened", change: `${domain} no longer allows plain HTTP`, consequence: "http:// loads from it now fail", ...at(after, undefined, before, was.insecureHttp)! });
    const tlsNow = TLS_ORDER.indexOf(tlsOf(posture));
    const tlsThen = TLS_ORDER.indexOf(tlsOf(was));
    if (tlsNow !== tlsThen) {
      const where = at(after, posture.minimumTls, before, was.minimumTls)!;
      if (tlsNow < tlsThen) {
        changes.push({ direction: "relaxed", change: `${domain}'s minimum TLS version is lowered from ${tlsOf(was)} to ${tlsOf(posture)}`, consequence: tlsNow < TLS_ORDER.indexOf(DEFAULT_TLS) ? JUSTIFY : "connections may use an older protocol", ...where });
      } else changes.push({ direction: "tightened", change: `${domain}'s minimum TLS version is raised from ${tlsOf(was)} to ${tlsOf(posture)}`, consequence: "servers without it now fail", ...where });
    }
    if (posture.noForwardSecrecy && !was.noForwardSecrecy) changes.push({ direction: "relaxed", change: `${domain} no longer requires forward secrecy`, consequence: "ciphers without forward secrecy are accepted", document: after.document, node: posture.noForwardSecrecy });
    if (!posture.noForwardSecrecy && was.noForwardSecrecy) changes.push({ direction: "tightened", change: `${domain} requires forward secrecy again`, consequence: "servers without ECDHE ciphers now fail", ...at(after, undefined, before, was.noForwardSecrecy)! });
    if (granted.length > 0 && posture.subdomains && !was.subdomains) {
      changes.push({ direction: "relaxed", change: `the exception for ${domain} (${granted.join(", ")}) now covers every subdomain`, consequence: justify(posture), document: after.document, node: posture.subdomains });
    }
  }
  for (const [domain, posture] of old) {
    if (now.has(domain)) continue;
    const granted = relaxationsOf(posture);
    if (granted.length > 0) changes.push({ direction: "tightened", change: `the exception domain ${domain} (${granted.join(", ")}) is gone`, consequence: "connections to it are held to ATS again", document: before.document, node: posture.entry });
  }
  return changes;
}

/** Global keys that let connections through ATS, which an exception entry (even an empty one) overrides for its host. */
function globalRelaxations(side: Side): string[] {
  const verdict = side.ats ? arbitraryLoadsVerdict(side.ats, side.target.platform?.value, side.target.deploymentTarget?.value) : undefined;
  return [...(verdict?.kind === "effective" ? ["NSAllowsArbitraryLoads"] : []), ...Object.keys(GLOBAL_FLAGS).filter((key) => flag(side.ats, key))];
}

/**
 * A new exception domain whose keys are all ATS's defaults. An exception entry replaces the global keys for its
 * host (rule catalogue §1.6.1), so while a global key lets connections through, it holds the host to ATS again
 * (a tightening). Otherwise it relaxes nothing today, except that an IP address or range can now be reached by
 * address on iOS 17 and macOS 14 and later (§1.6.3); it is still a new exception, reported as a note so a
 * reviewer sees the domain list grow (a later change to this entry alone relaxes the host).
 */
function newDefaultDomain(after: Side, domain: string, scope: string, entry: PlistEntry): AtsChange {
  const overridden = globalRelaxations(after);
  if (overridden.length > 0) {
    return { direction: "tightened", change: `new exception domain ${scope} keeps ATS's defaults, which replace ${overridden.join(" and ")} for it`, consequence: "plain-HTTP and weak-TLS loads from it now fail", document: after.document, node: entry };
  }
  const shape = classifyDomainKey(domain);
  if (shape.kind === "ip") {
    return { direction: "relaxed", severity: "note", change: `new exception domain ${domain} lets the app connect to ${shape.cidr ? "that address range" : "that address"} by IP, which ATS blocks by default on iOS 17 and macOS 14 and later`, consequence: "connections still need TLS 1.2 and a certificate valid for the address, as no other key relaxes them", document: after.document, node: entry };
  }
  return { direction: "relaxed", severity: "note", change: `new exception domain ${scope} (relaxes nothing today: its keys are ATS's defaults)`, consequence: "review it as an exception all the same: a later change to this entry alone relaxes the host", document: after.document, node: entry };
}

const PIN_KINDS = { NSPinnedCAIdentities: "CA", NSPinnedLeafIdentities: "leaf" } as const;
type PinKind = keyof typeof PIN_KINDS;

interface PinSet {
  readonly entry: PlistEntry;
  /** `SPKI-SHA256-BASE64` value → its entry. */
  readonly pins: Map<string, PlistEntry>;
}

/** The pins of one pinned domain, by kind; a kind with no pin (absent, empty, malformed) is left out: it pins nothing. */
function pinSets(view: AtsDomainView): Map<PinKind, PinSet> {
  const sets = new Map<PinKind, PinSet>();
  for (const kind of Object.keys(PIN_KINDS) as PinKind[]) {
    const entry = view.dict?.byKey.get(kind);
    if (!entry || !isArray(entry.value)) continue;
    const pins = new Map<string, PlistEntry>();
    for (const item of entry.value.items) {
      const pin = isDict(item) ? item.byKey.get("SPKI-SHA256-BASE64") : undefined;
      if (pin && isString(pin.value) && !pins.has(pin.value.value)) pins.set(pin.value.value, pin);
    }
    if (pins.size > 0) sets.set(kind, { entry, pins });
  }
  return sets;
}

/** A pin as messages show it: enough to find it, not the whole hash. */
function pinLabel(pin: string): string {
  return pin.length > 12 ? `${pin.slice(0, 12)}…` : pin;
}

/**
 * Pinning kept for a domain but changed (Apple: each list accepts any of its keys; with both lists, both must
 * match). Relaxations: a kind of pin dropped (the other alone is checked; none left pins nothing), a key
 * added to a list (one more key accepted: a rotation backup, or someone else's key), subdomains no longer
 * pinned. Tightenings: a key removed from a list (fewer keys accepted), a kind added, subdomains pinned.
 */
function pinChangesOf(domain: string, before: Side, was: AtsDomainView, after: Side, now: AtsDomainView): AtsChange[] {
  const changes: AtsChange[] = [];
  const old = pinSets(was);
  const current = pinSets(now);
  if (current.size === 0 && old.size > 0) {
    // The entry is kept but pins nothing: as good as removed.
    return [{ direction: "relaxed", change: `pinning for ${domain} no longer pins any key (its pin lists are empty or gone)`, consequence: "any certificate a trusted CA issues for it is accepted again, including one issued to an attacker", document: after.document, node: now.entry }];
  }
  for (const [kind, set] of old) {
    const kept = current.get(kind);
    if (!kept) {
      const where = at(after, now.dict?.byKey.get(kind), before, set.entry)!;
      const consequence = kind === "NSPinnedLeafIdentities" ? "any certificate a pinned CA issues for it is accepted, whatever its key" : "a certificate with a pinned leaf key is accepted whichever CA issued it";
      changes.push({ direction: "relaxed", change: `pinning for ${domain} no longer checks ${PIN_KINDS[kind]} keys (${kind} has no pin left)`, consequence, ...where });
      continue;
    }
    for (const [pin, entry] of kept.pins) {
      if (set.pins.has(pin)) continue;
      changes.push({ direction: "relaxed", severity: "note", change: `pinning for ${domain} now also accepts the ${PIN_KINDS[kind]} key ${pinLabel(pin)}`, consequence: "check that the key is your own (a backup for rotation) or a CA you mean to trust", document: after.document, node: entry });
    }
    for (const [pin, entry] of set.pins) {
      if (kept.pins.has(pin)) continue;
      changes.push({ direction: "tightened", change: `pinning for ${domain} no longer accepts the ${PIN_KINDS[kind]} key ${pinLabel(pin)}`, consequence: "a server presenting it now fails: check that the key is retired and that a backup pin remains", document: before.document, node: entry });
    }
  }
  for (const [kind, set] of current) {
    if (!old.has(kind)) changes.push({ direction: "tightened", change: `pinning for ${domain} now also checks ${PIN_KINDS[kind]} keys`, consequence: "a certificate must now match both lists: plan key rotation for both", document: after.document, node: set.entry });
  }
  const subdomains = (view: AtsDomainView): PlistEntry | undefined => {
    const entry = view.dict?.byKey.get("NSIncludesSubdomains");
    return entry && isBoolean(entry.value) && entry.value.value ? entry : undefined;
  };
  const wasWide = subdomains(was);
  const isWide = subdomains(now);
  if (wasWide && !isWide) changes.push({ direction: "relaxed", change: `the subdomains of ${domain} are no longer pinned`, consequence: "any certificate a trusted CA issues for them is accepted again", ...at(after, now.dict?.byKey.get("NSIncludesSubdomains"), before, wasWide)! });
  if (isWide && !wasWide) changes.push({ direction: "tightened", change: `the subdomains of ${domain} are now pinned too`, consequence: "connections to them fail when their certificates do not match the pinned keys", document: after.document, node: isWide });
  return changes;
}

function pinningChanges(before: Side, after: Side): AtsChange[] {
  const changes: AtsChange[] = [];
  const pinned = (ats: AtsView | undefined): Map<string, AtsDomainView> => new Map((ats?.pinnedDomains ?? []).map((view) => [view.domain.toLowerCase(), view]));
  const old = pinned(before.ats);
  const now = pinned(after.ats);
  for (const [domain, view] of old) {
    const kept = now.get(domain);
    if (!kept) changes.push({ direction: "relaxed", change: `pinning for ${domain} is removed`, consequence: "any certificate a trusted CA issues for it is accepted again, including one issued to an attacker", document: before.document, node: view.entry });
    else changes.push(...pinChangesOf(domain, before, view, after, kept));
  }
  for (const [domain, view] of now) {
    if (!old.has(domain)) changes.push({ direction: "tightened", change: `${domain} is now pinned`, consequence: "connections fail when its certificate chain no longer matches the pinned keys: plan key rotation", document: after.document, node: view.entry });
  }
  return changes;
}

/** A target's ATS posture as the inventory shows it: what is turned off, which domains relax what, what is pinned. */
export interface AtsPosture {
  /** `effective`, `neutralised` (newer keys make iOS 10+/macOS 10.12+ ignore it), or `off` (not set). */
  readonly arbitraryLoads: "effective" | "neutralised" | "off";
  /** Narrower global keys that are on. */
  readonly on: string[];
  readonly exceptionDomains: { readonly domain: string; readonly allows: string[]; readonly includesSubdomains: boolean }[];
  readonly pinnedDomains: string[];
}

export function atsPosture(target: Target): AtsPosture | undefined {
  const ats = target.infoPlist ? readAts(target.infoPlist.root) : undefined;
  if (!ats) return undefined;
  const verdict = arbitraryLoadsVerdict(ats, target.platform?.value, target.deploymentTarget?.value);
  return {
    arbitraryLoads: verdict?.kind ?? "off",
    on: Object.keys(GLOBAL_FLAGS).filter((key) => flag(ats, key)),
    exceptionDomains: [...domainPostures(ats)].map(([domain, posture]) => ({ domain, allows: relaxationsOf(posture), includesSubdomains: posture.subdomains !== undefined })),
    pinnedDomains: ats.pinnedDomains.map((view) => view.domain),
  };
}
