/**
 * `languageOptions` of the `plist` language: what one file cannot say about its target. The CLI
 * learns these from the Info.plist, sibling files and config; in ESLint a file is alone, so the
 * user states them once per config block and the file's own keys still win, as in the CLI.
 */
import type { PlistDocument } from "../model/document.js";
import { deploymentTargetFromInfoPlist, platformFromEntitlements, platformFromInfoPlist, productKindFromInfoPlist } from "../targets/infer.js";
import { PLATFORMS, type Platform } from "../model/target.js";
import type { TargetFacts } from "../linter/types.js";

export interface PlistLanguageOptions {
  /** The platform the files are built for, when the Info.plist does not say (`LSMinimumSystemVersion` → macOS). */
  platform?: Platform;
  /** The minimum OS version (`15.0`), when the Info.plist has no `MinimumOSVersion`/`LSMinimumSystemVersion`. */
  deploymentTarget?: string;
  [key: string]: unknown;
}

const VERSION = /^\d+(\.\d+){0,2}$/;

/** Throws (ESLint shows the message as a config error) for a known option with a bad value. */
export function validatePlistLanguageOptions(options: PlistLanguageOptions): void {
  const { platform, deploymentTarget } = options;
  if (platform !== undefined && !PLATFORMS.includes(platform)) {
    throw new TypeError(`Expected "platform" to be one of ${PLATFORMS.map((p) => `"${p}"`).join(", ")}, not ${JSON.stringify(platform)}.`);
  }
  if (deploymentTarget !== undefined && (typeof deploymentTarget !== "string" || !VERSION.test(deploymentTarget))) {
    throw new TypeError(`Expected "deploymentTarget" to be a version string such as "15.0", not ${JSON.stringify(deploymentTarget)}.`);
  }
}

/**
 * The target facts a document rule receives, in the CLI's order of precedence (plain-folder
 * targets): the file's own keys first, then the options (the CLI's `--platform` / config).
 * A folder sibling that would tell the CLI more (entitlements beside an Info.plist) is out of view.
 */
export function factsFor(document: PlistDocument, options: PlistLanguageOptions, folderName: string): TargetFacts {
  const isInfoPlist = document.kind === "info-plist";
  const platform =
    (isInfoPlist ? platformFromInfoPlist(document)?.value : undefined) ??
    (document.kind === "entitlements" ? platformFromEntitlements([document])?.value : undefined) ??
    options.platform;
  const deploymentTarget = (isInfoPlist ? deploymentTargetFromInfoPlist(document)?.value : undefined) ?? options.deploymentTarget;
  const kind = isInfoPlist ? productKindFromInfoPlist(document)?.value : undefined;
  return {
    ...(platform ? { platform } : {}),
    ...(deploymentTarget ? { deploymentTarget } : {}),
    ...(kind ? { kind } : {}),
    name: folderName,
  };
}
