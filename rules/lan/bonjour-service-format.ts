import { LAN_DOCS } from "../../src/checks/lan/sources.js";
import { describeType, entryOf, isArray } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** RFC 6335 §5.1 service name: 1–15 letters, digits and hyphens, at least one letter, no leading, trailing or doubled hyphen. */
function isServiceName(name: string): boolean {
  return /^[A-Za-z0-9-]{1,15}$/.test(name) && /[A-Za-z]/.test(name) && !name.startsWith("-") && !name.endsWith("-") && !name.includes("--");
}

/**
 * What mDNSResponder itself accepts in `.local`: a label of up to 63 bytes made of letters, digits, hyphens and
 * underscores. Longer names and interior underscores break RFC 6335 but browse and advertise fine on Apple platforms.
 */
function isAcceptedByMdnsResponder(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,62}$/.test(name);
}

/** Why a name mDNSResponder accepts is not an RFC 6335 service name, in a few words. */
function rfcBreach(name: string): string {
  const parts: string[] = [];
  if (name.length > 15) parts.push(`${name.length} characters, not at most 15`);
  if (name.includes("_")) parts.push("an underscore inside it");
  if (parts.length === 0) parts.push("a leading, trailing or doubled hyphen, or no letter");
  return parts.join(", and ");
}

type BonjourVerdict = { ok: true } | { ok: false; severity: "error" | "note"; messageId: "invalid" | "lenient"; data: Record<string, string> };

/**
 * `_name._tcp`, `_name._udp`, or with a subtype label (`_F007D354._googlecast._tcp`, `_services._dns-sd._udp`).
 * mDNSResponder compares each entry with the service type being browsed or advertised as a domain name
 * (`MakeDomainNameFromDNSNameString` + `SameDomainName`, mdns_trust_checks.m): a trailing dot (the absolute form
 * NetService's documentation writes) parses to the same name, so it matches; a domain (`.local`) adds a label the
 * service type never has, so the entry matches nothing.
 */
function checkServiceType(value: string): BonjourVerdict {
  const text = value.endsWith(".") ? value.slice(0, -1) : value;
  const invalid = (reason: string): BonjourVerdict => ({ ok: false, severity: "error", messageId: "invalid", data: { value, reason } });
  if (/\.local$/i.test(text)) return invalid(`ends in the domain "local": mDNSResponder compares entries with the service type alone, so this one matches nothing; write "${text.replace(/\.local$/i, "")}"`);
  const labels = text.split(".");
  const protocol = labels.at(-1) ?? "";
  const service = labels.at(-2) ?? "";
  if (labels.length < 2 || labels.length > 3) return invalid("is not of the form _service._tcp or _service._udp");
  if (protocol !== "_tcp" && protocol !== "_udp") return invalid(`ends in "${protocol}", not _tcp or _udp`);
  if (!service.startsWith("_")) return invalid(`names the service "${service}" without the leading underscore`);
  const name = service.slice(1);
  if (!isAcceptedByMdnsResponder(name)) return invalid(`names the service "${name}", which is not 1–62 letters, digits, hyphens and underscores`);
  if (labels.length === 3 && !/^_[A-Za-z0-9-]{1,63}$/.test(labels[0] ?? "")) return invalid(`has the subtype "${labels[0] ?? ""}", which must start with an underscore`);
  if (!isServiceName(name)) return { ok: false, severity: "note", messageId: "lenient", data: { value, name, breach: rfcBreach(name) } };
  return { ok: true };
}

export default defineDocumentRule({
  meta: {
    id: "lan/bonjour-service-format",
    severity: "error",
    description: "An NSBonjourServices entry that is not of the form _service._tcp or _service._udp",
    rationale:
      "Since iOS 14 (and macOS 15) an app may browse for or advertise only the Bonjour types it lists in `NSBonjourServices`, each written as " +
      "`_<service>._tcp` or `_<service>._udp` with an RFC 6335 service name (1–15 letters, digits and hyphens). An entry in another form matches " +
      "nothing, so browsing for that type fails with `NoAuth` (-65555) and no Local Network prompt. mDNSResponder compares entries as " +
      "domain names, so a trailing dot (`_http._tcp.`, the absolute form NetService's documentation uses) matches like the plain form and " +
      "is accepted, while a domain suffix (`_http._tcp.local`) never matches. A service name longer than 15 characters or with an underscore " +
      "inside breaks RFC 6335, but mDNSResponder accepts such names in `.local` (labels up to 63 bytes), so it is only a note: browsing " +
      "and advertising work on Apple platforms, while other DNS-SD implementations and the IANA registry may refuse the name.",
    fix: "Write each entry as `_name._tcp` or `_name._udp`, without a domain (Multipeer Connectivity service `foo` → `_foo._tcp` and `_foo._udp`).",
    sources: [LAN_DOCS.bonjourServices, LAN_DOCS.tn3179, LAN_DOCS.rfc6335, LAN_DOCS.mdnsTrustChecks],
    messages: {
      invalid: "NSBonjourServices entry \"{{value}}\" {{reason}}.",
      lenient: "NSBonjourServices entry \"{{value}}\": the service name \"{{name}}\" breaks RFC 6335 ({{breach}}); mDNSResponder accepts it, so browsing and advertising still work on Apple platforms.",
      notString: "NSBonjourServices entries must be strings, not {{type}}.",
      notArray: "NSBonjourServices must be an array of strings, not {{type}}.",
    },
    examples: {
      incorrect: "<key>NSBonjourServices</key>\n<array>\n\t<string>_http.tcp</string>\n\t<string>_lnp._tcp.local.</string>\n</array>",
      correct: "<key>NSBonjourServices</key>\n<array>\n\t<string>_http._tcp</string>\n\t<string>_lnp._tcp.</string>\n</array>",
    },
    tags: ["local-network", "correctness"],
  },
  documents: ["info-plist"],
  check({ document, report }) {
    const entry = entryOf(document.root, "NSBonjourServices");
    if (!entry) return;
    if (!isArray(entry.value)) {
      if (!(entry.value.type === "String" && entry.value.value.includes("$("))) report({ messageId: "notArray", node: entry, data: { type: describeType(entry.value.type) } });
      return;
    }
    for (const item of entry.value.items) {
      if (item.type !== "String") {
        report({ messageId: "notString", node: item, data: { type: describeType(item.type) } });
        continue;
      }
      if (item.value.includes("$(") || item.value.includes("${")) continue;
      const verdict = checkServiceType(item.value);
      if (!verdict.ok) report({ messageId: verdict.messageId, node: item, severity: verdict.severity, data: verdict.data });
    }
  },
});
