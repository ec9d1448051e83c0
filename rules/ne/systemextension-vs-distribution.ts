import { claimedStrings, isMacTarget, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { distributionOf } from "../../src/checks/entitlements/distribution.js";
import { distributionEvidence } from "../../src/targets/distribution.js";
import { hasSystemExtensionTwin, isSystemExtensionValue, NE_DOCS, plainValue } from "../../src/checks/ne/values.js";
import { hasPlaceholder } from "../../src/model/plist.js";
import { defineTargetRule } from "../../src/linter/types.js";

export default defineTargetRule({
  meta: {
    id: "ne/systemextension-vs-distribution",
    severity: "error",
    description: "macOS Network Extension values that do not fit the distribution (Developer ID needs -systemextension, App Store and development need plain values)",
    rationale:
      "On macOS, Developer ID profiles list only the `-systemextension` values (`packet-tunnel-provider-systemextension`, …), while Mac App Store " +
      "and Apple Development profiles list only the plain ones. Signing with the other form gives Xcode's \"Provisioning profile … doesn't match " +
      "the entitlements file's value for the com.apple.developer.networking.networkextension entitlement\"; a re-signed build fails at launch " +
      "(AMFI \"Unsatisfied entitlements\"). The app and the system extension must both use the form of the distribution, and one target " +
      "claiming both forms is always wrong for one of them.\n\n" +
      "In a source tree, what ships depends on how the build is signed (Quinn, \"Exporting a Developer ID Network Extension\"): with Apple " +
      "Development signing and Xcode's Developer ID export (Organizer, or `xcodebuild -exportArchive` with `method` developer-id), the entitlements " +
      "file keeps the plain values and the export re-signs with the `-systemextension` ones; with manual Developer ID signing (a Developer ID " +
      "`CODE_SIGN_IDENTITY` or profile), the file needs the `-systemextension` values. ne-lint therefore reports plain values under Developer ID " +
      "as an error only when the build signs with Developer ID itself, says nothing when an `ExportOptions` plist exports for Developer ID, and " +
      "warns when only `--distribution` or `.ne-lint.json` says Developer ID (the source cannot tell which workflow is used). Signed products " +
      "are judged strictly: what is signed is what runs. How ne-lint decides the distribution: docs/how-targets-are-judged.md.",
    fix:
      "For Developer ID, sign the app and the system extension with `-systemextension` values (a separate Release entitlements file is the usual way); " +
      "for the Mac App Store and development signing, use the plain values.",
    sources: [NE_DOCS.exportingDeveloperId, NE_DOCS.developerIdProfile, NE_DOCS.entitlement],
    messages: {
      needsSystemExtension: "\"{{value}}\" is the App Store/development form; a Developer ID build ({{source}}) needs \"{{value}}-systemextension\", the only form Developer ID profiles contain.",
      unlessExported:
        "\"{{value}}\" is the App Store/development form and this target is distributed with Developer ID ({{source}}): correct if Xcode's Developer ID export signs it (the export re-signs with \"{{value}}-systemextension\"), wrong if it is signed manually with Developer ID, which needs \"{{value}}-systemextension\" here. The source tree does not say which; add an ExportOptions plist or name the distribution per target in .ne-lint.json.",
      needsPlain: "\"{{value}}\" is the Developer ID form; a {{distribution}} build ({{source}}) needs \"{{plain}}\", the only form its profiles contain.",
      mixed: "\"{{value}}\" and \"{{other}}\" are claimed together; one target is signed for one distribution, so one of them is always rejected.",
    },
    examples: {
      incorrect: "<!-- macOS system extension, --distribution developer-id -->\n<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>content-filter-provider</string>\n</array>",
      correct: "<key>com.apple.developer.networking.networkextension</key>\n<array>\n\t<string>content-filter-provider-systemextension</string>\n</array>",
    },
    tags: ["network-extension", "entitlements", "distribution"],
  },
  check({ target, report }) {
    if (!isMacTarget(target) || target.catalyst) return;
    const claimed = claimedStrings(target, NE_KEY).filter((c) => !hasPlaceholder(c.value) && hasSystemExtensionTwin(c.value));
    if (claimed.length === 0) return;

    const plain = claimed.filter((c) => !isSystemExtensionValue(c.value));
    const sysex = claimed.filter((c) => isSystemExtensionValue(c.value));
    if (plain.length > 0 && sysex.length > 0) {
      const first = sysex[0]!;
      report({ messageId: "mixed", document: first.document, node: first.node, data: { value: first.value, other: plain[0]!.value } });
      return;
    }
    const distribution = distributionOf(target);
    if (!distribution) return;
    // Developer ID app extensions are `ne/appex-with-developer-id`'s finding: the value is not their problem.
    if (distribution.value === "developer-id" && target.kind?.value !== "app-extension") {
      // Signed products are what runs. In source, Xcode's Developer ID export rewrites plain values; a build signed with
      // Developer ID itself (identity, profile) cannot; and a distribution only the user asserted leaves the workflow unknown.
      const how = target.built ? "embedded" : (distributionEvidence(distribution) ?? "fallback");
      if (how === "export") return;
      const uncertain = how === "fallback" || how === "override";
      for (const c of plain) {
        report({ messageId: uncertain ? "unlessExported" : "needsSystemExtension", document: c.document, node: c.node, data: { value: c.value, source: distribution.source }, ...(uncertain ? { severity: "warning" as const } : {}) });
      }
    } else if (distribution.value === "app-store" || distribution.value === "development") {
      const name = distribution.value === "app-store" ? "Mac App Store" : "development";
      for (const c of sysex) report({ messageId: "needsPlain", document: c.document, node: c.node, data: { value: c.value, plain: plainValue(c.value), distribution: name, source: distribution.source } });
    }
  },
});
