/**
 * What changed in the entitlements a target claims between two sides (pure). An entitlement set to
 * `<false/>` claims nothing, so `false → true` is an addition. Array entitlements (the Network Extension
 * key, app groups, keychain groups) and string ones (`aps-environment`) are compared value by value, so a
 * pull request that adds `app-push-provider` next to `packet-tunnel-provider` is one added value, not a
 * changed key. Only what a target claims counts: signed entitlements when a build is read, else the source
 * files (`effectiveEntitlements`).
 */
import type { PlistDocument } from "../model/document.js";
import { isArray, type PlistEntry, type PlistValue } from "../model/plist.js";
import { effectiveEntitlements, type Target } from "../model/target.js";

export interface EntitlementClaim {
  readonly key: string;
  readonly document: PlistDocument;
  readonly entry: PlistEntry;
}

export interface EntitlementValue {
  readonly key: string;
  readonly value: string;
  readonly document: PlistDocument;
  readonly node: PlistValue;
}

export interface EntitlementChanges {
  /** Claimed by head only (located in head). */
  readonly added: EntitlementClaim[];
  /** Claimed by base only (located in base). */
  readonly removed: EntitlementClaim[];
  /** Values of an entitlement both claim, present in head only. */
  readonly valuesAdded: EntitlementValue[];
  /** Values of an entitlement both claim, present in base only. */
  readonly valuesRemoved: EntitlementValue[];
}

/** The claimed entitlements by key: the first document that sets a key wins (as the engine reads them). */
export function claimedEntitlements(target: Target | undefined): Map<string, EntitlementClaim> {
  const claims = new Map<string, EntitlementClaim>();
  for (const document of target ? effectiveEntitlements(target) : []) {
    if (document.root.type !== "Dict") continue;
    for (const entry of document.root.entries) {
      const key = entry.key.value;
      if (claims.has(key) || (entry.value.type === "Boolean" && !entry.value.value)) continue;
      claims.set(key, { key, document, entry });
    }
  }
  return claims;
}

export function entitlementChanges(base: Target | undefined, head: Target | undefined): EntitlementChanges {
  const before = claimedEntitlements(base);
  const after = claimedEntitlements(head);
  const changes: EntitlementChanges = { added: [], removed: [], valuesAdded: [], valuesRemoved: [] };
  for (const [key, claim] of after) {
    const old = before.get(key);
    if (!old) {
      changes.added.push(claim);
      continue;
    }
    const oldValues = valuesOf(old);
    const newValues = valuesOf(claim);
    const oldTexts = new Set(oldValues.map((value) => value.value));
    const newTexts = new Set(newValues.map((value) => value.value));
    changes.valuesAdded.push(...newValues.filter((value) => !oldTexts.has(value.value)));
    changes.valuesRemoved.push(...oldValues.filter((value) => !newTexts.has(value.value)));
  }
  for (const [key, claim] of before) if (!after.has(key)) changes.removed.push(claim);
  return changes;
}

/** The comparable values of a claim: array items and lone scalars, as text. A `true` Boolean is the claim itself. */
function valuesOf(claim: EntitlementClaim): EntitlementValue[] {
  const nodes = isArray(claim.entry.value) ? claim.entry.value.items : [claim.entry.value];
  const values: EntitlementValue[] = [];
  for (const node of nodes) {
    const text = scalarText(node);
    if (text !== undefined) values.push({ key: claim.key, value: text, document: claim.document, node });
  }
  return values;
}

function scalarText(node: PlistValue): string | undefined {
  switch (node.type) {
    case "String":
    case "Date":
      return node.value;
    case "Integer":
    case "Real":
      return String(node.value);
    case "Boolean":
      // Inside an array a Boolean is a value; alone, `true` is the claim (compared by presence).
      return node.parent?.type === "Array" ? String(node.value) : undefined;
    default:
      return undefined;
  }
}
