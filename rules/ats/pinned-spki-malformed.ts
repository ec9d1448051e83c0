import { ATS_DOCS, atsExample } from "../../src/checks/ats/sources.js";
import { readAts } from "../../src/checks/ats/view.js";
import { hasPlaceholder, isArray, isDict, isString, type PlistNode } from "../../src/model/plist.js";
import { defineDocumentRule } from "../../src/linter/types.js";

const SPKI_KEY = "SPKI-SHA256-BASE64";
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

export default defineDocumentRule({
  meta: {
    id: "ats/pinned-spki-malformed",
    severity: "error",
    description: "A pinned identity that is not a base64 SHA-256 SPKI hash",
    rationale:
      "Each item of `NSPinnedCAIdentities`/`NSPinnedLeafIdentities` must be a dictionary with one key, `SPKI-SHA256-BASE64`, whose value " +
      "is the base64 of a SHA-256 digest of the DER SubjectPublicKeyInfo (32 bytes: 44 characters ending in `=`). Anything else can never " +
      "match a certificate, so connections to the pinned domain fail.",
    fix: "Compute the pin with `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`.",
    sources: [ATS_DOCS.pinnedLeaf, ATS_DOCS.pinnedCa],
    messages: {
      notDict: "An item of {{key}} for \"{{domain}}\" is not a dictionary with an SPKI-SHA256-BASE64 key.",
      missingKey: "An item of {{key}} for \"{{domain}}\" has no SPKI-SHA256-BASE64 key.",
      badValue: "The SPKI-SHA256-BASE64 pin {{value}} for \"{{domain}}\" is not the base64 of a 32-byte SHA-256 digest.",
    },
    examples: {
      incorrect: atsExample("<key>NSPinnedDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSPinnedLeafIdentities</key>\n\t\t<array>\n\t\t\t<dict>\n\t\t\t\t<key>SPKI-SHA256-BASE64</key>\n\t\t\t\t<string>sha256/abc</string>\n\t\t\t</dict>\n\t\t</array>\n\t</dict>\n</dict>"),
      correct: atsExample("<key>NSPinnedDomains</key>\n<dict>\n\t<key>example.com</key>\n\t<dict>\n\t\t<key>NSPinnedLeafIdentities</key>\n\t\t<array>\n\t\t\t<dict>\n\t\t\t\t<key>SPKI-SHA256-BASE64</key>\n\t\t\t\t<string>r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=</string>\n\t\t\t</dict>\n\t\t</array>\n\t</dict>\n</dict>"),
    },
    tags: ["security", "ats"],
    securitySeverity: 4.0,
    securityWeakness:
      "A malformed pin is not a pin: the pinning the developer meant to add does not protect the domain against a misissued certificate (CWE-295).",
  },
  documents: ["info-plist"],
  check({ document, report }) {
    for (const domain of readAts(document.root)?.pinnedDomains ?? []) {
      for (const key of ["NSPinnedCAIdentities", "NSPinnedLeafIdentities"]) {
        const holder = domain.dict?.byKey.get(key);
        if (!holder || !isArray(holder.value)) continue;
        for (const item of holder.value.items) {
          const at: PlistNode = item.loc ? item : holder;
          if (!isDict(item)) {
            report({ messageId: "notDict", node: at, data: { key, domain: domain.domain } });
            continue;
          }
          const pin = item.byKey.get(SPKI_KEY);
          if (!pin) report({ messageId: "missingKey", node: at, data: { key, domain: domain.domain } });
          else if (!isString(pin.value) || (!hasPlaceholder(pin.value.value) && !BASE64_SHA256.test(pin.value.value))) {
            report({ messageId: "badValue", node: pin, data: { domain: domain.domain, value: isString(pin.value) ? JSON.stringify(pin.value.value) : `(${pin.value.type.toLowerCase()})` } });
          }
        }
      }
    }
  },
});
