/**
 * Every ATS rule: cases that must report (with exact positions and messages) and cases that must not.
 * Lines in `infoPlist(...)` fixtures start at 2; a tab counts as one column.
 */
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Platform } from "../../src/model/target.js";
import { infoPlist, lintText } from "../helpers/lint-text.js";
import { isOwnTestFile } from "../helpers/targets.js";

interface Expected {
  readonly line: number;
  readonly column: number;
  /** The text of the reported element; its length gives the end column. */
  readonly element: string;
  readonly message: string | RegExp;
  /** Defaults to the rule's severity. */
  readonly severity?: "error" | "warning" | "note";
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly platform?: Platform;
  readonly deploymentTarget?: string;
  readonly expected?: readonly Expected[];
}

const key = (name: string): string => `<key>${name}</key>`;
const ats = (...lines: string[]): string => infoPlist(`\t${key("NSAppTransportSecurity")}`, "\t<dict>", ...lines.map((l) => `\t\t${l}`), "\t</dict>");
const domain = (name: string, ...lines: string[]): string =>
  ats(key("NSExceptionDomains"), "<dict>", `\t${key(name)}`, "\t<dict>", ...lines.map((l) => `\t\t${l}`), "\t</dict>", "</dict>");
const pinned = (name: string, ...lines: string[]): string =>
  ats(key("NSPinnedDomains"), "<dict>", `\t${key(name)}`, "\t<dict>", ...lines.map((l) => `\t\t${l}`), "\t</dict>", "</dict>");
// In ats(...) content starts at line 4, column 3. In domain(...)/pinned(...) the domain key is on line 6,
// column 4, and the entry's own keys start on line 8, column 5.

const SPKI = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";

export const CASES: Record<string, { invalid: Case[]; valid: Case[] }> = {
  "ats/arbitrary-loads": {
    invalid: [
      { name: "global switch on", text: ats(key("NSAllowsArbitraryLoads"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoads"), message: "NSAllowsArbitraryLoads is YES: App Transport Security is off for every host not listed in NSExceptionDomains." }] },
      { name: "exception entries do not neutralise it", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSExceptionDomains"), "<dict/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoads"), message: /off for every host/ }] },
      {
        name: "neutralised from iOS 10 but the target supports iOS 9",
        text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsArbitraryLoadsInWebContent"), "<true/>"),
        platform: "ios",
        deploymentTarget: "9.0",
        expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoads"), message: "NSAllowsArbitraryLoads is YES and in effect below iOS 10, which this target supports (deployment target 9.0); NSAllowsArbitraryLoadsInWebContent only neutralises it from iOS 10 on." }] },
    ],
    valid: [
      { name: "switch off", text: ats(key("NSAllowsArbitraryLoads"), "<false/>") },
      { name: "neutralised by web content key (any value)", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsArbitraryLoadsInWebContent"), "<false/>") },
      { name: "neutralised on macOS 10.13", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsLocalNetworking"), "<true/>"), platform: "macos", deploymentTarget: "10.13" },
      { name: "string YES is a type error, not an effective switch", text: ats(key("NSAllowsArbitraryLoads"), "<string>YES</string>") },
      { name: "key outside ATS", text: infoPlist(key("NSAllowsArbitraryLoads"), "<true/>") },
    ],
  },
  "ats/arbitrary-loads-neutralised": {
    invalid: [{ name: "with local networking", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsLocalNetworking"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoads"), message: "NSAllowsArbitraryLoads is ignored on iOS 10+ and macOS 10.12+ because NSAllowsLocalNetworking is present; ATS stays on." }] }],
    valid: [
      { name: "alone (effective instead)", text: ats(key("NSAllowsArbitraryLoads"), "<true/>") },
      { name: "old deployment target (effective instead)", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSAllowsArbitraryLoadsForMedia"), "<true/>"), platform: "ios", deploymentTarget: "9.3" },
    ],
  },
  "ats/arbitrary-loads-web-content": {
    invalid: [
      { name: "on", text: ats(key("NSAllowsArbitraryLoadsInWebContent"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoadsInWebContent"), message: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security." }] },
      {
        name: "in an app that registers as a web browser: a note (DuckDuckGo for macOS)",
        text: infoPlist(key("CFBundleURLTypes"), "<array><dict><key>CFBundleURLSchemes</key><array><string>http</string><string>https</string></array></dict></array>", `\t${key("NSAppTransportSecurity")}`, "\t<dict>", `\t\t${key("NSAllowsArbitraryLoadsInWebContent")}`, "\t\t<true/>", "\t</dict>"),
        expected: [{ line: 6, column: 3, element: key("NSAllowsArbitraryLoadsInWebContent"), severity: "note", message: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security; this app registers as a web browser (http and https in CFBundleURLTypes), the use Apple documents for the key." }],
      },
      {
        name: "a custom URL scheme does not make a browser",
        text: infoPlist(key("CFBundleURLTypes"), "<array><dict><key>CFBundleURLSchemes</key><array><string>myapp</string><string>https</string></array></dict></array>", `\t${key("NSAppTransportSecurity")}`, "\t<dict>", `\t\t${key("NSAllowsArbitraryLoadsInWebContent")}`, "\t\t<true/>", "\t</dict>"),
        expected: [{ line: 6, column: 3, element: key("NSAllowsArbitraryLoadsInWebContent"), message: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security." }],
      },
    ],
    valid: [{ name: "off", text: ats(key("NSAllowsArbitraryLoadsInWebContent"), "<false/>") }],
  },
  "ats/arbitrary-loads-media": {
    invalid: [{ name: "on", text: ats(key("NSAllowsArbitraryLoadsForMedia"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoadsForMedia"), message: "NSAllowsArbitraryLoadsForMedia is YES: AVFoundation media loads bypass App Transport Security." }] }],
    valid: [{ name: "off", text: ats(key("NSAllowsArbitraryLoadsForMedia"), "<false/>") }],
  },
  "ats/local-networking": {
    invalid: [{ name: "on", text: ats(key("NSAllowsLocalNetworking"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsLocalNetworking"), message: /exempt from App Transport Security/ }] }],
    valid: [{ name: "off", text: ats(key("NSAllowsLocalNetworking"), "<false/>") }],
  },
  "ats/unknown-key": {
    invalid: [
      { name: "invented local-networking key", text: ats(key("NSAllowsArbitraryLoadsForLocalNetworking"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoadsForLocalNetworking"), message: "NSAllowsArbitraryLoadsForLocalNetworking is not an App Transport Security key in NSAppTransportSecurity and is ignored; did you mean NSAllowsLocalNetworking?" }] },
      { name: "missing s", text: ats(key("NSAllowArbitraryLoads"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSAllowArbitraryLoads"), message: /did you mean NSAllowsArbitraryLoads\?/ }] },
      { name: "typo inside a domain", text: domain("example.com", key("NSExceptionAllowsInsecureHttpLoads"), "<true/>"), expected: [{ line: 8, column: 5, element: key("NSExceptionAllowsInsecureHttpLoads"), message: /in an NSExceptionDomains entry and is ignored; did you mean NSExceptionAllowsInsecureHTTPLoads\?/ }] },
      { name: "misspelled wrapper at the root", text: infoPlist(key("NSAppTransportSecurty"), "<dict/>"), expected: [{ line: 2, column: 1, element: key("NSAppTransportSecurty"), message: /the Info.plist root and is ignored; did you mean NSAppTransportSecurity\?/ }] },
      { name: "no suggestion", text: ats(key("Whatever"), "<true/>"), expected: [{ line: 4, column: 3, element: key("Whatever"), message: "Whatever is not an App Transport Security key in NSAppTransportSecurity and is ignored." }] },
      {
        name: "misspelled domain key holding the default (pocket-casts): ignored either way, so a note",
        text: domain("api.example.com", key("NSExceptionAllowInsecureHTTPLoads"), "<false/>"),
        expected: [{ line: 8, column: 5, element: key("NSExceptionAllowInsecureHTTPLoads"), severity: "note", message: "NSExceptionAllowInsecureHTTPLoads is not an App Transport Security key in an NSExceptionDomains entry and is ignored; did you mean NSExceptionAllowsInsecureHTTPLoads? Its value (NO) is NSExceptionAllowsInsecureHTTPLoads's default, so nothing changes either way: fix the spelling or remove it." }],
      },
      {
        name: "misspelled domain key holding a non-default value stays an error",
        text: domain("api.example.com", key("NSExceptionAllowInsecureHTTPLoads"), "<true/>"),
        expected: [{ line: 8, column: 5, element: key("NSExceptionAllowInsecureHTTPLoads"), severity: "error", message: /is ignored; did you mean NSExceptionAllowsInsecureHTTPLoads\?$/ }],
      },
      {
        name: "misspelled root key with NO stays an error: the presence of the key it resembles changes behaviour",
        text: ats(key("NSAllowsArbitraryLoadsForLocalNetworking"), "<false/>"),
        expected: [{ line: 4, column: 3, element: key("NSAllowsArbitraryLoadsForLocalNetworking"), severity: "error", message: /did you mean NSAllowsLocalNetworking\?$/ }],
      },
    ],
    valid: [
      { name: "every documented key", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.2</string>", key("NSExceptionRequiresNIAPTLSPackageVersion"), "<string>none</string>") },
      { name: "unrelated Info.plist keys", text: infoPlist(key("CFBundleIdentifier"), "<string>com.example</string>", key("NSCameraUsageDescription"), "<string>x</string>") },
    ],
  },
  "ats/misplaced-key": {
    invalid: [
      { name: "global key in the domain list", text: ats(key("NSExceptionDomains"), "<dict>", `\t${key("NSAllowsArbitraryLoads")}`, "\t<true/>", "</dict>"), expected: [{ line: 6, column: 4, element: key("NSAllowsArbitraryLoads"), message: "NSAllowsArbitraryLoads is in NSExceptionDomains, where keys are domain names and is ignored there; it belongs directly inside NSAppTransportSecurity." }] },
      { name: "exception domains at the Info.plist root", text: infoPlist(key("NSExceptionDomains"), "<dict/>"), expected: [{ line: 2, column: 1, element: key("NSExceptionDomains"), message: "NSExceptionDomains is in the Info.plist root and is ignored there; it belongs inside NSAppTransportSecurity." }] },
      { name: "domain key at ATS level", text: ats(key("NSIncludesSubdomains"), "<true/>"), expected: [{ line: 4, column: 3, element: key("NSIncludesSubdomains"), message: /belongs inside an NSExceptionDomains entry/ }] },
      { name: "global key inside a domain", text: domain("example.com", key("NSAllowsLocalNetworking"), "<true/>"), expected: [{ line: 8, column: 5, element: key("NSAllowsLocalNetworking"), message: /is in an NSExceptionDomains entry and is ignored there; it belongs directly inside NSAppTransportSecurity/ }] },
    ],
    valid: [{ name: "all at home", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>") }],
  },
  "ats/wrong-type": {
    invalid: [
      { name: "string YES for a Boolean", text: domain("apple.com", key("NSIncludesSubdomains"), "<string>YES</string>"), expected: [{ line: 8, column: 5, element: key("NSIncludesSubdomains"), message: "NSIncludesSubdomains in an NSExceptionDomains entry must be a Boolean, not a string (\"YES\")." }] },
      { name: "Boolean TLS version", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<true/>"), expected: [{ line: 8, column: 5, element: key("NSExceptionMinimumTLSVersion"), message: /must be a string, not a Boolean \(YES\)/ }] },
      { name: "ATS not a dict", text: infoPlist(key("NSAppTransportSecurity"), "<true/>"), expected: [{ line: 2, column: 1, element: key("NSAppTransportSecurity"), message: /NSAppTransportSecurity in the Info.plist must be a dictionary/ }] },
      { name: "domain entry not a dict", text: ats(key("NSExceptionDomains"), "<dict>", `\t${key("example.com")}`, "\t<true/>", "</dict>"), expected: [{ line: 6, column: 4, element: key("example.com"), message: /example.com in NSExceptionDomains must be a dictionary/ }] },
    ],
    valid: [
      { name: "placeholders are unknown, not wrong", text: ats(key("NSAllowsArbitraryLoads"), "<string>$(ALLOW_HTTP)</string>") },
      { name: "right types", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.3</string>") },
    ],
  },
  "ats/insecure-http-exception": {
    invalid: [
      { name: "plain HTTP with subdomains", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>"), expected: [{ line: 10, column: 5, element: key("NSExceptionAllowsInsecureHTTPLoads"), message: "NSExceptionAllowsInsecureHTTPLoads allows plain HTTP to example.com and its subdomains." }] },
      { name: "legacy key", text: domain("example.com", key("NSTemporaryExceptionAllowsInsecureHTTPLoads"), "<true/>"), expected: [{ line: 8, column: 5, element: key("NSTemporaryExceptionAllowsInsecureHTTPLoads"), message: "NSTemporaryExceptionAllowsInsecureHTTPLoads allows plain HTTP to example.com." }] },
    ],
    valid: [
      { name: "loopback", text: domain("localhost", key("NSExceptionAllowsInsecureHTTPLoads"), "<true/>") },
      { name: "explicitly off", text: domain("example.com", key("NSExceptionAllowsInsecureHTTPLoads"), "<false/>") },
    ],
  },
  "ats/weak-min-tls": {
    invalid: [{ name: "TLS 1.0", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.0</string>"), expected: [{ line: 8, column: 5, element: key("NSExceptionMinimumTLSVersion"), message: "NSExceptionMinimumTLSVersion \"TLSv1.0\" lowers the TLS floor for example.com below TLS 1.2." }] }],
    valid: [
      { name: "TLS 1.2", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.2</string>") },
      { name: "placeholder", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>$(MIN_TLS)</string>") },
    ],
  },
  "ats/invalid-tls-version": {
    invalid: [
      { name: "bare number", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>1.2</string>"), expected: [{ line: 8, column: 5, element: key("NSExceptionMinimumTLSVersion"), message: "NSExceptionMinimumTLSVersion is \"1.2\", which is not a valid value; did you mean \"TLSv1.2\"? Valid values: TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3." }] },
      { name: "underscore", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1_3</string>"), expected: [{ line: 8, column: 5, element: key("NSExceptionMinimumTLSVersion"), message: /did you mean "TLSv1.3"\?/ }] },
      { name: "bad NIAP value", text: ats(key("NSRequiresNIAPTLSPackageVersion"), "<string>FCP</string>"), expected: [{ line: 4, column: 3, element: key("NSRequiresNIAPTLSPackageVersion"), message: /is "FCP", which is not a valid value/ }] },
    ],
    valid: [{ name: "valid", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.3</string>") }],
  },
  "ats/forward-secrecy-disabled": {
    invalid: [{ name: "off", text: domain("example.com", key("NSExceptionRequiresForwardSecrecy"), "<false/>"), expected: [{ line: 8, column: 5, element: key("NSExceptionRequiresForwardSecrecy"), message: "NSExceptionRequiresForwardSecrecy is NO for example.com: connections may use cipher suites without forward secrecy." }] }],
    valid: [
      { name: "absent means YES", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>") },
      { name: "on", text: domain("example.com", key("NSExceptionRequiresForwardSecrecy"), "<true/>") },
    ],
  },
  "ats/legacy-exception-key": {
    invalid: [
      { name: "third-party key", text: domain("example.com", key("NSThirdPartyExceptionMinimumTLSVersion"), "<string>TLSv1.0</string>"), expected: [{ line: 8, column: 5, element: key("NSThirdPartyExceptionMinimumTLSVersion"), severity: "warning", message: "NSThirdPartyExceptionMinimumTLSVersion is a legacy ATS key; use NSExceptionMinimumTLSVersion." }] },
      {
        name: "legacy key holding the current key's default (pocket-casts): a note",
        text: domain("example.com", key("NSTemporaryExceptionAllowsInsecureHTTPLoads"), "<false/>"),
        expected: [{ line: 8, column: 5, element: key("NSTemporaryExceptionAllowsInsecureHTTPLoads"), severity: "note", message: "NSTemporaryExceptionAllowsInsecureHTTPLoads is a legacy ATS key; its value (NO) is NSExceptionAllowsInsecureHTTPLoads's default, so it changes nothing: remove it." }],
      },
      {
        name: "legacy TLS key at the default version: a note",
        text: domain("example.com", key("NSThirdPartyExceptionMinimumTLSVersion"), "<string>TLSv1.2</string>"),
        expected: [{ line: 8, column: 5, element: key("NSThirdPartyExceptionMinimumTLSVersion"), severity: "note", message: /its value \("TLSv1.2"\) is NSExceptionMinimumTLSVersion's default/ }],
      },
      {
        name: "legacy forward-secrecy key turned off (Signal) stays a warning",
        text: domain("example.com", key("NSThirdPartyExceptionRequiresForwardSecrecy"), "<false/>"),
        expected: [{ line: 8, column: 5, element: key("NSThirdPartyExceptionRequiresForwardSecrecy"), severity: "warning", message: "NSThirdPartyExceptionRequiresForwardSecrecy is a legacy ATS key; use NSExceptionRequiresForwardSecrecy." }],
      },
    ],
    valid: [{ name: "current key", text: domain("example.com", key("NSExceptionMinimumTLSVersion"), "<string>TLSv1.2</string>") }],
  },
  "ats/obsolete-ct-key": {
    invalid: [{ name: "present", text: domain("example.com", key("NSRequiresCertificateTransparency"), "<true/>"), expected: [{ line: 8, column: 5, element: key("NSRequiresCertificateTransparency"), message: /obsolete/ }] }],
    valid: [{ name: "absent", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>") }],
  },
  "ats/domain-not-lowercase": {
    invalid: [{ name: "capital", text: domain("Example.COM"), expected: [{ line: 6, column: 4, element: key("Example.COM"), message: "The domain \"Example.COM\" in NSExceptionDomains has uppercase letters and will never match; write \"example.com\"." }] }],
    valid: [{ name: "lowercase", text: domain("example.com") }, { name: "IPv6 hex", text: domain("2001:DB8::1") }],
  },
  "ats/domain-has-scheme-port-path": {
    invalid: [
      { name: "URL", text: domain("https://example.com/api"), expected: [{ line: 6, column: 4, element: key("https://example.com/api"), message: "The domain \"https://example.com/api\" in NSExceptionDomains has a scheme and will never match a host; use \"example.com\"." }] },
      { name: "port", text: pinned("example.com:8443", key("NSPinnedLeafIdentities"), "<array/>"), expected: [{ line: 6, column: 4, element: key("example.com:8443"), message: /in NSPinnedDomains has a port and will never match a host; use "example.com"/ }] },
    ],
    valid: [{ name: "CIDR is not a path", text: domain("10.0.0.0/8") }, { name: "IPv6 is not a port", text: domain("fe80::1") }],
  },
  "ats/domain-wildcard": {
    invalid: [{ name: "star", text: domain("*.example.com"), expected: [{ line: 6, column: 4, element: key("*.example.com"), message: "The domain \"*.example.com\" in NSExceptionDomains uses a wildcard, which ATS does not understand; use \"example.com\" with NSIncludesSubdomains." }] }],
    valid: [{ name: "apex", text: domain("example.com", key("NSIncludesSubdomains"), "<true/>") }],
  },
  "ats/ip-exception-os-floor": {
    invalid: [
      { name: "iOS 9 target: IP addresses blocked, the key not read", text: domain("192.168.1.10"), platform: "ios", deploymentTarget: "9.0", expected: [{ line: 6, column: 4, element: key("192.168.1.10"), message: "The IP exception \"192.168.1.10\" is only read from iOS 17 on; this target supports iOS 9.0, and iOS 9 blocks connections to IP addresses without reading it." }] },
      { name: "macOS 10.11 target", text: domain("10.0.0.0/8"), platform: "macos", deploymentTarget: "10.11", expected: [{ line: 6, column: 4, element: key("10.0.0.0/8"), message: /only read from macOS 14 on; this target supports macOS 10\.11, and macOS 10\.11 blocks/ }] },
    ],
    valid: [
      { name: "iOS 15 target: IP addresses are allowed by default before iOS 17 (ivpn)", text: domain("198.50.177.220"), platform: "ios", deploymentTarget: "15.0" },
      { name: "iOS 17 target", text: domain("192.168.1.10"), platform: "ios", deploymentTarget: "17.0" },
      { name: "macOS 14 target", text: domain("fe80::1"), platform: "macos", deploymentTarget: "14.2" },
      { name: "iOS 9 target with NSAllowsArbitraryLoads", text: ats(key("NSAllowsArbitraryLoads"), "<true/>", key("NSExceptionDomains"), "<dict>", `\t${key("192.168.1.10")}`, "\t<dict/>", "</dict>"), platform: "ios", deploymentTarget: "9.0" },
      { name: "unknown deployment target", text: domain("10.0.0.0/8") },
      { name: "domain name", text: domain("example.com"), platform: "ios", deploymentTarget: "9.0" },
    ],
  },
  "ats/pinned-entry-missing-identities": {
    invalid: [{ name: "no pins", text: pinned("example.com", key("NSIncludesSubdomains"), "<true/>"), expected: [{ line: 6, column: 4, element: key("example.com"), message: "The pinned domain \"example.com\" has no NSPinnedCAIdentities or NSPinnedLeafIdentities, so nothing is pinned." }] }],
    valid: [{ name: "leaf pin", text: pinned("example.com", key("NSPinnedLeafIdentities"), "<array>", `\t<dict><key>SPKI-SHA256-BASE64</key><string>${SPKI}</string></dict>`, "</array>") }],
  },
  "ats/pinned-spki-malformed": {
    invalid: [
      { name: "not base64 SHA-256", text: pinned("example.com", key("NSPinnedCAIdentities"), "<array>", "\t<dict>", `\t\t${key("SPKI-SHA256-BASE64")}`, "\t\t<string>sha256/abc</string>", "\t</dict>", "</array>"), expected: [{ line: 11, column: 7, element: key("SPKI-SHA256-BASE64"), message: "The SPKI-SHA256-BASE64 pin \"sha256/abc\" for \"example.com\" is not the base64 of a 32-byte SHA-256 digest." }] },
      { name: "wrong dictionary key", text: pinned("example.com", key("NSPinnedCAIdentities"), "<array>", "\t<dict>", `\t\t${key("SPKI-SHA1")}`, "\t\t<string>x</string>", "\t</dict>", "</array>"), expected: [{ line: 10, column: 6, element: "<dict>\n\t\t\t\t\t\t<key>SPKI-SHA1</key>\n\t\t\t\t\t\t<string>x</string>\n\t\t\t\t\t</dict>", message: /has no SPKI-SHA256-BASE64 key/ }] },
    ],
    valid: [{ name: "valid pin", text: pinned("example.com", key("NSPinnedCAIdentities"), "<array>", `\t<dict><key>SPKI-SHA256-BASE64</key><string>${SPKI}</string></dict>`, "</array>") }],
  },
  "plist/duplicate-key": {
    invalid: [
      { name: "repeat (DuckDuckGo's AppIcon-green)", text: infoPlist(key("CFBundleName"), "<string>a</string>", key("CFBundleName"), "<string>b</string>"), expected: [{ line: 4, column: 1, element: key("CFBundleName"), message: "The key CFBundleName appears again here; the earlier value on line 2 is ignored." }] },
      {
        name: "repeat with the same value is a note (NetBird's widget entitlements)",
        text: infoPlist(key("a"), "<array><string>x</string></array>", key("a"), "<array><string>x</string></array>"),
        expected: [{ line: 4, column: 1, element: key("a"), severity: "note", message: "The key a appears again here with the same value as on line 2; the repetition changes nothing, remove it." }],
      },
      { name: "same text, another type", text: infoPlist(key("n"), "<integer>1</integer>", key("n"), "<string>1</string>"), expected: [{ line: 4, column: 1, element: key("n"), message: "The key n appears again here; the earlier value on line 2 is ignored." }] },
    ],
    valid: [{ name: "same key in different dicts", text: infoPlist(key("a"), "<dict><key>x</key><true/></dict>", key("b"), "<dict><key>x</key><true/></dict>") }],
  },
};

function endOf(expected: Expected): { endLine: number; endColumn: number } {
  const lines = expected.element.split("\n");
  return lines.length === 1
    ? { endLine: expected.line, endColumn: expected.column + expected.element.length }
    : { endLine: expected.line + lines.length - 1, endColumn: (lines.at(-1) as string).length + 1 };
}

// The coverage test imports CASES; the tests themselves are registered only when this file runs.
const own = isOwnTestFile(import.meta.url, expect.getState().testPath);
for (const [ruleId, { invalid, valid }] of own ? Object.entries(CASES) : []) {
  const rule = RULES.find((candidate) => candidate.meta.id === ruleId);
  describe(ruleId, () => {
    it("exists", () => expect(rule).toBeDefined());
    for (const testCase of invalid) {
      it(`reports: ${testCase.name}`, async () => {
        const findings = await lintText([rule!], testCase);
        expect(findings.map((f) => ({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }))).toEqual(
          (testCase.expected ?? []).map((e) => ({ line: e.line, column: e.column, ...endOf(e) })),
        );
        findings.forEach((finding, i) => {
          const message = testCase.expected![i]!.message;
          if (typeof message === "string") expect(finding.message).toBe(message);
          else expect(finding.message).toMatch(message);
          expect(finding.ruleId).toBe(ruleId);
          expect(finding.severity).toBe(testCase.expected![i]!.severity ?? rule!.meta.severity);
        });
      });
    }
    for (const testCase of valid) {
      it(`does not report: ${testCase.name}`, async () => {
        expect(await lintText([rule!], testCase)).toEqual([]);
      });
    }
  });
}
