/**
 * One lint run: discover files → decode → model (documents, targets) → run rules → findings.
 * The CLI, the GitHub Action and tests all call `lint()`; reporters turn its result into text.
 *
 * Targets come from four sources that fill one model: Xcode projects (per target × configuration),
 * built bundles (.ipa/.app/.xcarchive), app configs (Expo), and the plain-folder convention for files
 * no project claims.
 */
import path from "node:path";
import { RULES } from "../rules/index.js";
import type { Config } from "./config/config.js";
import { EMPTY_CONFIG } from "./config/config.js";
import { repositoryRelative } from "./config/lookup.js";
import { roleByName, type FileRole } from "./discover/classify.js";
import { isRegularFile, readFileBounded } from "./discover/read-file.js";
import { displayPath, walk, type FoundFile } from "./discover/walk.js";
import { readPlistFile } from "./decode/read-plist-file.js";
import { sentence } from "./decode/result.js";
import type { PlistDocument } from "./model/document.js";
import { appConfigTarget } from "./model/config-targets.js";
import { folderTargets } from "./model/folder-targets.js";
import type { ProvisioningProfile } from "./model/profile.js";
import type { Distribution, Platform, SourceFileRef, Target } from "./model/target.js";
import { emptyWorkspace, type Problem, type Workspace } from "./model/workspace.js";
import { summarise, type Finding, type LintSummary } from "./rules/finding.js";
import { runRules, type RuleFailure } from "./rules/run.js";
import type { Rule } from "./rules/types.js";

export interface LintOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly config?: Config;
  /** Command-line hints; they win over the config file. */
  readonly platform?: Platform;
  readonly distribution?: Distribution;
  /** Xcode build configuration to check: a name, or `all`. Default: Release. */
  readonly configuration?: string;
  readonly now?: Date;
  /** Defaults to every rule. */
  readonly rules?: readonly Rule[];
}

export interface LintResult {
  readonly findings: Finding[];
  readonly summary: LintSummary;
  /** Rules that crashed: ne-lint bugs, surfaced as exit status 2. */
  readonly failures: RuleFailure[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  readonly workspace: Workspace;
}

/** Profiles are a few KB; a real one never comes near this. */
const MAX_PROFILE_BYTES = 2 * 1024 * 1024;
/** App configs are a few KB. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export async function lint(options: LintOptions): Promise<LintResult> {
  const config = options.config ?? EMPTY_CONFIG;
  const cwd = options.cwd;
  const platform = options.platform ?? config.platform;
  const distribution = options.distribution ?? config.distribution;
  const configuration = options.configuration ?? config.configuration;
  const walked = walk(options.paths, { cwd, ignore: config.ignore, ...(config.directory ? { ignoreBase: config.directory } : {}) });
  const workspace = emptyWorkspace();
  const byRole = new Map<FileRole, FoundFile[]>();
  for (const file of walked.files) {
    const role = roleByName(file.fsPath) ?? (file.explicit ? "plist" : undefined);
    if (role) byRole.set(role, [...(byRole.get(role) ?? []), file]);
  }
  const filesOf = (...roles: FileRole[]): FoundFile[] => roles.flatMap((role) => byRole.get(role) ?? []);

  // Decode: property lists (cached by path, shared by every target that uses them) and profiles.
  const plistCache = new Map<string, PlistDocument | undefined>();
  for (const file of filesOf("info-plist", "entitlements", "plist")) {
    const outcome = readPlistFile({ path: file.path, fsPath: file.fsPath }, roleByName(file.fsPath) ?? "plist", file.explicit);
    if (!outcome) continue;
    workspace.files++;
    if ("document" in outcome) plistCache.set(file.fsPath, outcome.document);
    else workspace.problems.push(outcome.problem);
  }
  const profiles = await readProfiles(filesOf("profile"), workspace);

  // The project says what a file is (`INFOPLIST_FILE`, `CODE_SIGN_ENTITLEMENTS`); one document per file and
  // kind, so every configuration that uses a file shares it and document rules run on it once.
  const asKind = new Map<string, PlistDocument>();
  const loadPlist = (fsPath: string, kind: "info-plist" | "entitlements"): PlistDocument | undefined => {
    const cached = plistCache.get(fsPath);
    if (cached) {
      if (cached.kind === kind) return cached;
      const key = `${kind}\0${fsPath}`;
      let retyped = asKind.get(key);
      if (!retyped) asKind.set(key, (retyped = { ...cached, kind }));
      return retyped;
    }
    if (plistCache.has(fsPath)) return undefined;
    // Named freely (`App.plist`) and not recognisable by content: the project says what it is.
    const outcome = readPlistFile({ path: displayPath(cwd, fsPath), fsPath }, kind, true);
    workspace.files++;
    if (outcome && "document" in outcome) {
      const document = outcome.document.kind === kind ? outcome.document : { ...outcome.document, kind };
      plistCache.set(fsPath, document);
      return document;
    }
    plistCache.set(fsPath, undefined);
    if (outcome) workspace.problems.push(outcome.problem);
    return undefined;
  };

  // Model: Xcode project targets claim the files they use; the rest follow the folder convention.
  const claimed = new Set<string>();
  const profileSpecifiers = new Map<Target, string>();
  // Files the walk found are known to exist; only paths outside it (or skipped by it) need a stat.
  const existence = new Map<string, boolean>(walked.files.map((file) => [file.fsPath, true]));
  const projectFiles = filesOf("pbxproj");
  if (projectFiles.length > 0) {
    const { readXcodeProject } = await import("./decode/xcode/project.js");
    const { xcodeTargets } = await import("./model/xcode-targets.js");
    const sourcesIn = sourceLookup(filesOf("source").map((file) => file.fsPath));
    const scans: (ReturnType<typeof xcodeTargets> | Problem)[] = [];
    // One project at a time: a parsed project is large, and only its targets outlive this loop.
    for (const file of projectFiles) {
      const xcodeproj = path.dirname(file.fsPath);
      const project = await readXcodeProject(xcodeproj, displayPath(cwd, xcodeproj), { resolveAll: false });
      workspace.files++;
      if (!project.ok) {
        scans.push({ ruleId: "xcode/project-invalid", file: { path: file.path, fsPath: file.fsPath }, message: sentence(project.error.message), ...(project.error.position ? { position: project.error.position } : {}) });
        continue;
      }
      scans.push(xcodeTargets(project.value, {
        ...(configuration ? { configuration } : {}),
        ...(platform ? { platform } : {}),
        ...(distribution ? { distribution } : {}),
        ...(config.deploymentTarget ? { deploymentTarget: config.deploymentTarget } : {}),
        displayPath: (fsPath) => displayPath(cwd, fsPath),
        loadPlist,
        exists: (fsPath) => {
          let known = existence.get(fsPath);
          if (known === undefined) existence.set(fsPath, (known = isRegularFile(fsPath)));
          return known;
        },
        sourcesIn,
      }));
    }
    for (const scan of scans) {
      if ("ruleId" in scan) {
        workspace.problems.push(scan);
        continue;
      }
      workspace.targets.push(...scan.targets);
      workspace.problems.push(...scan.problems);
      for (const fsPath of scan.claimed) claimed.add(fsPath);
      for (const [target, specifier] of scan.profileSpecifiers) profileSpecifiers.set(target, specifier);
    }
  }
  if (profileSpecifiers.size > 0) (await import("./model/xcode-targets.js")).attachSpecifiedProfiles(profileSpecifiers, profiles);

  const unclaimed = [...plistCache.entries()].filter(([fsPath, document]) => document && !claimed.has(fsPath)).map(([, document]) => document as PlistDocument);
  unclaimed.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const sources: SourceFileRef[] = filesOf("source").map((file) => ({ path: file.path, fsPath: file.fsPath }));
  const claimedProfiles = new Set(workspace.targets.flatMap((target) => target.profiles));
  workspace.targets.push(
    ...folderTargets(unclaimed, profiles.filter((p) => !claimedProfiles.has(p)), sources, {
      ...(platform ? { platform } : {}),
      ...(distribution ? { distribution } : {}),
      ...(config.deploymentTarget ? { deploymentTarget: config.deploymentTarget } : {}),
    }),
  );

  // App configs that generate the native project: Expo app.json, Cordova config.xml.
  for (const file of filesOf("app-config", "cordova-config")) {
    const scan = await readAppConfig(file, roleByName(file.fsPath) === "app-config" ? "expo" : "cordova");
    if (!scan) continue;
    workspace.files++;
    if ("problem" in scan) workspace.problems.push(scan.problem);
    else workspace.targets.push(appConfigTarget(file.path, scan.origin, scan, distribution ? { distribution } : {}));
  }

  // Built products: every bundle inside .ipa archives and .app/.xcarchive folders.
  const bundleInputs = [...filesOf("ipa").map((file) => ({ file, zip: true })), ...walked.bundles.map((file) => ({ file, zip: false }))];
  for (const { file, zip } of bundleInputs) {
    const { scanBundleTree } = await import("./model/bundle-targets.js");
    const { openZipTree } = await import("./decode/zip.js");
    const { directoryTree } = await import("./decode/bundle/directory-tree.js");
    const ref = { path: file.path, fsPath: file.fsPath };
    let tree;
    if (zip) {
      const opened = await openZipTree(file.fsPath, `${file.path}!`);
      if (!opened.ok) {
        workspace.files++;
        workspace.problems.push({ ruleId: "bundle/invalid-archive", file: ref, message: sentence(opened.error.message) });
        continue;
      }
      tree = opened.value;
    } else tree = directoryTree(file.fsPath, file.path);
    try {
      const scan = await scanBundleTree({ tree, fsPath: file.fsPath, rootName: path.basename(file.fsPath), defaults: { ...(platform ? { platform } : {}), ...(distribution ? { distribution } : {}) } });
      workspace.targets.push(...scan.targets);
      workspace.problems.push(...scan.problems);
      workspace.files += scan.files;
    } finally {
      await tree.close();
    }
  }

  // The documents rules see: those targets use (expanded per configuration) and the unclaimed rest.
  const documents = new Set<PlistDocument>(unclaimed);
  for (const target of workspace.targets) {
    for (const document of [target.infoPlist, ...target.entitlements, target.signedEntitlements, ...target.profiles.map((p) => p.document)]) {
      if (document) documents.add(document);
    }
  }
  for (const profile of profiles) documents.add(profile.document);
  workspace.documents.push(...documents);

  const { findings, failures } = await runRules(workspace, options.rules ?? RULES, { rules: config.rules, fingerprintPath: repositoryRelative(cwd), ...(options.now ? { now: options.now } : {}) });
  return { findings, summary: summarise(findings, workspace.files), failures, missing: walked.missing, workspace };
}

/** Reads an app config; undefined when the file is not one (an `app.json` without `ios`, Android's `config.xml`). */
async function readAppConfig(
  file: FoundFile,
  origin: "expo" | "cordova",
): Promise<({ origin: "expo" | "cordova"; infoPlist?: PlistDocument; entitlements?: PlistDocument; bundleIdentifier?: string; name?: string }) | { problem: Problem } | undefined> {
  const read = readFileBounded(file.fsPath, MAX_CONFIG_BYTES);
  if (!read.ok) return undefined;
  const text = read.bytes.toString("utf8");
  const ref = { path: file.path, fsPath: file.fsPath };
  if (origin === "expo") {
    const { decodeExpoConfig } = await import("./decode/app-config.js");
    const decoded = decodeExpoConfig(text, ref);
    if (!decoded.ok) return text.includes('"expo"') ? { problem: { ruleId: "plist/parse-error", file: ref, message: sentence(decoded.error.message), ...(decoded.error.position ? { position: decoded.error.position } : {}) } } : undefined;
    return decoded.value && (decoded.value.infoPlist || decoded.value.entitlements) ? { origin, ...decoded.value } : undefined;
  }
  if (!text.includes("<widget")) return undefined;
  const { decodeCordovaConfig } = await import("./decode/cordova-config.js");
  const decoded = decodeCordovaConfig(text, ref);
  if (!decoded.ok) return { problem: { ruleId: "plist/parse-error", file: ref, message: sentence(decoded.error.message), ...(decoded.error.position ? { position: decoded.error.position } : {}) } };
  return decoded.value ? { origin, infoPlist: decoded.value } : undefined;
}

/**
 * The walked source files at a path: the file itself, or every one below a folder (Xcode 16 synchronized
 * folders compile a whole directory). Sources the walk skipped (ignored, vendored, absent) are not evidence.
 */
function sourceLookup(files: readonly string[]): (fsPath: string) => string[] {
  const sorted = [...files].sort();
  const lowerBound = (key: string): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((sorted[mid] as string) < key) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return (fsPath) => {
    const at = lowerBound(fsPath);
    if (sorted[at] === fsPath) return [fsPath];
    const prefix = fsPath.endsWith(path.sep) ? fsPath : `${fsPath}${path.sep}`;
    const found: string[] = [];
    for (let index = lowerBound(prefix); index < sorted.length && (sorted[index] as string).startsWith(prefix); index++) found.push(sorted[index] as string);
    return found;
  };
}

async function readProfiles(files: readonly FoundFile[], workspace: Workspace): Promise<ProvisioningProfile[]> {
  if (files.length === 0) return [];
  const { decodeProfile } = await import("./decode/profile/profile.js");
  const profiles: ProvisioningProfile[] = [];
  for (const file of files) {
    const ref = { path: file.path, fsPath: file.fsPath };
    workspace.files++;
    const problem = (message: string): Problem => ({ ruleId: "profile/cms-invalid", file: ref, message: sentence(message) });
    const read = readFileBounded(file.fsPath, MAX_PROFILE_BYTES);
    if (!read.ok) {
      workspace.problems.push(problem(read.reason === "too-large" ? `the file is ${read.size} bytes, far larger than any provisioning profile; it was not read` : "the file cannot be read"));
      continue;
    }
    const decoded = decodeProfile(read.bytes, ref);
    if (decoded.ok) profiles.push(decoded.value);
    else workspace.problems.push(problem(decoded.error.message));
  }
  return profiles.sort((a, b) => (a.document.file.path < b.document.file.path ? -1 : 1));
}
