/**
 * Local network and multicast rules (and plist/entitlement-in-info-plist, whose real-world case is
 * the multicast entitlement written into VLC's Info.plist).
 */
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Platform, Target } from "../../src/model/target.js";
import { lintText } from "../helpers/lint-text.js";
import { array, buildTarget, cleanupTargets, embed, expectFindings, isOwnTestFile, key, lintTargets, plist, string, type ExpectedFinding, type TargetCase } from "../helpers/targets.js";

const MULTICAST = "com.apple.developer.networking.multicast";
const bonjour = (...types: string[]): string[] => [key("NSBonjourServices"), "<array>", ...types.map((t) => `\t${string(t)}`), "</array>"];

interface DocCase {
  readonly name: string;
  readonly text: string;
  readonly kind?: "entitlements" | "info-plist";
  readonly platform?: Platform;
  readonly expected?: readonly ExpectedFinding[];
}

export const LAN_DOCUMENT_CASES: Record<string, { invalid: DocCase[]; valid: DocCase[] }> = {
  "plist/entitlement-in-info-plist": {
    invalid: [
      { name: "multicast entitlement in Info.plist (VLC)", kind: "info-plist", text: plist(key("CFBundleName"), string("VLC"), key(MULTICAST), "<true/>"), expected: [{ line: 4, column: 1, element: key(MULTICAST), message: "com.apple.developer.networking.multicast is an entitlement; in an Info.plist it does nothing. Move it to the target's .entitlements file." }] },
      { name: "aps-environment", kind: "info-plist", text: plist(key("aps-environment"), string("production")), expected: [{ line: 2, column: 1, element: key("aps-environment"), message: /aps-environment is an entitlement/ }] },
    ],
    valid: [
      { name: "Core NFC Info.plist keys that look like entitlements (home-assistant)", kind: "info-plist", text: plist(key("com.apple.developer.nfc.readersession.iso7816.select-identifiers"), "<array/>", key("com.apple.developer.nfc.readersession.felica.systemcodes"), "<array/>") },
      { name: "ordinary Info.plist keys", kind: "info-plist", text: plist(key("NSLocalNetworkUsageDescription"), string("x"), ...bonjour("_http._tcp")) },
      { name: "entitlements files are where entitlements go", kind: "entitlements", text: plist(key(MULTICAST), "<true/>") },
    ],
  },
  "plist/nested-top-level-key": {
    invalid: [
      {
        name: "NSAppTransportSecurity inside NSExtension (mullvad PacketTunnel)",
        kind: "info-plist",
        text: plist(key("NSExtension"), "<dict>", `\t${key("NSExtensionPointIdentifier")}`, `\t${string("com.apple.networkextension.packet-tunnel")}`, `\t${key("NSAppTransportSecurity")}`, "\t<dict>", `\t\t${key("NSAllowsArbitraryLoads")}`, "\t\t<true/>", "\t</dict>", "</dict>"),
        expected: [{ line: 6, column: 2, element: key("NSAppTransportSecurity"), message: "NSAppTransportSecurity is inside NSExtension, where the system never reads it, so App Transport Security applies its defaults to this bundle; it belongs at the top level of the Info.plist." }],
      },
      {
        name: "local network keys two levels down",
        kind: "info-plist",
        text: plist(key("Settings"), "<dict>", `\t${key("Discovery")}`, "\t<dict>", `\t\t${key("NSLocalNetworkUsageDescription")}`, `\t\t${string("Finds TVs.")}`, `\t\t${key("NSBonjourServices")}`, `\t\t${array("_tv._tcp")}`, "\t</dict>", "</dict>"),
        expected: [
          { line: 6, column: 3, element: key("NSLocalNetworkUsageDescription"), message: "NSLocalNetworkUsageDescription is inside Settings → Discovery, where the system never reads it, so the Local Network alert shows no purpose string; it belongs at the top level of the Info.plist." },
          { line: 8, column: 3, element: key("NSBonjourServices"), message: /NSBonjourServices is inside Settings → Discovery, where the system never reads it, so browsing for or advertising these Bonjour types fails/ },
        ],
      },
    ],
    valid: [
      { name: "at the top level", kind: "info-plist", text: plist(key("NSAppTransportSecurity"), "<dict/>", key("NSLocalNetworkUsageDescription"), string("x"), ...bonjour("_http._tcp")) },
      { name: "the key names as string values are not keys", kind: "info-plist", text: plist(key("Notes"), array("NSAppTransportSecurity", "NSBonjourServices")) },
    ],
  },
  "lan/bonjour-service-format": {
    invalid: [
      { name: "dot instead of underscore label", kind: "info-plist", text: plist(...bonjour("_http.tcp")), expected: [{ line: 4, column: 2, element: string("_http.tcp"), message: "NSBonjourServices entry \"_http.tcp\" ends in \"tcp\", not _tcp or _udp." }] },
      { name: "missing underscore", kind: "info-plist", text: plist(...bonjour("http._tcp")), expected: [{ line: 4, column: 2, element: string("http._tcp"), message: "NSBonjourServices entry \"http._tcp\" names the service \"http\" without the leading underscore." }] },
      { name: "characters no DNS-SD name holds", kind: "info-plist", text: plist(...bonjour("_my service._tcp")), expected: [{ line: 4, column: 2, element: string("_my service._tcp"), message: "NSBonjourServices entry \"_my service._tcp\" names the service \"my service\", which is not 1–62 letters, digits, hyphens and underscores." }] },
      { name: "service name over 15 characters: RFC 6335 only, a note (openHAB)", kind: "info-plist", text: plist(...bonjour("_openhab-server-ssl._tcp")), expected: [{ line: 4, column: 2, element: string("_openhab-server-ssl._tcp"), severity: "note", message: "NSBonjourServices entry \"_openhab-server-ssl._tcp\": the service name \"openhab-server-ssl\" breaks RFC 6335 (18 characters, not at most 15); mDNSResponder accepts it, so browsing and advertising still work on Apple platforms." }] },
      { name: "interior underscore: RFC 6335 only, a note (UTM)", kind: "info-plist", text: plist(...bonjour("_utm_server._tcp")), expected: [{ line: 4, column: 2, element: string("_utm_server._tcp"), severity: "note", message: /the service name "utm_server" breaks RFC 6335 \(an underscore inside it\); mDNSResponder accepts it/ }] },
      { name: "a .local suffix matches nothing: an error", kind: "info-plist", text: plist(...bonjour("_http._tcp", "_ipp._tcp.local.")), expected: [{ line: 5, column: 2, element: string("_ipp._tcp.local."), severity: "error", message: "NSBonjourServices entry \"_ipp._tcp.local.\" ends in the domain \"local\": mDNSResponder compares entries with the service type alone, so this one matches nothing; write \"_ipp._tcp\"." }] },
      { name: "two trailing dots are not a domain name", kind: "info-plist", text: plist(...bonjour("_lnp._tcp..")), expected: [{ line: 4, column: 2, element: string("_lnp._tcp.."), severity: "error", message: "NSBonjourServices entry \"_lnp._tcp..\" ends in \"\", not _tcp or _udp." }] },
    ],
    valid: [
      { name: "plain types", kind: "info-plist", text: plist(...bonjour("_http._tcp", "_xbmc-jsonrpc-h._tcp", "_matter._udp")) },
      { name: "Cast subtype (Swiftfin)", kind: "info-plist", text: plist(...bonjour("_F007D354._googlecast._tcp", "_googlecast._tcp")) },
      { name: "every-type meta query is well formed", kind: "info-plist", text: plist(...bonjour("_services._dns-sd._udp")) },
      { name: "a trailing dot is the same domain name to mDNSResponder (LocalSend, VLC)", kind: "info-plist", text: plist(...bonjour("_lnp._tcp.", "_sftp-ssh._tcp.", "_F007D354._googlecast._tcp.")) },
    ],
  },
  "lan/multicast-on-macos": {
    invalid: [{ name: "macOS system extension (sing-box)", kind: "entitlements", platform: "macos", text: plist(key(MULTICAST), "<true/>"), expected: [{ line: 2, column: 1, element: key(MULTICAST), message: "com.apple.developer.networking.multicast has no effect on macOS; only iOS, tvOS and visionOS gate multicast on it." }] }],
    valid: [
      { name: "iOS (LocalSend)", kind: "entitlements", platform: "ios", text: plist(key(MULTICAST), "<true/>") },
      { name: "platform unknown", kind: "entitlements", text: plist(key(MULTICAST), "<true/>") },
    ],
  },
};

const own = isOwnTestFile(import.meta.url, expect.getState().testPath);
const rule = (id: string) => {
  const found = RULES.find((candidate) => candidate.meta.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
const checker = { toEqual: (a: unknown, b: unknown) => expect(a).toEqual(b), toMatch: (a: string, b: RegExp) => expect(a).toMatch(b) };

if (own) {
  afterAll(cleanupTargets);
  for (const [ruleId, { invalid, valid }] of Object.entries(LAN_DOCUMENT_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) {
        it(`reports: ${testCase.name}`, async () => {
          expectFindings(await lintText([rule(ruleId)], { ...testCase, kind: testCase.kind ?? "info-plist" }), testCase.expected ?? [], rule(ruleId), checker);
        });
      }
      for (const testCase of valid) {
        it(`does not report: ${testCase.name}`, async () => {
          expect(await lintText([rule(ruleId)], { ...testCase, kind: testCase.kind ?? "info-plist" })).toEqual([]);
        });
      }
    });
  }
}

const SWIFT_GROUP = [
  "import Network",
  "// NWMulticastGroup in a comment does not count",
  "/* IP_ADD_MEMBERSHIP /* nested */ neither */",
  "let url = \"http://example.com\" // a string with // inside",
  "let group = try NWMulticastGroup(for: [.hostPort(host: \"239.255.255.250\", port: 1900)])",
].join("\n");

const BROWSER_SWIFT = [
  "import Network",
  "// NWBrowser for Bonjour",
  "let browser = NWBrowser(for: .bonjour(type: \"_airplay._tcp\", domain: nil), using: .tcp)",
].join("\n");
const MULTIPEER_SWIFT = [
  "import MultipeerConnectivity",
  "private let serviceType = \"chat-room\"",
  "let advertiser = MCNearbyServiceAdvertiser(peer: peer, discoveryInfo: nil, serviceType: serviceType)",
].join("\n");

/** Gives an app target a package manifest (written to a temp folder, shown under its bare name). */
function withManifest(target: Target, name: string, text: string): Target {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ne-lint-manifest-"));
  manifestDirs.push(dir);
  writeFileSync(path.join(dir, name), text);
  target.manifests = [{ path: name, fsPath: path.join(dir, name) }];
  return target;
}
const manifestDirs: string[] = [];
afterAll(() => {
  for (const dir of manifestDirs) rmSync(dir, { recursive: true, force: true });
});

export const LAN_TARGET_CASES: Record<string, { invalid: TargetCase[]; valid: TargetCase[] }> = {
  "lan/missing-multicast-entitlement": {
    invalid: [
      {
        name: "NWMulticastGroup in Swift, comments skipped",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key("aps-environment"), string("development")), sources: { "Discovery.swift": SWIFT_GROUP } })],
        expected: [{ file: "App/Discovery.swift", line: 5, column: 17, element: "NWMulticastGroup", message: "This target uses NWMulticastGroup, which needs com.apple.developer.networking.multicast on iOS, but App/App.entitlements does not claim it." }],
      },
      {
        name: "SO_BROADCAST in C without any entitlements file: a warning",
        targets: () => [buildTarget({ name: "App", platform: "tvos", sources: { "udp.c": "#include <sys/socket.h>\nint on = 1;\nsetsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);\n" } })],
        expected: [{ file: "App/udp.c", line: 3, column: 28, element: "SO_BROADCAST", severity: "warning", message: "This target uses SO_BROADCAST, which needs com.apple.developer.networking.multicast on tvOS, but the target has no entitlements file that claims it." }],
      },
      {
        name: "address literal only: heuristic warning",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), sources: { "SSDP.m": "static NSString *const kHost = @\"239.255.255.250\";\n" } })],
        expected: [{ file: "App/SSDP.m", line: 1, column: 33, element: "\"239.255.255.250\"", severity: "warning", message: /appears to use multicast or broadcast \(a multicast address literal\)/ }],
      },
      {
        name: "broadcast address passed to sendto",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), sources: { "wol.c": "struct in_addr mask;\ninet_pton(AF_INET, \"255.255.255.0\", &mask);\nsin.sin_addr.s_addr = inet_addr(\"255.255.255.255\");\nsendto(fd, packet, 102, 0, (struct sockaddr *)&sin, sizeof sin);\n" } })],
        expected: [{ file: "App/wol.c", line: 3, column: 33, element: "\"255.255.255.255\"", severity: "warning", message: /appears to use multicast or broadcast \(the broadcast address 255.255.255.255\)/ }],
      },
      {
        name: "multicast endpoint, after a route to the same address",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), sources: { "Discovery.swift": "let route = NEIPv4Route(destinationAddress: \"239.255.255.250\", subnetMask: \"255.255.255.255\")\nlet endpoint = NWEndpoint.hostPort(host: \"239.255.255.250\", port: 1900)\n" } })],
        expected: [{ file: "App/Discovery.swift", line: 2, column: 42, element: "\"239.255.255.250\"", severity: "warning", message: /appears to use multicast or broadcast \(a multicast address literal\)/ }],
      },
      {
        name: "browsing every Bonjour type in Info.plist",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), infoPlist: plist(...bonjour("_services._dns-sd._udp")) })],
        expected: [{ file: "App/Info.plist", line: 4, column: 2, element: string("_services._dns-sd._udp"), message: /uses NSBonjourServices "_services._dns-sd._udp"/ }],
      },
      {
        name: "a multicast address string beside sendto in a built app",
        targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: plist(), binary: { symbols: ["_sendto"], strings: ["239.255.255.250"] } })],
        expected: [{ file: "App/App", severity: "warning", message: /appears to use multicast or broadcast \(a multicast address literal \(239.255.255.250\)\)/ }],
      },
      {
        name: "binary symbols of a built app",
        targets: () => [buildTarget({ name: "App", platform: "ios", built: true, signedEntitlements: plist(), binary: { symbols: ["_nw_connection_group_create"] } })],
        expected: [{ file: "App/App", message: /uses nw_connection_group_create/ }],
      },
    ],
    valid: [
      { name: "entitlement claimed (LocalSend)", targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(key(MULTICAST), "<true/>"), sources: { "a.swift": SWIFT_GROUP } })] },
      { name: "macOS needs no entitlement", targets: () => [buildTarget({ name: "App", platform: "macos", entitlements: plist(), sources: { "a.swift": SWIFT_GROUP } })] },
      { name: "Mac Catalyst needs no entitlement", targets: () => [buildTarget({ name: "App", platform: "ios", catalyst: true, entitlements: plist(), sources: { "a.swift": SWIFT_GROUP } })] },
      {
        name: "addresses as routes, subnet masks and comparisons (VPN providers)",
        targets: () => [buildTarget({ name: "Tunnel", platform: "ios", entitlements: plist(), sources: { "PacketTunnelProvider.swift": [
          "let ipv4 = NEIPv4Settings(addresses: [\"10.0.0.2\"], subnetMasks: [\"255.255.255.255\"])",
          "ipv4.excludedRoutes = [NEIPv4Route(destinationAddress: \"224.0.0.0\", subnetMask: \"240.0.0.0\")]",
          "ipv4.includedRoutes = [NEIPv4Route(destinationAddress: \"239.0.0.0\", subnetMask: \"255.0.0.0\")]",
          "if packet.destination == \"255.255.255.255\" { return }",
          "let reserved = [\"224.0.0.1\", \"ff02::1\"]",
        ].join("\n") } })],
      },
      {
        name: "a use context past the first 64 non-use literals is not searched for (bounded work)",
        targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), sources: { "table.c": `${"static const char *r = \"224.0.0.1\";\n".repeat(64)}sendto(fd, "224.0.0.1", 0);\n` } })],
      },
      { name: "a subnet-mask-like string in a VPN provider's executable that sends nothing itself", targets: () => [buildTarget({ name: "Tunnel", platform: "ios", built: true, signedEntitlements: plist(), binary: { symbols: ["_objc_msgSend"], strings: ["255.255.255.255", "224.0.0.0"] } })] },
      { name: "evidence only in comments", targets: () => [buildTarget({ name: "App", platform: "ios", entitlements: plist(), sources: { "a.swift": "// NWConnectionGroup\n/* SO_BROADCAST */\nlet x = 1\n" } })] },
      { name: "plain Bonjour types (Kodi remote)", targets: () => [buildTarget({ name: "App", platform: "ios", infoPlist: plist(...bonjour("_xbmc-jsonrpc._tcp")) })] },
      { name: "platform unknown", targets: () => [buildTarget({ name: "App", entitlements: plist(), sources: { "a.swift": SWIFT_GROUP } })] },
    ],
  },
  "lan/missing-usage-description": {
    invalid: [
      {
        name: "Bonjour types without a purpose string (an iOS app)",
        targets: () => [buildTarget({ name: "App", platform: "ios", infoPlist: plist(key("CFBundleName"), string("VLC"), ...bonjour("_nfs._tcp")) })],
        expected: [{ file: "App/Info.plist", line: 4, column: 1, element: key("NSBonjourServices"), message: "NSBonjourServices is set but NSLocalNetworkUsageDescription is missing; the Local Network alert will not say why the app asks." }],
      },
      {
        name: "NWBrowser browsing Bonjour in Swift, Info.plist without the key",
        targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "Finder.swift": BROWSER_SWIFT } })],
        expected: [{ file: "App/Finder.swift", line: 3, column: 15, element: "NWBrowser", message: "This app uses NWBrowser browsing Bonjour (App/Finder.swift:3), a local-network operation, but App/Info.plist has no NSLocalNetworkUsageDescription; the Local Network alert will not say why the app asks." }],
      },
      {
        name: "macOS app registering with DNSServiceRegister (macOS 15+, whatever the deployment target)",
        targets: () => [buildTarget({ name: "App", kind: "app", platform: "macos", deploymentTarget: "11.0", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "adv.c": "#include <dns_sd.h>\nDNSServiceRegister(&ref, 0, 0, NULL, \"_myapp._tcp\", NULL, NULL, port, 0, NULL, NULL, NULL);\n" } })],
        expected: [{ file: "App/adv.c", line: 2, column: 1, element: "DNSServiceRegister", message: /uses DNSServiceRegister \(App\/adv.c:2\)/ }],
      },
      {
        name: "a Flutter app depending on bonsoir (pubspec.yaml)",
        targets: () => [withManifest(buildTarget({ name: "Runner", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")) }), "pubspec.yaml", "name: app\ndependencies:\n  flutter:\n    sdk: flutter\n  bonsoir: ^5.1.0\ndev_dependencies:\n  nsd: ^1.0.0\n")],
        expected: [{ file: "pubspec.yaml", line: 5, column: 3, element: "bonsoir", message: /uses the bonsoir plugin \(pubspec.yaml:5\)/ }],
      },
      {
        name: "a React Native app depending on react-native-zeroconf (package.json)",
        targets: () => [withManifest(buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")) }), "package.json", "{\n  \"dependencies\": {\n    \"react-native\": \"0.74.0\",\n    \"react-native-zeroconf\": \"^0.13.8\"\n  }\n}\n")],
        expected: [{ file: "package.json", line: 4, column: 5, element: "\"react-native-zeroconf\"", message: /uses the react-native-zeroconf plugin \(package.json:4\)/ }],
      },
    ],
    valid: [
      { name: "with the description", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(...bonjour("_nvstream._tcp"), key("NSLocalNetworkUsageDescription"), string("Finds PCs.")), sources: { "Finder.swift": BROWSER_SWIFT } })] },
      { name: "an extension's Info.plist", targets: () => [buildTarget({ name: "Ext", infoPlist: plist(key("NSExtension"), "<dict/>", ...bonjour("_x._tcp")) })] },
      { name: "watchOS", targets: () => [buildTarget({ name: "W", platform: "watchos", infoPlist: plist(...bonjour("_x._tcp")) })] },
      { name: "tvOS has no Local Network alert (VLC tvOS, TN3179)", targets: () => [buildTarget({ name: "App", platform: "tvos", infoPlist: plist(key("CFBundleName"), string("VLC"), ...bonjour("_nfs._tcp")), sources: { "Finder.swift": BROWSER_SWIFT } })] },
      { name: "Bonjour API names only in comments", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "a.swift": "// NWBrowser(for: .bonjour(type: \"_x._tcp\", domain: nil))\n/* DNSServiceBrowse */\nlet x = 1\n" } })] },
      { name: "an NWListener without a Bonjour service (a plain TCP server)", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "Server.swift": "let listener = try NWListener(using: .tcp, on: 8080)\nlistener.start(queue: .main)\n" } })] },
      { name: "zeroconf only as a dev dependency", targets: () => [withManifest(buildTarget({ name: "Runner", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")) }), "pubspec.yaml", "dependencies:\n  flutter:\n    sdk: flutter\ndev_dependencies:\n  multicast_dns: ^0.3.2\n")] },
    ],
  },
  "lan/bonjour-missing-type": {
    invalid: [
      {
        name: "NWBrowser type missing from NSBonjourServices",
        targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(...bonjour("_http._tcp"), key("NSLocalNetworkUsageDescription"), string("x")), sources: { "Finder.swift": BROWSER_SWIFT } })],
        expected: [{ file: "App/Finder.swift", line: 3, column: 45, element: "\"_airplay._tcp\"", message: "The Bonjour type \"_airplay._tcp\" is browsed for or advertised here, but NSBonjourServices in App/Info.plist does not list it; the operation fails with NoAuth (-65555)." }],
      },
      {
        name: "MultipeerConnectivity needs both _tcp and _udp",
        targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(...bonjour("_chat-room._tcp")), sources: { "Session.swift": MULTIPEER_SWIFT } })],
        expected: [{ file: "App/Session.swift", line: 2, column: 27, element: "\"chat-room\"", message: /The Bonjour type "_chat-room._udp" is browsed for or advertised here, but NSBonjourServices/ }],
      },
      {
        name: "no NSBonjourServices at all (macOS 15)",
        targets: () => [buildTarget({ name: "App", kind: "app", platform: "macos", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "Finder.swift": BROWSER_SWIFT } })],
        expected: [{ file: "App/Finder.swift", line: 3, column: 45, element: "\"_airplay._tcp\"", message: "The Bonjour type \"_airplay._tcp\" is browsed for or advertised here, but App/Info.plist has no NSBonjourServices; the operation fails with NoAuth (-65555)." }],
      },
    ],
    valid: [
      { name: "listed, with a trailing dot in the code", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(...bonjour("_airplay._tcp")), sources: { "Finder.swift": BROWSER_SWIFT.replace("_airplay._tcp", "_airplay._tcp.") } })] },
      { name: "the multicast entitlement allows any type on iOS", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), entitlements: plist(key(MULTICAST), "<true/>"), sources: { "Finder.swift": BROWSER_SWIFT } })] },
      { name: "tvOS does not check NSBonjourServices (TN3179)", targets: () => [buildTarget({ name: "App", kind: "app", platform: "tvos", infoPlist: plist(...bonjour("_http._tcp")), sources: { "Finder.swift": BROWSER_SWIFT } })] },
      { name: "a type literal in a file without any Bonjour API", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "Docs.swift": "let supported = \"_airplay._tcp\"\n" } })] },
      { name: "a serviceType literal without MultipeerConnectivity", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(key("CFBundleName"), string("A")), sources: { "Model.swift": "let serviceType = \"invoice\"\n" } })] },
      { name: "MultipeerConnectivity with both types listed", targets: () => [buildTarget({ name: "App", kind: "app", platform: "ios", infoPlist: plist(...bonjour("_chat-room._tcp", "_chat-room._udp")), sources: { "Session.swift": MULTIPEER_SWIFT } })] },
    ],
  },
  "lan/keys-in-extension-only": {
    invalid: [{
      name: "usage description only in the widget",
      targets: () => {
        const app = buildTarget({ name: "App", kind: "app", infoPlist: plist(key("CFBundleName"), string("A")) });
        const widget = buildTarget({ name: "Widget", kind: "app-extension", infoPlist: plist(key("NSExtension"), "<dict/>", key("NSLocalNetworkUsageDescription"), string("x")) });
        embed(app, widget);
        return [widget];
      },
      expected: [{ file: "Widget/Info.plist", line: 4, column: 1, element: key("NSLocalNetworkUsageDescription"), message: "NSLocalNetworkUsageDescription is set in this extension but not in its container app App, whose Info.plist the system reads for local network privacy." }],
    }],
    valid: [{
      name: "in both",
      targets: () => {
        const app = buildTarget({ name: "App", kind: "app", infoPlist: plist(key("NSLocalNetworkUsageDescription"), string("x")) });
        const widget = buildTarget({ name: "Widget", kind: "app-extension", infoPlist: plist(key("NSLocalNetworkUsageDescription"), string("x")) });
        embed(app, widget);
        return [widget];
      },
    }, { name: "no container known", targets: () => [buildTarget({ name: "Widget", kind: "app-extension", infoPlist: plist(key("NSLocalNetworkUsageDescription"), string("x")) })] }],
  },
};

if (own) {
  for (const [ruleId, { invalid, valid }] of Object.entries(LAN_TARGET_CASES)) {
    describe(ruleId, () => {
      for (const testCase of invalid) {
        it(`reports: ${testCase.name}`, async () => {
          expectFindings(await lintTargets([rule(ruleId)], testCase.targets()), testCase.expected ?? [], rule(ruleId), checker);
        });
      }
      for (const testCase of valid) {
        it(`does not report: ${testCase.name}`, async () => {
          expect(await lintTargets([rule(ruleId)], testCase.targets())).toEqual([]);
        });
      }
    });
  }
}

if (own) {
  describe("Bonjour evidence scan bounds", () => {
    it("takes at most 32 MultipeerConnectivity types from one file, however many mentions a minified line holds", async () => {
      const { bonjourEvidenceInSource } = await import("../../src/checks/lan/bonjour-evidence.js");
      const line = `MCNearbyServiceBrowser(peer: p, serviceType: "chat");${' let serviceType = "room";'.repeat(20_000)}`;
      const found = bonjourEvidenceInSource(line, "Min.swift");
      expect(found.apis.map((api) => api.what)).toEqual(["MCNearbyServiceBrowser"]);
      expect(found.multipeerTypes).toHaveLength(32);
      expect(found.multipeerTypes.slice(0, 2).map((t) => [t.type, t.line, t.column])).toEqual([["_chat._tcp", 1, 46], ["_chat._udp", 1, 46]]);
    });
  });
}
