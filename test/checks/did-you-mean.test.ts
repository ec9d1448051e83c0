import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../src/checks/did-you-mean.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("NSAllowsArbitraryLoads", "NSAllowsArbitraryLoads")).toBe(0);
    expect(editDistance("NSAllowsArbitaryLoads", "NSAllowsArbitraryLoads")).toBe(1);
  });

  it("stops early past the limit and says limit + 1", () => {
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(editDistance("a", "abcdefgh", 3)).toBe(4);
    expect(editDistance("flaw", "lawn", 2)).toBe(2);
  });

  it("agrees with a plain dynamic-programming reference on many pairs", () => {
    const reference = (a: string, b: string): number => {
      const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return table[a.length]![b.length]!;
    };
    const words = ["NSAppTransportSecurity", "NSExceptionDomains", "NSIncludesSubdomains", "NSExceptionAllowsInsecureHTTPLoads", "packet-tunnel-provider", "app-proxy-provider", "dns-proxy", "", "x"];
    for (const a of words) for (const b of words) expect(editDistance(a, b)).toBe(reference(a, b));
  });
});

describe("closestMatch", () => {
  const keys = ["NSAllowsArbitraryLoads", "NSAllowsArbitraryLoadsInWebContent", "NSAllowsLocalNetworking", "NSExceptionDomains"];

  it("returns a case-insensitive equal at once", () => {
    expect(closestMatch("nsallowsarbitraryloads", keys)).toBe("NSAllowsArbitraryLoads");
  });

  it("suggests the nearest key for a typo", () => {
    expect(closestMatch("NSAllowArbitraryLoads", keys)).toBe("NSAllowsArbitraryLoads");
    expect(closestMatch("NSExceptionDomain", keys)).toBe("NSExceptionDomains");
  });

  it("suggests nothing for an unrelated word", () => {
    expect(closestMatch("CFBundleIdentifier", keys)).toBeUndefined();
    expect(closestMatch("", keys)).toBeUndefined();
  });
});
