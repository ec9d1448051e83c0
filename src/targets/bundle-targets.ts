/**
 * Built products as targets: every bundle in an `.ipa`, `.xcarchive` or `.app` (and the extensions,
 * system extensions and watch apps inside it) becomes a target with its Info.plist, the entitlements
 * signed into its main executable, its embedded profile, and parent/children — the same model the
 * source-tree path fills, so rules do not care where a target came from.
 */
import { findBundles, type BundleKind, type BundleNode } from "../decode/bundle/layout.js";
import type { FileTree, TreeProblem } from "../decode/bundle/file-tree.js";
import type { ByteSource, MachOSlice } from "../decode/macho/index.js";
import { CSSLOT, readMachO, readMachOEvidence, readSignatureBlob } from "../decode/macho/index.js";
import { signingCertificateSha256 } from "../decode/profile/verify.js";
import { decodePlistBytes, MAX_PLIST_BYTES } from "../decode/plist.js";
import { decodeProfile } from "../decode/profile/profile.js";
import { sentence } from "../decode/result.js";
import type { FileRef, PlistDocument } from "../model/document.js";
import { bundleIdFromInfoPlist, deploymentTargetFromInfoPlist, platformFromInfoPlist } from "./infer.js";
import { hasPlaceholder, stringValue, valueOf } from "../model/plist.js";
import { newTarget, type Distribution, type Fact, type Platform, type ProductKind, type Target } from "../model/target.js";
import type { Problem } from "../model/workspace.js";

/** Profiles are a few KB; a real one never comes near this. */
const MAX_PROFILE_BYTES = 2 * 1024 * 1024;
/**
 * Bundles read from one built product. An app with all its extensions, watch app, XPC services and
 * frameworks has a few dozen; every bundle costs reads and a kept Info.plist, and a hostile archive
 * can list thousands (or list the same bytes under 300 names).
 */
export const MAX_BUNDLES_PER_TREE = 256;

export interface BundleScan {
  readonly targets: Target[];
  readonly documents: PlistDocument[];
  readonly problems: Problem[];
  /** Files read inside the tree. */
  files: number;
}

export interface BundleScanContext {
  readonly tree: FileTree;
  /** File-system path of the archive or folder, for FileRefs. */
  readonly fsPath: string;
  /** The tree root's own name (`App.ipa`, `App.xcarchive`, `App.app`). */
  readonly rootName: string;
  readonly defaults: { readonly platform?: Platform; readonly distribution?: Distribution };
  /** Default `MAX_BUNDLES_PER_TREE`. */
  readonly maxBundles?: number;
}

const KIND_OF_BUNDLE: Readonly<Record<BundleKind, ProductKind>> = {
  app: "app",
  appex: "app-extension",
  systemextension: "system-extension",
  "watch-app": "watch-app",
  framework: "other",
  xpc: "other",
  other: "other",
};

/** LC_BUILD_VERSION platform names → ne-lint platforms; Catalyst runs on macOS. */
const BINARY_PLATFORM: Readonly<Record<string, { platform: Platform; catalyst?: boolean }>> = {
  macos: { platform: "macos" },
  ios: { platform: "ios" },
  iossimulator: { platform: "ios" },
  maccatalyst: { platform: "macos", catalyst: true },
  tvos: { platform: "tvos" },
  tvossimulator: { platform: "tvos" },
  watchos: { platform: "watchos" },
  watchossimulator: { platform: "watchos" },
  visionos: { platform: "visionos" },
  visionossimulator: { platform: "visionos" },
};

export async function scanBundleTree(context: BundleScanContext): Promise<BundleScan> {
  const { tree } = context;
  const scan: BundleScan = { targets: [], documents: [], problems: [], files: 0 };
  const fileRef = (treePath: string): FileRef => ({ path: `${tree.displayRoot}/${treePath}`, fsPath: context.fsPath, member: treePath });
  const rootRef: FileRef = { path: tree.displayRoot.replace(/!$/, ""), fsPath: context.fsPath };

  const listing = await tree.entries();
  // Reads add problems too (a read budget running out), so problems are collected once, at the end.
  const collectTreeProblems = (): void => {
    for (const problem of tree.problems) scan.problems.push(treeProblem(problem, rootRef, fileRef));
  };
  if (!listing.ok) {
    collectTreeProblems();
    scan.problems.push({ ruleId: "bundle/invalid-archive", file: rootRef, message: `${sentence(listing.error.message)}` });
    return scan;
  }
  const layout = findBundles(listing.value, context.rootName);
  const maxBundles = context.maxBundles ?? MAX_BUNDLES_PER_TREE;
  let skippedBundles = 0;
  /** A read budget ran out: the tree refuses every further read, and says so once in its problems. */
  const exhausted = (): boolean => tree.problems.some((problem) => problem.code === "budget-exceeded");
  /**
   * A read the tree refused (a budget ran out, a bomb) is already one of the tree's problems, naming the
   * member; a second finding per bundle would only repeat it.
   */
  const refusedByTree = (result: { ok: boolean; error?: { code: string } }): boolean => !result.ok && (result.error?.code === "budget-exceeded" || result.error?.code === "zip-bomb");

  const visit = async (node: BundleNode, parent: Target | undefined): Promise<void> => {
    if (scan.targets.length >= maxBundles || exhausted()) {
      skippedBundles += countBundles(node);
      return;
    }
    const target = newTarget({ id: `bundle:${tree.displayRoot}/${node.path}`, name: bundleName(node, context.rootName), origin: "bundle" });
    target.kind = { value: KIND_OF_BUNDLE[node.kind], source: `bundle layout (${node.path || context.rootName})` };
    target.parent = parent;
    parent?.children.push(target);
    scan.targets.push(target);

    if (node.infoPlistPath) {
      const read = await tree.readFile(node.infoPlistPath, MAX_PLIST_BYTES);
      scan.files++;
      const file = fileRef(node.infoPlistPath);
      if (refusedByTree(read)) return;
      if (!read.ok) scan.problems.push({ ruleId: "plist/parse-error", file, message: sentence(read.error.message) });
      else {
        const decoded = decodePlistBytes(read.value, file, "info-plist");
        if (!decoded.ok) scan.problems.push({ ruleId: "plist/parse-error", file, message: sentence(decoded.error.message), ...(decoded.error.position ? { position: decoded.error.position } : {}) });
        else {
          target.infoPlist = decoded.value;
          scan.documents.push(decoded.value);
          target.platform = platformFromInfoPlist(decoded.value);
          target.deploymentTarget = deploymentTargetFromInfoPlist(decoded.value);
          target.bundleId = bundleIdFromInfoPlist(decoded.value);
        }
      }
    }

    if (node.embeddedProfilePath) {
      const read = await tree.readFile(node.embeddedProfilePath, MAX_PROFILE_BYTES);
      scan.files++;
      const file = fileRef(node.embeddedProfilePath);
      if (refusedByTree(read)) return;
      const decoded = read.ok ? decodeProfile(read.value, file) : read;
      if (!decoded.ok) scan.problems.push({ ruleId: "profile/cms-invalid", file, message: sentence(decoded.error.message) });
      else {
        target.profiles.push(decoded.value);
        target.embeddedProfile = true;
        scan.documents.push(decoded.value.document);
      }
    }

    await readExecutable(node, target);
    if (!target.platform && context.defaults.platform) target.platform = { value: context.defaults.platform, source: "--platform" };
    if (context.defaults.distribution) target.distribution = { value: context.defaults.distribution, source: "--distribution" };
    for (const child of node.children) await visit(child, target);
  };

  const readExecutable = async (node: BundleNode, target: Target): Promise<void> => {
    const name = stringValue(valueOf(target.infoPlist?.root, "CFBundleExecutable"));
    if (!name || hasPlaceholder(name) || name.includes("/")) return;
    const treePath = node.executableDir ? `${node.executableDir}/${name}` : name;
    const source = await tree.byteSource(treePath);
    if (!source.ok) return;
    scan.files++;
    const file = fileRef(treePath);
    const macho = await readMachO(source.value, { file });
    if (exhausted()) return;
    if (!macho.ok) {
      scan.problems.push({ ruleId: "macho/invalid-signature", file, message: sentence(macho.error.message) });
      return;
    }
    const slice = macho.value.slices.find((s) => s.codeSignature?.entitlements) ?? macho.value.slices.find((s) => s.codeSignature) ?? macho.value.slices[0];
    if (!slice) return;
    const entitlements = slice.codeSignature?.entitlements;
    if (entitlements) {
      target.signedEntitlements = entitlements;
      scan.documents.push(entitlements);
    } else if (slice.codeSignature?.entitlementsError) {
      scan.problems.push({ ruleId: "macho/invalid-signature", file, message: sentence(slice.codeSignature.entitlementsError.message) });
    }
    applyBinaryPlatform(target, slice, file.path);
    const evidence = await readMachOEvidence(source.value, slice);
    const directory = slice.codeSignature?.codeDirectory;
    const signingCertificate = await signingCertificateOf(source.value, slice);
    target.binary = {
      ...(signingCertificate ? { signingCertificateSha256: signingCertificate } : {}),
      file: file.path,
      symbols: evidence.ok ? evidence.value.symbols : [],
      strings: evidence.ok ? evidence.value.strings : [],
      ...(directory?.teamID ? { teamId: directory.teamID } : {}),
      ...(directory?.identifier ? { identifier: directory.identifier } : {}),
      ...(directory ? { adhoc: directory.adhoc, hardenedRuntime: directory.hardenedRuntime } : {}),
    };
  };

  for (const root of layout.roots) await visit(root, undefined);
  collectTreeProblems();
  if (skippedBundles > 0 && !exhausted()) {
    scan.problems.push({ ruleId: "bundle/invalid-archive", file: rootRef, message: `${context.rootName} holds more than ${maxBundles} bundles, the most ne-lint reads from one product; ${skippedBundles} were not read.` });
  }
  return scan;
}

function countBundles(node: BundleNode): number {
  let count = 0;
  for (const stack = [node]; stack.length > 0; count++) stack.push(...(stack.pop() as BundleNode).children);
  return count;
}

/** The certificate that signed the executable (the CMS blob, slot 0x10000), when it is Apple-style signed rather than ad hoc. */
async function signingCertificateOf(source: ByteSource, slice: MachOSlice): Promise<string | undefined> {
  const blob = slice.codeSignature?.blobs.find((candidate) => candidate.slot === CSSLOT.CSSLOT_SIGNATURESLOT);
  if (!blob || blob.length <= 8) return undefined;
  try {
    const bytes = await readSignatureBlob(source, blob);
    // The blob wrapper is an 8-byte header (magic, length) around the CMS.
    return signingCertificateSha256(bytes.subarray(8));
  } catch {
    return undefined;
  }
}

function applyBinaryPlatform(target: Target, slice: MachOSlice, where: string): void {
  const build = slice.platform;
  const mapped = build ? BINARY_PLATFORM[build.name] : undefined;
  if (mapped) {
    target.platform = { value: mapped.platform, source: `${build!.source} in ${where}` } satisfies Fact<Platform>;
    target.catalyst = mapped.catalyst === true;
  }
  if (!target.deploymentTarget && build?.minOS) target.deploymentTarget = { value: build.minOS.replace(/\.0$/, ""), source: `${build.source} in ${where}` };
}

function bundleName(node: BundleNode, rootName: string): string {
  const last = node.path.split("/").pop();
  return last && last !== "" ? last : rootName;
}

function treeProblem(problem: TreeProblem, root: FileRef, fileRef: (path: string) => FileRef): Problem {
  const unsafe = problem.code === "unsafe-path" || problem.code === "symlink-escape" || problem.code === "symlink-loop";
  const file = problem.code === "unsafe-path" || problem.path === "" ? root : fileRef(problem.path);
  return { ruleId: unsafe ? "bundle/unsafe-path" : "bundle/invalid-archive", file, message: sentence(problem.message) };
}
