/**
 * Command-line tools (privileged helpers, daemons) and frameworks are not products ne-lint judges, but the
 * plists they use are still read: document-level problems are reported, product rules (ATS) are not.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { lint } from "../../src/engine.js";
import { PbxprojBuilder, writeFixture } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;

function helperProject(): string {
  const b = new PbxprojBuilder();
  const main = b.group([]);
  const tool = b.target({
    name: "Helper",
    productType: "com.apple.product-type.tool",
    configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "Helper/launchd.plist", CODE_SIGN_ENTITLEMENTS: "Helper/Helper.entitlements" })]),
  });
  const framework = b.target({
    name: "Kit",
    productType: "com.apple.product-type.framework",
    configurationList: b.configList([b.config("Release", { INFOPLIST_FILE: "Kit/Kit-Settings.plist" })]),
  });
  const projectConfigs = b.configList([b.config("Release", { SDKROOT: "macosx" })]);
  b.project({ mainGroup: main, configurationList: projectConfigs, targets: [tool, framework] });
  return writeFixture({
    "Helper.xcodeproj/project.pbxproj": b.toString(),
    // Line 4 and 6: the same key twice; ATS keys in a tool's plist are not judged as a product's.
    "Helper/launchd.plist": plist("\t<key>Label</key>\n\t<string>a</string>\n\t<key>Label</key>\n\t<string>b</string>\n\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n"),
    "Helper/Helper.entitlements": plist("\t<key>com.apple.security.app-sandbox</key>\n\t<false/>\n"),
    "Kit/Kit-Settings.plist": "<plist><dict><key>a</key></plist>",
  });
}

describe("plists of targets that are not bundles", () => {
  const root = helperProject();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reports duplicate keys and parse errors in a helper's and a framework's plists, and nothing a product rule says", async () => {
    const result = await lint({ paths: ["."], cwd: root, rules: RULES });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ["plist/duplicate-key", "Helper/launchd.plist", 6],
      ["plist/parse-error", "Kit/Kit-Settings.plist", 1],
    ]);
    expect(result.workspace.targets).toEqual([]);
  });
});
