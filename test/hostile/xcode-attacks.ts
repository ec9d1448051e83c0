/**
 * Generators for the Xcode-side attacks of issue 16: a repository whose `.git/config` holds a checkout
 * token and whose project tries every route to read it or other files outside the repository, and the
 * small projects that made the old reader hang or blow up. Each builds its input in a fresh temporary
 * folder; nothing here is a committed fixture.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PbxprojBuilder, type PbxValue } from "../helpers/xcode-fixtures.js";

export const APP = "com.apple.product-type.application";

/** A fake token shaped like the one `actions/checkout` persists. */
export const FAKE_TOKEN = "ghs_NeLintConfinementCanary0123456789AB";
export const EXTRAHEADER = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${FAKE_TOKEN}`).toString("base64")}`;

/** `.git/config` as `actions/checkout` writes it. */
export const GIT_CONFIG = `[core]
\trepositoryformatversion = 0
\tfilemode = true
[remote "origin"]
\turl = https://github.com/octo-org/vpn-app
[http "https://github.com/"]
\textraheader = ${EXTRAHEADER}
`;

/**
 * Every way the token could show up in output: as written, in the encodings a runner's mask misses, and as
 * Xcode's setting operators would transform it. Each is long enough not to occur by chance.
 */
export function tokenEncodings(): { label: string; value: string }[] {
  const basic = Buffer.from(`x-access-token:${FAKE_TOKEN}`).toString("base64");
  const encodings = [
    { label: "raw token", value: FAKE_TOKEN },
    { label: "base64 of x-access-token:TOKEN", value: basic },
    { label: "the extraheader line", value: EXTRAHEADER },
    { label: "base64 of the token", value: Buffer.from(FAKE_TOKEN).toString("base64") },
    { label: "URL-encoded extraheader", value: encodeURIComponent(EXTRAHEADER) },
    { label: "hex of the token", value: Buffer.from(FAKE_TOKEN).toString("hex") },
    { label: "rfc1034identifier of the extraheader", value: EXTRAHEADER.replace(/[^A-Za-z0-9.-]/g, "-") },
    { label: "identifier of the extraheader", value: EXTRAHEADER.replace(/[^A-Za-z0-9_]/g, "_") },
    { label: "lower-case token", value: FAKE_TOKEN.toLowerCase() },
    { label: "upper-case token", value: FAKE_TOKEN.toUpperCase() },
    { label: "lower-case base64", value: basic.toLowerCase() },
    { label: "upper-case base64", value: basic.toUpperCase() },
    { label: "base64 of the extraheader", value: Buffer.from(EXTRAHEADER).toString("base64") },
  ];
  // The token base64-encoded at every byte alignment (inside a longer text), without the edge characters that depend on neighbours.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.from(`${"x".repeat(shift)}${FAKE_TOKEN}`).toString("base64");
    encodings.push({ label: `base64 of the token at alignment ${shift}`, value: encoded.slice(4, -4) });
  }
  return encodings;
}

/** Which encodings of the token `text` contains; a 24-character window of each counts, so a truncated copy is caught. */
export function tokenLeaks(text: string): string[] {
  const found: string[] = [];
  for (const { label, value } of tokenEncodings()) {
    const windows = value.length <= 24 ? [value] : Array.from({ length: value.length - 23 }, (_, index) => value.slice(index, index + 24));
    if (windows.some((window) => text.includes(window))) found.push(label);
  }
  return found;
}

export const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;

/**
 * An Info.plist whose values quote whatever the settings give: a bundle id, a TLS version that
 * `ats/invalid-tls-version` quotes back, and operator-transformed copies.
 */
export const LEAKY_INFO_PLIST = plist(
  [
    "\t<key>CFBundleIdentifier</key>\n\t<string>$(LEAK:rfc1034identifier)</string>",
    "\t<key>CFBundleName</key>\n\t<string>$(LEAK:lower)</string>",
    "\t<key>CFBundleDisplayName</key>\n\t<string>$(LEAK)</string>",
    "\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>example.com</key>\n\t\t\t<dict>\n\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t\t\t<string>$(LEAK)</string>\n\t\t\t\t<key>NSIncludesSubdomains</key>\n\t\t\t\t<string>$(LEAK:upper)</string>\n\t\t\t</dict>\n\t\t</dict>\n\t</dict>",
    "",
  ].join("\n"),
);

export interface LeakRepository {
  /** The repository (working directory of the run). */
  readonly repo: string;
  /** Beside it: files a run must never read. */
  readonly outside: string;
  /** The folder holding both; remove it when done. */
  readonly root: string;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * A repository whose project tries every route to the token in `.git/config` and to secrets beside the
 * repository. `insideCopy`: the same secrets are also planted inside the repository under names the
 * routes use when `leakInside` is set, so a test can show the fixture does leak when reads are allowed.
 */
export function buildLeakRepository(options: { leakInside?: boolean } = {}): LeakRepository {
  const root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-confine-"));
  const repo = path.join(root, "repo");
  const outside = path.join(root, "outside");
  write(path.join(repo, ".git/config"), GIT_CONFIG);
  write(path.join(repo, ".git/HEAD"), "ref: refs/heads/main\n");
  write(path.join(outside, "secrets.xcconfig"), `LEAK = ${EXTRAHEADER}\nINFOPLIST_FILE = secret.plist\n`);
  write(path.join(outside, "secrets.env"), `GITHUB_TOKEN=${FAKE_TOKEN}\nLEAK = ${EXTRAHEADER}\n`);
  write(path.join(outside, "secret.plist"), plist(`\t<key>CFBundleIdentifier</key>\n\t<string>${EXTRAHEADER}</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>x.com</key>\n\t\t\t<dict>\n\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t\t\t<string>${EXTRAHEADER}</string>\n\t\t\t</dict>\n\t\t</dict>\n\t</dict>\n`));
  write(path.join(outside, "Escape/secret.plist"), plist(`\t<key>CFBundleIdentifier</key>\n\t<string>${EXTRAHEADER}</string>\n`));
  write(path.join(outside, "Escape/secrets.xcconfig"), `LEAK = ${EXTRAHEADER}\n`);
  write(path.join(outside, "secrets.json"), `{"token": "${FAKE_TOKEN}", "header": "${EXTRAHEADER}"}\n`);
  write(path.join(repo, "App/Info.plist"), LEAKY_INFO_PLIST);

  // The xcconfig routes: `#include` of .git/config (relative, optional, through `..`), of an absolute path.
  const gitConfig = options.leakInside ? "../Leak/config" : "../.git/config";
  if (options.leakInside) write(path.join(repo, "Leak/config"), GIT_CONFIG);
  write(path.join(repo, "Config/IncludeGit.xcconfig"), `#include "${gitConfig}"\nLEAK = $(extraheader)\n`);
  write(path.join(repo, "Config/IncludeGitOptional.xcconfig"), `#include? "${gitConfig}"\n#include? "./../App/../${gitConfig.replace("../", "")}"\nLEAK = $(extraheader)\n`);
  write(path.join(repo, "Config/IncludeAbsolute.xcconfig"), `#include "${path.join(outside, "secrets.xcconfig")}"\n#include "${path.join(outside, "secrets.env")}"\n`);
  write(path.join(repo, "Config/IncludeDeveloperDir.xcconfig"), `#include "<DEVELOPER_DIR>/../../../../${path.join(repo, ".git/config")}"\nLEAK = $(extraheader)\n`);
  // Symbolic links committed to the repository, pointing outside or into .git.
  const link = (target: string, at: string): void => {
    mkdirSync(path.dirname(path.join(repo, at)), { recursive: true });
    symlinkSync(target, path.join(repo, at));
  };
  if (options.leakInside) {
    write(path.join(repo, "Config/Linked.xcconfig"), `LEAK = ${EXTRAHEADER}\n`);
    write(path.join(repo, "App/Linked-Info.plist"), plist(`\t<key>CFBundleIdentifier</key>\n\t<string>${EXTRAHEADER}</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>x.com</key>\n\t\t\t<dict>\n\t\t\t\t<key>NSExceptionMinimumTLSVersion</key>\n\t\t\t\t<string>${EXTRAHEADER}</string>\n\t\t\t</dict>\n\t\t</dict>\n\t</dict>\n`));
  } else {
    link("../.git/config", "Config/Linked.xcconfig");
    link(path.join(outside, "secret.plist"), "App/Linked-Info.plist");
    link("../.git/config", "App/Git.entitlements");
    link("../.git", "App/GitFolder");
    link(path.join(outside, "secret.plist"), "App/Outside.entitlements");
  }

  const b = new PbxprojBuilder();
  const refs = {
    includeGit: b.fileRef("Config/IncludeGit.xcconfig"),
    includeGitOptional: b.fileRef("Config/IncludeGitOptional.xcconfig"),
    includeAbsolute: b.fileRef("Config/IncludeAbsolute.xcconfig"),
    includeDeveloperDir: b.fileRef("Config/IncludeDeveloperDir.xcconfig"),
    linked: b.fileRef("Config/Linked.xcconfig"),
    absolute: b.fileRef(path.join(outside, "secrets.xcconfig"), "<absolute>"),
    dotdot: b.fileRef("../outside/secrets.xcconfig"),
    gitDirect: b.fileRef(".git/config", "SOURCE_ROOT"),
  };
  const main = b.group(Object.values(refs));
  const targets: string[] = [];
  const target = (name: string, settings: Record<string, PbxValue>, base?: string): void => {
    const configs = b.configList([b.config("Release", { INFOPLIST_FILE: "App/Info.plist", ...settings }, base)]);
    targets.push(b.target({ name, productType: APP, configurationList: configs }));
  };
  target("IncludeGit", { PRODUCT_BUNDLE_IDENTIFIER: "$(LEAK:rfc1034identifier)", CODE_SIGN_ENTITLEMENTS: "$(extraheader)" }, refs.includeGit);
  target("IncludeGitOptional", { PRODUCT_BUNDLE_IDENTIFIER: "$(LEAK:lower)" }, refs.includeGitOptional);
  target("IncludeAbsolute", { PRODUCT_BUNDLE_IDENTIFIER: "$(GITHUB_TOKEN)" }, refs.includeAbsolute);
  target("IncludeDeveloperDir", {}, refs.includeDeveloperDir);
  target("LinkedXcconfig", {}, refs.linked);
  target("AbsoluteBase", {}, refs.absolute);
  target("DotDotBase", {}, refs.dotdot);
  target("GitBase", {}, refs.gitDirect);
  target("AbsoluteInfoPlist", { INFOPLIST_FILE: path.join(outside, "secret.plist") });
  target("SrcrootInfoPlist", { INFOPLIST_FILE: "$(SRCROOT)/../outside/secret.plist", CODE_SIGN_ENTITLEMENTS: "$(PROJECT_DIR)/.git/config" });
  target("LinkedInfoPlist", { INFOPLIST_FILE: "App/Linked-Info.plist", CODE_SIGN_ENTITLEMENTS: options.leakInside ? "" : "App/Git.entitlements" });
  target("LinkedFolder", { INFOPLIST_FILE: "App/GitFolder/config", CODE_SIGN_ENTITLEMENTS: options.leakInside ? "" : "App/Outside.entitlements" });
  const projectConfigs = b.configList([b.config("Release", { SDKROOT: "iphoneos", IPHONEOS_DEPLOYMENT_TARGET: "16.0" })]);
  b.project({ mainGroup: main, configurationList: projectConfigs, targets });
  write(path.join(repo, "App.xcodeproj/project.pbxproj"), b.toString());

  // `projectDirPath` leading out of the repository: SRCROOT is then beside it.
  const e = new PbxprojBuilder();
  const escapeRef = e.fileRef("secrets.xcconfig");
  const escapeMain = e.group([escapeRef]);
  const escapeTarget = e.target({ name: "Escape", productType: APP, configurationList: e.configList([e.config("Release", { INFOPLIST_FILE: "secret.plist" }, escapeRef)]) });
  e.project({ mainGroup: escapeMain, configurationList: e.configList([e.config("Release", { SDKROOT: "iphoneos" })]), targets: [escapeTarget], extra: { projectDirPath: options.leakInside ? "../Leak/Escape" : "../../outside/Escape" } });
  write(path.join(repo, "Escape/Escape.xcodeproj/project.pbxproj"), e.toString());
  if (options.leakInside) {
    write(path.join(repo, "Leak/Escape/secret.plist"), plist(`\t<key>CFBundleIdentifier</key>\n\t<string>${EXTRAHEADER}</string>\n`));
    write(path.join(repo, "Leak/Escape/secrets.xcconfig"), `LEAK = ${EXTRAHEADER}\n`);
  }
  return { repo, outside, root };
}

/** An xcconfig graph where each of `files` files includes the next one `fanOut` times: fanOut^files loads unbudgeted (the cycle check is per include stack). */
export function includeFanOut(dir: string, files = 15, fanOut = 10): void {
  for (let index = 0; index < files; index++) {
    const includes = Array.from({ length: fanOut }, () => `#include "f${index + 1}.xcconfig"`);
    write(path.join(dir, `f${index}.xcconfig`), `${index < files - 1 ? includes.join("\n") : ""}\nS${index} = ${index}\n`);
  }
}

/** A one-target iOS app project with `settings`, optionally based on `xcconfig`; `configuration` names its configuration. */
export function singleTargetProject(options: { settings: Record<string, PbxValue>; xcconfig?: string; configuration?: string; projectSettings?: Record<string, PbxValue> }): string {
  const b = new PbxprojBuilder();
  const refs = options.xcconfig ? [b.fileRef(options.xcconfig)] : [];
  const main = b.group(refs);
  const name = options.configuration ?? "Release";
  const app = b.target({ name: "App", productType: APP, configurationList: b.configList([b.config(name, options.settings, refs[0])], name) });
  b.project({ mainGroup: main, configurationList: b.configList([b.config(name, { SDKROOT: "iphoneos", ...options.projectSettings })], name), targets: [app] });
  return b.toString();
}

/** `targets` app targets that all use `App/Info.plist`, each with its own bundle id. */
export function manyTargetsProject(targets: number, settings: (index: number) => Record<string, PbxValue> = () => ({})): string {
  const b = new PbxprojBuilder();
  const main = b.group([]);
  const ids: string[] = [];
  for (let index = 0; index < targets; index++) {
    const list = b.configList([b.config("Release", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: `com.example.app${index}`, ...settings(index) })]);
    ids.push(b.target({ name: `App${index}`, productType: APP, configurationList: list }));
  }
  b.project({ mainGroup: main, configurationList: b.configList([b.config("Release", { SDKROOT: "iphoneos", X: "shared" })]), targets: ids });
  return b.toString();
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) write(path.join(dir, relative), text);
}
