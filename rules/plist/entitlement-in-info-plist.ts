import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { isDict } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** Entitlement keys without a `com.apple.developer.`/`com.apple.security.` prefix. */
const BARE_ENTITLEMENTS: ReadonlySet<string> = new Set([
  "aps-environment",
  "application-identifier",
  "com.apple.application-identifier",
  "keychain-access-groups",
  "get-task-allow",
  "beta-reports-active",
]);

/** Info.plist keys that look like entitlements but belong in Info.plist (Core NFC). */
const INFO_PLIST_KEYS: ReadonlySet<string> = new Set([
  "com.apple.developer.nfc.readersession.felica.systemcodes",
  "com.apple.developer.nfc.readersession.iso7816.select-identifiers",
]);

function isEntitlementKey(key: string): boolean {
  if (INFO_PLIST_KEYS.has(key)) return false;
  return key.startsWith("com.apple.developer.") || key.startsWith("com.apple.security.") || BARE_ENTITLEMENTS.has(key);
}

export default defineDocumentRule({
  meta: {
    id: "plist/entitlement-in-info-plist",
    severity: "error",
    description: "An entitlement key written into an Info.plist, where it does nothing",
    rationale:
      "Entitlements are claims in the code signature, made from the target's `.entitlements` file (`CODE_SIGN_ENTITLEMENTS`). The system " +
      "never reads them from Info.plist, so a key such as `com.apple.developer.networking.multicast` there grants nothing: the operation it " +
      "gates still fails at run time, and the mistake hides a missing entitlement (VLC's tvOS target did exactly this).",
    fix: "Move the key to the target's `.entitlements` file (Xcode: Signing & Capabilities) and delete it from Info.plist.",
    sources: [
      "https://developer.apple.com/documentation/bundleresources/entitlements",
      "https://developer.apple.com/documentation/xcode/adding-capabilities-to-your-app",
      LAN_DOCS.multicast,
    ],
    messages: { inInfoPlist: "{{key}} is an entitlement; in an Info.plist it does nothing. Move it to the target's .entitlements file." },
    examples: {
      incorrect: "<!-- Info.plist -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
      correct: "<!-- App.entitlements -->\n<key>com.apple.developer.networking.multicast</key>\n<true/>",
    },
    tags: ["entitlements", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    if (!isDict(document.root)) return;
    for (const entry of document.root.entries) {
      if (isEntitlementKey(entry.key.value)) report({ messageId: "inInfoPlist", node: entry, data: { key: entry.key.value } });
    }
  },
});
