import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { entryOf } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

const APP_ONLY_KEYS = ["NSLocalNetworkUsageDescription", "NSBonjourServices"] as const;

export default defineTargetRule({
  meta: {
    id: "lan/keys-in-extension-only",
    severity: "warning",
    description: "NSLocalNetworkUsageDescription or NSBonjourServices set in an app extension but not in its container app",
    rationale:
      "Local network privacy is decided for the app: the Local Network alert and the Bonjour allowlist are read from the container app's " +
      "Info.plist (TN3179). Keys that only an extension's Info.plist carries are not where the system looks, so the alert shows no purpose " +
      "string and browsing for the listed types fails.",
    fix: "Copy the key to the container app's Info.plist.",
    sources: [LAN_DOCS.tn3179, LAN_DOCS.bonjourServices],
    messages: { extensionOnly: "{{key}} is set in this extension but not in its container app {{container}}, whose Info.plist the system reads for local network privacy." },
    examples: {
      incorrect: "<!-- Widget/Info.plist has NSLocalNetworkUsageDescription; App/Info.plist does not -->",
      correct: "<!-- App/Info.plist -->\n<key>NSLocalNetworkUsageDescription</key>\n<string>Finds speakers on your network.</string>",
    },
    tags: ["local-network", "privacy"],
  },
  check({ target, report }) {
    const parent = target.parent;
    if (target.kind?.value !== "app-extension" || !target.infoPlist || !parent?.infoPlist) return;
    for (const key of APP_ONLY_KEYS) {
      const entry = entryOf(target.infoPlist.root, key);
      if (entry && !entryOf(parent.infoPlist.root, key)) report({ messageId: "extensionOnly", document: target.infoPlist, node: entry, data: { key, container: parent.name } });
    }
  },
});
