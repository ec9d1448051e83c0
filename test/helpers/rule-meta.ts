/** Metadata for a rule defined inside a test: the required prose filled in, the fields a case is about given. */
import type { RuleMeta } from "../../src/linter/types.js";

export function testRuleMeta(id: string, fields: Partial<Omit<RuleMeta, "id">> = {}): RuleMeta {
  return { id, severity: "error", description: "Test rule", rationale: "Test.", fix: "Test.", sources: [], messages: {}, ...fields };
}
