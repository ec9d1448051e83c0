import { claimedStrings, isMacTarget, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { distributionOf } from "../../src/checks/entitlements/distribution.js";
import { buildSigningDistribution, distributionEvidence } from "../../src/targets/distribution.js";
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
      "In a source tree, what ships depends on how the build is signed. Xcode's Developer ID export (Organizer's Direct Distribution, " +
      "`xcodebuild -exportArchive` with `method` developer-id) does not rewrite the plain values to `-systemextension` (Apple DTS, " +
      "r. 108838909): Apple's documented workflow keeps the plain values in the entitlements files, archives with Apple Development signing " +
      "and then re-signs the archived app and system extension by hand with `-systemextension` values and Developer ID profiles " +
      "(Quinn, \"Exporting a Developer ID Network Extension\"). The other real pattern signs the build itself with Developer ID and " +
      "`-systemextension` values in the entitlements files. So ne-lint reports plain values under Developer ID as an error when the build " +
      "signs with Developer ID itself (its profile refuses them), and as a warning, saying what the source cannot show, when only an " +
      "ExportOptions plist, `--distribution` or `.ne-lint.json` says Developer ID: the values are right only if a manual re-signing step " +
      "follows, and no source file records that. Signed products are judged strictly: what is signed is what runs. How ne-lint decides " +
      "the distribution: docs/how-targets-are-judged.md.",
    fix:
      "For Developer ID, sign the app and the system extension with `-systemextension` values (a separate Release entitlements file is the usual way); " +
      "for the Mac App Store and development signing, use the plain values.",
    sources: [NE_DOCS.exportingDeveloperId, NE_DOCS.developerIdProfile, NE_DOCS.entitlement],
    messages: {
      needsSystemExtension: "\"{{value}}\" is the App Store/development form; a Developer ID build ({{source}}) needs \"{{value}}-systemextension\", the only form Developer ID profiles contain.",
      exportKeepsPlain:
        "\"{{value}}\" is the App Store/development form and this target is exported for Developer ID ({{source}}), but Xcode's Developer ID export does not rewrite it to \"{{value}}-systemextension\" (Apple DTS, r. 108838909), the only form Developer ID profiles contain. Right only if the archive is then re-signed by hand with \"{{value}}-systemextension\" (Apple's documented workflow), a step the source tree cannot show.",
      unlessResigned:
        "\"{{value}}\" is the App Store/development form and this target is distributed with Developer ID ({{source}}): right if the archive is re-signed by hand with \"{{value}}-systemextension\" (Apple's documented workflow; Xcode's Developer ID export does not rewrite the value, r. 108838909), wrong if it is signed as it is. The source tree cannot show which; lint the signed product to be sure.",
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
      // Signed products are what runs, and a build signed with Developer ID itself is refused by its profile. Xcode's
      // Developer ID export keeps the archive's values (r. 108838909), so plain values are right there only with a
      // manual re-signing step, which no source file shows; a distribution only the user asserted leaves the same doubt.
      const how = target.built ? "embedded" : (distributionEvidence(distribution) ?? "fallback");
      const buildSigning = buildSigningDistribution(target);
      const archiveSigned = how === "export" && buildSigning?.value === "developer-id";
      const signsItself = how === "embedded" || how === "identity" || how === "profile" || archiveSigned;
      const messageId = signsItself ? "needsSystemExtension" : how === "export" ? "exportKeepsPlain" : "unlessResigned";
      const source = archiveSigned ? buildSigning.source : distribution.source;
      for (const c of plain) {
        report({ messageId, document: c.document, node: c.node, data: { value: c.value, source }, ...(signsItself ? {} : { severity: "warning" as const }) });
      }
    } else if (distribution.value === "app-store" || distribution.value === "development") {
      const name = distribution.value === "app-store" ? "Mac App Store" : "development";
      for (const c of sysex) report({ messageId: "needsPlain", document: c.document, node: c.node, data: { value: c.value, plain: plainValue(c.value), distribution: name, source: distribution.source } });
    }
  },
});
