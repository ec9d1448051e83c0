/**
 * How a target's local network declarations changed (pure): `NSLocalNetworkUsageDescription`, the text of
 * the Local Network alert, and `NSBonjourServices`, the service types the app may browse and advertise
 * without the multicast entitlement (TN3179). Located at the key or service type in the new file, or in the
 * old file when it is gone.
 */
import type { PlistDocument } from "../model/document.js";
import { entryOf, isString, stringItems, type PlistNode } from "../model/plist.js";
import type { Target } from "../model/target.js";

export interface LocalNetworkChange {
  /** What changed, as a clause. */
  readonly change: string;
  readonly consequence: string;
  readonly document: PlistDocument;
  readonly node: PlistNode;
}

const PROMPT = "users see the Local Network alert at the first local network access; App Review checks that its text says why";

export function localNetworkChanges(base: Target | undefined, head: Target | undefined): LocalNetworkChange[] {
  const before = base?.infoPlist;
  const after = head?.infoPlist;
  if (!before || !after) return [];
  const changes: LocalNetworkChange[] = [];
  const oldText = entryOf(before.root, "NSLocalNetworkUsageDescription");
  const newText = entryOf(after.root, "NSLocalNetworkUsageDescription");
  const text = (entry: typeof oldText): string | undefined => (entry && isString(entry.value) ? entry.value.value : undefined);
  if (newText && !oldText) changes.push({ change: "NSLocalNetworkUsageDescription is added", consequence: PROMPT, document: after, node: newText });
  else if (oldText && !newText) changes.push({ change: "NSLocalNetworkUsageDescription is removed", consequence: "the Local Network alert no longer says why the app asks, and users tend to deny it", document: before, node: oldText });
  else if (oldText && newText && text(oldText) !== text(newText)) changes.push({ change: "the NSLocalNetworkUsageDescription text changed", consequence: PROMPT, document: after, node: newText });

  const oldTypes = stringItems(entryOf(before.root, "NSBonjourServices")?.value);
  const newTypes = stringItems(entryOf(after.root, "NSBonjourServices")?.value);
  const had = new Set(oldTypes.map((item) => item.value));
  const has = new Set(newTypes.map((item) => item.value));
  for (const item of newTypes) {
    if (!had.has(item.value)) changes.push({ change: `Bonjour service type ${item.value} is added to NSBonjourServices`, consequence: "the app may browse or advertise it; the first use shows the Local Network alert", document: after, node: item });
  }
  for (const item of oldTypes) {
    if (!has.has(item.value)) changes.push({ change: `Bonjour service type ${item.value} is removed from NSBonjourServices`, consequence: "browsing or advertising it fails with NoAuth (-65555) on iOS 14+", document: before, node: item });
  }
  return changes;
}
