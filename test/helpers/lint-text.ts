/** Runs rules on plist text the way the engine does, for rule tests. */
import { decodePlistText } from "../../src/decode/plist.js";
import type { DocumentKind } from "../../src/model/document.js";
import { newTarget, type Platform } from "../../src/model/target.js";
import { emptyWorkspace } from "../../src/model/workspace.js";
import type { Finding } from "../../src/linter/finding.js";
import { runRules } from "../../src/linter/run.js";
import type { Rule } from "../../src/linter/types.js";

export interface TextCase {
  readonly text: string;
  readonly kind?: DocumentKind;
  readonly platform?: Platform;
  readonly deploymentTarget?: string;
  readonly path?: string;
}

/** Wraps lines of dict content in an Info.plist; the first content line is line 2. */
export function infoPlist(...lines: string[]): string {
  return ["<plist version=\"1.0\"><dict>", ...lines, "</dict></plist>", ""].join("\n");
}

export async function lintText(rules: readonly Rule[], testCase: TextCase): Promise<Finding[]> {
  const path = testCase.path ?? "App/Info.plist";
  const decoded = decodePlistText(testCase.text, { path, fsPath: `/virtual/${path}` }, testCase.kind ?? "info-plist");
  if (!decoded.ok) throw new Error(`fixture does not parse: ${decoded.error.message}`);
  const workspace = emptyWorkspace();
  workspace.documents.push(decoded.value);
  if (testCase.platform || testCase.deploymentTarget) {
    const target = newTarget({ id: "t", name: "App", origin: "folder" });
    target.infoPlist = decoded.value;
    if (testCase.platform) target.platform = { value: testCase.platform, source: "test" };
    if (testCase.deploymentTarget) target.deploymentTarget = { value: testCase.deploymentTarget, source: "test" };
    workspace.targets.push(target);
  }
  const { findings, failures } = await runRules(workspace, rules);
  if (failures.length > 0) throw new Error(`rule failed: ${failures[0]?.message}`);
  return findings;
}
