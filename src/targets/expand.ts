/**
 * Xcode expands build settings in Info.plists and entitlements at build time
 * (`INFOPLIST_EXPAND_BUILD_SETTINGS`, entitlements processing). A target configuration's view of such a
 * document is a copy with `$(VAR)` strings expanded from that configuration's settings; nodes keep their
 * source positions, so findings still point at the original file. What stays unknown stays a placeholder.
 */
import type { PlistDocument } from "../model/document.js";
import { hasPlaceholder, insertEntry, type PlistContainer, type PlistDict, type PlistEntry, type PlistValue } from "../model/plist.js";

export function expandDocument(document: PlistDocument, expand: (text: string) => string): PlistDocument {
  if (!containsPlaceholder(document.root)) return document;
  return { ...document, root: cloneValue(document.root, undefined, expand) };
}

function containsPlaceholder(root: PlistValue): boolean {
  const stack: PlistValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PlistValue;
    if (node.type === "String" && hasPlaceholder(node.value)) return true;
    if (node.type === "Array") stack.push(...node.items);
    else if (node.type === "Dict") for (const entry of node.entries) stack.push(entry.value);
  }
  return false;
}

/** Recursion is bounded by the readers' depth limits (512). */
function cloneValue(node: PlistValue, parent: PlistContainer | undefined, expand: (text: string) => string): PlistValue {
  switch (node.type) {
    case "String": {
      const value = hasPlaceholder(node.value) ? expand(node.value) : node.value;
      return { type: "String", value, ...(node.loc ? { loc: node.loc } : {}), ...(parent ? { parent } : {}) };
    }
    case "Array": {
      const copy = { type: "Array" as const, items: [] as PlistValue[], ...(node.loc ? { loc: node.loc } : {}), ...(parent ? { parent } : {}) };
      for (const item of node.items) copy.items.push(cloneValue(item, copy, expand));
      return copy;
    }
    case "Dict": {
      const copy: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: [], ...(node.loc ? { loc: node.loc } : {}), ...(parent ? { parent } : {}) };
      for (const entry of node.entries) {
        const clone: PlistEntry = { type: "Entry", key: { ...entry.key }, value: undefined as unknown as PlistValue, ...(entry.loc ? { loc: entry.loc } : {}), parent: copy };
        (clone as { value: PlistValue }).value = cloneValue(entry.value, clone, expand);
        insertEntry(copy, clone);
      }
      return copy;
    }
    default:
      return { ...node, ...(parent ? { parent } : {}) } as PlistValue;
  }
}
