/**
 * What Xcode adds at signing: ENABLE_* App Sandbox and Hardened Runtime build settings are entitlements
 * for every rule (macOS and Mac Catalyst only); an archive drops com.apple.security.get-task-allow.
 */
import { describe, expect, it } from "vitest";
import { lint } from "../../src/engine.js";
import { RULES } from "../../rules/index.js";
import { PbxprojBuilder, fixtureFolders, linesContaining, type PbxValue } from "../helpers/xcode-fixtures.js";

const plist = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${body}</dict>\n</plist>\n`;
const ATS_EXCEPTION = "\t<key>NSAppTransportSecurity</key>\n\t<dict>\n\t\t<key>NSExceptionDomains</key>\n\t\t<dict>\n\t\t\t<key>example.com</key>\n\t\t\t<dict/>\n\t\t</dict>\n\t</dict>\n";
const sandboxRules = RULES.filter((rule) => rule.meta.id === "sandbox/mas-requires-sandbox" || rule.meta.id === "sandbox/no-network-client" || rule.meta.id === "profile/get-task-allow-in-distribution");

const fixture = fixtureFolders();

/** One app target on `sdk` with these build settings, an Info.plist with an ATS exception, and optionally an entitlements file. */
function app(settings: Record<string, PbxValue>, sdk = "macosx", entitlements?: string): { root: string; pbxproj: string } {
  const b = new PbxprojBuilder();
  const target = b.target({
    name: "App",
    productType: "com.apple.product-type.application",
    configurationList: b.configList([
      b.config("Release", { INFOPLIST_FILE: "App/Info.plist", PRODUCT_BUNDLE_IDENTIFIER: "dev.example.app", ...(entitlements ? { CODE_SIGN_ENTITLEMENTS: "App/App.entitlements" } : {}), ...settings }),
    ]),
  });
  b.project({ mainGroup: b.group([]), configurationList: b.configList([b.config("Release", { SDKROOT: sdk })]), targets: [target] });
  const pbxproj = b.toString();
  const root = fixture({
    "App.xcodeproj/project.pbxproj": pbxproj,
    "App/Info.plist": plist(`\t<key>CFBundleIdentifier</key>\n\t<string>dev.example.app</string>\n${ATS_EXCEPTION}`),
    ...(entitlements ? { "App/App.entitlements": plist(entitlements) } : {}),
  });
  return { root, pbxproj };
}

const keysOf = async (root: string): Promise<string[]> => {
  const [target] = (await lint({ paths: ["."], cwd: root, rules: [] })).workspace.targets;
  const document = target?.entitlements[0];
  return document?.root.type === "Dict" ? document.root.entries.map((entry) => `${entry.key.value}=${entry.value.type === "Boolean" ? entry.value.value : "?"}`) : [];
};
const findings = async (root: string, distribution: "app-store" | "developer-id" = "app-store") =>
  (await lint({ paths: ["."], cwd: root, rules: sandboxRules, distribution })).findings.map((f) => [f.ruleId, f.file, f.line]);

describe("build settings Xcode turns into entitlements", () => {
  it("adds App Sandbox, network, file-access and Hardened Runtime settings on macOS", async () => {
    const { root } = app({
      ENABLE_APP_SANDBOX: "YES",
      ENABLE_OUTGOING_NETWORK_CONNECTIONS: "YES",
      ENABLE_INCOMING_NETWORK_CONNECTIONS: "NO",
      ENABLE_USER_SELECTED_FILES: "readonly",
      ENABLE_FILE_ACCESS_DOWNLOADS_FOLDER: "readwrite",
      RUNTIME_EXCEPTION_ALLOW_JIT: "YES",
    });
    expect(await keysOf(root)).toEqual([
      "com.apple.security.app-sandbox=true",
      "com.apple.security.network.client=true",
      "com.apple.security.cs.allow-jit=true",
      "com.apple.security.files.user-selected.read-only=true",
      "com.apple.security.files.downloads.read-write=true",
    ]);
  });

  it("merges them into the entitlements file, overriding a false there, keeping the file's positions", async () => {
    const { root } = app({ ENABLE_APP_SANDBOX: "YES" }, "macosx", "\t<key>com.apple.security.app-sandbox</key>\n\t<false/>\n\t<key>com.apple.security.network.client</key>\n\t<true/>\n");
    expect(await keysOf(root)).toEqual(["com.apple.security.app-sandbox=true", "com.apple.security.network.client=true"]);
    const [target] = (await lint({ paths: ["."], cwd: root, rules: [] })).workspace.targets;
    const root0 = target!.entitlements[0]!.root;
    expect(root0.type === "Dict" && root0.byKey.get("com.apple.security.network.client")?.key.loc?.start.line).toBe(6);
  });

  it("adds nothing on iOS, where App Sandbox and Hardened Runtime settings do not apply", async () => {
    const { root } = app({ ENABLE_APP_SANDBOX: "YES", ENABLE_OUTGOING_NETWORK_CONNECTIONS: "YES" }, "iphoneos");
    expect(await keysOf(root)).toEqual([]);
  });

  it("no longer reports a Mac App Store app sandboxed through ENABLE_APP_SANDBOX (the false positive)", async () => {
    const { root } = app({ ENABLE_APP_SANDBOX: "YES", ENABLE_OUTGOING_NETWORK_CONNECTIONS: "YES" });
    expect(await findings(root)).toEqual([]);
  });

  it("still reports a sandboxed app without Outgoing Connections, at the ENABLE_APP_SANDBOX line", async () => {
    const { root, pbxproj } = app({ ENABLE_APP_SANDBOX: "YES", ENABLE_OUTGOING_NETWORK_CONNECTIONS: "NO" });
    expect(await findings(root)).toEqual([["sandbox/no-network-client", "App.xcodeproj/project.pbxproj", linesContaining(pbxproj, "ENABLE_APP_SANDBOX = YES")[0]]]);
  });

  it("still reports a Mac App Store app without any sandbox", async () => {
    const { root } = app({ ENABLE_APP_SANDBOX: "NO" }, "macosx", "\t<key>com.apple.security.network.client</key>\n\t<true/>\n");
    expect(await findings(root)).toEqual([["sandbox/mas-requires-sandbox", "App/App.entitlements", undefined]]);
  });
});

describe("get-task-allow at archive time", () => {
  const debuggable = "\t<key>com.apple.security.get-task-allow</key>\n\t<true/>\n";

  it("is dropped from a macOS entitlements file, as Xcode's archive does", async () => {
    const { root } = app({}, "macosx", debuggable);
    expect(await keysOf(root)).toEqual([]);
    expect(await findings(root, "developer-id")).toEqual([]);
  });

  it("stays when ENTITLEMENTS_DONT_REMOVE_GET_TASK_ALLOW = YES, and is then reported for Developer ID", async () => {
    const { root } = app({ ENTITLEMENTS_DONT_REMOVE_GET_TASK_ALLOW: "YES" }, "macosx", debuggable);
    expect(await findings(root, "developer-id")).toEqual([["profile/get-task-allow-in-distribution", "App/App.entitlements", 4]]);
  });
});
