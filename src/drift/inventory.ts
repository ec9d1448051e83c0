/**
 * `ne-lint inventory`: per target and configuration, what it ships with — entitlements (with Network
 * Extension values, app groups…), ATS posture, local network keys — as data, Markdown or JSON. It is what a
 * security review or an App Review note needs, and exactly what the drift rules compare.
 */
import { entryOf, isString, stringItems, toJs, type PlistValue } from "../model/plist.js";
import type { Target } from "../model/target.js";
import { targetLabel, type Workspace } from "../model/workspace.js";
import { markdownCode } from "../report/untrusted-text.js";
import { atsPosture, type AtsPosture } from "./ats.js";
import { capabilityName } from "./consequences.js";
import { claimedEntitlements } from "./entitlements.js";

export interface EntitlementInventory {
  readonly key: string;
  readonly capability?: string;
  /** As in the file: `true`, a string, an array… */
  readonly value: unknown;
}

export interface TargetInventory {
  readonly target: string;
  readonly kind?: string;
  readonly bundleId?: string;
  readonly platform?: string;
  readonly configuration?: string;
  /** Where the entitlements come from (signed into the executable, else source files). */
  readonly entitlementsFrom: string[];
  readonly entitlements: EntitlementInventory[];
  readonly ats?: AtsPosture;
  readonly localNetwork: { readonly usageDescription?: string; readonly bonjourServices: string[] };
}

export function inventoryOf(workspace: Workspace): TargetInventory[] {
  return workspace.targets.map(inventoryOfTarget);
}

function inventoryOfTarget(target: Target): TargetInventory {
  const claims = [...claimedEntitlements(target).values()];
  const info = target.infoPlist?.root;
  const usage = entryOf(info, "NSLocalNetworkUsageDescription")?.value;
  const ats = atsPosture(target);
  return {
    target: targetLabel(target),
    ...(target.kind ? { kind: target.kind.value } : {}),
    ...(target.bundleId ? { bundleId: target.bundleId.value } : {}),
    ...(target.platform ? { platform: target.platform.value } : {}),
    ...(target.configuration ? { configuration: target.configuration } : {}),
    entitlementsFrom: [...new Set(claims.map((claim) => claim.document.file.path))],
    entitlements: claims.map((claim) => ({ key: claim.key, ...(capabilityName(claim.key) ? { capability: capabilityName(claim.key) } : {}), value: jsonValue(claim.entry.value) })),
    ...(ats ? { ats } : {}),
    localNetwork: { ...(usage && isString(usage) ? { usageDescription: usage.value } : {}), bonjourServices: stringItems(entryOf(info, "NSBonjourServices")?.value).map((item) => item.value) },
  };
}

/** Plain JSON (data as base64, big integers as text), so the inventory always serialises. */
function jsonValue(value: PlistValue): unknown {
  return JSON.parse(JSON.stringify(toJs(value), (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item instanceof Uint8Array ? Buffer.from(item).toString("base64") : item)));
}

/** Markdown: a section per target; every value from the repository is inline code. */
export function formatInventoryMarkdown(inventory: readonly TargetInventory[]): string {
  const lines = ["# What ships", ""];
  if (inventory.length === 0) lines.push("No target found.", "");
  for (const item of inventory) {
    const facts = [item.kind, item.platform, item.bundleId].filter((fact): fact is string => fact !== undefined).map(markdownCode).join(", ");
    lines.push(`## ${markdownCode(item.target)}`, "", facts ? `${facts}` : "", "");
    lines.push("| Entitlement | Capability | Value |", "| --- | --- | --- |");
    for (const entitlement of item.entitlements) lines.push(`| ${markdownCode(entitlement.key)} | ${entitlement.capability ?? ""} | ${markdownCode(JSON.stringify(entitlement.value))} |`);
    if (item.entitlements.length === 0) lines.push("| (none) | | |");
    if (item.entitlementsFrom.length > 0) lines.push("", `From ${item.entitlementsFrom.map(markdownCode).join(", ")}.`);
    lines.push("", "**App Transport Security**: " + describeAts(item.ats), "");
    const lan = item.localNetwork;
    lines.push(
      `**Local network**: usage description ${lan.usageDescription !== undefined ? markdownCode(lan.usageDescription) : "none"}; Bonjour services ${lan.bonjourServices.length > 0 ? lan.bonjourServices.map(markdownCode).join(", ") : "none"}.`,
      "",
    );
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function describeAts(ats: AtsPosture | undefined): string {
  if (!ats) return "defaults (no NSAppTransportSecurity).";
  const parts = [`NSAllowsArbitraryLoads ${ats.arbitraryLoads === "effective" ? "**on**" : ats.arbitraryLoads === "neutralised" ? "set but ignored from iOS 10/macOS 10.12 (narrower keys present)" : "off"}`];
  if (ats.on.length > 0) parts.push(`on: ${ats.on.join(", ")}`);
  for (const domain of ats.exceptionDomains) parts.push(`exception ${markdownCode(domain.domain)}${domain.includesSubdomains ? " and subdomains" : ""}${domain.allows.length > 0 ? ` allows ${domain.allows.join(", ")}` : ""}`);
  if (ats.pinnedDomains.length > 0) parts.push(`pinned: ${ats.pinnedDomains.map(markdownCode).join(", ")}`);
  return `${parts.join("; ")}.`;
}
