import { claimedStrings, NE_KEY } from "../../src/checks/entitlements/entitlements.js";
import { productProviders, productTargets, providedValues, unembeddedProjectValues } from "../../src/checks/ne/product.js";
import { declaredProviders, NE_DOCS, plainValue, PROVIDER_VALUE, SYSEX_ONLY_ON_MACOS } from "../../src/checks/ne/values.js";
import { hasPlaceholder } from "../../src/model/plist.js";
import type { Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/** Values a provider bundle needs (`packet-tunnel-provider`…); manager values (`dns-settings`, `relay`) have no provider. */
const PROVIDER_VALUES: ReadonlySet<string> = new Set(Object.values(PROVIDER_VALUE));

/** What a provider value is for, with its article, for messages. */
const PROVIDER_NAME: Readonly<Record<string, string>> = {
  "packet-tunnel-provider": "a packet tunnel",
  "app-proxy-provider": "an app proxy",
  "content-filter-provider": "a content filter",
  "dns-proxy": "a DNS proxy",
  "app-push-provider": "an app push",
  "url-filter-provider": "a URL filter",
};

/** Values macOS honours only for system extensions, so an app extension claiming them cannot use them. */
const SYSEX_ONLY_VALUES_ON_MACOS: ReadonlySet<string> = new Set(SYSEX_ONLY_ON_MACOS.map((point) => PROVIDER_VALUE[point] ?? ""));

/**
 * Whether the whole product is known: its outermost container is a project app, and every bundle in it has a
 * readable Info.plist. Only then can "no provider" be said; a product whose providers live in another project
 * (a workspace, a cross-project reference) shows no provider at all and is left alone by the caller.
 */
function isKnownProduct(product: readonly Target[]): boolean {
  const root = product[0];
  return root?.origin === "xcode" && root.kind?.value === "app" && product.every((member) => member.infoPlist !== undefined);
}

export default defineTargetRule({
  meta: {
    id: "ne/value-without-provider",
    severity: "note",
    description: "A source entitlements file claims a Network Extension provider value that no provider in the product uses, or one macOS never honours for an app extension",
    rationale:
      "Each provider value (`packet-tunnel-provider`, `app-proxy-provider`, `content-filter-provider`, `dns-proxy`, `app-push-provider`, " +
      "`url-filter-provider`, and their `-systemextension` twins) exists for a provider bundle: an app extension declaring the extension point " +
      "in `NSExtension`, or a system extension listing it in `NEProviderClasses`. The container app and its extensions claim the values of the " +
      "providers the product ships (a widget that toggles the VPN may claim the tunnel's value too). A value no bundle of the product provides " +
      "is inert: the App ID's Network Extensions capability puts every value in the profile, so signing, export and upload accept it, and " +
      "without a provider of that type there is nothing for it to enable. Older Xcode versions added `packet-tunnel-provider`, " +
      "`app-proxy-provider` and `content-filter-provider` together, and Apple's own entitlement-debugging guide shows that set as normal, so a " +
      "note: claim only what the product uses. On macOS, content filters and DNS proxies run only as system extensions (TN3134), so an app " +
      "extension claiming `content-filter-provider` or `dns-proxy` claims something it can never use (a provider packaged that way is " +
      "`ne/sysex-only-provider-as-appex`). Only products whose bundles are all known are judged: the outermost app comes from an Xcode project " +
      "and at least one provider in it was found (providers built in another project are out of sight), and values of providers the project " +
      "builds without embedding them are not judged. Values outside the profile are `profile/entitlement-not-allowed`; signed products are " +
      "checked by `ne/profile-only-value-signed`.",
    fix: "Remove the values no provider of the product uses from the target's `.entitlements` file; on macOS, move content filters and DNS proxies into a system extension.",
    sources: [NE_DOCS.entitlement, NE_DOCS.deployment, NE_DOCS.profileOnlyValues, "https://developer.apple.com/forums/thread/22943"],
    messages: {
      noProvider: "\"{{value}}\" is claimed, but no bundle of {{product}} is {{provider}} provider (providers found: {{found}}), so it enables nothing; claim only the values the product's providers use.",
      appexOnMacos: "\"{{value}}\" cannot work in this macOS app extension: macOS runs content filters and DNS proxies only as system extensions.",
    },
    examples: {
      incorrect: "<!-- App.entitlements of an app whose only extension is a packet tunnel -->\n<array>\n\t<string>packet-tunnel-provider</string>\n\t<string>app-proxy-provider</string>\n\t<string>content-filter-provider</string>\n</array>",
      correct: "<array>\n\t<string>packet-tunnel-provider</string>\n</array>",
    },
    tags: ["network-extension", "entitlements"],
  },
  check({ target, report, targets }) {
    if (target.built || target.signedEntitlements) return;
    const claimed = claimedStrings(target, NE_KEY).filter((item) => !hasPlaceholder(item.value) && PROVIDER_VALUES.has(plainValue(item.value)));
    if (claimed.length === 0) return;
    const reported = new Set<unknown>();

    if (target.platform?.value === "macos" && !target.catalyst && target.kind?.value === "app-extension") {
      // A provider this appex declares is already reported by ne/sysex-only-provider-as-appex.
      const declaresSysexOnly = declaredProviders(target.infoPlist).some((provider) => SYSEX_ONLY_ON_MACOS.includes(provider.point));
      for (const item of claimed) {
        if (declaresSysexOnly || !SYSEX_ONLY_VALUES_ON_MACOS.has(plainValue(item.value))) continue;
        report({ messageId: "appexOnMacos", document: item.document, node: item.node, data: { value: item.value } });
        reported.add(item.node);
      }
    }

    const product = productTargets(target);
    if (!isKnownProduct(product)) return;
    const providers = productProviders(product);
    if (providers.length === 0) return;
    const used = providedValues(product);
    for (const value of unembeddedProjectValues(product, targets)) used.add(value);
    const found = [...new Set(providers.map(({ member, provider }) => `${provider.point.replace("com.apple.networkextension.", "")} in ${member.name}`))].join(", ");
    for (const item of claimed) {
      if (used.has(plainValue(item.value)) || reported.has(item.node)) continue;
      report({ messageId: "noProvider", document: item.document, node: item.node, data: { value: item.value, product: (product[0] as Target).name, provider: PROVIDER_NAME[plainValue(item.value)] ?? "its", found } });
    }
  },
});
