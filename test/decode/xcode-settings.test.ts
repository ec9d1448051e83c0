import { describe, expect, it } from "vitest";
import { matchesPattern, parseSettingKey, SettingsScope, SettingsTable } from "../../src/decode/xcode/settings.js";
import type { ConditionValues, SettingAssignment } from "../../src/decode/xcode/settings.js";
import { defaultLevels } from "../../src/decode/xcode/defaults.js";

/** One level from `KEY[cond=…] = value` lines, each tagged with the level's name as its file. */
function level(file: string, lines: string[]): SettingAssignment[] {
  return lines.map((line, index) => {
    const equals = line.indexOf(" = ");
    const key = parseSettingKey(line.slice(0, equals).trim());
    if (!key) throw new Error(`bad test key in ${line}`);
    return { name: key.name, conditions: key.conditions, value: line.slice(equals + 3).trim(), origin: { file, line: index + 1 } };
  });
}

function scope(levels: SettingAssignment[][], conditions: ConditionValues = {}, problems: string[] = []): SettingsScope {
  return new SettingsScope(new SettingsTable(levels), conditions, (message) => problems.push(message));
}

describe("build setting levels", () => {
  const levels = [
    level("defaults", ["PRODUCT_NAME = $(TARGET_NAME)", "TARGET_NAME = Tunnel", "A = default"]),
    level("project.xcconfig", ["A = project-xcconfig", "B = project-xcconfig"]),
    level("project", ["B = project", "C = project"]),
    level("target.xcconfig", ["C = target-xcconfig", "D = target-xcconfig"]),
    level("target", ["D = target"]),
  ];

  it("takes each setting from the highest level that assigns it, and says where", () => {
    const settings = scope(levels);
    expect(settings.get("A")).toBe("project-xcconfig");
    expect(settings.get("B")).toBe("project");
    expect(settings.get("C")).toBe("target-xcconfig");
    expect(settings.get("D")).toBe("target");
    expect(settings.get("PRODUCT_NAME")).toBe("Tunnel");
    expect(settings.origin("C")).toEqual({ file: "target.xcconfig", line: 1 });
    expect(settings.origin("D")).toEqual({ file: "target", line: 1 });
    expect(settings.get("NEVER_SET")).toBeUndefined();
    expect(settings.origin("NEVER_SET")).toBeUndefined();
    expect(settings.names().sort()).toEqual(["A", "B", "C", "D", "PRODUCT_NAME", "TARGET_NAME"]);
  });

  it("splices the next level into $(inherited), across several levels", () => {
    const settings = scope([
      level("project.xcconfig", ["FLAGS = -a"]),
      level("project", ["FLAGS = $(inherited) -b"]),
      level("target.xcconfig", ["FLAGS = ${inherited} -c"]),
      level("target", ["FLAGS = $(inherited) -d", "EMPTY = $(inherited) x"]),
    ]);
    expect(settings.get("FLAGS")).toBe("-a -b -c -d");
    // Nothing below: $(inherited) is empty, as in Xcode.
    expect(settings.get("EMPTY")).toBe(" x");
  });

  it("treats a setting that names itself as $(inherited), within one file too", () => {
    const settings = scope([level("a.xcconfig", ["SWIFT_FLAGS = ONE", "SWIFT_FLAGS = $(SWIFT_FLAGS) TWO", "PATH = $(PATH):/opt/bin"])]);
    expect(settings.get("SWIFT_FLAGS")).toBe("ONE TWO");
    // PATH would come from the environment, which is never read: it stays a placeholder.
    expect(settings.get("PATH")).toBe("$(PATH):/opt/bin");
  });

  it("evaluates references against the fully resolved table, not the level they are written in", () => {
    // passepartout: the mac xcconfig (target level) builds on a base defined in the project's xcconfig.
    const settings = scope([
      level("Config.xcconfig", ["CFG_TUNNEL_ENTITLEMENT_BASE = packet-tunnel-provider", "CFG_TUNNEL_ENTITLEMENT = $(CFG_TUNNEL_ENTITLEMENT_BASE)"]),
      level("project", []),
      level("Config.mac.xcconfig", ["CFG_TUNNEL_ENTITLEMENT = $(CFG_TUNNEL_ENTITLEMENT_BASE)-systemextension"]),
    ]);
    expect(settings.get("CFG_TUNNEL_ENTITLEMENT")).toBe("packet-tunnel-provider-systemextension");
    expect(settings.expand("<string>$(CFG_TUNNEL_ENTITLEMENT)</string>")).toBe("<string>packet-tunnel-provider-systemextension</string>");
  });

  it("keeps unknown references as written", () => {
    const settings = scope([level("target", ["ID = com.example.$(TEAM_SUFFIX).${OTHER}", "BARE = $HOME/x"])]);
    expect(settings.get("ID")).toBe("com.example.$(TEAM_SUFFIX).${OTHER}");
    expect(settings.isComplete("ID")).toBe(false);
    expect(settings.get("BARE")).toBe("$HOME/x");
    expect(settings.expand("packet-tunnel-provider$(PACKET_TUNNEL_PROVIDER_SUFFIX)")).toBe("packet-tunnel-provider$(PACKET_TUNNEL_PROVIDER_SUFFIX)");
    expect(settings.expand("unterminated $(ID")).toBe("unterminated $(ID");
  });

  it("resolves nested references such as $(ENABLE_$(TEAM))", () => {
    const settings = scope([level("target", ["TEAM = ABC", "ENABLE_ABC = yes", "PICK = $(ENABLE_$(TEAM))", "MISSING = $(ENABLE_$(NOPE))"])]);
    expect(settings.get("PICK")).toBe("yes");
    expect(settings.get("MISSING")).toBe("$(ENABLE_$(NOPE))");
  });
});

describe("operators", () => {
  const settings = scope([
    level("target", [
      "PRODUCT_NAME = My App+Tunnel",
      "LEADING = 1st app",
      "PATHY = Sources/App/Info.plist",
      "UNKNOWN_OP = $(PRODUCT_NAME:frobnicate)",
      "DEFAULTED = $(NOT_SET:default=fallback)",
      "DEFAULT_UNUSED = $(PRODUCT_NAME:default=fallback)",
      "CHAINED = $(PRODUCT_NAME:rfc1034identifier:lower)",
    ]),
  ]);

  it("applies the retrieval operators Xcode documents", () => {
    expect(settings.expand("$(PRODUCT_NAME:rfc1034identifier)")).toBe("My-App-Tunnel");
    expect(settings.expand("$(PRODUCT_NAME:c99extidentifier)")).toBe("My_App_Tunnel");
    expect(settings.expand("$(LEADING:identifier)")).toBe("_1st_app");
    expect(settings.expand("$(PRODUCT_NAME:lower)|$(PRODUCT_NAME:upper)")).toBe("my app+tunnel|MY APP+TUNNEL");
    expect(settings.expand("$(PATHY:file) $(PATHY:base) $(PATHY:suffix) $(PATHY:dir)")).toBe("Info.plist Info .plist Sources/App/");
    expect(settings.get("CHAINED")).toBe("my-app-tunnel");
  });

  it("uses :default= only when the value is empty or unset", () => {
    expect(settings.get("DEFAULTED")).toBe("fallback");
    expect(settings.get("DEFAULT_UNUSED")).toBe("My App+Tunnel");
  });

  it("keeps a reference with an operator it cannot evaluate, or an unknown operand", () => {
    expect(settings.get("UNKNOWN_OP")).toBe("$(PRODUCT_NAME:frobnicate)");
    expect(settings.expand("$(NOT_SET:lower)")).toBe("$(NOT_SET:lower)");
  });
});

describe("conditional settings", () => {
  it("matches [sdk=…] globs, [config=…] and leaves [arch=…] out unless an arch is given", () => {
    const levels = [
      level("x.xcconfig", [
        "ENT = App.entitlements",
        "ENT[sdk=macosx*] = AppMac.entitlements",
        "ENT[config=Debug][sdk=macosx*] = AppMacDebug.entitlements",
        "ARCHY = plain",
        "ARCHY[arch=arm64] = arm",
        "ANY_ARCH[arch=*] = star",
      ]),
    ];
    expect(scope(levels, { sdk: "iphoneos", config: "Debug" }).get("ENT")).toBe("App.entitlements");
    expect(scope(levels, { sdk: "macosx", config: "Release" }).get("ENT")).toBe("AppMac.entitlements");
    expect(scope(levels, { sdk: "macosx", config: "Debug" }).get("ENT")).toBe("AppMacDebug.entitlements");
    expect(scope(levels, { sdk: "macosx", config: "Debug" }).origin("ENT")).toEqual({ file: "x.xcconfig", line: 3 });
    expect(scope(levels, {}).get("ARCHY")).toBe("plain");
    expect(scope(levels, { arch: "arm64" }).get("ARCHY")).toBe("arm");
    expect(scope(levels, { arch: "x86_64" }).get("ARCHY")).toBe("plain");
    // An unbound parameter matches only the pattern "*" (swift-build MacroCondition).
    expect(scope(levels, {}).get("ANY_ARCH")).toBe("star");
  });

  it("lets a later unconditional assignment in the same file override an earlier conditional one", () => {
    const levels = [level("x.xcconfig", ["V[sdk=iphoneos*] = conditional", "V = later"])];
    expect(scope(levels, { sdk: "iphoneos" }).get("V")).toBe("later");
  });

  it("inherits through conditional assignments that match, skipping ones that do not", () => {
    const levels = [level("project", ["FLAGS = base", "FLAGS[sdk=iphoneos*] = $(inherited) ios", "FLAGS[sdk=macosx*] = $(inherited) mac"]), level("target", ["FLAGS = $(inherited) target"])];
    expect(scope(levels, { sdk: "macosx" }).get("FLAGS")).toBe("base mac target");
    expect(scope(levels, { sdk: "iphoneos" }).get("FLAGS")).toBe("base ios target");
  });

  it("parses condition keys and globs as Xcode spells them", () => {
    expect(parseSettingKey("CODE_SIGN_ENTITLEMENTS[config=Release][sdk=macosx*]")).toEqual({
      name: "CODE_SIGN_ENTITLEMENTS",
      conditions: [
        { parameter: "config", pattern: "Release" },
        { parameter: "sdk", pattern: "macosx*" },
      ],
    });
    expect(parseSettingKey("KEY[config=App Store]")?.conditions).toEqual([{ parameter: "config", pattern: "App Store" }]);
    expect(parseSettingKey("9BAD")).toBeUndefined();
    expect(parseSettingKey("KEY[unclosed")).toBeUndefined();
    expect(matchesPattern("iphone*", "iphonesimulator")).toBe(true);
    expect(matchesPattern("iphoneos*", "iphonesimulator")).toBe(false);
    expect(matchesPattern("a.c", "abc")).toBe(false);
    expect(matchesPattern("?os", "ios")).toBe(true);
  });
});

describe("cycles and limits", () => {
  it("terminates a reference cycle, keeps the text and reports it", () => {
    const problems: string[] = [];
    const settings = scope([level("target", ["A = x$(B)", "B = y$(A)"])], {}, problems);
    expect(settings.get("A")).toBe("xy$(A)");
    expect(settings.get("B")).toBe("yx$(B)");
    expect(problems.some((message) => message.includes("refers back to itself"))).toBe(true);
  });

  it("follows a cycle down to a lower level the way Xcode does", () => {
    const settings = scope([level("project", ["A = base"]), level("target", ["A = $(B)", "B = $(A)"])]);
    // Evaluating A reaches B, whose $(A) continues below the A being evaluated.
    expect(settings.get("A")).toBe("base");
  });

  it("stops an exponential expansion at the length cap and reports it", () => {
    const lines = ["L0 = x"];
    for (let index = 1; index <= 40; index++) lines.push(`L${index} = $(L${index - 1})$(L${index - 1})$(CYCLE${index})`, `CYCLE${index} = $(L${index})`);
    const problems: string[] = [];
    const settings = scope([level("target", lines)], {}, problems);
    const value = settings.get("L40");
    expect(typeof value).toBe("string");
    expect(value!.length).toBeLessThanOrEqual(256 * 1024 + 64);
  });

  it("survives a self-referencing chain deeper than the frame limit", () => {
    const lines: string[] = [];
    for (let index = 0; index < 200; index++) lines.push(`D${index} = $(D${index + 1})`);
    const problems: string[] = [];
    const settings = scope([level("target", lines)], {}, problems);
    expect(settings.get("D0")).toBe("$(D0)");
    expect(problems.join("\n")).toContain("D0");
  });
});

describe("the defaults level", () => {
  const context = (targetName: string, productType: string | undefined) => ({ targetName, productType, projectName: "P", projectDir: "/p", projectFilePath: "/p/P.xcodeproj", configuration: "Release", sdkDefaults: true });

  it("shares the SDK and product-type defaults between configurations of one product type, and keeps each target's facts", () => {
    const [appDefaults, appFacts] = defaultLevels(context("App", "com.apple.product-type.application"));
    const [otherDefaults, otherFacts] = defaultLevels(context("Other", "com.apple.product-type.application"));
    expect(otherDefaults).toBe(appDefaults);
    expect(defaultLevels(context("Ext", "com.apple.product-type.app-extension"))[0]).not.toBe(appDefaults);
    expect(appFacts!.find((assignment) => assignment.name === "TARGET_NAME")?.value).toBe("App");
    expect(otherFacts!.find((assignment) => assignment.name === "TARGET_NAME")?.value).toBe("Other");
    // No name in both levels: their order does not matter.
    const names = new Set(appFacts!.map((assignment) => assignment.name));
    expect(appDefaults!.filter((assignment) => names.has(assignment.name))).toEqual([]);
  });

  it("resolves as one level would", () => {
    const scope = (productType: string | undefined, sdk: string) => new SettingsScope(new SettingsTable(defaultLevels(context("My App", productType))), { config: "Release", sdk });
    const app = scope("com.apple.product-type.application", "iphoneos");
    expect(app.get("FULL_PRODUCT_NAME")).toBe("My App.app");
    expect(app.get("PRODUCT_MODULE_NAME")).toBe("My_App");
    expect(app.get("EFFECTIVE_PLATFORM_NAME")).toBe("-iphoneos");
    expect(scope("com.apple.product-type.tool", "macosx").get("FULL_PRODUCT_NAME")).toBe("My App");
    expect(scope("com.example.unknown", "macosx").get("FULL_PRODUCT_NAME")).toBe("My App");
    expect(scope(undefined, "macosx").get("FULL_PRODUCT_NAME")).toBeUndefined();
    expect(scope(undefined, "macosx").get("PLATFORM_NAME")).toBe("macosx");
  });
});
