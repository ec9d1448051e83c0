import { profileLabel, soleProfile } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import type { Platform } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** The profile `Platform` names that cover each platform (watchOS apps are provisioned with iOS profiles). */
const PROFILE_PLATFORMS: Readonly<Record<Platform, readonly string[]>> = {
  ios: ["iOS"],
  tvos: ["tvOS"],
  visionos: ["xrOS", "visionOS", "iOS"],
  watchos: ["iOS", "watchOS"],
  macos: ["OSX"],
};
const PLATFORM_NAME: Readonly<Record<Platform, string>> = { ios: "iOS", tvos: "tvOS", visionos: "visionOS", watchos: "watchOS", macos: "macOS" };

export default defineTargetRule({
  meta: {
    id: "profile/platform-mismatch",
    severity: "error",
    description: "A provisioning profile made for another platform than the target's",
    rationale:
      "Profiles are issued per platform (`Platform`: `iOS`, `tvOS`, `xrOS`/`visionOS`, `OSX`). An iOS profile cannot sign a macOS app or a Mac " +
      "Catalyst build (which uses a macOS profile), and a Mac profile cannot sign an iOS app: Xcode refuses the profile (\"Provisioning profile " +
      "\"…\" is not a … profile\"), and a re-signed build fails to install or launch.",
    fix: "Create a profile for the target's platform (for Mac Catalyst, a macOS profile for the `maccatalyst.` App ID) and sign with it.",
    sources: [PROFILE_DOCS.tn3125, PROFILE_DOCS.createProfile],
    messages: { mismatch: "Provisioning profile \"{{profile}}\" is for {{profilePlatforms}}, but this target builds for {{platform}} ({{source}})." },
    examples: { incorrect: "<!-- macOS app -->\n<key>Platform</key>\n<array>\n\t<string>iOS</string>\n</array>", correct: "<key>Platform</key>\n<array>\n\t<string>OSX</string>\n</array>" },
    tags: ["profile"],
  },
  check({ target, report }) {
    const profile = soleProfile(target);
    const platform = target.platform;
    if (!profile || !platform || profile.platforms.length === 0) return;
    const effective: Platform = target.catalyst ? "macos" : platform.value;
    const accepted = PROFILE_PLATFORMS[effective];
    if (profile.platforms.some((name) => accepted.includes(name))) return;
    report({
      messageId: "mismatch",
      document: profile.document,
      node: entryOf(profile.document.root, "Platform"),
      data: {
        profile: profileLabel(profile),
        profilePlatforms: profile.platforms.join(", "),
        platform: target.catalyst ? "Mac Catalyst" : PLATFORM_NAME[effective],
        source: platform.source,
      },
    });
  },
});
