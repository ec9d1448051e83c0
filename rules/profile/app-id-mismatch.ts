import { profileLabel, profileMatchesBundleId, soleProfile } from "../../src/checks/profile/profiles.js";
import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "profile/app-id-mismatch",
    severity: "error",
    description: "A provisioning profile whose App ID or team does not match the target's bundle ID or signature",
    rationale:
      "A profile is issued for one App ID (`TEAMID.com.example.app`, or a wildcard such as `TEAMID.com.example.*`) and one team. Signing a bundle " +
      "whose `CFBundleIdentifier` the App ID does not cover gives Xcode's \"Provisioning profile \"…\" has app ID \"…\", which does not match the " +
      "bundle ID \"…\"\"; a re-signed build fails to install (0xe8008016) or upload (ITMS-90164). Only the profile that certainly belongs to the " +
      "target (embedded, or the only one beside it) is compared.",
    fix: "Use the profile made for this bundle ID (or change the bundle ID to the App ID's), and sign with a certificate of the profile's team.",
    sources: [PROFILE_DOCS.tn3125, PROFILE_DOCS.tn2415],
    messages: {
      bundleId: "Provisioning profile \"{{profile}}\" has app ID \"{{appId}}\", which does not match the bundle ID \"{{bundleId}}\".",
      team: "Provisioning profile \"{{profile}}\" belongs to team {{profileTeam}}, but the executable is signed by team {{signedTeam}}.",
    },
    examples: {
      incorrect: "<!-- bundle ID com.example.app.tunnel -->\n<key>application-identifier</key>\n<string>TEAMID.com.example.app</string>",
      correct: "<key>application-identifier</key>\n<string>TEAMID.com.example.app.tunnel</string>",
    },
    tags: ["profile"],
  },
  check({ target, report }) {
    const profile = soleProfile(target);
    if (!profile) return;
    const bundleId = target.bundleId?.value;
    if (profile.appId && profileMatchesBundleId(profile, bundleId) === false) {
      const entry = entryOf(profile.entitlements, "application-identifier") ?? entryOf(profile.entitlements, "com.apple.application-identifier");
      report({ messageId: "bundleId", document: profile.document, node: entry?.value, data: { profile: profileLabel(profile), appId: profile.appId, bundleId: bundleId ?? "" } });
    }
    const signedTeam = target.binary?.teamId;
    if (signedTeam && profile.teamId && signedTeam !== profile.teamId) {
      const entry = entryOf(profile.document.root, "TeamIdentifier");
      report({ messageId: "team", document: profile.document, node: entry, data: { profile: profileLabel(profile), profileTeam: profile.teamId, signedTeam } });
    }
  },
});
