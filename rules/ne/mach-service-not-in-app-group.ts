import { APP_GROUPS_KEY, claimedStrings, claimsTrue, hasKnownEntitlements, SANDBOX_KEY } from "../../src/checks/entitlements/entitlements.js";
import { machServiceEntry, NE_DOCS } from "../../src/checks/ne/values.js";
import { entryOf, hasPlaceholder, isDict, placeholderStart, stringValue, valueOf } from "../../src/model/plist.js";
import type { Target } from "../../src/model/target.js";
import { defineTargetRule } from "../../src/linter/types.js";

/**
 * `name` is a descendant of `group` (`group.` is a prefix), compared symbolically: both sides may
 * use the same variables. `undefined` when a variable the two do not share makes it unknowable.
 */
function isInGroup(name: string, group: string): boolean | undefined {
  // Equal to the group is accepted too: Firezone ships that way (corpus), so only a clear mismatch is reported.
  if (name === group || name.startsWith(`${group}.`)) return true;
  if (!hasPlaceholder(name) && !hasPlaceholder(group)) return false;
  // Same variables in the same places up to the group's end: a textual mismatch outside them is certain.
  const literalPrefix = (text: string) => {
    const start = placeholderStart(text);
    return start < 0 ? text : text.slice(0, start);
  };
  const nameHead = literalPrefix(name);
  const groupHead = literalPrefix(group);
  if (!nameHead.startsWith(groupHead) && !groupHead.startsWith(nameHead)) return false;
  return undefined;
}

/**
 * The App Sandbox is what confines a Mach service name to the process's app groups (a sandboxed process may register only
 * names inside a group it is entitled to). A system extension without the sandbox (Developer ID) may register any name, or
 * none: `NEMachServiceName` is only how the app reaches the provider over XPC, and Apple's `startSystemExtensionMode()`
 * documentation requires only `NEProviderClasses`. Mac App Store builds are always sandboxed.
 */
function isSandboxed(target: Target): boolean {
  return claimsTrue(target, SANDBOX_KEY) || target.distribution?.value === "app-store";
}

export default defineTargetRule({
  meta: {
    id: "ne/mach-service-not-in-app-group",
    severity: "error",
    description: "A sandboxed Network Extension system extension whose NEMachServiceName is not inside one of its app groups",
    rationale:
      "A sandboxed system extension may register only Mach services named inside an app group it is entitled to: with group `G` the name must " +
      "start with `G.` (dot included). Otherwise activation fails with `OSSystemExtensionErrorDomain` code 9 (\"validationFailed\") and the provider " +
      "never starts. Only sandboxed system extensions are checked (App Sandbox entitlement, or a Mac App Store build): without the sandbox " +
      "the name is not confined to an app group, and a Developer ID system extension without `NEMachServiceName` ships and runs (the key " +
      "only lets the app reach the provider over XPC).",
    fix: "Set `NetworkExtension` → `NEMachServiceName` to `<app group>.<name>` using an app group listed in the sandboxed system extension's `com.apple.security.application-groups`.",
    sources: [NE_DOCS.machService, NE_DOCS.systemExtensionMode, "https://developer.apple.com/documentation/bundleresources/entitlements/com.apple.security.application-groups"],
    messages: {
      notInGroup: "NEMachServiceName \"{{name}}\" is not inside an app group of this sandboxed system extension ({{groups}}); activation fails with validationFailed (code 9).",
      noGroups: "NEMachServiceName \"{{name}}\" must be inside one of this sandboxed system extension's app groups, but {{entitlements}} claims no com.apple.security.application-groups.",
    },
    examples: {
      incorrect: "<!-- entitlements: application-groups = [TEAMID.com.example.vpn] -->\n<key>NEMachServiceName</key>\n<string>TEAMID.com.example.vpn-tunnel</string>",
      correct: "<key>NEMachServiceName</key>\n<string>TEAMID.com.example.vpn.tunnel</string>",
    },
    tags: ["network-extension", "system-extension"],
  },
  check({ target, report }) {
    const infoPlist = target.infoPlist;
    const networkExtension = entryOf(infoPlist?.root, "NetworkExtension");
    if (!infoPlist || !networkExtension || !isDict(networkExtension.value) || !isDict(valueOf(networkExtension.value, "NEProviderClasses"))) return;
    const entry = machServiceEntry(infoPlist);
    const name = stringValue(entry?.value);
    if (!entry || name === undefined || !hasKnownEntitlements(target) || !isSandboxed(target)) return;
    const groups = claimedStrings(target, APP_GROUPS_KEY);
    if (groups.length === 0) {
      // The whole key may be a variable in one file and spelt out in another; only absent everywhere is certain.
      report({ messageId: "noGroups", document: infoPlist, node: entry, data: { name, entitlements: target.signedEntitlements?.file.path ?? target.entitlements.map((d) => d.file.path).join(", ") } });
      return;
    }
    const verdicts = groups.map((group) => isInGroup(name, group.value));
    if (verdicts.includes(true) || verdicts.includes(undefined)) return;
    report({ messageId: "notInGroup", document: infoPlist, node: entry, data: { name, groups: groups.map((g) => g.value).join(", ") } });
  },
});
