import { claimedEntry, claimedStrings, HOTSPOT_HELPER_KEY, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { profileAllowsBoolean, profileAllowsString } from "../../src/checks/profile/allowlist.js";
import { candidateProfiles, profilesLabel } from "../../src/checks/profile/profiles.js";
import { NE_DOCS } from "../../src/checks/ne/values.js";
import { booleanValue } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/managed-capability",
    severity: "note",
    description: "A managed Network Extension capability (app push provider, Hotspot Helper) that Apple must grant first",
    rationale:
      "Most Network Extension capabilities are self-service, but `app-push-provider` and `com.apple.developer.networking.HotspotHelper` are managed: " +
      "Apple must approve a request for the team before the portal puts them in a profile. Until then Xcode reports \"Provisioning profile … " +
      "doesn't include the … entitlement\" and upload fails. This note marks the dependency; it becomes an error when the target's profile " +
      "does not grant the capability.",
    fix: "Request the capability from Apple (Account → Certificates, Identifiers & Profiles → the App ID's Additional Capabilities), then regenerate the profiles.",
    sources: [NE_DOCS.managedCapabilities, "https://developer.apple.com/documentation/networkextension/neapppushprovider", "https://developer.apple.com/documentation/networkextension/hotspot-helper"],
    messages: {
      managed: "{{capability}} is a managed capability: Apple must approve it for your team before any profile can include it.",
      notGranted: "{{capability}} is a managed capability and provisioning profile \"{{profile}}\" doesn't include it; request it from Apple and regenerate the profile.",
    },
    examples: {
      incorrect: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>app-push-provider</string>\n</array>",
      correct: "<!-- the same, once Apple granted the capability and the profile lists app-push-provider -->",
    },
    tags: ["network-extension", "profile"],
  },
  check({ target, report }) {
    const profiles = candidateProfiles(target).filter((profile) => profile.entitlements);
    const profile = profilesLabel(profiles);
    for (const claimed of claimedStrings(target, NE_KEY)) {
      if (claimed.value !== "app-push-provider") continue;
      const granted = profiles.length === 0 || profiles.some((p) => profileAllowsString(p, NE_KEY, claimed.value) === "allowed");
      const capability = "The app push provider (app-push-provider)";
      if (granted) report({ messageId: "managed", document: claimed.document, node: claimed.node, data: { capability } });
      else report({ messageId: "notGranted", document: claimed.document, node: claimed.node, severity: "error", data: { capability, profile } });
    }
    const helper = claimedEntry(target, HOTSPOT_HELPER_KEY);
    if (helper && booleanValue(helper.entry.value) === true) {
      const granted = profiles.length === 0 || profiles.some((p) => profileAllowsBoolean(p, HOTSPOT_HELPER_KEY, true) === "allowed");
      const capability = "Hotspot Helper (com.apple.developer.networking.HotspotHelper)";
      if (granted) report({ messageId: "managed", document: helper.document, node: helper.entry, data: { capability } });
      else report({ messageId: "notGranted", document: helper.document, node: helper.entry, severity: "error", data: { capability, profile } });
    }
  },
});
