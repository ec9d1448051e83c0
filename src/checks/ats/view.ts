/** A typed view of an Info.plist's `NSAppTransportSecurity` dictionary for ATS rules. */
import { isDict, type PlistDict, type PlistEntry, type PlistValue } from "../../model/plist.js";
import { classifyDomainKey, type DomainKeyShape } from "./domain-key.js";
import type { AtsLevel } from "./keys.js";
import { perTree } from "../../linter/last-tree.js";

export interface AtsDomainView {
  readonly level: Exclude<AtsLevel, "root">;
  /** `NSExceptionDomains` or `NSPinnedDomains`, for messages. */
  readonly holder: "NSExceptionDomains" | "NSPinnedDomains";
  /** The entry whose key is the domain. */
  readonly entry: PlistEntry;
  readonly domain: string;
  /** The entry's dict, when it is one. */
  readonly dict: PlistDict | undefined;
  /** What the key is (`domainShape`): classified once, on first asked, for the rules that ask. */
  shape: DomainKeyShape | undefined;
}

export interface AtsView {
  readonly entry: PlistEntry;
  readonly dict: PlistDict;
  readonly domains: AtsDomainView[];
  readonly pinnedDomains: AtsDomainView[];
  /** `domains` then `pinnedDomains` (`everyDomain`), joined once. */
  every: readonly AtsDomainView[] | undefined;
}

/** The ATS configuration of an Info.plist root, or undefined when there is none (or it is not a dict). */
export function readAts(root: PlistValue): AtsView | undefined {
  // Nine rules read the same view of each Info.plist (30,000 in a large monorepo): built once per tree.
  return isDict(root) ? viewOf(root) : undefined;
}

const viewOf = perTree(buildView);

function buildView(root: PlistDict): AtsView | undefined {
  const entry = root.byKey.get("NSAppTransportSecurity");
  if (!entry || !isDict(entry.value)) return undefined;
  const dict = entry.value;
  return {
    entry,
    dict,
    domains: domainsOf(dict.byKey.get("NSExceptionDomains"), "domain"),
    pinnedDomains: domainsOf(dict.byKey.get("NSPinnedDomains"), "pinned-domain"),
    every: undefined,
  };
}

function domainsOf(holder: PlistEntry | undefined, level: AtsDomainView["level"]): AtsDomainView[] {
  if (!holder || !isDict(holder.value)) return [];
  const holderName = level === "domain" ? "NSExceptionDomains" : "NSPinnedDomains";
  return holder.value.entries.map((entry) => ({ level, holder: holderName, entry, domain: entry.key.value, dict: isDict(entry.value) ? entry.value : undefined, shape: undefined }));
}

/** Every exception and pinned domain of an Info.plist (the domain-key syntax rules apply to both). */
export function everyDomain(root: PlistValue): readonly AtsDomainView[] {
  const ats = readAts(root);
  if (!ats) return [];
  return (ats.every ??= ats.pinnedDomains.length === 0 ? ats.domains : [...ats.domains, ...ats.pinnedDomains]);
}

/** `classifyDomainKey` of the domain, computed once per domain for the several rules that ask. */
export function domainShape(view: AtsDomainView): DomainKeyShape {
  return (view.shape ??= classifyDomainKey(view.domain));
}

/** Every entry of a domain dict whose key is in `keys`. */
export function domainEntries(view: AtsDomainView, keys: readonly string[]): PlistEntry[] {
  return view.dict ? view.dict.entries.filter((entry) => keys.includes(entry.key.value)) : [];
}
