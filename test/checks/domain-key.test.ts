import { isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { classifyDomainKey } from "../../src/checks/ats/domain-key.js";

/** What classifyDomainKey answered before its character pre-check: every key Node's isIP accepts, alone or with a prefix length. */
function isIpKey(key: string): boolean {
  const [address, prefix, extra] = key.split("/");
  if (address === undefined || extra !== undefined || isIP(address) === 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
}

describe("classifyDomainKey: addresses", () => {
  it("reads IPv4, IPv6 (zone, mapped, compressed) and CIDR keys as addresses, and names as names", () => {
    expect(classifyDomainKey("10.0.0.1")).toEqual({ kind: "ip", version: 4, cidr: false });
    expect(classifyDomainKey("192.168.0.0/16")).toEqual({ kind: "ip", version: 4, cidr: true });
    expect(classifyDomainKey("fe80::1%en0")).toEqual({ kind: "ip", version: 6, cidr: false });
    expect(classifyDomainKey("::ffff:1.2.3.4")).toEqual({ kind: "ip", version: 6, cidr: false });
    expect(classifyDomainKey("2001:DB8::/32")).toEqual({ kind: "ip", version: 6, cidr: true });
    expect(classifyDomainKey("example.com")).toEqual({ kind: "dns" });
    expect(classifyDomainKey("cafe.beef")).toEqual({ kind: "dns" });
    expect(classifyDomainKey("example.com:443")).toMatchObject({ kind: "scheme-port-path", part: "port" });
    expect(classifyDomainKey("1.2.3.4:80")).toMatchObject({ kind: "scheme-port-path", part: "port" });
  });

  it("agrees with net.isIP on every key of a generated set (the pre-check only skips keys isIP rejects)", () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const hex = () => next(0x10000).toString(16).slice(next(2) * 2);
    const shapes = [
      () => Array.from({ length: 4 }, () => String(next(300))).join("."),
      () => Array.from({ length: 8 }, hex).join(":"),
      () => `${Array.from({ length: next(4) }, hex).join(":")}::${Array.from({ length: next(4) }, hex).join(":")}`,
      () => `::ffff:${next(256)}.${next(256)}.${next(256)}.${next(256)}`,
      () => `fe80::${hex()}%${["en0", "eth1", "lo"][next(3)]}`,
      () => `${hex()}.${hex()}.example`,
    ];
    const noise = "0123456789abcdefABCDEFxz:.%/-";
    const keys: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let key = shapes[next(shapes.length)]!();
      if (next(3) === 0) key += `/${next(140)}`;
      // Near misses: one character replaced, inserted or dropped.
      if (next(2) === 0) {
        const at = next(key.length + 1);
        key = key.slice(0, at) + (next(3) ? noise[next(noise.length)] : "") + key.slice(at + next(2));
      }
      keys.push(key);
    }
    let addresses = 0;
    for (const key of keys) {
      const ip = isIpKey(key);
      if (ip) addresses++;
      expect(classifyDomainKey(key).kind === "ip", key).toBe(ip);
    }
    expect(addresses).toBeGreaterThan(5_000);
    expect(keys.length - addresses).toBeGreaterThan(5_000);
  });
});
