/**
 * Cordova's `config.xml`: cordova-ios turns `<access origin="*">` into `NSAllowsArbitraryLoads` (and its
 * `allows-arbitrary-loads-in-web-content`, `-in-media` and `allows-local-networking` attributes into the
 * narrower ATS keys) in the iOS Info.plist it generates. ne-lint reads that as the ATS dictionary the build
 * will have, located at the `<access>` element, so findings land in `config.xml` where the fix belongs.
 * https://cordova.apache.org/docs/en/latest/reference/cordova-plugin-whitelist/ (iOS: App Transport Security)
 */
import { SaxesParser } from "saxes";
import type { FileRef, PlistDocument } from "../model/document.js";
import { insertEntry, type PlistDict, type SourceRange } from "../model/plist.js";
import { DecodeFailure, guardDecode, type DecodeResult } from "./result.js";
import { LineIndex, prepareXml } from "./xml-plist.js";

const ATTRIBUTE_KEYS: Readonly<Record<string, string>> = {
  "allows-arbitrary-loads-in-media": "NSAllowsArbitraryLoadsForMedia",
  "allows-arbitrary-loads-in-web-content": "NSAllowsArbitraryLoadsInWebContent",
  "allows-local-networking": "NSAllowsLocalNetworking",
};

/** The ATS dictionary cordova-ios will generate, or undefined when config.xml asks for none. */
export function decodeCordovaConfig(text: string, file: FileRef): DecodeResult<PlistDocument | undefined> {
  return guardDecode(() => {
    const lines = new LineIndex(text);
    const parser = new SaxesParser({ position: true, xmlns: false });
    const platforms: string[] = [];
    // Comments (with their positions) come from the lenient pre-pass, which also accepts `--` inside them.
    const { xml, comments } = prepareXml(text, lines);
    let sawWidget = false;
    let tagStart = 0;
    const ats: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: [] };
    const setTrue = (key: string, loc: SourceRange): void => {
      if (ats.byKey.has(key)) return;
      insertEntry(ats, { type: "Entry", key: { type: "Key", value: key, loc }, value: { type: "Boolean", value: true, loc }, loc });
    };
    parser.on("error", (error: Error) => {
      throw new DecodeFailure("xml-syntax", `the XML is not well formed: ${error.message.replace(/^\d+:\d+: /, "")}`, { position: lines.position(Math.min(parser.position, text.length)) });
    });
    parser.on("doctype", () => {
      throw new DecodeFailure("xml-doctype", "config.xml has a DOCTYPE; entity declarations are never expanded", { position: lines.position(parser.position) });
    });
    parser.on("opentagstart", () => {
      tagStart = xml.lastIndexOf("<", parser.position - 1);
    });
    parser.on("opentag", (tag) => {
      if (tag.name === "widget") sawWidget = true;
      if (tag.name === "platform") platforms.push(String(tag.attributes.name ?? ""));
      if (tag.name !== "access" || tag.attributes.origin !== "*") return;
      if (platforms.some((name) => name !== "ios")) return;
      const loc = lines.range(tagStart, parser.position);
      setTrue("NSAllowsArbitraryLoads", loc);
      for (const [attribute, key] of Object.entries(ATTRIBUTE_KEYS)) if (String(tag.attributes[attribute] ?? "") === "true") setTrue(key, loc);
    });
    parser.on("closetag", (tag) => {
      if (tag.name === "platform") platforms.pop();
    });
    parser.write(xml).close();
    if (!sawWidget || ats.entries.length === 0) return undefined;
    const first = ats.entries[0]!.loc!;
    const root: PlistDict = { type: "Dict", entries: [], byKey: new Map(), shadowed: [] };
    insertEntry(root, { type: "Entry", key: { type: "Key", value: "NSAppTransportSecurity", loc: first }, value: ats, loc: first });
    return { kind: "info-plist", format: "derived", file, root, comments, text } satisfies PlistDocument;
  });
}
