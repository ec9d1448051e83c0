/**
 * The configurations that ship: a shared scheme's ArchiveAction configuration, else Release, else the
 * project's default configuration, else every configuration; one finding that holds in several of them
 * names them all.
 */
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { decodeScheme } from "../../src/decode/xcode/scheme.js";
import { targetLabel } from "../../src/model/workspace.js";
import { mergeTargetLabels, splitTargetLabel } from "../../src/linter/finding.js";
import { seededRandom } from "../helpers/seeded-random.js";
import { stringCalls } from "../helpers/string-calls.js";
import { PbxprojBuilder, fixtureFolders } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const ATS_OFF = "\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSAllowsArbitraryLoads</key>\n\t\t<true/>\n\t</dict>\n";
const atsRules = RULES.filter((rule) => rule.meta.id === "ats/arbitrary-loads");

function scheme(configuration: string, targetId: string, container: string, buildForArchiving = "YES"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Scheme LastUpgradeVersion = "1500" version = "1.7">
   <BuildAction parallelizeBuildables = "YES" buildImplicitDependencies = "YES">
      <BuildActionEntries>
         <BuildActionEntry buildForTesting = "YES" buildForRunning = "YES" buildForProfiling = "YES" buildForArchiving = "${buildForArchiving}" buildForAnalyzing = "YES">
            <BuildableReference BuildableIdentifier = "primary" BlueprintIdentifier = "${targetId}" BuildableName = "App.app" BlueprintName = "App" ReferencedContainer = "${container}">
            </BuildableReference>
         </BuildActionEntry>
      </BuildActionEntries>
   </BuildAction>
   <LaunchAction buildConfiguration = "Debug"/>
   <ArchiveAction buildConfiguration = "${configuration}" revealArchiveInOrganizer = "YES"/>
</Scheme>
`;
}

/** An iOS app with Debug, Release and AppStore configurations; AppStore uses its own Info.plist, which turns ATS off. */
function project(configurations = ["Debug", "Release", "AppStore"], defaultConfigurationName = "Release"): { files: Record<string, string>; appId: string } {
  const b = new PbxprojBuilder();
  const appId = b.target({
    name: "App",
    productType: "com.apple.product-type.application",
    configurationList: b.configList(
      configurations.map((name) => b.config(name, { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.app" })),
      defaultConfigurationName,
    ),
  });
  const projectConfigs = b.configList(configurations.map((name) => b.config(name, { SDKROOT: "iphoneos", IPHONEOS_DEPLOYMENT_TARGET: "16.0" })), defaultConfigurationName);
  b.project({ mainGroup: b.group([]), configurationList: projectConfigs, targets: [appId] });
  return { files: { "App.xcodeproj/project.pbxproj": b.toString(), "App/Info.plist": plist(`\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.app</string>\n${ATS_OFF}`) }, appId };
}

const fixture = fixtureFolders();
const labels = async (root: string, configuration?: string): Promise<string[]> =>
  (await lint({ paths: ["."], cwd: root, rules: [], ...(configuration ? { configuration } : {}) })).workspace.targets.map(targetLabel);

describe("decodeScheme", () => {
  it("reads the archive configuration and the targets built for archiving", () => {
    const decoded = decodeScheme(scheme("AppStore", "ABC", "container:App.xcodeproj"));
    expect(decoded).toEqual({ ok: true, value: { configuration: "AppStore", buildables: [{ blueprintIdentifier: "ABC", container: "container:App.xcodeproj", blueprintName: "App" }] } });
  });

  it("skips entries not built for archiving", () => {
    const decoded = decodeScheme(scheme("AppStore", "ABC", "container:App.xcodeproj", "NO"));
    expect(decoded.ok && decoded.value.buildables).toEqual([]);
  });

  it("refuses a DOCTYPE and reports malformed XML without throwing", () => {
    const doctype = decodeScheme('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<Scheme/>');
    expect(doctype.ok ? undefined : doctype.error.code).toBe("xml-doctype");
    const broken = decodeScheme("<Scheme><ArchiveAction buildConfiguration='Release'></Scheme>");
    expect(broken.ok ? undefined : broken.error.code).toBe("xml-syntax");
  });
});

describe("the configurations that ship", () => {
  it("lints the configuration a shared scheme archives, not Release", async () => {
    const { files, appId } = project();
    const root = fixture({ ...files, "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme": scheme("AppStore", appId, "container:App.xcodeproj") });
    expect(await labels(root)).toEqual(["App (AppStore)"]);
  });

  it("reads workspace schemes, resolving the container relative to the workspace's folder", async () => {
    const { files, appId } = project();
    const nested = Object.fromEntries(Object.entries(files).map(([file, text]) => [`ios/${file}`, text]));
    const root = fixture({ ...nested, "App.xcworkspace/xcshareddata/xcschemes/App.xcscheme": scheme("AppStore", appId, "container:ios/App.xcodeproj") });
    expect(await labels(root)).toEqual(["App (AppStore)"]);
  });

  it("reports one finding for a file several shipped configurations use, naming them all", async () => {
    const { files, appId } = project();
    const root = fixture({
      ...files,
      "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme": scheme("Release", appId, "container:App.xcodeproj"),
      "App.xcodeproj/xcshareddata/xcschemes/App Store.xcscheme": scheme("AppStore", appId, "container:App.xcodeproj"),
    });
    const result = await lint({ paths: ["."], cwd: root, rules: atsRules });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.target])).toEqual([["ats/arbitrary-loads", "App/Info.plist", 8, "App (AppStore, Release)"]]);
  });

  it("ignores a scheme that archives nothing, a user's private scheme and another project's target: Release", async () => {
    const { files, appId } = project();
    const root = fixture({
      ...files,
      "App.xcodeproj/xcshareddata/xcschemes/NotArchived.xcscheme": scheme("AppStore", appId, "container:App.xcodeproj", "NO"),
      "App.xcodeproj/xcuserdata/me.xcuserdatad/xcschemes/Mine.xcscheme": scheme("Debug", appId, "container:App.xcodeproj"),
      "App.xcodeproj/xcshareddata/xcschemes/Other.xcscheme": scheme("Debug", appId, "container:Other.xcodeproj"),
    });
    expect(await labels(root)).toEqual(["App (Release)"]);
  });

  it("lets --configuration override the schemes", async () => {
    const { files, appId } = project();
    const root = fixture({ ...files, "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme": scheme("AppStore", appId, "container:App.xcodeproj") });
    expect(await labels(root, "Debug")).toEqual(["App (Debug)"]);
    expect(await labels(root, "all")).toEqual(["App (Debug)", "App (Release)", "App (AppStore)"]);
  });

  it("without Release uses the project's default configuration, and without that every configuration, never just the first", async () => {
    const withDefault = fixture(project(["Debug", "Staging", "Production"], "Production").files);
    expect(await labels(withDefault)).toEqual(["App (Production)"]);
    const withoutDefault = fixture(project(["Debug", "Production"], "Missing").files);
    expect(await labels(withoutDefault)).toEqual(["App (Debug)", "App (Production)"]);
  });

  it("reports an unreadable scheme as a finding on the scheme and still lints Release", async () => {
    const { files } = project();
    const root = fixture({ ...files, "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme": "<Scheme><ArchiveAction>" });
    const result = await lint({ paths: ["."], cwd: root, rules: RULES.filter((rule) => rule.meta.id === "xcode/project-invalid") });
    expect(result.workspace.targets.map(targetLabel)).toEqual(["App (Release)"]);
    expect(result.findings.map((f) => [f.ruleId, f.file])).toEqual([["xcode/project-invalid", "App.xcodeproj/xcshareddata/xcschemes/App.xcscheme"]]);
  });
});

describe("mergeTargetLabels", () => {
  it("names every configuration of one target once", () => {
    expect(mergeTargetLabels("Tunnel (Release)", "Tunnel (AppStore)")).toBe("Tunnel (Release, AppStore)");
    expect(mergeTargetLabels("Tunnel (Release, AppStore)", "Tunnel (Debug)")).toBe("Tunnel (Release, AppStore, Debug)");
    expect(mergeTargetLabels("Tunnel (Release, AppStore)", "Tunnel (AppStore)")).toBe("Tunnel (Release, AppStore)");
    expect(mergeTargetLabels("App (Release, macosx)", "App (Debug, macosx)")).toBe("App (Release, macosx; Debug, macosx)");
  });

  it("keeps the first label for different targets", () => {
    expect(mergeTargetLabels("App (Release)", "Widget (Release)")).toBe("App (Release)");
    expect(mergeTargetLabels("App", "App")).toBe("App");
  });
  it("splits a hostile target name of 100,000 ` (` with one search back from the end", () => {
    const name = " (".repeat(100_000);
    const { value, calls } = stringCalls("lastIndexOf", () => mergeTargetLabels(`${name} (Release)`, `${name} (Debug)`));
    expect(value).toBe(`${name} (Release, Debug)`);
    expect(calls).toBeLessThanOrEqual(2);
    expect(mergeTargetLabels(name, name)).toBe(name);
  });

  it("split labels as the regex they replace did, on random short labels", () => {
    const random = seededRandom(1616);
    const alphabet = [" (", ")", "(", " ", "a", ", "];
    for (let round = 0; round < 20_000; round++) {
      const label = Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const old = /^(.*) \((.*)\)$/s.exec(label);
      expect(splitTargetLabel(label), label).toEqual(old ? [old[1], old[2]] : undefined);
    }
  });
});

describe("decodeScheme on hostile input", () => {
  it("never throws, whatever the bytes (fast-check, 300 runs)", async () => {
    const fc = (await import("fast-check")).default;
    const scheme0 = scheme("Release", "ABC", "container:App.xcodeproj");
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat({ max: scheme0.length }), (noise, at) => {
        const result = decodeScheme(scheme0.slice(0, at) + noise + scheme0.slice(at));
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
