import { claimedEntry, claimsTrue, hasKnownEntitlements, isMacTarget, SYSTEM_EXTENSION_INSTALL_KEY } from "../../src/checks/entitlements/entitlements.js";
import { NE_DOCS } from "../../src/checks/ne/values.js";
import { booleanValue } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/missing-system-extension-install",
    severity: "error",
    description: "A macOS app that embeds a system extension but lacks com.apple.developer.system-extension.install",
    rationale:
      "Only an app that claims `com.apple.developer.system-extension.install` = YES may ask the system to activate the system extensions it " +
      "carries in `Contents/Library/SystemExtensions`. Without it `OSSystemExtensionRequest` fails with `OSSystemExtensionErrorDomain` code 2 " +
      "(\"missingEntitlement\") and the Network Extension provider never runs.",
    fix: "Add the System Extension capability to the app target (`com.apple.developer.system-extension.install` = YES) and regenerate its profile.",
    sources: [NE_DOCS.systemExtensionInstall, NE_DOCS.installingSystemExtensions],
    messages: { missing: "This app embeds the system extension {{extension}} but does not claim com.apple.developer.system-extension.install; activation fails with missingEntitlement (code 2)." },
    examples: {
      incorrect: "<!-- App.entitlements of an app with Contents/Library/SystemExtensions/Tunnel.systemextension -->\n<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>packet-tunnel-provider-systemextension</string>\n</array>",
      correct: "<key>com.apple.developer.system-extension.install</key>\n<true/>",
    },
    tags: ["network-extension", "system-extension"],
  },
  check({ target, report }) {
    if (!isMacTarget(target) || target.kind?.value !== "app" || !hasKnownEntitlements(target)) return;
    const extension = target.children.find((child) => child.kind?.value === "system-extension");
    if (!extension || claimsTrue(target, SYSTEM_EXTENSION_INSTALL_KEY)) return;
    const present = claimedEntry(target, SYSTEM_EXTENSION_INSTALL_KEY);
    // A string such as `$(ENABLE_SYSEX)` is unknown, not absent.
    if (present && booleanValue(present.entry.value) === undefined) return;
    const data = { extension: extension.name };
    if (present) report({ messageId: "missing", document: present.document, node: present.entry, data });
    else report({ messageId: "missing", document: target.signedEntitlements ?? target.entitlements[0], data });
  },
});
