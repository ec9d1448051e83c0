import { isArray, isDict, type PlistEntry, type PlistValue } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** Whether two plist values are the same value of the same type (a repeated entry that changes nothing). */
function sameValue(a: PlistValue, b: PlistValue): boolean {
  if (a.type !== b.type) return false;
  if (isDict(a) && isDict(b)) {
    return a.entries.length === b.entries.length && a.entries.every((entry, i) => entry.key.value === b.entries[i]?.key.value && sameValue(entry.value, (b.entries[i] as PlistEntry).value));
  }
  if (isArray(a) && isArray(b)) return a.items.length === b.items.length && a.items.every((item, i) => sameValue(item, b.items[i] as PlistValue));
  if (a.type === "Data" && b.type === "Data") return Buffer.from(a.value).equals(Buffer.from(b.value));
  return "value" in a && "value" in b && a.value === b.value;
}

export default defineDocumentRule({
  meta: {
    id: "plist/duplicate-key",
    severity: "warning",
    description: "A key that appears twice in the same dictionary",
    rationale:
      "When a dictionary repeats a key, the later value silently replaces the earlier one. The earlier value is dead, and a reviewer " +
      "reading it is misled. A key repeated with the same value changes nothing and is only a note. (Info.plists written for Xcode's C " +
      "preprocessor are not checked: their `#if` branches legitimately repeat keys.)",
    fix: "Remove one of the two entries.",
    sources: ["https://developer.apple.com/library/archive/documentation/Cocoa/Conceptual/PropertyLists/AboutPropertyLists/AboutPropertyLists.html"],
    messages: {
      duplicate: "The key {{key}} appears again here; the earlier value on line {{line}} is ignored.",
      repeated: "The key {{key}} appears again here with the same value as on line {{line}}; the repetition changes nothing, remove it.",
      duplicateUnlocated: "The key {{key}} appears more than once in the same dictionary; only the last value counts.",
    },
    examples: {
      incorrect: "<key>NSAllowsArbitraryLoads</key>\n<false/>\n<key>NSAllowsArbitraryLoads</key>\n<true/>",
      correct: "<key>NSAllowsArbitraryLoads</key>\n<false/>",
    },
    tags: ["correctness"],
  },
  documents: ["info-plist", "entitlements", "profile", "signed-entitlements", "plist"],
  check({ document, report }) {
    if (document.preprocessed) return;
    const stack: PlistValue[] = [document.root];
    while (stack.length > 0) {
      const node = stack.pop() as PlistValue;
      if (isArray(node)) for (const item of node.items) stack.push(item);
      if (!isDict(node)) continue;
      if (node.shadowed.length > 0) {
        const previous = new Map<string, PlistEntry>();
        for (const entry of node.entries) {
          const earlier = previous.get(entry.key.value);
          if (earlier?.key.loc && sameValue(earlier.value, entry.value)) report({ messageId: "repeated", node: entry, severity: "note", data: { key: entry.key.value, line: earlier.key.loc.start.line } });
          else if (earlier?.key.loc) report({ messageId: "duplicate", node: entry, data: { key: entry.key.value, line: earlier.key.loc.start.line } });
          else if (earlier) report({ messageId: "duplicateUnlocated", node: entry, data: { key: entry.key.value } });
          previous.set(entry.key.value, entry);
        }
      }
      for (const entry of node.entries) stack.push(entry.value);
    }
  },
});
