/**
 * Synthetic targets from plist text, for target-rule tests: an Info.plist, entitlements (source or
 * signed), profiles (bare XML plists decoded by the real profile decoder) and source files written
 * to a temp folder. `lintTargets` runs rules on them the way the engine does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodePlistText } from "../../src/decode/plist.js";
import { decodeProfile } from "../../src/decode/profile/profile.js";
import type { DocumentKind, PlistDocument } from "../../src/model/document.js";
import type { ProvisioningProfile } from "../../src/model/profile.js";
import { newTarget, type BinaryFacts, type Distribution, type Platform, type ProductKind, type Target } from "../../src/model/target.js";
import { emptyWorkspace } from "../../src/model/workspace.js";
import type { Finding } from "../../src/linter/finding.js";
import { runRules } from "../../src/linter/run.js";
import type { Rule } from "../../src/linter/types.js";

/** Wraps lines of dict content in a plist; the first content line is line 2. */
export function plist(...lines: string[]): string {
  return ["<plist version=\"1.0\"><dict>", ...lines, "</dict></plist>", ""].join("\n");
}

export const key = (name: string): string => `<key>${name}</key>`;
export const string = (value: string): string => `<string>${value}</string>`;
export const array = (...values: string[]): string => `<array>${values.map(string).join("")}</array>`;

export function document(text: string, filePath: string, kind: DocumentKind): PlistDocument {
  const decoded = decodePlistText(text, { path: filePath, fsPath: `/virtual/${filePath}` }, kind);
  if (!decoded.ok) throw new Error(`fixture ${filePath} does not parse: ${decoded.error.message}`);
  return decoded.value;
}

/** A profile from its plist text, decoded as an unsigned profile (bare plist) by the real decoder. */
export function profileFromText(text: string, filePath = "App/App.mobileprovision"): ProvisioningProfile {
  const decoded = decodeProfile(Buffer.from(text, "utf8"), { path: filePath, fsPath: `/virtual/${filePath}` });
  if (!decoded.ok) throw new Error(`profile fixture ${filePath} does not decode: ${decoded.error.message}`);
  return decoded.value;
}

export interface ProfileSpec {
  readonly name?: string;
  readonly teamId?: string;
  /** `application-identifier`, e.g. `TEAM123456.com.example.app`. */
  readonly appId?: string;
  readonly macAppId?: boolean;
  readonly platforms?: readonly string[];
  readonly devices?: number;
  readonly allDevices?: boolean;
  readonly expiration?: string;
  /** Extra lines inside `Entitlements`. */
  readonly entitlements?: readonly string[];
}

/**
 * Profile plist text. Line layout: `Name` on line 2, `TeamIdentifier` 3, `Platform` 4,
 * `ExpirationDate` 5, devices 6, `Entitlements` key 7, its first entry (the app id) on line 9.
 */
export function profileText(spec: ProfileSpec = {}): string {
  const team = spec.teamId ?? "TEAM123456";
  const appIdKey = spec.macAppId ? "com.apple.application-identifier" : "application-identifier";
  return plist(
    `${key("Name")}${string(spec.name ?? "App Profile")}`,
    `${key("TeamIdentifier")}${array(team)}`,
    `${key("Platform")}${array(...(spec.platforms ?? ["iOS"]))}`,
    `${key("ExpirationDate")}<date>${spec.expiration ?? "2099-01-01T00:00:00Z"}</date>`,
    spec.allDevices ? `${key("ProvisionsAllDevices")}<true/>` : spec.devices ? `${key("ProvisionedDevices")}${array(...Array.from({ length: spec.devices }, (_, i) => `0000${i}`))}` : "",
    key("Entitlements"),
    "<dict>",
    `${key(appIdKey)}${string(spec.appId ?? `${team}.com.example.app`)}`,
    `${key("com.apple.developer.team-identifier")}${string(team)}`,
    ...(spec.entitlements ?? []),
    "</dict>",
  );
}

export interface TargetSpec {
  readonly name?: string;
  readonly folder?: string;
  readonly kind?: ProductKind;
  readonly platform?: Platform;
  readonly deploymentTarget?: string;
  readonly distribution?: Distribution;
  readonly bundleId?: string;
  readonly catalyst?: boolean;
  readonly built?: boolean;
  readonly infoPlist?: string;
  readonly entitlements?: string | readonly string[];
  readonly signedEntitlements?: string;
  readonly profiles?: readonly (string | ProvisioningProfile)[];
  readonly embeddedProfile?: boolean;
  /** Source files: name → text, written to a temp folder. */
  readonly sources?: Readonly<Record<string, string>>;
  readonly binary?: Partial<BinaryFacts>;
}

let tempRoot: string | undefined;
/** Temp folder for source files; removed by `cleanupTargets()`. */
function sourcesDir(): string {
  tempRoot ??= mkdtempSync(path.join(os.tmpdir(), "ne-lint-targets-"));
  return tempRoot;
}
export function cleanupTargets(): void {
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  tempRoot = undefined;
}

let counter = 0;
export function buildTarget(spec: TargetSpec): Target {
  const name = spec.name ?? "App";
  const folder = spec.folder ?? name;
  const built = spec.built ?? false;
  const target = newTarget({ id: `test:${folder}:${counter++}`, name, origin: built ? "bundle" : "folder" });
  if (spec.infoPlist !== undefined) target.infoPlist = document(spec.infoPlist, `${folder}/Info.plist`, "info-plist");
  const entitlements = spec.entitlements === undefined ? [] : typeof spec.entitlements === "string" ? [spec.entitlements] : spec.entitlements;
  target.entitlements = entitlements.map((text, i) => document(text, `${folder}/${name}${i === 0 ? "" : i}.entitlements`, "entitlements"));
  if (spec.signedEntitlements !== undefined) target.signedEntitlements = document(spec.signedEntitlements, `${folder}/${name}.xcent`, "signed-entitlements");
  target.profiles = (spec.profiles ?? []).map((profile, i) => (typeof profile === "string" ? profileFromText(profile, `${folder}/${name}${i === 0 ? "" : i}.mobileprovision`) : profile));
  target.embeddedProfile = spec.embeddedProfile ?? false;
  if (spec.kind) target.kind = { value: spec.kind, source: "test" };
  if (spec.platform) target.platform = { value: spec.platform, source: "test" };
  if (spec.deploymentTarget) target.deploymentTarget = { value: spec.deploymentTarget, source: "test" };
  if (spec.distribution) target.distribution = { value: spec.distribution, source: "--distribution" };
  if (spec.bundleId) target.bundleId = { value: spec.bundleId, source: "test" };
  target.catalyst = spec.catalyst ?? false;
  (target as { built: boolean }).built = built;
  if (spec.sources) {
    const dir = path.join(sourcesDir(), target.id.replace(/[^\w]/g, "_"));
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(spec.sources)) {
      const fsPath = path.join(dir, file);
      writeFileSync(fsPath, text);
      target.sources.push({ path: `${folder}/${file}`, fsPath });
    }
  }
  if (spec.binary) target.binary = { file: `${folder}/${name}`, symbols: [], strings: [], ...spec.binary };
  return target;
}

/** Links a container and its extensions. */
export function embed(parent: Target, ...children: Target[]): Target {
  for (const child of children) {
    child.parent = parent;
    parent.children.push(child);
  }
  return parent;
}

export const FIXED_NOW = new Date("2025-06-01T00:00:00Z");

export async function lintTargets(rules: readonly Rule[], targets: readonly Target[], options: { now?: Date; ruleOptions?: Record<string, Record<string, unknown>> } = {}): Promise<Finding[]> {
  const workspace = emptyWorkspace();
  for (const target of targets) {
    workspace.targets.push(target);
    for (const doc of [target.infoPlist, ...target.entitlements, target.signedEntitlements]) if (doc) workspace.documents.push(doc);
  }
  const settings = Object.fromEntries(Object.entries(options.ruleOptions ?? {}).map(([id, opts]) => [id, { options: opts }]));
  const { findings, failures } = await runRules(workspace, rules, { now: options.now ?? FIXED_NOW, rules: settings });
  if (failures.length > 0) throw new Error(`rule failed: ${failures[0]?.ruleId}: ${failures[0]?.message}`);
  return findings;
}

/** One expected finding: where (start and the reported text, whose length gives the end) and what. */
export interface ExpectedFinding {
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  /** The reported text; its length (or its last line) gives endLine/endColumn. */
  readonly element: string;
  readonly message: string | RegExp;
  /** Defaults to the rule's severity. */
  readonly severity?: "error" | "warning" | "note";
}

/** A finding with no position (reported at a file). */
export interface ExpectedFileFinding {
  readonly file: string;
  readonly message: string | RegExp;
  readonly severity?: "error" | "warning" | "note";
}

export interface TargetCase {
  readonly name: string;
  readonly targets: () => Target[];
  readonly expected?: readonly (ExpectedFinding | ExpectedFileFinding)[];
  readonly now?: Date;
  readonly options?: Record<string, unknown>;
}

export function endOf(expected: ExpectedFinding): { endLine: number; endColumn: number } {
  const lines = expected.element.split("\n");
  return lines.length === 1
    ? { endLine: expected.line, endColumn: expected.column + expected.element.length }
    : { endLine: expected.line + lines.length - 1, endColumn: (lines.at(-1) as string).length + 1 };
}

/** Compares findings with expectations: positions, file, message and severity. */
export function expectFindings(findings: readonly Finding[], expected: readonly (ExpectedFinding | ExpectedFileFinding)[], rule: Rule, check: { toEqual(a: unknown, b: unknown): void; toMatch(a: string, b: RegExp): void }): void {
  check.toEqual(
    findings.map((f) => ({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn })),
    expected.map((e) => ("line" in e ? { line: e.line, column: e.column, ...endOf(e) } : { line: undefined, column: undefined, endLine: undefined, endColumn: undefined })),
  );
  findings.forEach((finding, i) => {
    const want = expected[i]!;
    if (want.file !== undefined) check.toEqual(finding.file, want.file);
    if (typeof want.message === "string") check.toEqual(finding.message, want.message);
    else check.toMatch(finding.message, want.message);
    check.toEqual(finding.ruleId, rule.meta.id);
    check.toEqual(finding.severity, want.severity ?? rule.meta.severity);
  });
}

/**
 * True while vitest collects the test file at `moduleUrl` itself, false when another test file
 * imports it for its tables (the coverage test), so a file's tests are registered once.
 */
export function isOwnTestFile(moduleUrl: string, testPath: string | undefined): boolean {
  return testPath === undefined || path.resolve(testPath) === path.resolve(new URL(moduleUrl).pathname);
}
