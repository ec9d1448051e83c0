/** The programmatic API (`import { lint } from "ne-lint"`). */
export { lint, type LintOptions, type LintResult } from "./engine.js";
export { loadConfig, type Config } from "./config/config.js";
export { formatJson } from "./report/json.js";
export { formatSarif, buildSarif } from "./report/sarif.js";
export { formatGithub } from "./report/github.js";
export { formatStylish } from "./report/stylish.js";
export type { Finding, LintSummary } from "./rules/finding.js";
export type { Rule, RuleMeta, Severity } from "./rules/types.js";
export { RULES } from "../rules/index.js";
