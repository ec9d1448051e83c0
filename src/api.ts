/** The programmatic API (`import { lint } from "ne-lint"`). */
export { lint, type LintOptions, type LintResult } from "./engine.js";
export { loadConfig, type Config } from "./config/config.js";
export { configEffect, configRelaxations, describeConfigEffect, type ConfigEffect, type Relaxation } from "./config/effect.js";
export { formatJson } from "./report/json.js";
export { formatSarif, buildSarif } from "./report/sarif.js";
export { formatGithub } from "./report/github.js";
export { formatStylish } from "./report/stylish.js";
export type { Finding, LintSummary } from "./linter/finding.js";
export type { Rule, RuleMeta, Severity } from "./linter/types.js";
export { RULES } from "../rules/index.js";
// The decoders, for tools that want ne-lint's readers without its rules.
export { decodePlistBytes, decodePlistText } from "./decode/plist.js";
export { decodeProfile } from "./decode/profile/profile.js";
export { readMachO, bufferByteSource, fileByteSource } from "./decode/macho/index.js";
export { readXcodeProject } from "./decode/xcode/project.js";
