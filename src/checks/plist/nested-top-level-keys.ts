/**
 * Info.plist keys the system reads only at the top level of the bundle's Info.plist, and the places
 * below the top level where a project put them anyway (mullvad's packet tunnel has
 * `NSAppTransportSecurity` inside `NSExtension`). Nested there, the key is never read: the setting
 * silently does not apply.
 */
import { ATS_DOCS } from "../ats/sources.js";
import { LAN_DOCS } from "../lan/sources.js";
import { isArray, isDict, keyPathOf, type PlistEntry, type PlistValue } from "../../model/plist.js";

/** Top-level key → what happens when the system does not find it at the top level. */
export const TOP_LEVEL_ONLY_KEYS: ReadonlyMap<string, string> = new Map([
  ["NSAppTransportSecurity", "App Transport Security applies its defaults to this bundle"],
  ["NSLocalNetworkUsageDescription", "the Local Network alert shows no purpose string"],
  ["NSBonjourServices", "browsing for or advertising these Bonjour types fails"],
]);

export const TOP_LEVEL_KEY_SOURCES: readonly string[] = [ATS_DOCS.overview, LAN_DOCS.usageDescription, LAN_DOCS.bonjourServices];

export interface NestedTopLevelKey {
  readonly entry: PlistEntry;
  /** Where it is: `NSExtension` or `NSExtension → NSExtensionAttributes`. */
  readonly container: string;
  readonly effect: string;
}

/** Every top-level-only key found below the top level, in document order (one pass over the tree). */
export function nestedTopLevelKeys(root: PlistValue): NestedTopLevelKey[] {
  if (!isDict(root)) return [];
  const found: NestedTopLevelKey[] = [];
  const stack: PlistValue[] = root.entries.map((entry) => entry.value).reverse();
  while (stack.length > 0) {
    const node = stack.pop() as PlistValue;
    if (isArray(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i] as PlistValue);
      continue;
    }
    if (!isDict(node)) continue;
    for (const entry of node.entries) {
      const effect = TOP_LEVEL_ONLY_KEYS.get(entry.key.value);
      if (effect) found.push({ entry, container: keyPathOf(entry).slice(0, -1).join(" → "), effect });
    }
    for (let i = node.entries.length - 1; i >= 0; i--) stack.push((node.entries[i] as PlistEntry).value);
  }
  return found;
}
