/**
 * What Xcode adds to (and removes from) a target's entitlements when it signs, so every rule sees the
 * entitlements the product is signed with, not only the `.entitlements` file.
 *
 * Source of truth: Swift Build, the build system inside Xcode (swiftlang/swift-build,
 * Sources/SWBCore/SpecImplementations/Tools/ProductPackaging.swift, `constructProductEntitlementsTasks`):
 * - on platforms with App Sandbox and Hardened Runtime (macOS, Mac Catalyst), each Boolean setting below
 *   that is YES sets its entitlement to true (over a `false` in the file), and each file-access setting
 *   set to `readonly`/`readwrite` sets `<prefix>.read-only`/`<prefix>.read-write` to true (Xcode 15+);
 * - for deployment builds (archives: DEPLOYMENT_POSTPROCESSING), `com.apple.security.get-task-allow` is
 *   removed unless ENTITLEMENTS_DONT_REMOVE_GET_TASK_ALLOW = YES. `CODE_SIGN_INJECT_BASE_ENTITLEMENTS`
 *   injects it only into development (non-archive) builds, which ne-lint does not judge as shipping.
 * The table is docs/xcode-signing-entitlements.md.
 */
import type { ResolvedSettings } from "../decode/xcode/settings.js";
import type { PlistDocument } from "../model/document.js";
import { hasPlaceholder, type PlistBoolean, type PlistDict, type PlistEntry, type SourceRange } from "../model/plist.js";

/** Boolean build settings → the entitlement Xcode sets to true. */
export const BOOLEAN_ENTITLEMENT_SETTINGS: Readonly<Record<string, string>> = {
  ENABLE_APP_SANDBOX: "com.apple.security.app-sandbox",
  ENABLE_INCOMING_NETWORK_CONNECTIONS: "com.apple.security.network.server",
  ENABLE_OUTGOING_NETWORK_CONNECTIONS: "com.apple.security.network.client",
  ENABLE_RESOURCE_ACCESS_AUDIO_INPUT: "com.apple.security.device.audio-input",
  ENABLE_RESOURCE_ACCESS_BLUETOOTH: "com.apple.security.device.bluetooth",
  ENABLE_RESOURCE_ACCESS_CALENDARS: "com.apple.security.personal-information.calendars",
  ENABLE_RESOURCE_ACCESS_CAMERA: "com.apple.security.device.camera",
  ENABLE_RESOURCE_ACCESS_CONTACTS: "com.apple.security.personal-information.addressbook",
  ENABLE_RESOURCE_ACCESS_LOCATION: "com.apple.security.personal-information.location",
  ENABLE_RESOURCE_ACCESS_PHOTO_LIBRARY: "com.apple.security.personal-information.photos-library",
  ENABLE_RESOURCE_ACCESS_PRINTING: "com.apple.security.print",
  ENABLE_RESOURCE_ACCESS_USB: "com.apple.security.device.usb",
  AUTOMATION_APPLE_EVENTS: "com.apple.security.automation.apple-events",
  RUNTIME_EXCEPTION_ALLOW_DYLD_ENVIRONMENT_VARIABLES: "com.apple.security.cs.allow-dyld-environment-variables",
  RUNTIME_EXCEPTION_ALLOW_JIT: "com.apple.security.cs.allow-jit",
  RUNTIME_EXCEPTION_ALLOW_UNSIGNED_EXECUTABLE_MEMORY: "com.apple.security.cs.allow-unsigned-executable-memory",
  RUNTIME_EXCEPTION_DEBUGGING_TOOL: "com.apple.security.cs.debugger",
  RUNTIME_EXCEPTION_DISABLE_EXECUTABLE_PAGE_PROTECTION: "com.apple.security.cs.disable-executable-page-protection",
  RUNTIME_EXCEPTION_DISABLE_LIBRARY_VALIDATION: "com.apple.security.cs.disable-library-validation",
};

/** File-access build settings (`readonly` / `readwrite`) → the entitlement prefix. */
export const FILE_ACCESS_SETTINGS: Readonly<Record<string, string>> = {
  ENABLE_USER_SELECTED_FILES: "com.apple.security.files.user-selected",
  ENABLE_FILE_ACCESS_DOWNLOADS_FOLDER: "com.apple.security.files.downloads",
  ENABLE_FILE_ACCESS_PICTURE_FOLDER: "com.apple.security.assets.pictures",
  ENABLE_FILE_ACCESS_MUSIC_FOLDER: "com.apple.security.assets.music",
  ENABLE_FILE_ACCESS_MOVIES_FOLDER: "com.apple.security.assets.movies",
};

const FILE_ACCESS_SUFFIX: Readonly<Record<string, string>> = { readonly: "read-only", readwrite: "read-write" };
const GET_TASK_ALLOW = "com.apple.security.get-task-allow";

export interface SigningContext {
  /** macOS or Mac Catalyst: the platforms where Xcode injects App Sandbox and Hardened Runtime entitlements. */
  readonly sandboxPlatform: boolean;
  /** Display path of the project.pbxproj (where settings without another origin live). */
  readonly pbxproj: string;
}

/**
 * The entitlements a configuration is signed with: `base` (the CODE_SIGN_ENTITLEMENTS file, expanded)
 * plus what the build settings add, minus what an archive removes. `base` itself when nothing changes;
 * a document located at the first injecting setting when there is no file.
 */
export function signingEntitlements(base: PlistDocument | undefined, settings: ResolvedSettings, context: SigningContext): PlistDocument | undefined {
  const injected: { key: string; setting: string }[] = [];
  if (context.sandboxPlatform) {
    for (const [setting, key] of Object.entries(BOOLEAN_ENTITLEMENT_SETTINGS)) if (isYes(settings.get(setting))) injected.push({ key, setting });
    for (const [setting, prefix] of Object.entries(FILE_ACCESS_SETTINGS)) {
      const suffix = FILE_ACCESS_SUFFIX[(settings.get(setting) ?? "").trim().toLowerCase()];
      if (suffix) injected.push({ key: `${prefix}.${suffix}`, setting });
    }
  }
  const baseRoot = base?.root.type === "Dict" ? base.root : undefined;
  const strip = baseRoot?.byKey.has(GET_TASK_ALLOW) === true && !isYes(settings.get("ENTITLEMENTS_DONT_REMOVE_GET_TASK_ALLOW"));
  if (injected.length === 0 && !strip) return base;

  const file = base?.file ?? originFile(settings, injected[0]?.setting, context.pbxproj);
  const entries = (baseRoot?.entries ?? []).filter((entry) => !(strip && entry.key.value === GET_TASK_ALLOW));
  const root: PlistDict = { type: "Dict", entries, byKey: new Map(entries.map((entry) => [entry.key.value, entry])), shadowed: baseRoot ? baseRoot.shadowed.filter((entry) => entries.includes(entry)) : [] };
  for (const { key, setting } of injected) {
    const existing = root.byKey.get(key);
    if (existing?.value.type === "Boolean" && existing.value.value) continue;
    const origin = settings.origin(setting);
    // A finding about an injected entitlement points at its build setting when that is in this document's file.
    const loc: SourceRange | undefined = !base && origin?.line && origin.file === file.path ? { start: { line: origin.line, column: 1, offset: 0 }, end: { line: origin.line, column: 1, offset: 0 } } : undefined;
    const entry: PlistEntry = { type: "Entry", key: { type: "Key", value: key, ...(loc ? { loc } : {}) }, value: undefined as unknown as PlistBoolean, ...(loc ? { loc } : {}), parent: root };
    (entry as { value: PlistBoolean }).value = { type: "Boolean", value: true, ...(loc ? { loc } : {}), parent: entry };
    entry.key.parent = entry;
    if (existing) root.entries.splice(root.entries.indexOf(existing), 1, entry);
    else root.entries.push(entry);
    root.byKey.set(key, entry);
  }
  if (base) return { ...base, root };
  return { kind: "entitlements", format: "derived", file, root, comments: [] };
}

/** Xcode's Boolean build settings: YES (any case), also `true`/`1` as xcodebuild accepts on the command line. */
function isYes(value: string | undefined): boolean {
  return value !== undefined && !hasPlaceholder(value) && /^(yes|true|1)$/i.test(value.trim());
}

function originFile(settings: ResolvedSettings, setting: string | undefined, pbxproj: string): PlistDocument["file"] {
  const origin = setting ? settings.origin(setting) : undefined;
  const shown = origin && !origin.builtin ? origin.file : pbxproj;
  return { path: shown, fsPath: shown };
}
