/**
 * Builds small `.xcodeproj` folders for tests, written the way Xcode writes project.pbxproj
 * (objects at two tabs, their keys at three, build settings at four), plus any xcconfig files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { afterAll } from "vitest";
import os from "node:os";
import path from "node:path";

export type PbxValue = string | number | PbxValue[] | { [key: string]: PbxValue };

interface FixtureObject {
  readonly id: string;
  readonly comment: string;
  readonly props: Record<string, PbxValue>;
}

const BARE = /^[A-Za-z0-9_$/:.-]+$/;

function quote(value: string): string {
  return BARE.test(value) ? value : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function serialize(value: PbxValue, indent: number): string {
  const tabs = "\t".repeat(indent);
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "(\n" + tabs + ")";
    return "(\n" + value.map((item) => `${tabs}\t${serialize(item, indent + 1)},\n`).join("") + tabs + ")";
  }
  const keys = Object.keys(value);
  return "{\n" + keys.map((key) => `${tabs}\t${quote(key)} = ${serialize(value[key]!, indent + 1)};\n`).join("") + tabs + "}";
}

export class PbxprojBuilder {
  private readonly objects: FixtureObject[] = [];
  private counter = 0x1000;
  rootObjectId = "";

  add(isa: string, props: Record<string, PbxValue>, comment = isa): string {
    const id = `AA${(this.counter++).toString(16).toUpperCase().padStart(22, "0")}`;
    this.objects.push({ id, comment, props: { isa, ...props } });
    return id;
  }

  fileRef(filePath: string, sourceTree = "<group>", extra: Record<string, PbxValue> = {}): string {
    return this.add("PBXFileReference", { path: filePath, sourceTree, ...extra }, path.basename(filePath));
  }

  group(children: string[], props: Record<string, PbxValue> = {}): string {
    return this.add("PBXGroup", { children, sourceTree: "<group>", ...props }, String(props["path"] ?? props["name"] ?? "group"));
  }

  config(name: string, buildSettings: Record<string, PbxValue>, baseConfigurationReference?: string): string {
    const props: Record<string, PbxValue> = { buildSettings, name };
    if (baseConfigurationReference) props["baseConfigurationReference"] = baseConfigurationReference;
    return this.add("XCBuildConfiguration", props, name);
  }

  configList(configurations: string[], defaultConfigurationName = "Release"): string {
    return this.add("XCConfigurationList", { buildConfigurations: configurations, defaultConfigurationIsVisible: 0, defaultConfigurationName });
  }

  /** A PBXBuildFile pointing at `fileRef`. */
  buildFile(fileRef: string): string {
    return this.add("PBXBuildFile", { fileRef }, "build file");
  }

  copyPhase(files: string[], dstSubfolderSpec: number, dstPath = ""): string {
    return this.add("PBXCopyFilesBuildPhase", { buildActionMask: 2147483647, dstPath, dstSubfolderSpec, files, runOnlyForDeploymentPostprocessing: 0 }, "Embed");
  }

  sourcesPhase(files: string[]): string {
    return this.add("PBXSourcesBuildPhase", { buildActionMask: 2147483647, files, runOnlyForDeploymentPostprocessing: 0 }, "Sources");
  }

  target(props: { name: string; productType: string; configurationList: string; productReference?: string; buildPhases?: string[]; dependencies?: string[]; extra?: Record<string, PbxValue> }): string {
    const object: Record<string, PbxValue> = {
      buildConfigurationList: props.configurationList,
      buildPhases: props.buildPhases ?? [],
      buildRules: [],
      dependencies: props.dependencies ?? [],
      name: props.name,
      productName: props.name,
      productType: props.productType,
      ...props.extra,
    };
    if (props.productReference) object["productReference"] = props.productReference;
    return this.add("PBXNativeTarget", object, props.name);
  }

  dependency(targetId: string): string {
    const proxy = this.add("PBXContainerItemProxy", { containerPortal: this.rootObjectId || "ROOT", proxyType: 1, remoteGlobalIDString: targetId, remoteInfo: "proxy" });
    return this.add("PBXTargetDependency", { target: targetId, targetProxy: proxy });
  }

  project(props: { mainGroup: string; configurationList: string; targets: string[]; extra?: Record<string, PbxValue> }): string {
    this.rootObjectId = this.add(
      "PBXProject",
      { buildConfigurationList: props.configurationList, compatibilityVersion: "Xcode 14.0", mainGroup: props.mainGroup, projectDirPath: "", projectRoot: "", targets: props.targets, ...props.extra },
      "Project object",
    );
    return this.rootObjectId;
  }

  toString(): string {
    const byIsa = new Map<string, FixtureObject[]>();
    for (const object of this.objects) {
      const isa = String(object.props["isa"]);
      if (!byIsa.has(isa)) byIsa.set(isa, []);
      byIsa.get(isa)!.push(object);
    }
    let text = "// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tclasses = {\n\t};\n\tobjectVersion = 56;\n\tobjects = {\n";
    for (const isa of [...byIsa.keys()].sort()) {
      text += `\n/* Begin ${isa} section */\n`;
      for (const object of byIsa.get(isa)!) {
        text += `\t\t${object.id} /* ${object.comment} */ = {\n`;
        for (const [key, value] of Object.entries(object.props)) text += `\t\t\t${quote(key)} = ${serialize(value, 3)};\n`;
        text += "\t\t};\n";
      }
      text += `/* End ${isa} section */\n`;
    }
    text += `\t};\n\trootObject = ${this.rootObjectId} /* Project object */;\n}\n`;
    return text;
  }
}

/** Writes `files` (relative path → text) under a fresh temporary folder; returns its path. */
export function writeFixture(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "ne-lint-xcode-"));
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

/** A `writeFixture` whose folders are removed after the calling test file's tests. */
export function fixtureFolders(): (files: Record<string, string>) => string {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  return (files) => {
    const root = writeFixture(files);
    roots.push(root);
    return root;
  };
}

/** 1-based line numbers of every line of `text` containing `needle`. */
export function linesContaining(text: string, needle: string): number[] {
  return text.split("\n").flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
}
