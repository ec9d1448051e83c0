/**
 * The configurations that ship: for each Xcode target, the `ArchiveAction` configuration of every shared
 * scheme that archives it (schemes of the project itself and of any workspace in the tree). A target no
 * shared scheme archives ships in Release, else the project's `defaultConfigurationName` (what
 * `xcodebuild` uses without `-configuration`); `--configuration` overrides all of it.
 */
import path from "node:path";
import type { ConfinedFiles } from "../discover/confined-files.js";
import { decodeScheme } from "../decode/xcode/scheme.js";
import { sentence } from "../decode/result.js";
import type { FileRef } from "../model/document.js";
import type { Problem } from "../model/workspace.js";

/** A scheme is a few KB. */
const MAX_SCHEME_BYTES = 1024 * 1024;

export interface ArchiveConfiguration {
  readonly name: string;
  /** Display path of the scheme that says so. */
  readonly scheme: string;
}

export interface ShippedConfigurations {
  /** `.xcodeproj` file-system path → PBXNativeTarget ID → the configurations its archiving schemes use. */
  readonly byProject: Map<string, Map<string, ArchiveConfiguration[]>>;
  readonly problems: Problem[];
}

/** Whether a walked file is a shared scheme of a project or workspace. */
export function isSharedScheme(fsPath: string): boolean {
  // Asked of every walked file: the suffix test spares the others the path parsing.
  if (!fsPath.endsWith(".xcscheme") || path.extname(fsPath) !== ".xcscheme") return false;
  const schemes = path.dirname(fsPath);
  const shared = path.dirname(schemes);
  const container = path.extname(path.dirname(shared));
  return path.basename(schemes) === "xcschemes" && path.basename(shared) === "xcshareddata" && (container === ".xcodeproj" || container === ".xcworkspace");
}

export function readSharedSchemes(files: readonly FileRef[], confined: ConfinedFiles): ShippedConfigurations {
  const byProject = new Map<string, Map<string, ArchiveConfiguration[]>>();
  const problems: Problem[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const read = confined.read(file.fsPath, MAX_SCHEME_BYTES);
    if (!read.ok) continue;
    const scheme = decodeScheme(read.bytes.toString("utf8"));
    if (!scheme.ok) {
      problems.push({ ruleId: "xcode/project-invalid", file, message: sentence(`The shared scheme cannot be read: ${scheme.error.message}`) });
      continue;
    }
    const { configuration, buildables } = scheme.value;
    if (!configuration) continue;
    // `container:` paths are relative to the folder that holds the scheme's .xcodeproj or .xcworkspace.
    const containerParent = path.dirname(path.dirname(path.dirname(path.dirname(file.fsPath))));
    for (const buildable of buildables) {
      if (!buildable.container.startsWith("container:")) continue;
      const project = path.resolve(containerParent, buildable.container.slice("container:".length));
      let targets = byProject.get(project);
      if (!targets) byProject.set(project, (targets = new Map()));
      const list = targets.get(buildable.blueprintIdentifier) ?? [];
      if (!list.some((known) => known.name === configuration)) list.push({ name: configuration, scheme: file.path });
      targets.set(buildable.blueprintIdentifier, list);
    }
  }
  return { byProject, problems };
}

/**
 * The configurations of one target to lint: `wanted` when given (`all` for every one); else those its
 * archiving schemes use; else Release; else the project's default configuration; else every one (a
 * project with neither gives no reason to prefer one, and silently picking the first could hide a
 * configuration that ships).
 */
export function shippedConfigurations<C extends { readonly name: string }>(
  target: { readonly id: string; readonly configurations: readonly C[] },
  defaultConfigurationName: string | undefined,
  wanted: string | undefined,
  archive: ReadonlyMap<string, readonly ArchiveConfiguration[]> | undefined,
): C[] {
  const named = (name: string): C | undefined => target.configurations.find((c) => c.name === name);
  if (wanted === "all") return [...target.configurations];
  if (wanted !== undefined) return target.configurations.filter((c) => c.name === wanted);
  const fromSchemes = (archive?.get(target.id) ?? []).map((a) => named(a.name)).filter((c): c is C => c !== undefined);
  if (fromSchemes.length > 0) return [...new Set(fromSchemes)];
  const release = named("Release") ?? (defaultConfigurationName ? named(defaultConfigurationName) : undefined);
  return release ? [release] : [...target.configurations];
}
