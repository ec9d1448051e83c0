import { PROFILE_DOCS } from "../../src/checks/profile/sources.js";
import { isDict, stringItems } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** `*` or a value ending in `*` (`TEAMID.*`, `com.example.*`). `applinks:*.example.com` is a real subdomain wildcard and allowed. */
function isProfileWildcard(value: string): boolean {
  return value.endsWith("*");
}

export default defineDocumentRule({
  meta: {
    id: "profile/wildcard-in-signature",
    severity: "error",
    description: "An entitlement value ending in * (a profile wildcard) claimed in the signature",
    rationale:
      "Wildcards such as `*` and `TEAMID.*` mean \"any value with this prefix\" only inside a provisioning profile. In a code signature they are " +
      "literal values that nothing grants: App Store upload rejects them (ITMS-90046 \"Invalid Code Signing Entitlements\" / ITMS-90045), usually " +
      "because a build tool copied the profile's `Entitlements` into the signature.",
    fix: "Claim the concrete values the app uses (`TEAMID.com.example.shared`, the real associated domains) instead of the profile's wildcard.",
    sources: [PROFILE_DOCS.tn3125, "https://github.com/facebook/buck/issues/798"],
    messages: { wildcard: "\"{{value}}\" in {{key}} is a profile wildcard; a signature must claim concrete values." },
    examples: { incorrect: "<key>keychain-access-groups</key>\n<array>\n\t<string>TEAMID.*</string>\n</array>", correct: "<key>keychain-access-groups</key>\n<array>\n\t<string>TEAMID.com.example.shared</string>\n</array>" },
    tags: ["profile", "entitlements"],
  },
  documents: ["entitlements", "signed-entitlements"],
  check({ document, report }) {
    if (!isDict(document.root)) return;
    for (const entry of document.root.entries) {
      for (const node of stringItems(entry.value)) {
        if (isProfileWildcard(node.value)) report({ messageId: "wildcard", node, data: { value: node.value, key: entry.key.value } });
      }
    }
  },
});
