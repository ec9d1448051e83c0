import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { booleanValue, isArray, isDict, stringValue, type PlistValue } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/**
 * Whether the Info.plist registers the app as a web browser: a `CFBundleURLTypes` entry whose schemes include
 * both `http` and `https`, which is how macOS offers an app as the default browser. Such an app shows pages
 * the user chooses, the use Apple documents for `NSAllowsArbitraryLoadsInWebContent`.
 */
function registersAsWebBrowser(root: PlistValue): boolean {
  const types = isDict(root) ? root.byKey.get("CFBundleURLTypes")?.value : undefined;
  if (!isArray(types)) return false;
  return types.items.some((type) => {
    const schemes = isDict(type) ? type.byKey.get("CFBundleURLSchemes")?.value : undefined;
    const names = isArray(schemes) ? schemes.items.map((item) => stringValue(item)?.toLowerCase()) : [];
    return names.includes("http") && names.includes("https");
  });
}

export default defineDocumentRule({
  meta: {
    id: "ats/arbitrary-loads-web-content",
    severity: "warning",
    description: "NSAllowsArbitraryLoadsInWebContent turns ATS off for web views",
    rationale:
      "Web views (`WKWebView`) may load any page over plain HTTP or weak TLS. It is narrower than `NSAllowsArbitraryLoads` " +
      "(URLSession stays protected) but App Review still asks for a justification, and content shown in the app can be tampered with in transit. " +
      "In an app that registers as a web browser (`CFBundleURLTypes` claiming `http` and `https`, as a macOS browser does) it is the " +
      "documented use of the key, and only a note.",
    fix: "Keep it only for apps that browse arbitrary user-chosen sites; otherwise list the hosts that need it in `NSExceptionDomains`.",
    sources: [ATS_DOCS.webContent, ATS_DOCS.preventing],
    messages: {
      set: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security.",
      browser: "NSAllowsArbitraryLoadsInWebContent is YES: web views may load content without App Transport Security; this app registers as a web browser (http and https in CFBundleURLTypes), the use Apple documents for the key.",
    },
    examples: { incorrect: atsExample("<key>NSAllowsArbitraryLoadsInWebContent</key>\n<true/>"), correct: atsExample("<key>NSAllowsArbitraryLoadsInWebContent</key>\n<false/>") },
    tags: ["security", "ats"],
    securitySeverity: 5.3,
    securityWeakness:
      "Web views may load pages over plain HTTP, so an attacker on the network can read or inject content the user sees and types into (CWE-319).",
  },
  documents: ["info-plist"],
  check({ document, report }) {
    const entry = readAts(document.root)?.dict.byKey.get("NSAllowsArbitraryLoadsInWebContent");
    if (!entry || booleanValue(entry.value) !== true) return;
    if (registersAsWebBrowser(document.root)) report({ messageId: "browser", node: entry, severity: "note" });
    else report({ messageId: "set", node: entry });
  },
});
