/** A typed view of an Info.plist's `NSAppTransportSecurity` dictionary for ATS rules. */
import { isDict, type PlistDict, type PlistEntry, type PlistValue } from "../../model/plist.js";
import type { AtsLevel } from "./keys.js";

export interface AtsDomainView {
  readonly level: Exclude<AtsLevel, "root">;
  /** `NSExceptionDomains` or `NSPinnedDomains`, for messages. */
  readonly holder: "NSExceptionDomains" | "NSPinnedDomains";
  /** The entry whose key is the domain. */
  readonly entry: PlistEntry;
  readonly domain: string;
  /** The entry's dict, when it is one. */
  readonly dict: PlistDict | undefined;
}

export interface AtsView {
  readonly entry: PlistEntry;
  readonly dict: PlistDict;
  readonly domains: AtsDomainView[];
  readonly pinnedDomains: AtsDomainView[];
}

/** The ATS configuration of an Info.plist root, or undefined when there is none (or it is not a dict). */
export function readAts(root: PlistValue): AtsView | undefined {
  if (!isDict(root)) return undefined;
  // Nine rules read the same view of each Info.plist (30,000 in a large monorepo): built once per tree.
  if (views.has(root)) return views.get(root);
  const view = buildView(root);
  views.set(root, view);
  return view;
}

const views = new WeakMap<PlistDict, AtsView | undefined>();

function buildView(root: PlistDict): AtsView | undefined {
  const entry = root.byKey.get("NSAppTransportSecurity");
  if (!entry || !isDict(entry.value)) return undefined;
  const dict = entry.value;
  return {
    entry,
    dict,
    domains: domainsOf(dict.byKey.get("NSExceptionDomains"), "domain"),
    pinnedDomains: domainsOf(dict.byKey.get("NSPinnedDomains"), "pinned-domain"),
  };
}

function domainsOf(holder: PlistEntry | undefined, level: AtsDomainView["level"]): AtsDomainView[] {
  if (!holder || !isDict(holder.value)) return [];
  const holderName = level === "domain" ? "NSExceptionDomains" : "NSPinnedDomains";
  return holder.value.entries.map((entry) => ({ level, holder: holderName, entry, domain: entry.key.value, dict: isDict(entry.value) ? entry.value : undefined }));
}

/** Every exception and pinned domain of an Info.plist (the domain-key syntax rules apply to both). */
export function everyDomain(root: PlistValue): AtsDomainView[] {
  const ats = readAts(root);
  return ats ? [...ats.domains, ...ats.pinnedDomains] : [];
}

/** Every entry of a domain dict whose key is in `keys`. */
export function domainEntries(view: AtsDomainView, keys: readonly string[]): PlistEntry[] {
  return view.dict ? view.dict.entries.filter((entry) => keys.includes(entry.key.value)) : [];
}
