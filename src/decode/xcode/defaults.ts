/**
 * The lowest settings level: what Xcode and the SDK define before any project file does.
 *
 * Xcode derives hundreds of settings from the SDK, the platform and the product-type specs
 * (`*.xcspec` inside Xcode.app). Only the ones that entitlements, Info.plist values and bundle
 * identifiers commonly reference are reproduced here. Everything else stays an unknown `$(NAME)`.
 *
 * Always present (facts about the project, not defaults):
 *   TARGET_NAME, PROJECT_NAME, PROJECT_DIR, SRCROOT, SOURCE_ROOT, PROJECT_FILE_PATH, CONFIGURATION
 * Present unless `sdkDefaults` is false:
 *   PRODUCT_NAME = $(TARGET_NAME)             PRODUCT_MODULE_NAME = $(PRODUCT_NAME:c99extidentifier)
 *   EXECUTABLE_NAME = $(PRODUCT_NAME)         FULL_PRODUCT_NAME = $(PRODUCT_NAME).$(WRAPPER_EXTENSION)
 *   WRAPPER_EXTENSION, PRODUCT_BUNDLE_PACKAGE_TYPE   per product type (table below)
 *   PLATFORM_NAME, EFFECTIVE_PLATFORM_NAME    from the SDK the view is resolved for ([sdk=…*])
 *   SUPPORTED_PLATFORMS                       the SDKROOT SDK's device + simulator platform
 *   DEVELOPMENT_LANGUAGE = en
 */
import { NO_CONDITIONS, type SettingAssignment, type SettingOrigin } from "./settings.js";

/** Device SDK names as `[sdk=…]` conditions and `SDKROOT` spell them. */
export const DEVICE_SDKS = ["iphoneos", "macosx", "appletvos", "watchos", "xros", "driverkit"] as const;

const SIMULATOR_OF: Readonly<Record<string, string>> = {
  iphoneos: "iphonesimulator",
  appletvos: "appletvsimulator",
  watchos: "watchsimulator",
  xros: "xrsimulator",
};
const DEVICE_OF_SIMULATOR: Readonly<Record<string, string>> = {
  iphonesimulator: "iphoneos",
  appletvsimulator: "appletvos",
  watchsimulator: "watchos",
  xrsimulator: "xros",
};

/**
 * The device SDK an `SDKROOT` or `SUPPORTED_PLATFORMS` word names: `iphoneos17.2`, `iphonesimulator`,
 * `/…/MacOSX14.0.sdk` → `iphoneos`, `iphoneos`, `macosx`. `auto` and unknown words → undefined.
 */
export function deviceSdkOf(word: string): string | undefined {
  let name = word.trim().toLowerCase();
  if (name.includes("/")) name = name.slice(name.lastIndexOf("/") + 1);
  if (name.endsWith(".sdk")) name = name.slice(0, -".sdk".length);
  name = withoutVersionSuffix(name);
  if (Object.hasOwn(DEVICE_OF_SIMULATOR, name)) return DEVICE_OF_SIMULATOR[name];
  return (DEVICE_SDKS as readonly string[]).includes(name) ? name : undefined;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DOT = 0x2e;

/**
 * `name` without a trailing version (a digit, then digits and dots: `iphoneos17.2` → `iphoneos`). A scan,
 * not `/[0-9][0-9.]*$/`: that regex restarts at every digit of a long run that does not end the string,
 * quadratic on a hostile `SDKROOT`. The version starts at the first digit of the trailing digits-and-dots run.
 */
export function withoutVersionSuffix(name: string): string {
  const isDigit = (code: number) => code >= DIGIT_0 && code <= DIGIT_9;
  let runStart = name.length;
  while (runStart > 0) {
    const code = name.charCodeAt(runStart - 1);
    if (!isDigit(code) && code !== DOT) break;
    runStart--;
  }
  for (let index = runStart; index < name.length; index++) {
    if (isDigit(name.charCodeAt(index))) return name.slice(0, index);
  }
  return name;
}

interface ProductTypeFacts {
  readonly wrapperExtension?: string;
  readonly packageType?: string;
}

/** From Xcode's product-type specs; `PRODUCT_BUNDLE_PACKAGE_TYPE` is what Info.plist templates reference. */
export const PRODUCT_TYPES: Readonly<Record<string, ProductTypeFacts>> = {
  "com.apple.product-type.application": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.application.on-demand-install-capable": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.application.messages": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.application.watchapp": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.application.watchapp2": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.application.watchapp2-container": { wrapperExtension: "app", packageType: "APPL" },
  "com.apple.product-type.app-extension": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.app-extension.messages": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.app-extension.messages-sticker-pack": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.extensionkit-extension": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.tv-app-extension": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.watchkit-extension": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.watchkit2-extension": { wrapperExtension: "appex", packageType: "XPC!" },
  "com.apple.product-type.system-extension": { wrapperExtension: "systemextension", packageType: "SYSX" },
  "com.apple.product-type.driver-extension": { wrapperExtension: "dext", packageType: "DEXT" },
  "com.apple.product-type.xpc-service": { wrapperExtension: "xpc", packageType: "XPC!" },
  "com.apple.product-type.framework": { wrapperExtension: "framework", packageType: "FMWK" },
  "com.apple.product-type.framework.static": { wrapperExtension: "framework", packageType: "FMWK" },
  "com.apple.product-type.bundle": { wrapperExtension: "bundle", packageType: "BNDL" },
  "com.apple.product-type.bundle.unit-test": { wrapperExtension: "xctest", packageType: "BNDL" },
  "com.apple.product-type.bundle.ui-testing": { wrapperExtension: "xctest", packageType: "BNDL" },
  "com.apple.product-type.in-app-purchase-content": { packageType: "BNDL" },
  "com.apple.product-type.kernel-extension": { wrapperExtension: "kext", packageType: "KEXT" },
  "com.apple.product-type.kernel-extension.iokit": { wrapperExtension: "kext", packageType: "KEXT" },
  "com.apple.product-type.instruments-package": { wrapperExtension: "instrdst" },
  "com.apple.product-type.tool": {},
  "com.apple.product-type.library.static": {},
  "com.apple.product-type.library.dynamic": {},
  "com.apple.product-type.metal-library": {},
};

export interface DefaultsContext {
  readonly targetName: string;
  readonly productType: string | undefined;
  readonly projectName: string;
  readonly projectDir: string;
  readonly projectFilePath: string;
  readonly configuration: string;
  readonly sdkDefaults: boolean;
}

const BUILTIN: SettingOrigin = { file: "(Xcode default)", builtin: true };

/**
 * The defaults level, as two levels with no name in common (so their order does not matter): the facts of this
 * target and configuration, and the SDK and product-type defaults, made once per product type and shared by every
 * configuration (a table indexes a shared level once, `levelIndex` in settings.ts). Settings that depend on the
 * SDK are conditional on `[sdk=…*]`, so one table serves every SDK view of a configuration (and the SDK-less view
 * that works out `SDKROOT`).
 */
export function defaultLevels(context: DefaultsContext): SettingAssignment[][] {
  const facts = [
    builtin("TARGET_NAME", context.targetName),
    builtin("PROJECT_NAME", context.projectName),
    builtin("PROJECT_DIR", context.projectDir),
    builtin("SRCROOT", context.projectDir),
    builtin("SOURCE_ROOT", context.projectDir),
    builtin("PROJECT_FILE_PATH", context.projectFilePath),
    builtin("CONFIGURATION", context.configuration),
  ];
  return context.sdkDefaults ? [sdkDefaults(context.productType), facts] : [facts];
}

/** By product type: the known types, `""` for an unknown one, `undefined` for none, so at most ~30 entries. */
const sdkDefaultsByType = new Map<string | undefined, SettingAssignment[]>();

function sdkDefaults(productType: string | undefined): SettingAssignment[] {
  const known = productType !== undefined && Object.hasOwn(PRODUCT_TYPES, productType) ? productType : productType === undefined ? undefined : "";
  let assignments = sdkDefaultsByType.get(known);
  if (assignments) return assignments;
  const facts = (known ? PRODUCT_TYPES[known] : undefined) ?? {};
  assignments = [builtin("PRODUCT_NAME", "$(TARGET_NAME)"), builtin("PRODUCT_MODULE_NAME", "$(PRODUCT_NAME:c99extidentifier)"), builtin("EXECUTABLE_NAME", "$(PRODUCT_NAME)"), builtin("DEVELOPMENT_LANGUAGE", "en")];
  if (facts.wrapperExtension !== undefined) {
    assignments.push(builtin("WRAPPER_EXTENSION", facts.wrapperExtension), builtin("FULL_PRODUCT_NAME", "$(PRODUCT_NAME).$(WRAPPER_EXTENSION)"));
  } else if (facts.packageType === undefined && known !== undefined) {
    assignments.push(builtin("FULL_PRODUCT_NAME", "$(PRODUCT_NAME)"));
  }
  if (facts.packageType !== undefined) assignments.push(builtin("PRODUCT_BUNDLE_PACKAGE_TYPE", facts.packageType));
  for (const sdk of [...DEVICE_SDKS, ...Object.values(SIMULATOR_OF)]) {
    assignments.push(builtin("PLATFORM_NAME", sdk, sdk), builtin("EFFECTIVE_PLATFORM_NAME", sdk === "macosx" ? "" : `-${sdk}`, sdk));
  }
  for (const assignment of assignments) Object.freeze(assignment);
  sdkDefaultsByType.set(known, Object.freeze(assignments) as SettingAssignment[]);
  return assignments;
}

function builtin(name: string, value: string, sdk?: string): SettingAssignment {
  return { name, value, conditions: sdk === undefined ? NO_CONDITIONS : [{ parameter: "sdk", pattern: `${sdk}*` }], origin: BUILTIN };
}

/** `SUPPORTED_PLATFORMS` as the SDK named by `SDKROOT` defines it; added once `SDKROOT` is known. */
export function defaultSupportedPlatforms(sdk: string): SettingAssignment {
  const simulator = SIMULATOR_OF[sdk];
  return builtin("SUPPORTED_PLATFORMS", simulator ? `${sdk} ${simulator}` : sdk);
}
