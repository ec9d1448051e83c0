/**
 * Declarative rules: "at `given`, report when `field` meets `condition`" (after Spectral's
 * given/then). A selector is a `/`-separated key path (keys hold dots, so dots cannot separate);
 * `*` matches every key of a dict or item of an array; `#Name` is an alias. Logic never lives in a
 * selector: conditions are small named functions with their own tests.
 */
import type { DocumentKind } from "../model/document.js";
import {
  describeType,
  hasPlaceholder,
  isArray,
  isDict,
  type PlistEntry,
  type PlistValue,
} from "../model/plist.js";
import { defineDocumentRule, type DocumentRule, type RuleMeta } from "./types.js";
import { lastOnly } from "./last-tree.js";

export const SELECTOR_ALIASES: Readonly<Record<string, string>> = {
  "#AtsRoot": "NSAppTransportSecurity",
  "#AtsExceptionDomain": "NSAppTransportSecurity/NSExceptionDomains/*",
  "#AtsPinnedDomain": "NSAppTransportSecurity/NSPinnedDomains/*",
};

/** An entry the selector reached, or the document root (which has no entry). */
export interface Selected {
  readonly value: PlistValue;
  /** The dict entry holding `value`, when it is held by one. */
  readonly entry?: PlistEntry;
}

export function expandSelector(selector: string): string[] {
  const [head, ...rest] = selector.split("/");
  const alias = head !== undefined && head.startsWith("#") ? SELECTOR_ALIASES[head] : undefined;
  if (head?.startsWith("#") && alias === undefined) throw new Error(`unknown selector alias ${head}`);
  return [...(alias !== undefined ? alias.split("/") : head !== undefined && head !== "" ? [head] : []), ...rest];
}

/** Every value the selector reaches from `root`, in document order. */
export function select(root: PlistValue, selector: string): Selected[] {
  return selectPath(root, expandSelector(selector));
}

/** `select` on a selector already expanded into its keys. */
function selectPath(root: PlistValue, segments: readonly string[]): Selected[] {
  let current: Selected[] = [{ value: root }];
  for (const segment of segments) {
    if (current.length === 0) break;
    const next: Selected[] = [];
    for (const { value } of current) {
      if (isDict(value)) {
        if (segment === "*") for (const entry of value.byKey.values()) next.push({ value: entry.value, entry });
        else {
          const entry = value.byKey.get(segment);
          if (entry) next.push({ value: entry.value, entry });
        }
      } else if (isArray(value) && segment === "*") {
        for (const item of value.items) next.push({ value: item });
      }
    }
    current = next;
  }
  return current;
}

/**
 * `selectPath` for the rules on one document: several rules share a selector (three `#AtsExceptionDomain`), and
 * the runner runs every rule on a document before the next, so the last document's selections are kept.
 */
function selectedIn(root: PlistValue, given: string, segments: readonly string[]): readonly Selected[] {
  const selections = selectionsOf(root);
  let selected = selections.get(given);
  if (!selected) selections.set(given, (selected = selectPath(root, segments)));
  return selected;
}

const selectionsOf = lastOnly((_root: PlistValue) => new Map<string, readonly Selected[]>());

/** A named test on a value; `describe` reads as the end of "report when the value …". */
export interface Condition {
  readonly describe: string;
  test(value: PlistValue): boolean;
}

/** Strings holding a `$(VAR)` placeholder are unknown: no condition on strings ever matches them. */
function knownString(value: PlistValue): string | undefined {
  return value.type === "String" && !hasPlaceholder(value.value) ? value.value : undefined;
}

export const isTrue: Condition = { describe: "is `<true/>`", test: (v) => v.type === "Boolean" && v.value };
export const isFalse: Condition = { describe: "is `<false/>`", test: (v) => v.type === "Boolean" && !v.value };
export const isPresent: Condition = { describe: "is present (any value)", test: () => true };

export function oneOf(values: readonly string[]): Condition {
  return { describe: `is one of ${values.map((v) => `\`${v}\``).join(", ")}`, test: (v) => values.includes(knownString(v) ?? "\u0000") };
}


export interface DeclarativeRuleSpec {
  readonly meta: RuleMeta;
  readonly documents: readonly DocumentKind[];
  /** Where to look: a selector such as `#AtsExceptionDomain`. */
  readonly given: string;
  readonly then: {
    /** A key (or any of several keys) inside each selected dict; omit to test the selected value itself. */
    readonly field?: string | readonly string[];
    readonly condition: Condition;
    readonly messageId: string;
  };
}

/**
 * Compiles a declarative spec to a document rule. Message data: `key` (the field or selected
 * key), `value` (the value as text), `parent` (the key of the selected dict, e.g. the domain).
 */
export function defineDeclarativeRule(spec: DeclarativeRuleSpec): DocumentRule {
  const { given, then } = spec;
  const segments = expandSelector(given);
  // Most documents lack the selector's top-level key (`NSAppTransportSecurity`): one map lookup says so.
  const topKey = segments[0] !== undefined && segments[0] !== "*" ? segments[0] : undefined;
  const fields = then.field === undefined ? undefined : typeof then.field === "string" ? [then.field] : then.field;
  return defineDocumentRule({
    meta: spec.meta,
    documents: spec.documents,
    declarative: { given, ...(fields ? { field: fields.join(" | ") } : {}), condition: then.condition.describe },
    check(context) {
      const root = context.document.root;
      if (topKey !== undefined && !(isDict(root) && root.byKey.has(topKey))) return;
      for (const selected of selectedIn(root, given, segments)) {
        const candidates: readonly (PlistEntry | undefined)[] = fields ? fieldEntries(selected.value, fields) : [selected.entry];
        for (const entry of candidates) {
          const value = entry?.value ?? selected.value;
          if (!then.condition.test(value)) continue;
          context.report({
            messageId: then.messageId,
            node: entry ?? value,
            data: { key: entry?.key.value ?? "", value: displayValue(value), parent: selected.entry?.key.value ?? "" },
          });
        }
      }
    },
  });
}

/** The entries of a selected dict whose key is one of `fields`, in document order (duplicates included). */
function fieldEntries(value: PlistValue, fields: readonly string[]): readonly PlistEntry[] {
  // Most selected dicts hold none of the fields: one lookup each says so without a pass over the entries.
  if (!isDict(value) || !fields.some((field) => value.byKey.has(field))) return [];
  return value.entries.filter((entry) => fields.includes(entry.key.value));
}

/** A value as a message shows it: strings quoted, booleans as YES/NO like Xcode's plist editor. */
export function displayValue(value: PlistValue): string {
  switch (value.type) {
    case "String": return JSON.stringify(value.value);
    case "Boolean": return value.value ? "YES" : "NO";
    case "Integer": case "Real": case "Date": return String(value.value);
    default: return describeType(value.type);
  }
}
