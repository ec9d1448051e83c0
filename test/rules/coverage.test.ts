/** Every document rule (they also run in ESLint) has a positive and a negative table case somewhere. */
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { CASES as ATS_CASES } from "./ats.test.js";
import { LAN_DOCUMENT_CASES } from "./lan.test.js";
import { NE_DOCUMENT_CASES } from "./ne.test.js";
import { PROFILE_DOCUMENT_CASES } from "./profile.test.js";

const TABLES: readonly Readonly<Record<string, { readonly invalid: readonly unknown[]; readonly valid: readonly unknown[] }>>[] = [ATS_CASES, NE_DOCUMENT_CASES, LAN_DOCUMENT_CASES, PROFILE_DOCUMENT_CASES];

describe("coverage of the rule tables", () => {
  it("has a positive and a negative case for every document rule", () => {
    const documentRules = RULES.filter((rule) => rule.scope === "document").map((rule) => rule.meta.id);
    const covered = (id: string) => TABLES.some((table) => (table[id]?.invalid.length ?? 0) > 0 && (table[id]?.valid.length ?? 0) > 0);
    expect(documentRules.filter((id) => !covered(id))).toEqual([]);
  });
});
