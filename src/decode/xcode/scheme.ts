/**
 * A shared Xcode scheme (`*.xcodeproj/xcshareddata/xcschemes/*.xcscheme`, or the same folder of an
 * `.xcworkspace`): which targets the scheme archives and in which build configuration. `Product ›
 * Archive` and `xcodebuild archive -scheme` build every `BuildActionEntry` marked `buildForArchiving`
 * with the `ArchiveAction`'s `buildConfiguration` — that configuration is what ships.
 *
 * The file is XML read with `saxes` (strict, never fetches or expands entities; a DOCTYPE is refused),
 * the same tokenizer the plist reader uses. Only the attributes named above are kept.
 */
import { SaxesParser } from "saxes";
import { DecodeFailure, guardDecode, type DecodeResult } from "../result.js";

export interface SchemeBuildable {
  /** The PBXNativeTarget object ID in the container's project.pbxproj. */
  readonly blueprintIdentifier: string;
  /** As written: `container:App.xcodeproj`, relative to the folder holding the scheme's container. */
  readonly container: string;
  readonly blueprintName?: string;
}

export interface SchemeArchive {
  /** `ArchiveAction buildConfiguration`; absent when the scheme has no archive action. */
  readonly configuration: string | undefined;
  /** Targets the scheme builds for archiving. */
  readonly buildables: readonly SchemeBuildable[];
}

/** A scheme names a handful of targets; a file with more is not one Xcode wrote. */
const MAX_BUILDABLES = 1000;

export function decodeScheme(text: string): DecodeResult<SchemeArchive> {
  return guardDecode(() => {
    const parser = new SaxesParser({ position: false, xmlns: false });
    const buildables: SchemeBuildable[] = [];
    let configuration: string | undefined;
    let inArchivingEntry = false;
    let inBuildAction = false;
    parser.on("error", (error: Error) => {
      throw new DecodeFailure("xml-syntax", `the scheme is not well-formed XML: ${error.message.replace(/^\d+:\d+: /, "")}`);
    });
    parser.on("doctype", () => {
      throw new DecodeFailure("xml-doctype", "the scheme has a DOCTYPE; entity declarations are never expanded");
    });
    parser.on("opentag", (tag) => {
      const attribute = (name: string): string | undefined => {
        const value = tag.attributes[name];
        return typeof value === "string" ? value : undefined;
      };
      if (tag.name === "BuildAction") inBuildAction = true;
      else if (tag.name === "BuildActionEntry" && inBuildAction) inArchivingEntry = attribute("buildForArchiving") !== "NO";
      else if (tag.name === "BuildableReference" && inArchivingEntry) {
        const blueprintIdentifier = attribute("BlueprintIdentifier");
        const container = attribute("ReferencedContainer");
        if (!blueprintIdentifier || !container) return;
        if (buildables.length >= MAX_BUILDABLES) throw new DecodeFailure("too-large", `the scheme builds more than ${MAX_BUILDABLES} targets`);
        const blueprintName = attribute("BlueprintName");
        buildables.push({ blueprintIdentifier, container, ...(blueprintName ? { blueprintName } : {}) });
      } else if (tag.name === "ArchiveAction") configuration = attribute("buildConfiguration")?.trim() || undefined;
    });
    parser.on("closetag", (tag) => {
      if (tag.name === "BuildActionEntry") inArchivingEntry = false;
      else if (tag.name === "BuildAction") inBuildAction = false;
    });
    parser.write(text).close();
    return { configuration, buildables };
  });
}
