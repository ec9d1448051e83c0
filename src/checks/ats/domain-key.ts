/**
 * What an `NSExceptionDomains` / `NSPinnedDomains` key is. Apple: keys are lowercase DNS names,
 * IPv4/IPv6 addresses or CIDR ranges (the latter two understood from iOS 17 / macOS 14); no port, no
 * wildcard, no scheme or path; a trailing dot only matches the dotted form.
 * https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity/nsexceptiondomains
 */
export type DomainKeyShape =
  | { readonly kind: "dns" }
  | { readonly kind: "ip"; readonly version: 4 | 6; readonly cidr: boolean }
  | { readonly kind: "scheme-port-path"; readonly part: "scheme" | "port" | "path"; readonly suggestion?: string }
  | { readonly kind: "wildcard"; readonly suggestion?: string }
  | { readonly kind: "invalid" };

const DNS_NAME = /^(?=.{1,253}\.?$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

export function classifyDomainKey(key: string): DomainKeyShape {
  const ip = ipShape(key);
  if (ip) return ip;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(key);
  if (scheme) return { kind: "scheme-port-path", part: "scheme", ...suggest(hostOf(key.slice(scheme[0].length))) };
  if (key.includes("*")) {
    const apex = key.replace(/^\*\.?/, "");
    return { kind: "wildcard", ...(apex && !apex.includes("*") ? { suggestion: apex } : {}) };
  }
  if (key.includes("/")) return { kind: "scheme-port-path", part: "path", ...suggest(hostOf(key)) };
  if (/:\d*$/.test(key)) return { kind: "scheme-port-path", part: "port", ...suggest(key.replace(/:\d*$/, "")) };
  if (DNS_NAME.test(key)) return { kind: "dns" };
  return { kind: "invalid" };
}

/**
 * Only these characters can make an address `isIP` accepts (IPv4: digits and dots; IPv6: hex digits, colons
 * and dots, then an optional `%zone`). Checked first because the first `isIP` call on a string that is not
 * an IPv4 address compiles Node's IPv6 regular expression, ~20 ms of a run's start for a DNS name. For
 * the same reason `node:net` (and the socket modules it loads) is loaded only when a key passes this check.
 */
const IP_CHARACTERS = /^(?:[\d.]+|[\da-f.]*:[\da-f:.]*(?:%.*)?)$/i;

function ipShape(key: string): DomainKeyShape | undefined {
  const [address, prefix, extra] = key.split("/");
  if (address === undefined || extra !== undefined || !IP_CHARACTERS.test(address)) return undefined;
  const version = process.getBuiltinModule("node:net").isIP(address);
  if (version === 0) return undefined;
  if (prefix === undefined) return { kind: "ip", version: version as 4 | 6, cidr: false };
  const bits = Number(prefix);
  const max = version === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || bits > max) return undefined;
  return { kind: "ip", version: version as 4 | 6, cidr: true };
}

function hostOf(rest: string): string {
  return rest.split("/")[0]!.replace(/:\d*$/, "");
}

function suggest(host: string): { suggestion?: string } {
  return host && DNS_NAME.test(host) ? { suggestion: host.toLowerCase() } : {};
}
