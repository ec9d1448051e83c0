/**
 * `ne-lint/eslint-plugin`: ne-lint's single-file rules inside ESLint (flat config, ESLint ≥ 9.15).
 *
 *   import neLint from "ne-lint/eslint-plugin";
 *   export default [neLint.configs.recommended];
 *
 * Rule names are the ne-lint ids under the plugin's namespace (`ne-lint/ats/arbitrary-loads`), so
 * one directive spelling serves the CLI and ESLint.
 */
import type { ConfigObject, RuleDefinition } from "@eslint/core";
import { RULES } from "../../rules/index.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { PlistLanguage } from "./language.js";
import { plistProcessor } from "./processor.js";
import { eslintSeverity, hostRule, isHostable, PLIST_LANGUAGE_ID } from "./rules.js";

export { PlistLanguage, documentKindOf } from "./language.js";
export type { PlistLanguageOptions } from "./language-options.js";
export type { PlistAstNode, PlistAstRoot } from "./ast.js";
export type { PlistSourceCode } from "./source-code.js";

/** The namespace users write in configs and directives. */
export const PLUGIN_NAMESPACE = "ne-lint";

/** Files the recommended config lints: XML plists and entitlements (binary plists are refused with a parse error). */
export const PLIST_FILES = ["**/*.plist", "**/*.entitlements", "**/*.xcent"];

const hosted = RULES.filter(isHostable);

const rules: Record<string, RuleDefinition> = Object.fromEntries(hosted.map((rule) => [rule.meta.id, hostRule(rule)]));

const plugin = {
  meta: { name: TOOL_NAME, version: TOOL_VERSION, namespace: PLUGIN_NAMESPACE },
  languages: { plist: new PlistLanguage() },
  processors: { plist: plistProcessor },
  rules,
  configs: {} as { recommended: ConfigObject },
};

plugin.configs.recommended = {
  name: `${PLUGIN_NAMESPACE}/recommended`,
  files: PLIST_FILES,
  language: PLIST_LANGUAGE_ID,
  // Removes a whole line when --fix drops an unused directive that stood alone on it (see processor.ts).
  processor: `${PLUGIN_NAMESPACE}/plist`,
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  rules: Object.fromEntries(hosted.map((rule) => [`${PLUGIN_NAMESPACE}/${rule.meta.id}`, eslintSeverity(rule.meta.severity)])),
};

export default plugin;
