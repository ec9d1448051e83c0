import { isIosFamilyDevice, isMacTarget } from "../../src/checks/entitlements/entitlements.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { isDict, stringItems, valueOf } from "../../src/model/plist.js";
import { effectiveEntitlements, type Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** macOS entitlements that need no profile (TN3125): App Sandbox, Hardened Runtime and other `com.apple.security.*` keys. */
function restrictedMacEntitlement(target: Target): string | undefined {
  for (const document of effectiveEntitlements(target)) {
    if (!isDict(document.root)) continue;
    for (const entry of document.root.entries) {
      const key = entry.key.value;
      if (key === "com.apple.security.application-groups") {
        if (stringItems(entry.value).some((item) => item.value.startsWith("group."))) return key;
      } else if (!key.startsWith("com.apple.security.")) return key;
    }
  }
  return undefined;
}

export default defineTargetRule({
  meta: {
    id: "profile/missing-embedded-profile",
    severity: "error",
    description: "A built app or extension without the embedded provisioning profile it needs",
    rationale:
      "A device build for iOS, tvOS or visionOS must carry `embedded.mobileprovision`, or it does not install (\"A valid provisioning profile for " +
      "this executable was not found\"). A macOS bundle that claims restricted entitlements (Network Extension, system-extension.install, " +
      "keychain groups, iOS-style app groups…) must carry `Contents/embedded.provisionprofile`, or AMFI refuses to launch it (amfid \"No " +
      "matching profile found\" -413, \"Code has restricted entitlements, but the validation of its code signature failed\"); TestFlight for Mac " +
      "rejects a nested executable with an app identifier and no profile (ITMS-90885). Only built products are checked; simulator builds " +
      "ad hoc (`-`) signatures and bundles whose executable was not read are skipped.",
    fix: "Sign with a provisioning profile (Xcode embeds it when the target uses one); for hand-made bundles, copy the profile to `embedded.mobileprovision` / `Contents/embedded.provisionprofile` before signing.",
    sources: [PROFILE_DOCS.tn3125, PROFILE_DOCS.embeddedProfileMac, "https://developer.apple.com/forums/thread/744377"],
    messages: {
      ios: "This {{platform}} bundle has no embedded.mobileprovision; it will not install on a device.",
      macos: "This macOS bundle claims the restricted entitlement {{key}} but has no Contents/embedded.provisionprofile; AMFI refuses to launch it (\"No matching profile found\").",
    },
    examples: { incorrect: "<!-- Payload/App.app without embedded.mobileprovision -->", correct: "<!-- Payload/App.app/embedded.mobileprovision present -->" },
    tags: ["profile"],
  },
  check({ target, report }) {
    // Without the executable read, a partial copy of a bundle (test fixtures) cannot be told from a real one.
    if (!target.built || !target.binary || target.profiles.length > 0 || target.binary.adhoc) return;
    const kind = target.kind?.value;
    if (kind !== "app" && kind !== "app-extension" && kind !== "system-extension" && kind !== "watch-app") return;
    const file = target.binary.file;
    if (isIosFamilyDevice(target)) {
      const supported = stringItems(valueOf(target.infoPlist?.root, "CFBundleSupportedPlatforms")).map((node) => node.value);
      if (supported.some((name) => name.endsWith("Simulator"))) return;
      const platform = target.platform?.value === "tvos" ? "tvOS" : target.platform?.value === "visionos" ? "visionOS" : target.platform?.value === "watchos" ? "watchOS" : "iOS";
      report({ messageId: "ios", file, data: { platform } });
    } else if (isMacTarget(target) || target.catalyst) {
      const key = restrictedMacEntitlement(target);
      if (key) report({ messageId: "macos", file, data: { key } });
    }
  },
});
