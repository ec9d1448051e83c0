import { INSECURE_HTTP_KEYS } from "../../src/checks/ats/keys.js";
import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { domainEntries, readAts } from "../../src/checks/ats/view.js";
import { booleanValue, valueOf } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

/** Plain HTTP to the device itself never leaves it; exempting loopback is what every dev server needs. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1"]);

export default defineDocumentRule({
  meta: {
    id: "ats/insecure-http-exception",
    severity: "warning",
    description: "An exception domain allows plain HTTP",
    rationale:
      "`NSExceptionAllowsInsecureHTTPLoads` (and its legacy `NSTemporary…`/`NSThirdParty…` forms) lets the app talk to the host over " +
      "unencrypted HTTP and lets app code loosen server-trust evaluation for it. Anyone on the network path can read and change that " +
      "traffic. App Review asks for a justification. Loopback hosts (`localhost`, `127.0.0.1`, `::1`) are not reported.",
    fix: "Serve the host over HTTPS and remove the exception; if it must stay, keep it as narrow as possible (no `NSIncludesSubdomains`).",
    sources: [ATS_DOCS.insecureHttp, ATS_DOCS.preventing],
    messages: { insecure: "{{key}} allows plain HTTP to {{domain}}{{subdomains}}." },
    examples: {
      incorrect: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSExceptionDomains</key>\n<dict>\n\t<key>localhost</key>\n\t<dict>\n\t\t<key>NSExceptionAllowsInsecureHTTPLoads</key>\n\t\t<true/>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 5.9,
    securityWeakness:
      "The named domain may be reached over plain HTTP, so its traffic can be read and changed on the network (CWE-319); one domain, hence below arbitrary-loads.",
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of readAts(document.root)?.domains ?? []) {
      if (LOOPBACK.has(domain.domain)) continue;
      const subdomains = booleanValue(valueOf(domain.dict, "NSIncludesSubdomains")) ? " and its subdomains" : "";
      for (const entry of domainEntries(domain, INSECURE_HTTP_KEYS)) {
        if (booleanValue(entry.value)) report({ messageId: "insecure", node: entry, data: { key: entry.key.value, domain: domain.domain, subdomains } });
      }
    }
  },
});
