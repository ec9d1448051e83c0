/**
 * Distribution per target from evidence: embedded profile, ExportOptions plists, signing identity, named
 * profile, then --distribution / .ne-lint.json; per-target overrides in .ne-lint.json.
 */
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { normaliseConfig } from "../../src/config/config.js";
import { distributionFromIdentity, isExportOptionsFile } from "../../src/targets/distribution.js";
import { seededRandom } from "../helpers/seeded-random.js";
import { stringCalls } from "../helpers/string-calls.js";
import { targetLabel } from "../../src/model/workspace.js";
import { PbxprojBuilder, linesContaining, fixtureFolders } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const neEntitlements = (value: string): string => plist(`\t<key>com.apple.developer.networking.networkextension</key>\n\t<array>\n\t\t<string>${value}</string>\n\t</array>\n`);
const exportOptions = (method: string, bundleIds: string[] = []): string =>
  plist(`\t<key>method</key>\n\t<string>${method}</string>\n${bundleIds.length ? `\t<key>provisioningProfiles</key>\n\t<dict>\n${bundleIds.map((id) => `\t\t<key>${id}</key>\n\t\t<string>match ${id}</string>\n`).join("")}\t</dict>\n` : ""}`);
const neRule = RULES.filter((rule) => rule.meta.id === "ne/systemextension-vs-distribution");

interface AppSpec {
  readonly name: string;
  readonly bundleId: string;
  readonly identity?: string;
  readonly entitlements: string;
}

/** A macOS project (at `folder`) with one app target per spec, each with its own entitlements file. */
function macProject(apps: readonly AppSpec[], folder = "."): Record<string, string> {
  const b = new PbxprojBuilder();
  const prefix = folder === "." ? "" : `${folder}/`;
  const targets = apps.map((app) =>
    b.target({
      name: app.name,
      productType: "com.apple.product-type.application",
      configurationList: b.configList([
        b.config("Release", {
          CODE_SIGN_ENTITLEMENTS: `${app.name}/${app.name}.entitlements`,
          PRODUCT_BUNDLE_IDENTIFIER: app.bundleId,
          ...(app.identity ? { CODE_SIGN_IDENTITY: app.identity } : {}),
        }),
      ]),
    }),
  );
  b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", { SDKROOT: "macosx", MACOSX_DEPLOYMENT_TARGET: "13.0" })]), targets });
  const files: Record<string, string> = { [`${prefix}Mac.xcodeproj/project.pbxproj`]: b.toString() };
  for (const app of apps) files[`${prefix}${app.name}/${app.name}.entitlements`] = neEntitlements(app.entitlements);
  return files;
}

const fixture = fixtureFolders();
const decided = async (root: string, extra: Parameters<typeof lint>[0] extends infer O ? Partial<O> : never = {}) =>
  (await lint({ paths: ["."], cwd: root, rules: [], ...extra })).workspace.targets.map((t) => [targetLabel(t), t.distribution?.value, t.distribution?.source]);

describe("one project that ships a Mac App Store app and a Developer ID app", () => {
  const apps: AppSpec[] = [
    { name: "Store", bundleId: "dev.example.store", identity: "3rd Party Mac Developer Application", entitlements: "packet-tunnel-provider" },
    { name: "Direct", bundleId: "dev.example.direct", identity: "Developer ID Application", entitlements: "packet-tunnel-provider-systemextension" },
  ];
  const files = {
    ...macProject(apps),
    "scripts/AppStoreExportOptions.plist": exportOptions("app-store-connect", ["dev.example.store", "dev.example.direct"]),
    "scripts/ExportOptions.plist": exportOptions("developer-id", ["dev.example.direct"]),
  };

  it("decides each app's distribution from the export options that name it, the identity settling a tie", async () => {
    const root = fixture(files);
    expect(await decided(root)).toEqual([
      ["Store (Release)", "app-store", "method app-store-connect in scripts/AppStoreExportOptions.plist:4"],
      ["Direct (Release)", "developer-id", "method developer-id in scripts/ExportOptions.plist:4"],
    ]);
  });

  it("finds nothing wrong with plain values in the store app and -systemextension values in the direct one", async () => {
    const root = fixture(files);
    expect((await lint({ paths: ["."], cwd: root, rules: neRule })).findings).toEqual([]);
  });

  it("reports a -systemextension value in the store app, saying where its distribution came from", async () => {
    const swapped = { ...files, ...macProject([{ ...apps[0]!, entitlements: "packet-tunnel-provider-systemextension" }, apps[1]!]) };
    const root = fixture(swapped);
    const findings = (await lint({ paths: ["."], cwd: root, rules: neRule })).findings;
    expect(findings.map((f) => [f.file, f.line, f.target, f.configuration, f.message])).toEqual([
      [
        "Store/Store.entitlements",
        6,
        "Store",
        "Release",
        '"packet-tunnel-provider-systemextension" is the Developer ID form; a Mac App Store build (method app-store-connect in scripts/AppStoreExportOptions.plist:4) needs "packet-tunnel-provider", the only form its profiles contain.',
      ],
    ]);
  });
});

describe("export options without provisioningProfiles", () => {
  it("apply to the projects in the nearest folder above them that has any, not to a sibling project", async () => {
    const root = fixture({
      ...macProject([{ name: "Mac", bundleId: "dev.example.mac", entitlements: "packet-tunnel-provider" }], "macos"),
      ...macProject([{ name: "Other", bundleId: "dev.example.other", entitlements: "packet-tunnel-provider" }], "ios"),
      "ios/ExportOptions.plist": exportOptions("app-store"),
    });
    expect(await decided(root)).toEqual([
      ["Other (Release)", "app-store", "method app-store in ios/ExportOptions.plist:4"],
      ["Mac (Release)", undefined, undefined],
    ]);
  });

  it("check a target once per method when several name different ones", async () => {
    const root = fixture({
      ...macProject([{ name: "App", bundleId: "dev.example.app", entitlements: "packet-tunnel-provider" }]),
      "exportAppStoreOptions.plist": exportOptions("app-store"),
      "exportDevelopmentOptions.plist": exportOptions("development"),
    });
    expect(await decided(root)).toEqual([
      ["App (Release)", "app-store", "method app-store in exportAppStoreOptions.plist:4"],
      ["App (Release, development)", "development", "method development in exportDevelopmentOptions.plist:4"],
    ]);
  });

  it("ignore methods that cannot apply to the platform (ad hoc on macOS) and files that are not export options", async () => {
    const root = fixture({
      ...macProject([{ name: "App", bundleId: "dev.example.app", entitlements: "packet-tunnel-provider" }]),
      "adhocExportOptions.plist": exportOptions("ad-hoc"),
      "Options.plist": exportOptions("developer-id"),
    });
    expect(await decided(root)).toEqual([["App (Release)", undefined, undefined]]);
  });
});

describe("identity, fallback and overrides", () => {
  const files = macProject([
    { name: "Signed", bundleId: "dev.example.signed", identity: "Developer ID Application: Example (ABCDE12345)", entitlements: "packet-tunnel-provider-systemextension" },
    { name: "Automatic", bundleId: "dev.example.automatic", identity: "Apple Development", entitlements: "packet-tunnel-provider" },
  ]);

  it("takes the signing identity over --distribution, which only fills in targets without evidence", async () => {
    const root = fixture(files);
    const pbxproj = files["Mac.xcodeproj/project.pbxproj"]!;
    const line = linesContaining(pbxproj, "CODE_SIGN_IDENTITY = \"Developer ID Application")[0];
    expect(await decided(root, { distribution: "app-store" })).toEqual([
      ["Signed (Release)", "developer-id", `CODE_SIGN_IDENTITY in Mac.xcodeproj/project.pbxproj:${line}`],
      ["Automatic (Release)", "app-store", "--distribution"],
    ]);
  });

  it("lets .ne-lint.json name a target's distribution by target name or bundle id, over the evidence", async () => {
    const root = fixture(files);
    const config = normaliseConfig({ targets: { Signed: { distribution: "app-store" }, "dev.example.automatic": { distribution: "developer-id" } }, distribution: "development" }, ".ne-lint.json");
    expect(await decided(root, { config })).toEqual([
      ["Signed (Release)", "app-store", 'targets["Signed"] in .ne-lint.json'],
      ["Automatic (Release)", "developer-id", 'targets["dev.example.automatic"] in .ne-lint.json'],
    ]);
  });

  it("maps signing identities as Xcode signs: Developer ID everywhere, Mac App Store identities on macOS only, Apple Development never", () => {
    expect(distributionFromIdentity("Developer ID Application: X (ABCDE12345)", "ios", false)).toBe("developer-id");
    expect(distributionFromIdentity("3rd Party Mac Developer Application", "macos", false)).toBe("app-store");
    expect(distributionFromIdentity("Apple Distribution", "macos", false)).toBe("app-store");
    expect(distributionFromIdentity("Apple Distribution", "ios", true)).toBe("app-store");
    expect(distributionFromIdentity("Apple Distribution", "ios", false)).toBeUndefined();
    expect(distributionFromIdentity("Apple Development", "macos", false)).toBeUndefined();
    expect(distributionFromIdentity("$(IDENTITY)", "macos", false)).toBeUndefined();
  });
});

describe(".ne-lint.json targets", () => {
  it("accepts a distribution per target and refuses anything else there", async () => {
    const { loadConfig, ConfigError } = await import("../../src/config/config.js");
    const good = fixture({ ".ne-lint.json": JSON.stringify({ targets: { Tunnel: { distribution: "developer-id" } } }) });
    expect((await loadConfig(good)).targets?.get("Tunnel")).toEqual({ distribution: "developer-id" });
    const bad = fixture({ ".ne-lint.json": JSON.stringify({ targets: { Tunnel: { distribution: "mac-app-store" } } }) });
    await expect(loadConfig(bad)).rejects.toThrow(ConfigError);
    const unknown = fixture({ ".ne-lint.json": JSON.stringify({ targets: { Tunnel: { platform: "macos" } } }) });
    await expect(loadConfig(unknown)).rejects.toThrow(/targets\.Tunnel\.platform is not a known key here/);
  });
});

describe("-systemextension values in a source tree follow the signing workflow", () => {
  const lintNe = async (files: Record<string, string>, distribution?: "developer-id") =>
    (await lint({ paths: ["."], cwd: fixture(files), rules: neRule, ...(distribution ? { distribution } : {}) })).findings.map((f) => [f.severity, f.file, f.line, f.message.slice(0, 60)]);

  it("warns about plain values exported for Developer ID: Xcode's export keeps them (r. 108838909), only a manual re-signing step would not", async () => {
    const files = { ...macProject([{ name: "App", bundleId: "dev.example.app", identity: "Apple Development", entitlements: "packet-tunnel-provider" }]), "ExportOptions.plist": exportOptions("developer-id") };
    const findings = (await lint({ paths: ["."], cwd: fixture(files), rules: neRule })).findings;
    expect(findings.map((f) => [f.severity, f.file, f.line, f.column, f.message])).toEqual([
      [
        "warning",
        "App/App.entitlements",
        6,
        3,
        "\"packet-tunnel-provider\" is the App Store/development form and this target is exported for Developer ID (method developer-id in ExportOptions.plist:4), but Xcode's Developer ID export does not rewrite it to \"packet-tunnel-provider-systemextension\" (Apple DTS, r. 108838909), the only form Developer ID profiles contain. Right only if the archive is then re-signed by hand with \"packet-tunnel-provider-systemextension\" (Apple's documented workflow), a step the source tree cannot show.",
      ],
    ]);
  });

  it("reports plain values as an error when the exported archive is itself signed with Developer ID", async () => {
    const files = { ...macProject([{ name: "App", bundleId: "dev.example.app", identity: "Developer ID Application", entitlements: "packet-tunnel-provider" }]), "ExportOptions.plist": exportOptions("developer-id") };
    expect(await lintNe(files)).toEqual([["error", "App/App.entitlements", 6, '"packet-tunnel-provider" is the App Store/development form; ']]);
    const [finding] = (await lint({ paths: ["."], cwd: fixture(files), rules: neRule })).findings;
    expect(finding?.message).toMatch(/a Developer ID build \(CODE_SIGN_IDENTITY/);
  });

  it("accepts -systemextension values exported for Developer ID from an archive signed with Developer ID (mitmproxy)", async () => {
    const files = { ...macProject([{ name: "App", bundleId: "dev.example.app", identity: "Developer ID Application", entitlements: "app-proxy-provider-systemextension" }]), "ExportOptions.plist": exportOptions("developer-id", ["dev.example.app"]) };
    expect(await lintNe(files)).toEqual([]);
  });

  it("accepts -systemextension values signed manually with Developer ID", async () => {
    expect(await lintNe(macProject([{ name: "App", bundleId: "dev.example.app", identity: "Developer ID Application", entitlements: "packet-tunnel-provider-systemextension" }]))).toEqual([]);
  });

  it("reports plain values in a build signed with Developer ID itself as an error", async () => {
    expect(await lintNe(macProject([{ name: "App", bundleId: "dev.example.app", identity: "Developer ID Application", entitlements: "packet-tunnel-provider" }]))).toEqual([
      ["error", "App/App.entitlements", 6, '"packet-tunnel-provider" is the App Store/development form; '],
    ]);
  });

  it("warns when only --distribution says Developer ID, since the source cannot tell the workflow", async () => {
    expect(await lintNe(macProject([{ name: "App", bundleId: "dev.example.app", entitlements: "packet-tunnel-provider" }]), "developer-id")).toEqual([
      ["warning", "App/App.entitlements", 6, '"packet-tunnel-provider" is the App Store/development form a'],
    ]);
  });
});

describe("export options file names", () => {
  it("are recognised as Xcode users name them", () => {
    for (const name of ["ExportOptions.plist", "appStoreExportOptions.plist", "exportOptionsRelease.plist", "ci/export-options.PLIST", "EXPORT_OPTIONS.plist"]) expect(isExportOptionsFile(name), name).toBe(true);
    for (const name of ["Info.plist", "OptionsExport.plist", "export options.plist", "ExportOptions.plist.bak", "export.options.plist"]) expect(isExportOptionsFile(name), name).toBe(false);
  });

  it("are judged with one search each for `export` and `options`, whatever a hostile name repeats", () => {
    for (const [name, expected] of [[`${"export".repeat(40_000)}.plist`, false], [`${"export".repeat(40_000)}options.plist`, true]] as const) {
      const { value, calls } = stringCalls("indexOf", () => isExportOptionsFile(name));
      expect(value).toBe(expected);
      expect(calls).toBeLessThanOrEqual(2);
    }
  });

  it("agree with the regex they replace on random short names", () => {
    const random = seededRandom(1617);
    const alphabet = ["export", "options", "Export", "OPTIONS", "-", "_", " ", ".", "K", "\u212a", "\u0130", "x", ".plist", ".PLIST"];
    for (let round = 0; round < 20_000; round++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(isExportOptionsFile(name), name).toBe(/export[\w-]*options[\w-]*\.plist$/i.test(name));
    }
  });
});
